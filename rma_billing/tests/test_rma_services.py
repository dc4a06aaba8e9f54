# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError

from .common import create_user
from .test_rma_accounting import RmaAccountingCase


class TestRmaServices(RmaAccountingCase):
    """Service returns (unused hours credited, no stock) and hands-off
    billing (invoices that create, and post, themselves)."""

    @classmethod
    def setUpClass(cls):
        super(TestRmaServices, cls).setUpClass()
        cls.hours = cls._create_product(
            'Support hour', 120.0, 0.0, type='service',
            categ_id=cls.categ_rt.id, invoice_policy='order',
            uom_id=cls.env.ref('product.product_uom_hour').id,
            uom_po_id=cls.env.ref('product.product_uom_hour').id)

    def _invoice(self, rma):
        return self.env['account.invoice'].browse(rma.create_invoices())

    def _invoiced_sale(self, product, qty, price):
        sale = self.env['sale.order'].create({
            'partner_id': self.customer.id,
            'order_line': [(0, 0, {
                'product_id': product.id, 'product_uom_qty': qty,
                'price_unit': price, 'tax_id': [(6, 0, [])]})]})
        sale.action_confirm()
        invoice = self.env['account.invoice'].browse(
            sale.action_invoice_create())
        invoice.action_invoice_open()
        return sale

    # Service returns --------------------------------------------------------
    def test_unused_hours_credited_without_stock(self):
        moves_before = self.env['stock.move'].search_count([])
        rma = self._create_confirm([self._line(
            'receipt', self.hours, 10, price_unit=120.0)])
        line = rma.line_ids
        self.assertEqual((line.qty_done, line.qty_open, line.qty_to_invoice),
                         (10.0, 0.0, 10.0))
        self.assertFalse(line.move_ids)
        self.assertFalse(rma.picking_ids)
        self.assertEqual(self.env['stock.move'].search_count([]),
                         moves_before)
        self.assertEqual(rma.amount_net, -1200.0)
        refund = self._invoice(rma)
        self.assertEqual((refund.type, refund.amount_total),
                         ('out_refund', 1200.0))
        refund.action_invoice_open()
        self.assertEqual(self._by_account(refund.move_id.line_ids), {
            self.income: 1200.0, self.receivable: -1200.0})
        self.assertEqual(rma.state, 'done')
        # no cost of goods, nothing installed or returned
        self.assertFalse(self._rma_items(rma).filtered(
            lambda i: i.account_id in (self.cogs, self.valuation)))
        self.assertFalse(self.env['rma.installed.base'].search(
            [('product_id', '=', self.hours.id)]))

    def test_goods_issue_and_service_return_billed_net(self):
        rma = self._create_confirm([
            self._line('issue', self.router, 1, price_unit=500.0),
            self._line('receipt', self.hours, 2, price_unit=120.0,
                       restocking_fee_mode='percent',
                       restocking_fee_value=10.0)], advance_exchange=True)
        rma.process_all()
        invoice = self._invoice(rma)
        self.assertEqual((invoice.type, invoice.amount_untaxed),
                         ('out_invoice', 284.0))  # 500 - 240 + 24
        fee = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'fee')
        self.assertEqual((fee.name, fee.price_subtotal),
                         ('Cancellation fee: Support hour', 24.0))

    def test_service_return_capped_by_what_was_invoiced(self):
        sale = self._invoiced_sale(self.hours, 10, 120.0)
        sale_line = sale.order_line
        self.assertEqual(sale_line.qty_invoiced, 10.0)
        self._create_confirm([(0, 0, {
            'line_type': 'receipt', 'sale_line_id': sale_line.id,
            'product_uom_qty': 4})])
        count = self.env['rma.order.line'].search_count([])
        with self.assertRaisesRegex(
                ValidationError, r'%s, line "%s": 11.0 Hour\(s\) returned on '
                r'RMAs but only 10.0 invoiced. Return at most 6.0 Hour\(s\) '
                r'more.' % (sale.name, sale_line.name)), \
                self.cr.savepoint():
            self._create_rma([(0, 0, {
                'line_type': 'receipt', 'sale_line_id': sale_line.id,
                'product_uom_qty': 7})])
        self.assertEqual(self.env['rma.order.line'].search_count([]), count)
        rma = self._create_confirm([(0, 0, {
            'line_type': 'receipt', 'sale_line_id': sale_line.id,
            'product_uom_qty': 6})])
        self.assertEqual(rma.line_ids.price_unit, 120.0)
        self.assertEqual(self._invoice(rma).amount_total, 720.0)

    # Hands-off billing ------------------------------------------------------
    def test_auto_invoice_on_processing_partial_then_full(self):
        self.company.rma_auto_invoice = True
        rma = self._create_confirm([self._line(
            'receipt', self.switch, 3, price_unit=100.0)])
        self.assertTrue(rma.auto_invoice)
        self.assertFalse(rma.invoice_ids)  # nothing moved yet
        rma.line_ids.process_quantity(1)
        first = rma.invoice_ids
        self.assertEqual((first.type, first.state, first.amount_total),
                         ('out_refund', 'draft', 100.0))
        # the rest on the picking screen
        self._validate_picking(self._picking(rma, 'incoming'))
        second = rma.invoice_ids - first
        self.assertEqual((second.state, second.amount_total),
                         ('draft', 200.0))
        self.assertEqual(rma.line_ids.qty_invoiced, 3.0)
        self.assertEqual(rma.state, 'done')
        # never twice
        self.assertEqual(rma._auto_invoice(), [])
        self.assertEqual(rma.create_invoices(), [])
        self.assertEqual(len(rma.invoice_ids), 2)

    def test_auto_invoice_when_a_warehouse_user_validates(self):
        """The warehouse validates the return without any right on RMAs or
        invoices: the company's hands-off billing still bills it."""
        self.company.rma_auto_invoice = True
        rma = self._create_confirm([self._line(
            'receipt', self.switch, 2, price_unit=100.0)])
        clerk = create_user(self.env, 'rma_stock_clerk', self.company,
                            group='stock.group_stock_user')
        self._validate_picking(self._picking(rma, 'incoming').sudo(clerk))
        self.assertEqual(rma.state, 'done')
        self.assertEqual(
            [(i.type, i.state, i.amount_total) for i in rma.invoice_ids],
            [('out_refund', 'draft', 200.0)])
        self.assertEqual(rma.line_ids.qty_invoiced, 2.0)

    def test_auto_invoice_off_on_the_rma_and_for_services_at_confirm(self):
        self.company.rma_auto_invoice = True
        manual = self._create_confirm([self._line(
            'receipt', self.switch, 1, price_unit=100.0)],
            auto_invoice=False)
        manual.process_all()
        self.assertFalse(manual.invoice_ids)
        self.assertEqual(manual.invoice_status, 'to invoice')
        service = self._create_confirm([self._line(
            'receipt', self.hours, 2, price_unit=120.0)])
        self.assertEqual(service.invoice_ids.amount_total, 240.0)

    def test_auto_post_under_and_over_the_limit(self):
        self.company.write({'rma_auto_invoice': True, 'rma_auto_post': True,
                            'rma_auto_post_limit': 250.0})
        small = self._create_confirm([self._line(
            'receipt', self.switch, 2, price_unit=100.0)])
        small.process_all()
        self.assertEqual(small.invoice_ids.state, 'open')
        self.assertEqual(small.invoice_ids.amount_total, 200.0)
        self.assertEqual(self._by_account(small.invoice_ids.move_id.line_ids),
                         {self.income: 200.0, self.receivable: -200.0})
        big = self._create_confirm([self._line(
            'receipt', self.switch, 3, price_unit=100.0)])
        big.process_all()
        self.assertEqual(big.invoice_ids.state, 'draft')
        self.assertIn('stays pending for review: its total 300.0 is above '
                      'the automatic posting limit of 250.0',
                      big.message_ids[0].body)
