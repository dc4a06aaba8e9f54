# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo.exceptions import UserError

from ..hooks import post_init_hook
from .common import RmaCase


class RmaAccountingCase(RmaCase):
    """Perpetual valuation; subclasses switch the accounting convention."""

    anglo_saxon = True

    @classmethod
    def setUpClass(cls):
        super(RmaAccountingCase, cls).setUpClass()
        cls.company.anglo_saxon_accounting = cls.anglo_saxon
        cls.categ_rt = cls.env['product.category'].create({
            'name': 'RMA valued goods', 'property_valuation': 'real_time',
            'property_cost_method': 'fifo'})
        cls.valuation = cls.categ_rt.property_stock_valuation_account_id
        cls.stock_input = cls.categ_rt.property_stock_account_input_categ_id
        cls.stock_output = \
            cls.categ_rt.property_stock_account_output_categ_id
        cls.cogs = cls.categ_rt.property_account_expense_categ_id
        cls.income = cls.categ_rt.property_account_income_categ_id
        cls.stock_journal = cls.categ_rt.property_stock_journal
        cls.receivable = cls.customer.property_account_receivable_id
        assert cls.valuation and cls.stock_output and cls.cogs
        cls.router = cls._create_product(
            'Valued router', 500.0, 300.0, categ_id=cls.categ_rt.id)
        cls.switch = cls._create_product(
            'Valued switch', 100.0, 60.0, categ_id=cls.categ_rt.id)
        cls.firewall = cls._create_product(
            'Valued firewall', 1000.0, 600.0, tracking='serial',
            categ_id=cls.categ_rt.id)
        cls._receive(cls.router, 10, 300.0)
        cls._receive(cls.switch, 5, 60.0)
        cls.fee_product = cls.company._rma_restocking_fee_product()
        cls.fee_product.taxes_id = [(6, 0, [])]
        cls.discount_account = cls.company.rma_sales_discount_account_id
        assert cls.discount_account, 'install created no discount account'

    @classmethod
    def _receive(cls, product, qty, cost, lot=None):
        """Purchase-like receipt that opens a FIFO layer at ``cost``."""
        move = cls.env['stock.move'].create({
            'name': 'Receipt of %s' % product.name,
            'product_id': product.id, 'product_uom': product.uom_id.id,
            'product_uom_qty': qty, 'price_unit': cost,
            'location_id': cls.env.ref('stock.stock_location_suppliers').id,
            'location_dest_id': cls.stock_location.id,
        })
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.unlink()
        cls.env['stock.move.line'].create(dict(
            move._prepare_move_line_vals(), qty_done=qty,
            lot_id=lot and lot.id))
        move._action_done()
        return move

    def _rma_items(self, rma):
        return self.env['account.move.line'].search([('rma_id', '=', rma.id)])

    def _postings(self, items):
        """Sorted (account id, debit, credit) of each journal item."""
        return sorted((item.account_id.id, item.debit, item.credit)
                      for item in items)

    def _by_account(self, items):
        balances = defaultdict(float)
        for item in items:
            balances[item.account_id] += item.balance
        return {account: round(balance, 2)
                for account, balance in balances.items() if round(balance, 2)}

    def _assert_balanced(self, items):
        """Every entry of ``items`` is posted and balanced (and there is at
        least one: an empty set would pass vacuously)."""
        self.assertTrue(items, 'no journal items to check')
        for move in items.mapped('move_id'):
            self.assertAlmostEqual(
                sum(move.line_ids.mapped('debit')),
                sum(move.line_ids.mapped('credit')), 2)
            self.assertEqual(move.state, 'posted')


