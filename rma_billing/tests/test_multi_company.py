# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError

from .common import RmaCase


class TestRmaMultiCompany(RmaCase):
    """A second company with its own chart of accounts bills its RMAs in
    its own journal and accounts, and never sees the first one's."""

    @classmethod
    def setUpClass(cls):
        super(TestRmaMultiCompany, cls).setUpClass()
        admin = cls.env.user
        cls.company_b = cls.env['res.company'].create({
            'name': 'RMA Branch B', 'currency_id': cls.company.currency_id.id})
        admin.write({'company_ids': [(4, cls.company_b.id)],
                     'company_id': cls.company_b.id})
        # the chart of accounts installed after rma_billing: the hook must
        # give this company its sales discount account too
        cls.env.ref('l10n_generic_coa.configurable_chart_template')\
            .try_loading_for_current_company()
        admin.company_id = cls.company
        cls.warehouse_b = cls.env['stock.warehouse'].search(
            [('company_id', '=', cls.company_b.id)])
        cls.user_b = cls._create_user('rma_branch_clerk', cls.company_b)
        cls.customer_b = cls.env['res.partner'].create({
            'name': 'Branch customer', 'company_id': cls.company_b.id})
        cls.shared_product = cls._create_product(
            'Shared modem', 200.0, 120.0, company_id=False)

    def test_second_company_bills_in_its_own_books(self):
        discount_account = self.company_b.rma_sales_discount_account_id
        self.assertEqual(discount_account.company_id, self.company_b)
        rma = self.env['rma.order'].sudo(self.user_b).create({
            'partner_id': self.customer_b.id, 'line_ids': [(0, 0, {
                'line_type': 'receipt', 'product_id': self.shared_product.id,
                'product_uom_qty': 1, 'price_unit': 200.0,
                'discount': 10.0, 'tax_ids': [(6, 0, [])]})]})
        self.assertEqual(rma.company_id, self.company_b)
        self.assertEqual(rma.warehouse_id, self.warehouse_b)
        rma.action_confirm()
        rma.process_all()
        self.assertEqual(rma.picking_ids.company_id, self.company_b)
        refund = rma.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(refund.type, 'out_refund')
        self.assertEqual(refund.company_id, self.company_b)
        self.assertEqual(refund.journal_id.company_id, self.company_b)
        self.assertEqual(refund.account_id.company_id, self.company_b)
        self.assertEqual(
            refund.invoice_line_ids.account_id.company_id, self.company_b)
        refund.sudo().action_invoice_open()
        items = refund.move_id.line_ids
        self.assertEqual(items.mapped('company_id'), self.company_b)
        self.assertEqual(
            sorted((i.account_id.company_id == self.company_b, i.debit,
                    i.credit) for i in items),
            [(True, 0.0, 20.0), (True, 0.0, 180.0), (True, 200.0, 0.0)])
        discount_item = items.filtered(
            lambda i: i.account_id == discount_account)
        self.assertEqual((discount_item.debit, discount_item.credit),
                         (0.0, 20.0))

    def test_companies_do_not_see_each_other(self):
        rma_a = self._create_rma([self._line('receipt', self.product_b)])
        RmaB = self.env['rma.order'].sudo(self.user_b)
        rma_b = RmaB.create({'partner_id': self.customer_b.id, 'line_ids': [
            self._line('receipt', self.shared_product)]})
        # each company's user finds its own RMA only
        ids = (rma_a | rma_b).ids
        self.assertEqual(RmaB.search([('id', 'in', ids)]), rma_b)
        self.assertEqual(
            self.env['rma.order'].sudo(self.user).search([('id', 'in', ids)]),
            rma_a)
        with self.assertRaisesRegex(AccessError, 'security restrictions'):
            rma_a.sudo(self.user_b).create_invoices()
        # an RMA of company B cannot ship from company A's warehouse
        with self.assertRaisesRegex(ValidationError, 'another company'), \
                self.cr.savepoint():
            RmaB.create({'partner_id': self.customer_b.id,
                         'warehouse_id': self.warehouse.id})
