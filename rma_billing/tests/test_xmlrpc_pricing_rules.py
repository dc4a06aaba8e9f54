# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fee rules, coverage and the return window over XML-RPC, as a plain RMA
user: the same fields and rules as on the screen, refusals as fault 2
that write nothing, and the pending invoice still editable."""
import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import common

from .common import RmaHttpCase


@common.at_install(False)
@common.post_install(True)
class TestXmlRpcPricingRules(RmaHttpCase):

    def setUp(self):
        super(TestXmlRpcPricingRules, self).setUp()
        env = self.env
        self.company.write({'rma_return_window_days': 30,
                            'rma_restocking_fee_mode': 'none'})
        fee_product = self.company._rma_restocking_fee_product()
        fee_product.taxes_id = [(6, 0, [])]
        self.reason = env['rma.reason'].create({'name': 'XML-RPC damaged'})
        self.rule = env['rma.fee.rule'].create({
            'name': 'Damaged: 20 %', 'fee_mode': 'percent',
            'fee_value': 20.0, 'reason_ids': [(6, 0, self.reason.ids)]})
        self.product_a.rma_warranty_months = 12
        today = fields.Date.from_string(fields.Date.context_today(
            self.env.user))
        Base = env['rma.installed.base'].sudo()
        for product, days in ((self.product_a, 60), (self.product_b, 100)):
            Base.create({
                'partner_id': self.customer.id, 'product_id': product.id,
                'company_id': self.company.id, 'date_installed':
                fields.Date.to_string(today - timedelta(days=days))})
        self.switch_delivered = today - timedelta(days=100)
        for name in env['decimal.precision'].search([]).mapped('name'):
            env['decimal.precision'].precision_get(name)
        env.cr.commit()  # pylint: disable=invalid-commit

    def _refused(self, expected, model, method, *args):
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            self.rpc(model, method, *args)
        fault = cm.exception
        self.assertEqual(fault.faultCode, 2, fault.faultString)
        self.assertIn(expected, fault.faultString)
        self.assertNotIn('Traceback', fault.faultString)
        return fault

    def test_rules_coverage_and_window_over_xmlrpc(self):
        rma_id = self.rpc('rma.order', 'create', {
            'partner_id': self.customer.id, 'line_ids': [(0, 0, {
                'line_type': 'receipt', 'product_id': self.product_b.id,
                'product_uom_qty': 1, 'price_unit': 400.0,
                'reason_id': self.reason.id})]})
        line = self.rpc('rma.order', 'read', [rma_id], ['line_ids'])[0][
            'line_ids'][0]
        read = self.rpc('rma.order.line', 'read', [line], [
            'fee_rule_id', 'restocking_fee_mode', 'restocking_fee_value',
            'restocking_fee_amount', 'fee_overridden', 'delivery_date',
            'days_since_delivery', 'return_window_warning'])[0]
        self.assertEqual(read['fee_rule_id'][0], self.rule.id)
        self.assertEqual((read['restocking_fee_mode'],
                          read['restocking_fee_value'],
                          read['restocking_fee_amount'],
                          read['fee_overridden']),
                         ('percent', 20.0, 80.0, False))
        self.assertEqual(read['days_since_delivery'], 100)
        self.assertIn('this return is 70 days late', read[
            'return_window_warning'])
        # the override, tracked on the RMA
        self.rpc('rma.order.line', 'write', [line],
                 {'restocking_fee_value': 5.0})
        self.assertIs(self.rpc('rma.order.line', 'read', [line], [
            'fee_overridden'])[0]['fee_overridden'], True)
        messages = self.rpc('mail.message', 'search_read', [
            ('model', '=', 'rma.order'), ('res_id', '=', rma_id)], ['body'])
        self.assertTrue(any('20.0 % → 5.0 %' in m['body'] for m in messages))
        # late: refused to the user, nothing written
        self._refused('this return is 70 days late: delivered on %s' %
                      self.switch_delivered, 'rma.order', 'action_confirm',
                      [rma_id])
        self.assertEqual(self.rpc('rma.order', 'read', [rma_id], [
            'state', 'picking_ids'])[0], {
            'id': rma_id, 'state': 'draft', 'picking_ids': []})
        # goodwill is for managers
        self._refused('only an RMA Manager can grant goodwill', 'rma.order',
                      'create', {'partner_id': self.customer.id,
                                 'line_ids': [(0, 0, {
                                     'line_type': 'issue',
                                     'product_id': self.product_a.id,
                                     'coverage': 'goodwill'})]})

        # warranty: the router was installed 60 days ago
        rma_id = self.rpc('rma.order', 'create', {
            'partner_id': self.customer.id, 'line_ids': [(0, 0, {
                'line_type': 'issue', 'product_id': self.product_a.id,
                'product_uom_qty': 1, 'coverage': 'warranty'})]})
        self.rpc('rma.order', 'action_confirm', [rma_id])
        self.rpc('rma.order', 'process_all', [rma_id])
        invoice_ids = self.rpc('rma.order', 'create_invoices', [rma_id])
        inv_lines = self.rpc('account.invoice.line', 'search_read', [
            ('invoice_id', 'in', invoice_ids)], [
            'price_unit', 'discount', 'price_subtotal', 'rma_line_kind'])
        self.assertEqual([(il['rma_line_kind'], il['price_unit'],
                           il['discount'], il['price_subtotal'])
                          for il in inv_lines],
                         [('charge', 500.0, 100.0, 0.0)])
        summary = self.rpc('rma.order', 'get_billing_summary', [rma_id])[
            str(rma_id)]
        self.assertEqual((summary['lines'][0]['coverage'],
                          summary['lines'][0]['coverage_percent'],
                          summary['amount_net']), ('warranty', 100.0, 0.0))
        # the pending invoice stays editable: 40 % waived only
        self.rpc('account.invoice.line', 'write', [inv_lines[0]['id']],
                 {'discount': 40.0})
        self.rpc('account.invoice', 'compute_taxes', invoice_ids)
        self.rpc('account.invoice', 'action_invoice_open', invoice_ids)
        summary = self.rpc('rma.order', 'get_billing_summary', [rma_id])[
            str(rma_id)]
        self.assertEqual((summary['lines'][0]['billed_amount'],
                          summary['amount_net'],
                          summary['invoices'][0]['amount_total'],
                          summary['invoices'][0]['state']),
                         (300.0, 300.0, 300.0, 'open'))
