# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Big RMAs stay linear: the SQL queries of confirming, processing, billing
and posting one RMA of 100 lines are at most 2.2 times those of 50 lines
(a quadratic step would make them about 4 times). Queries, not seconds:
they are deterministic. The speed targets themselves live in bench/."""
from .. import tools
from .common import RmaCase

SMALL, LARGE = 50, 100
MAX_GROWTH = 2.2


class TestRmaScaling(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestRmaScaling, cls).setUpClass()
        cls.company.rma_advance_exchange = True
        tax = cls.env['account.tax'].create({
            'name': 'Sales 10 % (scaling)', 'amount': 10.0,
            'amount_type': 'percent', 'type_tax_use': 'sale',
            'company_id': cls.company.id})
        cls.products = [cls._create_product(
            'Pallet item %d' % i, 100.0 + i, 60.0 + i,
            taxes_id=[(6, 0, tax.ids)]) for i in range(5)]
        for product in cls.products:
            cls.env['stock.quant']._update_available_quantity(
                product, cls.stock_location, 200.0)

    def _big_rma(self, k):
        """An RMA of k lines: half returns with a 10 % restocking fee,
        half replacements, over a few taxed products."""
        lines = []
        for i in range(k):
            product = self.products[i % len(self.products)]
            if i % 2:
                lines.append(self._line('issue', product))
            else:
                lines.append(self._line(
                    'receipt', product, restocking_fee_mode='percent',
                    restocking_fee_value=10.0))
        return self._create_rma(lines)

    def _queries(self, func):
        count = self.cr.sql_log_count
        result = func()
        return self.cr.sql_log_count - count, result

    def _lifecycle(self, k):
        """Queries of each step of one RMA of k lines, checking each step
        did its whole job."""
        rma = self._big_rma(k)
        queries = {}
        queries['confirm'], _res = self._queries(rma.action_confirm)
        self.assertEqual(len(rma.mapped('line_ids.move_ids')), k)
        queries['process'], _res = self._queries(rma.process_all)
        self.assertEqual(rma.mapped('line_ids.qty_open'), [0.0] * k)
        queries['bill'], invoice_ids = self._queries(rma.create_invoices)
        invoice = self.env['account.invoice'].browse(invoice_ids)
        # one line per goods line, plus a fee line per return
        self.assertEqual(len(invoice.invoice_line_ids), k + k // 2)
        self.assertEqual(len(invoice.tax_line_ids), 1)
        self.assertEqual(rma.mapped('line_ids.qty_to_invoice'), [0.0] * k)
        self.assertEqual(rma.state, 'done')
        queries['post'], _res = self._queries(invoice.action_invoice_open)
        self.assertEqual(invoice.state, 'open')
        self.assertEqual(invoice.amount_total, rma.amount_total)
        return queries

    def test_queries_grow_linearly_with_lines(self):
        self._lifecycle(4)  # warm the caches (ormcache, templates)
        small = self._lifecycle(SMALL)
        large = self._lifecycle(LARGE)
        for step in ('confirm', 'process', 'bill', 'post'):
            growth = large[step] / small[step]
            self.assertLessEqual(
                growth, MAX_GROWTH,
                '%s: %d queries for %d lines, %d for %d lines (x%.2f)' % (
                    step, small[step], SMALL, large[step], LARGE, growth))

    def test_batch_methods_work_in_chunks(self):
        """Many RMAs go through confirm, process and billing in chunks
        (here of 2): each RMA is handled once, whatever chunk it falls in,
        and billed exactly."""
        self.addCleanup(setattr, tools, 'BATCH_CHUNK', tools.BATCH_CHUNK)
        tools.BATCH_CHUNK = 2
        rmas = self.env['rma.order']
        for product in self.products:
            rmas |= self._create_rma([
                self._line('receipt', product, restocking_fee_mode='percent',
                           restocking_fee_value=10.0),
                self._line('issue', product)])
        rmas.action_confirm()
        self.assertEqual([len(rma.picking_ids) for rma in rmas], [2] * 5)
        # reserved in chunks of moves too: none left behind at a boundary
        self.assertEqual(rmas.mapped('line_ids.move_ids.state'),
                         ['assigned'] * 10)
        rmas.process_all()
        self.assertEqual(rmas.mapped('line_ids.qty_open'), [0.0] * 10)
        invoices = self.env['account.invoice'].browse(rmas.create_invoices())
        # one net document per RMA, in the RMAs' order: the 10 % fee of the
        # return (price 100 + i), taxed at 10 %
        self.assertEqual(invoices.mapped('rma_id'), rmas)
        self.assertEqual(invoices.mapped('type'), ['out_invoice'] * 5)
        self.assertEqual(invoices.mapped('amount_untaxed'),
                         [10.0, 10.1, 10.2, 10.3, 10.4])
        self.assertEqual(invoices.mapped('amount_tax'),
                         [1.0, 1.01, 1.02, 1.03, 1.04])
        self.assertEqual(invoices.mapped('amount_total'),
                         [11.0, 11.11, 11.22, 11.33, 11.44])
        self.assertEqual(set(rmas.mapped('state')), {'done'})
        self.assertEqual(rmas.create_invoices(), [])

    def _plan_cache_mode(self):
        self.cr.execute('SHOW plan_cache_mode')
        return self.cr.fetchone()[0]

    def test_batch_steps_plan_for_growing_tables(self):
        """Confirming, processing, billing and posting plan the foreign-key
        checks for the tables as they are: a plan PostgreSQL cached while
        the RMA tables were small scans them whole, which made a batch of
        1,000 RMAs quadratic on a young database."""
        if self.cr._cnx.server_version < tools.PLAN_CACHE_MODE_VERSION:
            self.skipTest('PostgreSQL before 12 has no plan_cache_mode')
        rma = self._big_rma(4)
        steps = [('confirm', rma.action_confirm),
                 ('process', rma.process_all),
                 ('bill', rma.create_invoices),
                 ('post', lambda: rma.invoice_ids.action_invoice_open())]
        for name, step in steps:
            self.cr.execute('SET LOCAL plan_cache_mode = auto')
            step()
            self.assertEqual(self._plan_cache_mode(), 'force_custom_plan',
                             name)
        self.assertEqual(rma.invoice_ids.state, 'open')
        # Odoo's own documents are left to Odoo's planning
        self.cr.execute('SET LOCAL plan_cache_mode = auto')
        other = rma.invoice_ids.copy({'rma_id': False})
        other.action_invoice_open()
        self.assertEqual(other.state, 'open')
        self.assertEqual(self._plan_cache_mode(), 'auto')