class TestRmaStockAccounting(RmaAccountingCase):

    def test_issue_shipment_debits_cogs_credits_inventory(self):
        rma = self._create_confirm([
            self._line('issue', self.router, 2, price_unit=500.0)],
            advance_exchange=True)
        rma.process_all()
        items = self._rma_items(rma)
        move = items.mapped('move_id')
        self.assertEqual(len(move), 1)
        self.assertEqual(move.journal_id, self.stock_journal)
        self.assertEqual(move.stock_move_id.rma_line_id, rma.line_ids)
        self.assertEqual(
            sorted((i.account_id.id, i.debit, i.credit) for i in items),
            sorted([(self.cogs.id, 600.0, 0.0),
                    (self.valuation.id, 0.0, 600.0)]))
        self.assertEqual(items.mapped('rma_line_id'), rma.line_ids)
        self._assert_balanced(items)

    def test_receipt_at_original_cost_of_sale_line(self):
        sale = self._create_delivered_sale(self.switch, 1, 100.0)
        self.switch.standard_price = 75.0  # today's cost differs
        rma = self._create_confirm([(0, 0, {
            'line_type': 'receipt', 'sale_line_id': sale.order_line.id,
            'product_uom_qty': 1})])
        rma.process_all()
        items = self._rma_items(rma)
        self.assertEqual(
            sorted((i.account_id.id, i.debit, i.credit) for i in items),
            sorted([(self.valuation.id, 60.0, 0.0),
                    (self.cogs.id, 0.0, 60.0)]))
        move = rma.line_ids.move_ids
        self.assertEqual(move.value, 60.0)
        # a new FIFO layer at the original cost
        self.assertEqual((move.remaining_qty, move.remaining_value),
                         (1.0, 60.0))
        self._assert_balanced(items)

    def test_receipt_at_cost_of_serial_delivery(self):
        lot = self.env['stock.production.lot'].create(
            {'name': 'FW-1', 'product_id': self.firewall.id})
        self._receive(self.firewall, 1, 600.0, lot=lot)
        self._create_delivered_sale(self.firewall, 1, 1000.0)
        self.firewall.standard_price = 650.0
        rma = self._create_confirm([self._line(
            'receipt', self.firewall, 1, lot_id=lot.id)])
        rma.process_all()
        self.assertEqual(rma.line_ids.move_ids.value, 600.0)
        self.assertEqual(self._by_account(self._rma_items(rma)),
                         {self.valuation: 600.0, self.cogs: -600.0})

    def test_receipt_at_cost_of_rma_issue(self):
        rma = self._create_confirm([
            self._line('issue', self.router, 1),
            self._line('receipt', self.router, 1)], advance_exchange=True)
        self._issue(rma).process_quantity(1)
        self.router.standard_price = 320.0
        self._receipt(rma).process_quantity(1)
        self.assertEqual(self._receipt(rma).move_ids.value, 300.0)
        items = self._rma_items(rma)
        # out at 300 and back at the same 300: two entries that cancel out
        issue, receipt = self._issue(rma), self._receipt(rma)
        self.assertEqual(
            sorted((i.account_id.id, i.debit, i.credit, i.rma_line_id.id)
                   for i in items),
            sorted([(self.cogs.id, 300.0, 0.0, issue.id),
                    (self.valuation.id, 0.0, 300.0, issue.id),
                    (self.valuation.id, 300.0, 0.0, receipt.id),
                    (self.cogs.id, 0.0, 300.0, receipt.id)]))
        self.assertEqual(len(items.mapped('move_id')), 2)
        self._assert_balanced(items)
        self.assertEqual(self._by_account(items), {})

    def test_unknown_cost_fallback(self):
        self.switch.standard_price = 70.0
        rma = self._create_confirm([self._line('receipt', self.switch, 1)])
        self.company.rma_cost_fallback = 'refuse'
        with self.assertRaisesRegex(UserError, 'cannot find the cost'):
            rma.line_ids.process_quantity(1)
        self.assertEqual(rma.line_ids.qty_done, 0.0)
        self.assertFalse(self._rma_items(rma))
        self.company.rma_cost_fallback = 'current'
        rma.line_ids.process_quantity(1)
        self.assertEqual(rma.line_ids.move_ids.value, 70.0)
        items = self._rma_items(rma)
        self.assertEqual(self._postings(items), sorted([
            (self.valuation.id, 70.0, 0.0), (self.cogs.id, 0.0, 70.0)]))
        self._assert_balanced(items)

    def test_average_cost_updated_by_return(self):
        self.categ_rt.property_cost_method = 'average'
        product = self._create_product(
            'Average modem', 100.0, 40.0, categ_id=self.categ_rt.id)
        self._receive(product, 3, 40.0)
        sale = self._create_delivered_sale(product, 1, 100.0)
        product.standard_price = 50.0
        rma = self._create_confirm([(0, 0, {
            'line_type': 'receipt', 'sale_line_id': sale.order_line.id,
            'product_uom_qty': 1})])
        rma.process_all()
        # 2 on hand at 50, 1 back at its original 40
        self.assertAlmostEqual(product.standard_price, (2 * 50.0 + 40.0) / 3,
                               places=2)
        self.assertEqual(rma.line_ids.move_ids.value, 40.0)

    def test_rma_cogs_and_returns_inventory_overrides(self):
        Account = self.env['account.account']
        expense = self.env.ref('account.data_account_type_expenses')
        current = self.env.ref('account.data_account_type_current_assets')
        rma_cogs = Account.create({'name': 'RMA COGS', 'code': 'X5001',
                                   'user_type_id': expense.id})
        returns_inv = Account.create({
            'name': 'Returned goods', 'code': 'X1001',
            'user_type_id': current.id})
        self.categ_rt.write({'rma_cogs_account_id': rma_cogs.id,
                             'rma_inventory_account_id': returns_inv.id})
        rma = self._create_confirm([
            self._line('issue', self.router, 1),
            self._line('receipt', self.router, 1)], advance_exchange=True)
        rma.process_all()
        items = self._rma_items(rma)
        # out: RMA COGS against stock; back: returned goods against RMA COGS
        self.assertEqual(self._postings(items), sorted([
            (rma_cogs.id, 300.0, 0.0), (self.valuation.id, 0.0, 300.0),
            (returns_inv.id, 300.0, 0.0), (rma_cogs.id, 0.0, 300.0)]))
        self.assertEqual(self._by_account(items), {
            self.valuation: -300.0, returns_inv: 300.0})
        issue_items = self._rma_items(rma).filtered(
            lambda i: i.rma_line_id == self._issue(rma))
        self.assertEqual(issue_items.filtered('debit').account_id, rma_cogs)

    def test_missing_cogs_account_is_named(self):
        self.categ_rt.property_account_expense_categ_id = False
        rma = self._create_confirm([self._line('issue', self.router, 1)],
                                   advance_exchange=True)
        with self.assertRaisesRegex(UserError, 'RMA valued goods'), \
                self.cr.savepoint():
            rma.process_all()
        rma.invalidate_cache()
        self.assertEqual(rma.line_ids.qty_done, 0.0)
        self.assertEqual(rma.line_ids.move_ids.state, 'assigned')
        self.assertFalse(self._rma_items(rma))
        # the account was the only thing missing
        self.categ_rt.property_account_expense_categ_id = self.cogs
        rma.process_all()
        self.assertEqual(rma.line_ids.qty_done, 1.0)
        self.assertEqual(self._postings(self._rma_items(rma)), sorted([
            (self.cogs.id, 300.0, 0.0), (self.valuation.id, 0.0, 300.0)]))


