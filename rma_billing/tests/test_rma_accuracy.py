# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError

from .test_rma_accounting import RmaAccountingCase


class TestRmaAccuracy(RmaAccountingCase):
    """Exact amounts on real inputs: taxes included in the price, taxed
    restocking fees, units of measure, serials, fees above the credit,
    posted documents, returns of unknown origin."""

    @classmethod
    def setUpClass(cls):
        super(TestRmaAccuracy, cls).setUpClass()
        chart_tax = cls.env['account.tax'].search([
            ('type_tax_use', '=', 'sale'),
            ('company_id', '=', cls.company.id)], limit=1)
        cls.tax_account = chart_tax.account_id
        cls.tax_incl = cls._create_tax('VAT 15% included', True)
        cls.tax_excl = cls._create_tax('VAT 15%', False)
        cls.uom_dozen = cls.env.ref('product.product_uom_dozen')

    @classmethod
    def _create_tax(cls, name, included):
        return cls.env['account.tax'].create({
            'name': name, 'amount': 15.0, 'amount_type': 'percent',
            'type_tax_use': 'sale', 'price_include': included,
            'include_base_amount': False, 'company_id': cls.company.id,
            'account_id': cls.tax_account.id,
            'refund_account_id': cls.tax_account.id})

    def _totals(self, rma):
        return (rma.amount_charge, rma.amount_credit,
                rma.amount_restocking_fee, rma.amount_net, rma.amount_total)

    def _invoice(self, rma):
        return self.env['account.invoice'].browse(rma.create_invoices())

    # Taxes included in the price --------------------------------------------
    def test_tax_included_prices_are_untaxed_before_and_after_billing(self):
        taxes = [(6, 0, self.tax_incl.ids)]
        rma = self._create_confirm([
            self._line('issue', self.router, 2, price_unit=115.0,
                       tax_ids=taxes),
            self._line('receipt', self.switch, 1, price_unit=57.5,
                       tax_ids=taxes, restocking_fee_mode='percent',
                       restocking_fee_value=10.0)], advance_exchange=True)
        # fee 10 % of the untaxed 50, taxed like the goods: 5 + 0.75
        expected = (200.0, 50.0, 5.0, 155.0, 178.25)
        self.assertEqual(self._totals(rma), expected)
        self.assertEqual(rma.amount_tax, 23.25)
        rma.process_all()
        invoice = self._invoice(rma)
        self.assertEqual(self._totals(rma), expected)
        self.assertEqual((invoice.type, invoice.amount_untaxed,
                          invoice.amount_tax, invoice.amount_total),
                         ('out_invoice', 155.0, 23.25, 178.25))
        fee_line = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'fee')
        self.assertEqual((fee_line.price_unit, fee_line.price_subtotal,
                          fee_line.invoice_line_tax_ids),
                         (5.75, 5.0, self.tax_incl))
        summary = rma.get_billing_summary()[str(rma.id)]
        self.assertEqual((summary['amount_net'], summary['amount_tax'],
                          summary['amount_total']), (155.0, 23.25, 178.25))

    def test_tax_included_with_the_fee_product_taxes(self):
        # the company bills fees with the fee product's taxes (none here)
        self.company.rma_fee_taxes = 'product'
        taxes = [(6, 0, self.tax_incl.ids)]
        rma = self._create_confirm([
            self._line('issue', self.router, 2, price_unit=115.0,
                       tax_ids=taxes),
            self._line('receipt', self.switch, 1, price_unit=57.5,
                       tax_ids=taxes, restocking_fee_mode='percent',
                       restocking_fee_value=10.0)], advance_exchange=True)
        self.assertEqual(self._totals(rma), (200.0, 50.0, 5.0, 155.0, 177.5))
        rma.process_all()
        invoice = self._invoice(rma)
        self.assertEqual((invoice.amount_untaxed, invoice.amount_total),
                         (155.0, 177.5))
        fee_line = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'fee')
        self.assertEqual((fee_line.price_unit, fee_line.invoice_line_tax_ids),
                         (5.0, self.tax_incl.browse()))

    # Taxed restocking fee ---------------------------------------------------
    def test_fee_taxed_like_the_goods_refunds_tax_on_the_net_credit(self):
        rma = self._create_confirm([self._line(
            'receipt', self.router, 1, price_unit=400.0,
            tax_ids=[(6, 0, self.tax_excl.ids)],
            restocking_fee_mode='percent', restocking_fee_value=15.0)])
        rma.process_all()
        refund = self._invoice(rma)
        self.assertEqual((refund.type, refund.amount_untaxed,
                          refund.amount_tax, refund.amount_total),
                         ('out_refund', 340.0, 51.0, 391.0))
        self.assertEqual(rma.amount_total, -391.0)
        refund.action_invoice_open()
        items = refund.move_id.line_ids
        self.assertEqual(self._by_account(items), {
            self.income: 340.0,                 # 400 credit - 60 fee
            self.tax_account: 51.0,             # 60 refunded - 9 on fee
            self.receivable: -391.0})
        self._assert_balanced(items)

    # Units of measure -------------------------------------------------------
    def test_dozen_of_a_product_priced_per_unit(self):
        product = self._create_product(
            'Cable', 10.0, 4.0, categ_id=self.categ_rt.id)
        self._receive(product, 24, 4.0)
        rma = self._create_confirm([self._line(
            'issue', product, 1, product_uom=self.uom_dozen.id)],
            advance_exchange=True)
        line = rma.line_ids
        self.assertEqual((line.price_unit, line.price_subtotal),
                         (120.0, 120.0))
        rma.process_all()
        self.assertEqual(line.move_ids.product_qty, 12.0)
        invoice = self._invoice(rma)
        self.assertEqual((invoice.invoice_line_ids.quantity,
                          invoice.invoice_line_ids.uom_id,
                          invoice.amount_untaxed), (1.0, self.uom_dozen, 120.0))
        # cost of goods: 12 units at 4
        self.assertEqual(self._by_account(self._rma_items(rma)),
                         {self.cogs: 48.0, self.valuation: -48.0})

    def test_fixed_fee_is_per_product_unit(self):
        product = self._create_product(
            'Patch cord', 10.0, 4.0, categ_id=self.categ_rt.id)
        rma = self._create_confirm([self._line(
            'receipt', product, 2, product_uom=self.uom_dozen.id,
            restocking_fee_mode='fixed', restocking_fee_value=1.0)])
        line = rma.line_ids
        self.assertEqual((line.price_unit, line.price_subtotal,
                          line.restocking_fee_amount), (120.0, 240.0, 24.0))
        rma.process_all()
        refund = self._invoice(rma)
        self.assertEqual(refund.amount_untaxed, 216.0)

    # Serials and lots -------------------------------------------------------
    def _count(self):
        return (self.env['rma.order'].search_count([]),
                self.env['rma.order.line'].search_count([]))

    def test_lot_and_serial_refusals_write_nothing(self):
        before = self._count()
        other = self.env['stock.production.lot'].create(
            {'name': 'OTHER-1', 'product_id': self.router.id})
        in_stock = self.env['stock.production.lot'].create(
            {'name': 'FW-STOCK', 'product_id': self.firewall.id})
        self._receive(self.firewall, 1, 600.0, lot=in_stock)
        away = self.env['stock.production.lot'].create(
            {'name': 'FW-AWAY', 'product_id': self.firewall.id})
        cases = [
            ('receipt', other, 1, 'OTHER-1 is of product Valued router'),
            ('receipt', away, 2, 'one line per serial number'),
            ('receipt', in_stock, 1, 'FW-STOCK is in our stock'),
            ('issue', away, 1, 'FW-AWAY is not in our stock'),
        ]
        for line_type, lot, qty, message in cases:
            with self.assertRaisesRegex(ValidationError, message), \
                    self.cr.savepoint():
                self._create_rma([self._line(
                    line_type, self.firewall, qty, lot_id=lot.id)])
        self.assertEqual(self._count(), before)
        # the right way round both pass
        self._create_confirm([
            self._line('receipt', self.firewall, 1, lot_id=away.id),
            self._line('issue', self.firewall, 1, lot_id=in_stock.id)])

    def test_serial_checked_again_at_confirmation(self):
        lot = self.env['stock.production.lot'].create(
            {'name': 'FW-LATE', 'product_id': self.firewall.id})
        rma = self._create_rma([self._line(
            'receipt', self.firewall, 1, lot_id=lot.id)])
        self._receive(self.firewall, 1, 600.0, lot=lot)  # arrived meanwhile
        with self.assertRaisesRegex(UserError, 'FW-LATE is in our stock'):
            rma.action_confirm()
        self.assertEqual(rma.state, 'draft')
        self.assertFalse(rma.picking_ids)

    # A return never bills the customer for the goods ------------------------
    def test_fee_above_the_credit_refused(self):
        before = self._count()
        with self.assertRaisesRegex(
                ValidationError, 'fee of 150.00 per unit is more than the '
                                 '100.00 credited'), self.cr.savepoint():
            self._create_rma([self._line(
                'receipt', self.switch, 1, price_unit=100.0,
                restocking_fee_mode='fixed', restocking_fee_value=150.0)])
        self.assertEqual(self._count(), before)
        rma = self._create_rma([self._line(
            'receipt', self.switch, 1, price_unit=100.0,
            restocking_fee_mode='fixed', restocking_fee_value=100.0)])
        with self.assertRaisesRegex(ValidationError, 'more than the 80.00'), \
                self.cr.savepoint():
            rma.line_ids.write({'discount': 20.0})
        rma.line_ids.invalidate_cache()
        self.assertEqual(rma.line_ids.discount, 0.0)

    # Posted means posted ----------------------------------------------------
    def test_posted_rma_document_lines_cannot_change(self):
        rma = self._create_confirm([self._line(
            'receipt', self.switch, 1, price_unit=100.0)])
        rma.process_all()
        refund = self._invoice(rma)
        refund.action_invoice_open()
        inv_line = refund.invoice_line_ids
        line = rma.line_ids
        for vals in ({'price_unit': 180.0}, {'quantity': 2.0},
                     {'discount': 10.0}, {'invoice_line_tax_ids': [
                         (6, 0, self.tax_excl.ids)]}):
            with self.assertRaisesRegex(UserError, 'is posted: its lines '
                                                   'bill RMA %s' % rma.name), \
                    self.cr.savepoint():
                inv_line.sudo(self.user).write(vals)
        with self.assertRaisesRegex(UserError, 'is posted'), \
                self.cr.savepoint():
            inv_line.unlink()
        inv_line.invalidate_cache()
        self.assertEqual((inv_line.price_unit, inv_line.quantity),
                         (100.0, 1.0))
        self.assertEqual((line.billed_amount, line.qty_invoiced),
                         (-100.0, 1.0))
        inv_line.name = 'Wording may change'  # not what the RMA bills

    # Original cost of an unlinked return -------------------------------------
    def test_unlinked_return_at_the_customers_last_delivery_cost(self):
        self.switch.standard_price = 60.0
        earlier = self._create_confirm([self._line(
            'issue', self.switch, 1, price_unit=100.0)],
            advance_exchange=True)
        earlier.process_all()
        self.switch.standard_price = 75.0
        rma = self._create_confirm([self._line(
            'receipt', self.switch, 1, price_unit=100.0)])
        rma.process_all()
        self.assertEqual(rma.line_ids.move_ids.value, 60.0)
        self.assertEqual(self._by_account(self._rma_items(rma)),
                         {self.valuation: 60.0, self.cogs: -60.0})
