# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Smoke test of the addon over a real HTTP server (under Odoo's runner and
under pytest): a plain RMA user logs in over XML-RPC, sees the RMA model
with our fields and rules, and reads the billing summary of an RMA it
made. The full integrator contract is in test_xmlrpc.py."""
from odoo.tests import common

from .common import RmaHttpCase

FLAGS = ['can_be_confirmed', 'can_be_processed', 'can_be_invoiced',
         'can_be_cancelled', 'can_be_reset']


@common.at_install(False)
@common.post_install(True)
class TestHttpSmoke(RmaHttpCase):

    login = 'rma_smoke_clerk'

    def _flags(self, rma_id):
        record = self.rpc('rma.order', 'search_read', [('id', '=', rma_id)],
                          FLAGS)
        self.assertEqual(len(record), 1)
        return [record[0][flag] for flag in FLAGS]

    def test_rma_user_sees_our_fields(self):
        """fields_get over the wire lists the addon's fields, typed, to a
        user that is only an RMA user."""
        self.assertEqual(self.rpc('res.users', 'read', [self.uid],
                                  ['login'])[0]['login'], 'rma_smoke_clerk')
        # a plain RMA user: neither RMA Manager nor administrator
        self.assertEqual(
            [self.rpc('res.users', 'has_group', group) for group in (
                'rma_billing.group_rma_user', 'rma_billing.group_rma_manager',
                'base.group_system')],
            [True, False, False])
        fields = self.rpc('rma.order', 'fields_get', [], ['type'])
        self.assertEqual(
            {name: fields[name]['type'] for name in FLAGS + [
                'client_ref', 'billing_mode', 'invoice_status',
                'amount_charge', 'amount_credit', 'amount_restocking_fee',
                'amount_net', 'line_ids', 'invoice_ids', 'picking_ids']},
            dict({flag: 'boolean' for flag in FLAGS},
                 client_ref='char', billing_mode='selection',
                 invoice_status='selection', amount_charge='monetary',
                 amount_credit='monetary', amount_restocking_fee='monetary',
                 amount_net='monetary', line_ids='one2many',
                 invoice_ids='one2many', picking_ids='one2many'))
        line_fields = self.rpc('rma.order.line', 'fields_get',
                               ['line_type', 'qty_open', 'qty_to_invoice',
                                'price_locked', 'restocking_fee_mode'],
                               ['type'])
        self.assertEqual(
            {name: attrs['type'] for name, attrs in line_fields.items()},
            {'line_type': 'selection', 'qty_open': 'float',
             'qty_to_invoice': 'float', 'price_locked': 'boolean',
             'restocking_fee_mode': 'selection'})

    def test_rma_user_creates_reads_and_summarises(self):
        """create, search_read (rules and amounts), action_confirm and
        get_billing_summary, all as the RMA user."""
        rma_id = self.rpc('rma.order', 'create', {
            'partner_id': self.customer.id, 'client_ref': 'SMOKE-1',
            'line_ids': [
                (0, 0, {'line_type': 'issue',
                        'product_id': self.product_a.id,
                        'product_uom_qty': 2, 'price_unit': 500.0}),
                (0, 0, {'line_type': 'receipt',
                        'product_id': self.product_b.id,
                        'product_uom_qty': 1, 'price_unit': 400.0,
                        'restocking_fee_mode': 'fixed',
                        'restocking_fee_value': 30.0})]})
        found = self.rpc('rma.order', 'search_read',
                         [('client_ref', '=', 'SMOKE-1')],
                         ['state', 'create_uid', 'amount_charge',
                          'amount_credit', 'amount_restocking_fee',
                          'amount_net', 'invoice_status'])
        self.assertEqual(found, [{
            'id': rma_id, 'state': 'draft',
            'create_uid': [self.uid, self.user.name],
            'amount_charge': 1000.0, 'amount_credit': 400.0,
            'amount_restocking_fee': 30.0, 'amount_net': 630.0,
            'invoice_status': 'no'}])
        # confirmed, processed, invoiced, cancelled, reset
        self.assertEqual(self._flags(rma_id),
                         [True, False, False, True, False])
        self.assertIs(self.rpc('rma.order', 'action_confirm', [rma_id]),
                      True)
        self.assertEqual(self._flags(rma_id),
                         [False, True, False, True, False])

        summaries = self.rpc('rma.order', 'get_billing_summary', [rma_id])
        self.assertEqual(list(summaries), [str(rma_id)])
        summary = summaries[str(rma_id)]
        name = self.rpc('rma.order', 'read', [rma_id], ['name'])[0]['name']
        self.assertEqual(
            {key: summary[key] for key in (
                'id', 'name', 'client_ref', 'state', 'billing_mode',
                'invoice_status', 'currency', 'amount_charge',
                'amount_credit', 'amount_restocking_fee', 'amount_net',
                'invoices')},
            {'id': rma_id, 'name': name, 'client_ref': 'SMOKE-1',
             'state': 'confirmed', 'billing_mode': 'net',
             'invoice_status': 'no',
             'currency': self.company.currency_id.name,
             'amount_charge': 1000.0, 'amount_credit': 400.0,
             'amount_restocking_fee': 30.0, 'amount_net': 630.0,
             'invoices': []})
        self.assertEqual(
            sorted((line['line_type'], line['product_id'],
                    line['product_uom_qty'], line['qty_done'],
                    line['price_subtotal'], line['restocking_fee_amount'],
                    line['price_locked']) for line in summary['lines']),
            [('issue', self.product_a.id, 2.0, 0.0, 1000.0, 0.0, False),
             ('receipt', self.product_b.id, 1.0, 0.0, 400.0, 30.0, False)])
