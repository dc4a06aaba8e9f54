# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import ValidationError

from .test_rma_accounting import RmaAccountingCase


class TestRmaCurrency(RmaAccountingCase):
    """A company in USD, customers paying in EUR: returns are credited in
    the currency they were paid in, company amounts arrive converted, and
    the books carry both currencies."""

    @classmethod
    def setUpClass(cls):
        super(TestRmaCurrency, cls).setUpClass()
        cls.usd = cls.company.currency_id
        cls.eur = cls.env.ref('base.EUR')
        assert cls.usd != cls.eur
        cls.eur.active = True
        Rate = cls.env['res.currency.rate']
        Rate.search([('currency_id', 'in', (cls.eur | cls.usd).ids)]).unlink()
        Rate.create({'currency_id': cls.usd.id, 'rate': 1.0,
                     'name': '2000-01-01', 'company_id': cls.company.id})
        # 1 USD = 0.5 EUR in January, 0.8 EUR today
        Rate.create({'currency_id': cls.eur.id, 'rate': 0.5,
                     'name': '2026-01-01', 'company_id': cls.company.id})
        Rate.create({'currency_id': cls.eur.id, 'rate': 0.8,
                     'name': fields.Date.today(), 'company_id': cls.company.id})
        cls.pricelist_eur = cls.env['product.pricelist'].create(
            {'name': 'EUR prices', 'currency_id': cls.eur.id})
        cls.pricelist_usd = cls.env['product.pricelist'].create(
            {'name': 'USD prices', 'currency_id': cls.usd.id})
        cls.customer.property_product_pricelist = cls.pricelist_usd
        cls.customer_eur = cls.env['res.partner'].create({
            'name': 'Kunde GmbH', 'customer': True, 'is_company': True,
            'property_product_pricelist': cls.pricelist_eur.id})

    def _eur_sale(self, partner, date_invoice=None):
        """A sale of 1 switch at 80 EUR: delivered, invoiced, posted."""
        sale = self.env['sale.order'].create({
            'partner_id': partner.id, 'pricelist_id': self.pricelist_eur.id,
            'order_line': [(0, 0, {
                'product_id': self.switch.id, 'product_uom_qty': 1,
                'price_unit': 80.0, 'tax_id': [(6, 0, [])]})]})
        sale.action_confirm()
        self._validate_picking(sale.picking_ids)
        invoice = self.env['account.invoice'].browse(
            sale.action_invoice_create())
        invoice.date_invoice = date_invoice or fields.Date.today()
        invoice.action_invoice_open()
        return sale, invoice

    def _receivable(self, invoice):
        return invoice.move_id.line_ids.filtered(
            lambda l: l.account_id == invoice.account_id)

    def _return_line(self, sale, **extra):
        return (0, 0, dict({'line_type': 'receipt',
                            'sale_line_id': sale.order_line.id,
                            'product_uom_qty': 1}, **extra))

    def test_eur_customer_credited_what_the_sale_debited(self):
        sale, sale_invoice = self._eur_sale(self.customer_eur)
        rma = self._create_confirm([self._return_line(sale)],
                                   partner_id=self.customer_eur.id,
                                   sale_id=sale.id)
        self.assertEqual(rma.currency_id, self.eur)
        self.assertEqual((rma.amount_credit, rma.amount_net_company),
                         (80.0, -100.0))
        rma.process_all()
        refund = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual((refund.type, refund.currency_id,
                          refund.amount_total), ('out_refund', self.eur, 80.0))
        refund.action_invoice_open()
        debit = self._receivable(sale_invoice)
        credit = self._receivable(refund)
        self.assertEqual((debit.debit, debit.amount_currency), (100.0, 80.0))
        self.assertEqual((credit.credit, credit.amount_currency,
                          credit.currency_id), (100.0, -80.0, self.eur))
        # the credit note paid the sale invoice back
        self.assertEqual((sale_invoice.state, sale_invoice.residual),
                         ('paid', 0.0))
        summary = rma.get_billing_summary()[str(rma.id)]
        self.assertEqual((summary['currency'], summary['company_currency'],
                          summary['amount_net_company'],
                          summary['invoices'][0]['currency']),
                         ('EUR', 'USD', -100.0, 'EUR'))

    def test_company_currency_customer_returning_a_eur_sale(self):
        sale, _invoice = self._eur_sale(self.customer)
        rma = self._create_rma([self._return_line(sale)])
        # no priced line yet: the RMA adopts the sale's pricelist
        self.assertEqual((rma.pricelist_id, rma.currency_id),
                         (self.pricelist_eur, self.eur))
        self.assertEqual(rma.line_ids.price_unit, 80.0)
        self.assertEqual(rma.amount_credit, 80.0)
        # with a USD price already on it, the EUR return is refused
        other_sale, _invoice = self._eur_sale(self.customer)
        usd_rma = self._create_rma([self._line(
            'receipt', self.router, 1, price_unit=500.0)])
        count = self.env['rma.order.line'].search_count([])
        with self.assertRaisesRegex(
                ValidationError, 'RMA %s is in USD but sale order %s, which '
                'line "Valued switch" returns, was paid in EUR. Make one RMA '
                'per currency' % (usd_rma.name, other_sale.name)), \
                self.cr.savepoint():
            usd_rma.write({'line_ids': [self._return_line(other_sale)]})
        self.assertEqual(self.env['rma.order.line'].search_count([]), count)
        usd_rma.invalidate_cache()
        self.assertEqual(usd_rma.currency_id, self.usd)
        # changing the pricelist under EUR lines is refused too
        with self.assertRaisesRegex(ValidationError, 'was paid in EUR'), \
                self.cr.savepoint():
            rma.pricelist_id = self.pricelist_usd

    def test_company_fixed_fee_arrives_converted(self):
        self.company.write({'rma_restocking_fee_mode': 'fixed',
                            'rma_restocking_fee_value': 10.0})
        sale, _invoice = self._eur_sale(self.customer_eur)
        rma = self._create_confirm([self._return_line(sale)],
                                   partner_id=self.customer_eur.id)
        line = rma.line_ids
        self.assertEqual((line.restocking_fee_mode, line.restocking_fee_value,
                          line.restocking_fee_amount), ('fixed', 8.0, 8.0))
        rma.process_all()
        refund = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(refund.amount_total, 72.0)  # 80 - 8 EUR

    def test_rate_moved_between_sale_and_return(self):
        sale, sale_invoice = self._eur_sale(self.customer_eur, '2026-01-15')
        self.assertEqual(self._receivable(sale_invoice).debit, 160.0)
        rma = self._create_confirm([self._return_line(sale)],
                                   partner_id=self.customer_eur.id)
        rma.process_all()
        refund = self.env['account.invoice'].browse(rma.create_invoices())
        refund.action_invoice_open()
        credit = self._receivable(refund)
        self.assertEqual((credit.credit, credit.amount_currency),
                         (100.0, -80.0))
        self.assertEqual(sale_invoice.state, 'paid')
        exchange = credit.full_reconcile_id.exchange_move_id
        self.assertTrue(exchange)
        receivable_diff = exchange.line_ids.filtered(
            lambda l: l.account_id == refund.account_id)
        self.assertEqual((receivable_diff.credit, receivable_diff.debit),
                         (60.0, 0.0))
        self.assertEqual(sum(exchange.line_ids.mapped('debit')), 60.0)
        # stock stays at the original cost in company currency
        self.assertEqual(rma.line_ids.move_ids.value, 60.0)