class TestRmaInvoiceAccounting(RmaAccountingCase):

    @classmethod
    def setUpClass(cls):
        super(TestRmaInvoiceAccounting, cls).setUpClass()
        Account = cls.env['account.account']
        revenue = cls.env.ref('account.data_account_type_revenue')
        tax_account = Account.create({
            'name': 'Tax payable RMA', 'code': 'X2101', 'user_type_id':
            cls.env.ref('account.data_account_type_current_liabilities').id})
        cls.tax = cls.env['account.tax'].create({
            'name': 'RMA 10 %', 'amount': 10.0, 'amount_type': 'percent',
            'type_tax_use': 'sale', 'account_id': tax_account.id,
            'refund_account_id': tax_account.id})
        cls.freight_income = Account.create({
            'name': 'Freight income', 'code': 'X4101',
            'user_type_id': revenue.id})
        cls.trailer_income = Account.create({
            'name': 'Trailer charges', 'code': 'X4102',
            'user_type_id': revenue.id})
        cls.fee_income = Account.create({
            'name': 'Restocking fees', 'code': 'X4103',
            'user_type_id': revenue.id})
        cls.returns_account = Account.create({
            'name': 'Sales returns', 'code': 'X4104',
            'user_type_id': revenue.id})
        cls.freight = cls._create_product(
            'Freight', 25.0, 0.0, type='service',
            property_account_income_id=cls.freight_income.id)
        cls.trailer = cls._create_product(
            'Trailer charge', 40.0, 0.0, type='service',
            property_account_income_id=cls.trailer_income.id)
        cls.fee_product.property_account_income_id = cls.fee_income

    def _full_rma(self, **extra):
        rma = self._create_confirm([
            self._line('issue', self.router, 1, price_unit=500.0,
                       discount=10.0, tax_ids=[(6, 0, self.tax.ids)]),
            self._line('receipt', self.switch, 1, price_unit=400.0,
                       restocking_fee_mode='percent',
                       restocking_fee_value=15.0),
            self._line('issue', self.freight, 1, price_unit=25.0),
            self._line('issue', self.trailer, 1, price_unit=40.0)],
            advance_exchange=True, **extra)
        rma.process_all()
        return rma

    def test_net_invoice_postings_split_by_account(self):
        self.categ_rt.rma_sales_returns_account_id = self.returns_account
        rma = self._full_rma()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(invoice.type, 'out_invoice')
        # 450 - 400 + 60 fee + 25 freight + 40 trailer
        self.assertEqual(invoice.amount_untaxed, 175.0)
        self.assertEqual(invoice.amount_tax, 45.0)
        invoice.action_invoice_open()
        items = invoice.move_id.line_ids
        self.assertEqual(self._by_account(items), {
            self.receivable: 220.0,
            self.discount_account: 50.0,      # discount debited apart
            self.income: -500.0,              # sales at gross
            self.returns_account: 400.0,      # the credit debits returns
            self.fee_income: -60.0,
            self.freight_income: -25.0,
            self.trailer_income: -40.0,
            self.tax.account_id: -45.0,
        })
        self._assert_balanced(items)
        self.assertEqual(set(items.mapped('rma_id')), {rma})
        self.assertFalse(items.filtered(
            lambda i: i.account_id in (self.cogs, self.stock_output)))
        # the gross line and its discount carry the tax base: 450
        self.assertEqual(sum(items.filtered(
            lambda i: self.tax in i.tax_ids).mapped('balance')), -450.0)
        self.assertEqual(
            items.filtered(lambda i: i.account_id == self.income).rma_line_id,
            rma.line_ids.filtered(lambda l: l.product_id == self.router))

    def test_separate_pair_postings(self):
        rma = self._full_rma(billing_mode='separate')
        invoices = self.env['account.invoice'].browse(rma.create_invoices())
        invoice = invoices.filtered(lambda i: i.type == 'out_invoice')
        refund = invoices - invoice
        invoices.action_invoice_open()
        self.assertEqual(self._by_account(invoice.move_id.line_ids), {
            self.receivable: 560.0, self.discount_account: 50.0,
            self.income: -500.0, self.freight_income: -25.0,
            self.trailer_income: -40.0, self.tax.account_id: -45.0})
        self.assertEqual(self._by_account(refund.move_id.line_ids), {
            self.receivable: -340.0, self.income: 400.0,
            self.fee_income: -60.0})
        self.assertEqual(
            invoice.amount_total - refund.amount_total, 220.0)
        self._assert_balanced(invoices.mapped('move_id.line_ids'))

    def test_missing_discount_account_is_named(self):
        self.company.rma_sales_discount_account_id = False
        rma = self._full_rma()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        with self.assertRaisesRegex(UserError, 'RMA valued goods'), \
                self.cr.savepoint():
            invoice.action_invoice_open()
        invoice.invalidate_cache()
        self.assertEqual(invoice.state, 'draft')
        self.assertFalse(invoice.move_id)
        self.assertFalse(self._rma_items(rma).filtered(
            lambda i: i.journal_id == invoice.journal_id))
        # the account was the only thing missing
        self.company.rma_sales_discount_account_id = self.discount_account
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, 'open')
        discount = invoice.move_id.line_ids.filtered(
            lambda i: i.account_id == self.discount_account)
        self.assertEqual((discount.debit, discount.credit), (50.0, 0.0))

    def test_whole_rma_nets_cogs_once_and_leaves_interim_at_zero(self):
        sale = self._create_delivered_sale(self.switch, 1, 400.0)
        rma = self._create_confirm([
            self._line('issue', self.router, 1, price_unit=500.0),
            (0, 0, {'line_type': 'receipt', 'sale_line_id':
                    sale.order_line.id, 'product_uom_qty': 1})],
            advance_exchange=True)
        self.switch.standard_price = 75.0
        rma.process_all()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        invoice.action_invoice_open()
        items = self._rma_items(rma)
        self._assert_balanced(items)
        balances = self._by_account(items)
        # cost of goods once: 300 shipped - 60 back; no interim balance
        self.assertEqual(balances.get(self.cogs), 240.0)
        self.assertEqual(balances.get(self.valuation), -240.0)
        self.assertNotIn(self.stock_output, balances)
        self.assertNotIn(self.stock_input, balances)
        self.assertEqual(balances.get(self.receivable), invoice.amount_total)
        self.assertEqual(invoice.amount_total, 100.0)
        # the two stock entries and the invoice's, nothing else, each
        # item linked to its RMA line
        stock_moves = self.env['account.move'].search(
            [('stock_move_id', 'in', rma.line_ids.mapped('move_ids').ids)])
        self.assertEqual(len(stock_moves), 2)
        self.assertEqual(items, stock_moves.mapped('line_ids') |
                         invoice.move_id.line_ids)
        self.assertEqual(self._postings(items), sorted([
            (self.cogs.id, 300.0, 0.0), (self.valuation.id, 0.0, 300.0),
            (self.valuation.id, 60.0, 0.0), (self.cogs.id, 0.0, 60.0),
            (self.receivable.id, 100.0, 0.0), (self.income.id, 0.0, 500.0),
            (self.income.id, 400.0, 0.0)]))
        issue, receipt = self._issue(rma), self._receipt(rma)
        self.assertEqual(
            sorted((i.account_id.id, i.balance, i.rma_line_id.id)
                   for i in items if i.account_id != self.receivable),
            sorted([(self.cogs.id, 300.0, issue.id),
                    (self.valuation.id, -300.0, issue.id),
                    (self.valuation.id, 60.0, receipt.id),
                    (self.cogs.id, -60.0, receipt.id),
                    (self.income.id, -500.0, issue.id),
                    (self.income.id, 400.0, receipt.id)]))
        # the RMA's Journal Items button lists exactly these, with accounts
        action = rma.action_view_journal_items()
        self.assertEqual(action['res_model'], 'account.move.line')
        self.assertEqual(
            self.env['account.move.line'].search(action['domain']), items)
        self.assertEqual(len(items), 7)
        self.assertEqual(action['views'][0], (self.env.ref(
            'rma_billing.account_move_line_view_tree_rma').id, 'tree'))
        self.assertEqual(len(items.mapped('move_id')), 3)  # 2 stock, 1 inv


