# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The integrator contract (README, "Integrators"), driven through a real HTTP server
over XML-RPC by a plain RMA user: the full flow, retries, and the error
catalogue (every refusal is a clean fault that writes nothing)."""
import xmlrpc.client

from odoo.tests import common

from .common import RmaHttpCase

# Odoo 11: UserError -> faultCode 2 (message only), AccessError -> 4;
# anything else -> 1 with a server traceback.
FAULT_WARNING = 2
FAULT_ACCESS = 4


@common.at_install(False)
@common.post_install(True)
class TestXmlRpc(RmaHttpCase):
    """Fixtures (customer, API Router and API Switch, 10 routers in stock,
    the rma_integrator user logged in as ``uid``) come from RmaHttpCase."""

    # Helpers ----------------------------------------------------------------
    def _lines(self, fee=10.0):
        return [
            (0, 0, {'line_type': 'issue', 'product_id': self.product_a.id,
                    'product_uom_qty': 1, 'price_unit': 500.0}),
            (0, 0, {'line_type': 'receipt', 'product_id': self.product_b.id,
                    'product_uom_qty': 1, 'price_unit': 400.0,
                    'restocking_fee_mode': 'percent',
                    'restocking_fee_value': fee}),
        ]

    def _create(self, lines=None, **extra):
        vals = {'partner_id': self.customer.id,
                'line_ids': self._lines() if lines is None else lines}
        vals.update(extra)
        return self.rpc('rma.order', 'create', vals)

    def _state(self):
        """Everything a refused call must leave untouched, read by the
        superuser (fresh from the database)."""
        self.env['rma.order'].invalidate_cache()
        domain = [('partner_id', '=', self.customer.id)]
        rmas = self.env['rma.order'].search(domain)
        lines = self.env['rma.order.line'].search(
            [('order_id', 'in', rmas.ids)])
        return {
            'rmas': rmas.read(['name', 'client_ref', 'state', 'amount_net',
                               'invoice_status']),
            'lines': lines.read(['product_uom_qty', 'price_unit', 'qty_done',
                                 'qty_invoiced', 'restocking_fee_value']),
            'invoices': self.env['account.invoice'].search_count(
                [('rma_id', 'in', rmas.ids)]),
            'moves': self.env['stock.move'].search(
                [('rma_line_id', 'in', lines.ids)]).read(['state',
                                                          'quantity_done']),
        }

    def _warm_precisions(self):
        """Test-mode artifact: a decimal precision cache miss opens
        registry.cursor() -- here the one shared test cursor -- whose exit
        "commits" (moves the savepoint a refused request rolls back to)
        in the middle of the request. A real server uses a separate
        cursor, so warm the cache to test what production does."""
        Precision = self.env['decimal.precision']
        for name in Precision.search([]).mapped('name'):
            Precision.precision_get(name)

    def assertRefused(self, expected, model, method, *args,
                      code=FAULT_WARNING):
        """The call fails with a fault of ``code`` whose message contains
        each of ``expected`` (no server traceback), and writes nothing."""
        before = self._state()
        self._warm_precisions()
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            self.rpc(model, method, *args)
        fault = cm.exception
        for text in ([expected] if isinstance(expected, str) else expected):
            self.assertIn(text, fault.faultString)
        self.assertEqual(fault.faultCode, code, fault.faultString)
        self.assertNotIn('Traceback', fault.faultString)
        self.assertEqual(self._state(), before)
        return fault

    def _summary(self, rma_id):
        return self.rpc('rma.order', 'get_billing_summary',
                        [rma_id])[str(rma_id)]

    # The flow ---------------------------------------------------------------
    def test_full_flow(self):
        """create -> confirm -> process -> invoice -> post, as an RMA user:
        one net invoice 500 - 400 + 40 fee = 140."""
        rma_id = self._create(client_ref='SHOP-FLOW-1')
        self.assertIsInstance(rma_id, int)
        self.assertIs(self.rpc('rma.order', 'action_confirm', [rma_id]), True)
        rma = self.rpc('rma.order', 'read', [rma_id],
                       ['state', 'picking_ids', 'line_ids', 'create_uid'])[0]
        self.assertEqual(rma['state'], 'confirmed')
        self.assertEqual(rma['create_uid'][0], self.uid)
        self.assertEqual(len(rma['picking_ids']), 2)
        self.assertIs(self.rpc('rma.order', 'process_all', [rma_id]), True)

        invoice_ids = self.rpc('rma.order', 'create_invoices', [rma_id])
        self.assertEqual(len(invoice_ids), 1)
        summary = self._summary(rma_id)
        self.assertEqual(
            {k: summary[k] for k in ('amount_charge', 'amount_credit',
                                     'amount_restocking_fee', 'amount_net',
                                     'state', 'invoice_status', 'client_ref')},
            {'amount_charge': 500.0, 'amount_credit': 400.0,
             'amount_restocking_fee': 40.0, 'amount_net': 140.0,
             'state': 'done', 'invoice_status': 'invoiced',
             'client_ref': 'SHOP-FLOW-1'})
        self.assertEqual(summary['invoices'], [{
            'id': invoice_ids[0], 'number': False, 'type': 'out_invoice',
            'state': 'draft', 'amount_untaxed': 140.0, 'amount_tax': 0.0,
            'amount_total': 140.0, 'amount_total_signed': 140.0,
            'residual': 0.0, 'currency': 'USD'}])
        inv_lines = self.rpc(
            'account.invoice.line', 'search_read',
            [('invoice_id', '=', invoice_ids[0])],
            ['rma_line_kind', 'quantity', 'price_unit', 'price_subtotal'],
            order='id')
        self.assertEqual(
            [(line['rma_line_kind'], line['quantity'], line['price_subtotal'])
             for line in inv_lines],
            [('charge', 1.0, 500.0), ('credit', -1.0, -400.0),
             ('fee', 1.0, 40.0)])

        self.assertIs(self.rpc('account.invoice', 'action_invoice_open',
                               invoice_ids), True)
        invoice = self._summary(rma_id)['invoices'][0]
        self.assertEqual(invoice['state'], 'open')
        self.assertTrue(invoice['number'])
        self.assertEqual(invoice['residual'], 140.0)
        lines = self.rpc('rma.order.line', 'search_read',
                         [('order_id', '=', rma_id)],
                         ['line_type', 'qty_done', 'qty_invoiced',
                          'qty_to_invoice', 'price_locked'],
                         order='line_type')
        self.assertEqual(
            [(line['line_type'], line['qty_done'], line['qty_invoiced'],
              line['qty_to_invoice'], line['price_locked'])
             for line in lines],
            [('issue', 1.0, 1.0, 0.0, True),
             ('receipt', 1.0, 1.0, 0.0, True)])

    def test_partial_quantities_and_batches(self):
        """process_quantity bills partially; every method works on several
        RMAs at once; separate mode gives an invoice and a credit note."""
        lines = [
            (0, 0, {'line_type': 'receipt', 'product_id': self.product_b.id,
                    'product_uom_qty': 3, 'price_unit': 400.0})]
        first = self._create(lines=lines)
        second = self._create(billing_mode='separate')
        self.assertIs(self.rpc('rma.order', 'action_confirm',
                               [first, second]), True)
        receipt_id = self.rpc('rma.order.line', 'search',
                              [('order_id', '=', first)])
        self.assertIs(self.rpc('rma.order.line', 'process_quantity',
                               receipt_id, 2), True)
        self.assertIs(self.rpc('rma.order', 'process_all', [second]), True)
        invoice_ids = self.rpc('rma.order', 'create_invoices',
                               [first, second])
        invoices = self.rpc('account.invoice', 'read', invoice_ids,
                            ['rma_id', 'type', 'amount_untaxed'])
        self.assertEqual(
            sorted((i['rma_id'][0], i['type'], i['amount_untaxed'])
                   for i in invoices),
            sorted([(first, 'out_refund', 800.0),
                    (second, 'out_invoice', 500.0),
                    (second, 'out_refund', 360.0)]))
        summaries = self.rpc('rma.order', 'get_billing_summary',
                             [first, second])
        self.assertEqual(sorted(summaries), sorted([str(first), str(second)]))
        self.assertEqual(summaries[str(first)]['state'], 'confirmed')
        self.assertEqual(summaries[str(first)]['lines'][0]['qty_invoiced'],
                         2.0)
        # the last unit, billed alone
        self.rpc('rma.order.line', 'process_quantity', receipt_id, 1.0)
        more = self.rpc('rma.order', 'create_invoices', [first, second])
        self.assertEqual(len(more), 1)
        self.assertEqual(self.rpc('account.invoice', 'read', more,
                                  ['amount_untaxed'])[0]['amount_untaxed'],
                         400.0)
        self.assertIs(self.rpc('account.invoice', 'action_invoice_open',
                               invoice_ids + more), True)
        self.assertEqual(
            self.rpc('rma.order', 'read', [first, second], ['state']),
            [{'id': first, 'state': 'done'}, {'id': second, 'state': 'done'}])

    # Retries and idempotency ------------------------------------------------
    def test_retry_create_by_client_ref(self):
        """A client whose create timed out retries: the reference tells it
        the RMA exists (fault naming it), search finds it, no duplicate."""
        rma_id = self._create(client_ref='SHOP-RETRY-1')
        name = self.rpc('rma.order', 'read', [rma_id], ['name'])[0]['name']
        fault = self.assertRefused(
            ['External reference SHOP-RETRY-1 is already used by %s (id %s)'
             % (name, rma_id), 'search rma.order by client_ref'],
            'rma.order', 'create', {'partner_id': self.customer.id,
                                    'client_ref': 'SHOP-RETRY-1',
                                    'line_ids': self._lines()})
        self.assertNotIn('unique', fault.faultString)
        # the documented pattern: search by reference, create only if absent
        found = self.rpc('rma.order', 'search',
                         [('client_ref', '=', 'SHOP-RETRY-1')])
        self.assertEqual(found, [rma_id])
        # another RMA cannot take the reference by write either
        other = self._create(client_ref='SHOP-RETRY-2')
        self.assertRefused('already used by %s' % name, 'rma.order', 'write',
                           [other], {'client_ref': 'SHOP-RETRY-1'})
        # no reference at all is never a duplicate
        self.assertTrue(self._create(client_ref=''))
        self.assertTrue(self._create(client_ref=False))

    def test_retry_process_and_invoice(self):
        """Repeating process_all / create_invoices bills nothing twice:
        the second create_invoices returns []."""
        rma_id = self._create()
        self.rpc('rma.order', 'action_confirm', [rma_id])
        self.assertIs(self.rpc('rma.order', 'process_all', [rma_id]), True)
        self.assertIs(self.rpc('rma.order', 'process_all', [rma_id]), True)
        invoice_ids = self.rpc('rma.order', 'create_invoices', [rma_id])
        self.assertEqual(len(invoice_ids), 1)
        self.assertEqual(self.rpc('rma.order', 'create_invoices', [rma_id]),
                         [])
        self.rpc('account.invoice', 'action_invoice_open', invoice_ids)
        self.assertEqual(self.rpc('rma.order', 'create_invoices', [rma_id]),
                         [])
        self.assertEqual(self.rpc('account.invoice', 'search_count',
                                  [('rma_id', '=', rma_id)]), 1)
        self.assertEqual(self._summary(rma_id)['amount_net'], 140.0)

    # Error catalogue: one distinct bad input per test ------------------------
    def _bad_line(self, **vals):
        line = {'line_type': 'receipt', 'product_id': self.product_b.id,
                'product_uom_qty': 1, 'price_unit': 400.0}
        line.update(vals)
        return {'partner_id': self.customer.id, 'line_ids': [(0, 0, line)]}

    def test_error_unknown_product(self):
        self.assertRefused('product id 999999 does not exist', 'rma.order',
                           'create', self._bad_line(product_id=999999))

    def test_error_unknown_customer(self):
        self.assertRefused('partner_id 999999 does not exist', 'rma.order',
                           'create', {'partner_id': 999999})

    def test_error_missing_customer(self):
        self.assertRefused('set the Customer (partner_id)', 'rma.order',
                           'create', {'line_ids': self._lines()})

    def test_error_zero_quantity(self):
        self.assertRefused(
            ['line "API Switch"', 'quantity must be greater than zero '
             '(got 0.0)'],
            'rma.order', 'create', self._bad_line(product_uom_qty=0))

    def test_error_negative_quantity(self):
        self.assertRefused('quantity must be greater than zero (got -2.0)',
                           'rma.order', 'create',
                           self._bad_line(product_uom_qty=-2))

    def test_error_quantity_not_a_number(self):
        self.assertRefused(
            ["Quantity (field product_uom_qty) must be a number, got 'two'"],
            'rma.order', 'create', self._bad_line(product_uom_qty='two'))

    def test_error_fee_over_100_percent(self):
        self.assertRefused(
            ['line "API Switch"', 'between 0 and 100 (got 150.0)'],
            'rma.order', 'create',
            self._bad_line(restocking_fee_mode='percent',
                           restocking_fee_value=150))

    def test_error_fee_on_issue_line(self):
        self.assertRefused(
            ['line "API Router"', 'only receipt lines carry a restocking '
             'fee'],
            'rma.order', 'create',
            self._bad_line(line_type='issue', product_id=self.product_a.id,
                           restocking_fee_mode='fixed',
                           restocking_fee_value=5))

    def test_error_invalid_line_type(self):
        self.assertRefused(
            ["'swap' is not a valid Type (field line_type)",
             'use one of: issue, receipt'],
            'rma.order', 'create', self._bad_line(line_type='swap'))

    def test_error_confirm_without_lines(self):
        rma_id = self._create(lines=[])
        self.assertRefused('has no lines', 'rma.order', 'action_confirm',
                           [rma_id])

    def test_error_confirm_twice(self):
        rma_id = self._create()
        self.rpc('rma.order', 'action_confirm', [rma_id])
        self.assertRefused('is Confirmed; only draft RMAs can be confirmed',
                           'rma.order', 'action_confirm', [rma_id])

    def test_error_process_more_than_open(self):
        rma_id = self._create()
        self.rpc('rma.order', 'action_confirm', [rma_id])
        receipt = self.rpc('rma.order.line', 'search',
                           [('order_id', '=', rma_id),
                            ('line_type', '=', 'receipt')])
        self.assertRefused(
            ['line "API Switch"', 'cannot process 5', 'only 1.0 remain open'],
            'rma.order.line', 'process_quantity', receipt, 5)

    def test_error_process_not_a_number(self):
        rma_id = self._create()
        self.rpc('rma.order', 'action_confirm', [rma_id])
        line_ids = self.rpc('rma.order.line', 'search',
                            [('order_id', '=', rma_id)])
        self.assertRefused('quantity to process must be a number',
                           'rma.order.line', 'process_quantity', line_ids,
                           'two')

    def test_error_process_cancelled(self):
        rma_id = self._create()
        self.rpc('rma.order', 'action_confirm', [rma_id])
        self.assertIs(self.rpc('rma.order', 'action_cancel', [rma_id]), True)
        self.assertRefused('is Cancelled; only confirmed RMAs can ship',
                           'rma.order', 'process_all', [rma_id])

    def test_error_invoice_draft_or_cancelled(self):
        draft = self._create()
        self.assertRefused('is Draft; only confirmed or done RMAs can be '
                           'invoiced', 'rma.order', 'create_invoices',
                           [draft])
        cancelled = self._create()
        self.rpc('rma.order', 'action_cancel', [cancelled])
        self.assertRefused('is Cancelled; only confirmed or done RMAs',
                           'rma.order', 'create_invoices', [cancelled])

    def test_error_locked_price(self):
        rma_id = self._create()
        self.rpc('rma.order', 'action_confirm', [rma_id])
        self.rpc('rma.order', 'process_all', [rma_id])
        receipt = self.rpc('rma.order.line', 'search',
                           [('order_id', '=', rma_id),
                            ('line_type', '=', 'receipt')])
        self.assertRefused(
            ['line "API Switch"', 'pricing is locked', 'Unit Price'],
            'rma.order.line', 'write', receipt, {'price_unit': 350.0})

    def test_error_other_company(self):
        """A record of a company the user does not work in: access
        error (fault code 4), nothing read or changed."""
        other = self.env['res.company'].create({'name': 'Other RMA Co'})
        warehouse = self.env['stock.warehouse'].search(
            [('company_id', '=', other.id)], limit=1)
        their_customer = self.env['res.partner'].create({
            'name': 'Their customer', 'company_id': other.id})
        foreign = self.env['rma.order'].create({
            'partner_id': their_customer.id, 'company_id': other.id,
            'warehouse_id': warehouse.id, 'line_ids': self._lines()})
        # the test cursor only moves its savepoint: the server sees it
        self.env.cr.commit()  # pylint: disable=invalid-commit
        for method, args in (('read', ([foreign.id], ['name'])),
                             ('action_confirm', ([foreign.id],)),
                             ('write', ([foreign.id], {'note': 'x'}))):
            self.assertRefused('security restrictions', 'rma.order', method,
                               *args, code=FAULT_ACCESS)
        self.env['rma.order'].invalidate_cache()
        self.assertEqual(foreign.state, 'draft')
        self.assertFalse(foreign.note)
