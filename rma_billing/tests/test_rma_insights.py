# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The RMA analysis and the return rate on a known data set: exact
quantities, amounts and rates, as the pivot and graph views read them."""
from odoo.tests.common import SavepointCase

from .common import RmaCase, create_category, create_customer


class TestRmaInsights(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestRmaInsights, cls).setUpClass()
        Reason = cls.env['rma.reason']
        cls.defective = Reason.create({'name': 'Dead on arrival',
                                       'category': 'defective'})
        cls.not_needed = Reason.create({'name': 'Ordered twice',
                                        'category': 'not_needed'})
        cls.routers = create_category(cls.env, 'Insight routers')
        cls.router = cls._create_product('Insight Router', 500.0, 300.0,
                                         categ_id=cls.routers.id)
        cls.switch = cls._create_product('Insight Switch', 400.0, 250.0)
        cls.other = create_customer(cls.env, 'Insight Other Customer')
        stock = cls.warehouse.lot_stock_id
        for product in (cls.router, cls.switch):
            cls.env['stock.quant']._update_available_quantity(
                product, stock, 50.0)
        cls.products = cls.router | cls.switch

    def _sell(self, partner, product, qty, price):
        return self._create_delivered_sale(product, qty, price,
                                           partner=partner)

    def _data_set(self):
        """Sold: 10 routers and 4 switches to the customer, 5 routers to
        the other one. RMA 1 (defective, done): 2 routers back, damaged,
        10 % fee, 1 replacement router shipped. RMA 2 (not needed,
        confirmed, nothing received): 1 switch, unopened. RMA 3: cancelled,
        left out."""
        self._sell(self.customer, self.router, 10, 500.0)
        self._sell(self.customer, self.switch, 4, 400.0)
        self._sell(self.other, self.router, 5, 500.0)
        rma1 = self._create_confirm([
            self._line('receipt', self.router, 2, condition='damaged',
                       restocking_fee_mode='percent',
                       restocking_fee_value=10.0),
            self._line('issue', self.router, 1),
        ], reason_id=self.defective.id, advance_exchange=True)
        rma1.process_all()
        rma2 = self._create_confirm([
            self._line('receipt', self.switch, 1, condition='unopened',
                       reason_id=self.not_needed.id)])
        rma3 = self._create_rma([self._line('receipt', self.switch, 3)])
        rma3.action_cancel()
        return rma1, rma2

    def _analysis(self, groupby, domain=None, user=None):
        env = self.env(user=user.id) if user else self.env
        fields = ['qty_issued', 'qty_returned', 'qty_done',
                  'amount_charged', 'amount_credited', 'amount_fee',
                  'amount_net', 'nbr']
        groups = env['rma.analysis'].read_group(
            [('product_id', 'in', self.products.ids)] + (domain or []),
            fields + [groupby.split(':')[0]], [groupby], lazy=False)
        return {group[groupby] and (group[groupby][1] if isinstance(
            group[groupby], tuple) else group[groupby]): tuple(
            group[name] for name in fields) for group in groups}

    def test_analysis_figures(self):
        rma1, rma2 = self._data_set()
        # qty issued, returned, processed; charged, credited, fee, net; lines
        self.assertEqual(self._analysis('reason_category'), {
            'defective': (1.0, 2.0, 3.0, 500.0, 1000.0, 100.0, -400.0, 2),
            'not_needed': (0.0, 1.0, 0.0, 0.0, 400.0, 0.0, -400.0, 1),
        })
        self.assertEqual(self._analysis('condition', [
            ('line_type', '=', 'receipt')]), {
            'damaged': (0.0, 2.0, 2.0, 0.0, 1000.0, 100.0, -900.0, 1),
            'unopened': (0.0, 1.0, 0.0, 0.0, 400.0, 0.0, -400.0, 1),
        })
        by_reason = self._analysis('reason_id')
        self.assertEqual(sorted(by_reason), ['Dead on arrival',
                                             'Ordered twice'])
        self.assertEqual(self._analysis('categ_id'), {
            self.routers.display_name:
                (1.0, 2.0, 3.0, 500.0, 1000.0, 100.0, -400.0, 2),
            self.category.display_name:
                (0.0, 1.0, 0.0, 0.0, 400.0, 0.0, -400.0, 1),
        })
        self.assertEqual(self._analysis('partner_id'), {
            self.customer.display_name:
                (1.0, 3.0, 3.0, 500.0, 1400.0, 100.0, -800.0, 3)})
        # the RMA's own totals agree
        self.assertEqual((rma1.amount_net, rma2.amount_net),
                         (-400.0, -400.0))
        # an RMA user reads it, grouped by month
        months = self._analysis('date:month', user=self.user)
        self.assertEqual(list(months.values()),
                         [(1.0, 3.0, 3.0, 500.0, 1400.0, 100.0, -800.0, 3)])

    def test_analysis_by_coverage(self):
        """What was waived shows by coverage: a goodwill replacement is
        charged nothing; requested and cancelled RMAs are left out."""
        self._create_rma([
            self._line('issue', self.router, 1, coverage='goodwill'),
            self._line('issue', self.switch, 2)], user=self.manager)
        self._create_rma([self._line('issue', self.switch, 5)]).action_cancel()
        self.assertEqual(self._analysis('coverage'), {
            'goodwill': (1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1),
            'billable': (2.0, 0.0, 0.0, 800.0, 0.0, 0.0, 800.0, 1)})

    def _rates(self, groupby, user=None):
        env = self.env(user=user.id) if user else self.env
        fields = ['qty_delivered', 'qty_returned', 'value_delivered',
                  'value_returned', 'rate_qty', 'rate_value']
        groups = env['rma.return.rate'].read_group(
            [('product_id', 'in', self.products.ids)], fields + [groupby],
            [groupby], lazy=False)
        return {group[groupby][1] if isinstance(group[groupby], tuple)
                else group[groupby]: tuple(round(group[name], 4)
                                           for name in fields)
                for group in groups}

    def test_return_rate_figures(self):
        self._data_set()
        # delivered 15 routers at cost 300, 2 came back at their cost
        # (the replacement is not a sale); no switch came back yet
        self.assertEqual(self._rates('product_id'), {
            'Insight Router': (15.0, 2.0, 4500.0, 600.0, 13.3333, 13.3333),
            'Insight Switch': (4.0, 0.0, 1000.0, 0.0, 0.0, 0.0),
        })
        self.assertEqual(self._rates('partner_id'), {
            self.customer.display_name:
                (14.0, 2.0, 4000.0, 600.0, 14.2857, 15.0),
            self.other.display_name: (5.0, 0.0, 1500.0, 0.0, 0.0, 0.0),
        })
        self.assertEqual(self._rates('categ_id', user=self.user), {
            self.routers.display_name:
                (15.0, 2.0, 4500.0, 600.0, 13.3333, 13.3333),
            self.category.display_name: (4.0, 0.0, 1000.0, 0.0, 0.0, 0.0),
        })
        # a single group over the whole period
        total = self.env['rma.return.rate'].read_group(
            [('product_id', 'in', self.products.ids)],
            ['rate_qty', 'rate_value'], [])
        self.assertEqual(
            (round(total[0]['rate_qty'], 4), round(total[0]['rate_value'], 4)),
            (10.5263, 10.9091))


class TestRmaInsightsAccess(SavepointCase):

    def test_menus_and_rights(self):
        user_menu = self.env.ref('rma_billing.rma_analysis_menu')
        self.assertEqual(user_menu.parent_id,
                         self.env.ref('rma_billing.rma_menu_reporting'))
        account_menu = self.env.ref('rma_billing.rma_analysis_account_menu')
        self.assertEqual(account_menu.parent_id,
                         self.env.ref('account.menu_finance_reports'))
        for model in ('rma.analysis', 'rma.return.rate'):
            access = self.env['ir.model.access'].search([
                ('model_id.model', '=', model)])
            self.assertEqual(
                sorted(access.mapped('group_id.full_name')),
                ['Accounting & Finance / Billing Manager', 'RMA / RMA User'])
            self.assertFalse(any(access.mapped('perm_write')))