class TestRmaStockAccountingContinental(TestRmaStockAccounting):
    anglo_saxon = False


class TestRmaInvoiceAccountingContinental(TestRmaInvoiceAccounting):
    anglo_saxon = False


class TestRmaAccountSetup(RmaCase):
    """post_init_hook: companies with a chart of accounts get a Sales
    Discounts account at install, once; companies without one are left
    alone."""

    def _discount_accounts(self, company):
        return self.env['account.account'].search(
            [('company_id', '=', company.id), ('name', '=', 'Sales Discounts')],
            order='id')

    def test_hook_creates_the_account_once(self):
        installed = self.company.rma_sales_discount_account_id
        # what the install itself did, on the first free code
        self.assertEqual((installed.name, installed.code, installed.company_id),
                         ('Sales Discounts', '209100', self.company))
        bare = self.env['res.company'].create({'name': 'No chart Co'})
        self.assertFalse(self.env['account.account'].search_count(
            [('company_id', '=', bare.id)]))
        self.company.rma_sales_discount_account_id = False
        count = self.env['account.account'].search_count([])

        post_init_hook(self.env.cr, self.env.registry)
        self.env.cache.invalidate()  # read back from the database
        account = self.company.rma_sales_discount_account_id
        self.assertNotEqual(account, installed)
        # 209100 is taken (by the install's account): the next code
        self.assertEqual(
            (account.name, account.code, account.company_id,
             account.user_type_id),
            ('Sales Discounts', '209101', self.company,
             self.env.ref('account.data_account_type_revenue')))
        self.assertEqual(self._discount_accounts(self.company),
                         installed | account)
        self.assertEqual(self.env['account.account'].search_count([]),
                         count + 1)
        # no chart, no account
        self.assertFalse(bare.rma_sales_discount_account_id)

        # a second run changes nothing
        post_init_hook(self.env.cr, self.env.registry)
        self.env.cache.invalidate()  # read back from the database
        self.assertEqual(self.company.rma_sales_discount_account_id, account)
        self.assertEqual(self.env['account.account'].search_count([]),
                         count + 1)
        self.assertFalse(bare.rma_sales_discount_account_id)

    def test_hook_keeps_the_account_a_company_chose(self):
        chosen = self.env['account.account'].create({
            'name': 'My discounts', 'code': 'X4999', 'user_type_id':
            self.env.ref('account.data_account_type_revenue').id})
        self.company.rma_sales_discount_account_id = chosen
        count = self.env['account.account'].search_count([])
        post_init_hook(self.env.cr, self.env.registry)
        self.env.cache.invalidate()  # read back from the database
        self.assertEqual(self.company.rma_sales_discount_account_id, chosen)
        self.assertEqual(self.env['account.account'].search_count([]), count)

    def test_hook_takes_209100_when_free(self):
        installed = self.company.rma_sales_discount_account_id
        installed.code = 'X209100'
        self.company.rma_sales_discount_account_id = False
        post_init_hook(self.env.cr, self.env.registry)
        self.env.cache.invalidate()  # read back from the database
        account = self.company.rma_sales_discount_account_id
        self.assertEqual((account.name, account.code),
                         ('Sales Discounts', '209100'))
        self.assertNotEqual(account, installed)
