# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Coverage of issue lines: warranty (from the installed base, the serial's
or the sale's delivery, with its boundary), service contract, goodwill
(RMA Managers only), each billed on a real invoice as a discount on the
charge, with its journal items."""
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from .common import RmaCase, add_stock, create_customer


class TestRmaCoverage(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestRmaCoverage, cls).setUpClass()
        cls.company.write({'rma_restocking_fee_mode': 'none',
                           'rma_return_window_days': 0})
        cls.warranty_categ = cls.env['product.category'].create(
            {'name': 'Warranty goods', 'rma_warranty_months': 12})
        cls.product_w = cls.env['product.product'].create({
            'name': 'Printer W', 'type': 'product', 'list_price': 500.0,
            'standard_price': 300.0, 'categ_id': cls.warranty_categ.id,
            'taxes_id': [(6, 0, [])]})
        add_stock(cls.env, cls.product_w, cls.stock_location, 20.0)
        cls.freight = cls.env['product.product'].create({
            'name': 'Freight W', 'type': 'service', 'list_price': 50.0,
            'taxes_id': [(6, 0, [])]})
        sale = cls._create_delivered_sale(cls.product_w, 5.0, 500.0)
        cls.sale_line = sale.order_line
        cls.delivered = fields.Date.from_string(
            sale.picking_ids.mapped('move_lines')[0].date[:10])
        cls.discount_account = cls.company.rma_sales_discount_account_id

    def _at(self, day):
        return fields.Date.to_string(day) + ' 12:00:00'

    def _replacement(self, coverage, day=None, user=None, extra_lines=(),
                     **line_vals):
        """An RMA replacing the delivered printer, asked on ``day``
        (default: 30 days after delivery): its issue line."""
        day = day or self.delivered + timedelta(days=30)
        rma = self._create_rma([self._line(
            'issue', self.product_w, 1, sale_line_id=self.sale_line.id,
            coverage=coverage, **line_vals)] + list(extra_lines),
            user=user, date=self._at(day))
        return rma.line_ids.filtered(lambda l: l.product_id == self.product_w)

    def _bill(self, rma, user=None):
        rma = rma.sudo(user) if user else rma
        if rma.state == 'draft':
            rma.action_confirm()
        rma.process_all()
        return self.env['account.invoice'].browse(rma.create_invoices())

    def _amounts(self, invoice):
        return sorted((il.product_id.name, il.quantity, il.price_unit,
                       il.discount, il.price_subtotal)
                      for il in invoice.invoice_line_ids)

    def _journal(self, invoice):
        """{account: balance} of the posted invoice's journal items."""
        result = {}
        for line in invoice.move_id.line_ids:
            result[line.account_id] = result.get(line.account_id, 0.0) + \
                line.balance
        return result

    # Warranty ---------------------------------------------------------------
    def test_warranty_charges_nothing_while_under_warranty(self):
        line = self._replacement('warranty', extra_lines=[
            self._line('issue', self.freight, 1)])
        rma = line.order_id
        end = self.delivered + relativedelta(months=12)
        self.assertEqual(line.coverage_percent, 100.0)
        self.assertEqual(line.coverage_note, 'Under warranty until %s '
                         '(delivered on %s, 12 months).' % (
                             end, self.delivered))
        self.assertEqual(line.price_subtotal, 0.0)
        self.assertEqual((rma.amount_charge, rma.amount_net), (50.0, 50.0))
        invoice = self._bill(rma)
        self.assertEqual(self._amounts(invoice), [
            ('Freight W', 1.0, 50.0, 0.0, 50.0),
            ('Printer W', 1.0, 500.0, 100.0, 0.0)])
        charge = invoice.invoice_line_ids.filtered(
            lambda l: l.product_id == self.product_w)
        self.assertIn('Under warranty until', charge.name)
        self.assertEqual((invoice.type, invoice.amount_untaxed,
                          invoice.amount_total), ('out_invoice', 50.0, 50.0))
        invoice.action_invoice_open()
        journal = self._journal(invoice)
        self.assertEqual(journal[invoice.account_id], 50.0)
        self.assertEqual(journal[self.discount_account], 500.0)
        self.assertEqual(journal[charge.account_id], -550.0)  # 500 + freight
        self.assertEqual(sum(journal.values()), 0.0)
        self.assertEqual((line.billed_amount, line.billed_price_unit),
                         (0.0, 0.0))
        summary = rma.get_billing_summary()[str(rma.id)]
        printer = [vals for vals in summary['lines']
                   if vals['id'] == line.id][0]
        self.assertEqual((printer['coverage'], printer['coverage_percent'],
                          printer['price_subtotal']), ('warranty', 100.0, 0.0))
        self.assertEqual(summary['amount_net'], 50.0)

    def test_warranty_boundary_and_why_not_covered(self):
        end = self.delivered + relativedelta(months=12)
        self.assertEqual(self._replacement(
            'warranty', day=end).coverage_percent, 100.0)
        late = self._replacement('warranty', day=end + timedelta(days=1))
        self.assertEqual(late.coverage_percent, 0.0)
        self.assertEqual(late.coverage_note, 'Not covered: delivered on %s, '
                         'the 12-month warranty ended on %s; charged in '
                         'full.' % (self.delivered, end))
        # the product's own months win over the category's
        self.product_w.rma_warranty_months = 24
        self.assertEqual(self._replacement(
            'warranty', day=end + timedelta(days=1)).coverage_percent, 100.0)
        self.product_w.rma_warranty_months = 0
        self.warranty_categ.rma_warranty_months = 0
        none = self._replacement('warranty')
        self.assertIn('Printer W has no warranty', none.coverage_note)
        self.product_a.rma_warranty_months = 12
        unknown = self._create_rma([self._line(
            'issue', self.product_a, 1, coverage='warranty')]).line_ids
        self.assertIn('no delivery of Router A to Test Customer is recorded',
                      unknown.coverage_note)
        self.assertEqual(unknown.price_subtotal, 500.0)
        invoice = self._bill(late.order_id)
        self.assertEqual(self._amounts(invoice), [
            ('Printer W', 1.0, 500.0, 0.0, 500.0)])
        self.assertEqual(invoice.amount_total, 500.0)

    def test_warranty_counts_from_installed_base_then_serial(self):
        product = self.env['product.product'].create({
            'name': 'Scanner S', 'type': 'product', 'tracking': 'serial',
            'list_price': 800.0, 'categ_id': self.warranty_categ.id,
            'taxes_id': [(6, 0, [])]})
        lot = self.env['stock.production.lot'].create(
            {'name': 'WS-0001', 'product_id': product.id})
        self.env['stock.quant']._update_available_quantity(
            product, self.stock_location, 1.0, lot_id=lot)
        move = self.env['stock.move'].create({
            'name': 'Delivery of WS-0001', 'product_id': product.id,
            'product_uom_qty': 1.0, 'product_uom': product.uom_id.id,
            'location_id': self.stock_location.id,
            'location_dest_id': self.env.ref(
                'stock.stock_location_customers').id,
            'partner_id': self.customer.id})
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.write({'qty_done': 1.0, 'lot_id': lot.id})
        move._action_done()

        def swap():
            rma = self._create_rma([
                self._line('receipt', product, 1, lot_id=lot.id,
                           price_unit=0.0),
                self._line('issue', product, 1, price_unit=800.0,
                           coverage='warranty')])
            return self._issue(rma)
        # the serial's delivery (today): under warranty
        line = swap()
        self.assertEqual(line.delivery_date, move.date[:10])
        self.assertEqual(line.coverage_percent, 100.0)
        # the installed base records an older installation: it counts
        old = fields.Date.from_string(move.date[:10]) - relativedelta(
            months=18)
        self.env['rma.installed.base'].sudo().create({
            'partner_id': self.customer.id, 'product_id': product.id,
            'lot_id': lot.id, 'date_installed': fields.Date.to_string(old),
            'company_id': self.company.id})
        line = swap()
        self.assertEqual(line.delivery_date, fields.Date.to_string(old))
        self.assertEqual(line.coverage_percent, 0.0)
        self.assertIn('delivered on %s' % old, line.coverage_note)
        self.assertEqual(line.price_subtotal, 800.0)
        self.assertEqual(line.order_id.amount_net, 800.0)

    # Contract ---------------------------------------------------------------
    def test_contract_applies_its_coverage(self):
        day = self.delivered + timedelta(days=30)
        contract = self.env['rma.service.contract'].create({
            'name': 'SC-80', 'partner_id': self.customer.id,
            'date_start': fields.Date.to_string(day - timedelta(days=60)),
            'date_end': fields.Date.to_string(day),
            'coverage_percent': 80.0,
            'categ_ids': [(6, 0, self.warranty_categ.ids)]})
        line = self._replacement('contract', day=day)
        self.assertEqual((line.contract_id, line.coverage_percent),
                         (contract, 80.0))
        self.assertEqual(line.price_subtotal, 100.0)
        # with the line's own discount: 10 % then 80 % of the rest
        discounted = self._replacement('contract', day=day, discount=10.0)
        self.assertEqual(discounted._invoice_discount(), 82.0)
        self.assertEqual(discounted.price_subtotal, 90.0)
        invoice = self._bill(line.order_id)
        self.assertEqual(self._amounts(invoice), [
            ('Printer W', 1.0, 500.0, 80.0, 100.0)])
        self.assertEqual(invoice.amount_total, 100.0)
        invoice.action_invoice_open()
        journal = self._journal(invoice)
        self.assertEqual(journal[invoice.account_id], 100.0)
        self.assertEqual(journal[self.discount_account], 400.0)
        charge = invoice.invoice_line_ids
        self.assertEqual(journal[charge.account_id], -500.0)
        invoice = self._bill(discounted.order_id)
        self.assertEqual(self._amounts(invoice), [
            ('Printer W', 1.0, 500.0, 82.0, 90.0)])
        # after the contract, for another customer or another product:
        # charged in full, and the line says why
        after = self._replacement('contract', day=day + timedelta(days=1))
        self.assertEqual(after.coverage_percent, 0.0)
        self.assertIn('no service contract of Test Customer covers Printer '
                      'W', after.coverage_note)
        other = create_customer(self.env, 'Contract Other')
        rma = self._create_rma([self._line(
            'issue', self.product_w, 1, coverage='contract')],
            partner_id=other.id, date=self._at(day))
        self.assertEqual(rma.line_ids.coverage_percent, 0.0)
        rma = self._create_rma([self._line(
            'issue', self.product_a, 1, coverage='contract')],
            date=self._at(day))
        self.assertEqual(rma.amount_charge, 500.0)
        with self.assertRaisesRegex(ValidationError, 'between 0 and 100'), \
                self.env.cr.savepoint():
            contract.coverage_percent = 120.0
        contract.invalidate_cache()
        with self.assertRaisesRegex(ValidationError, 'ends .* before it '
                                    'starts'), self.env.cr.savepoint():
            contract.date_end = fields.Date.to_string(day - timedelta(
                days=90))
        contract.invalidate_cache()
        self.assertEqual((contract.coverage_percent, contract.date_end),
                         (80.0, fields.Date.to_string(day)))

    # Goodwill ---------------------------------------------------------------
    def test_goodwill_needs_a_manager(self):
        rmas = self.env['rma.order'].search_count([])
        with self.assertRaisesRegex(UserError, 'only an RMA Manager can '
                                    'grant goodwill'), \
                self.env.cr.savepoint():
            self._replacement('goodwill', user=self.user)
        self.assertEqual(self.env['rma.order'].search_count([]), rmas)
        billable = self._replacement('billable', user=self.user)
        with self.assertRaisesRegex(UserError, 'only an RMA Manager can '
                                    'grant goodwill'), \
                self.env.cr.savepoint():
            billable.sudo(self.user).coverage = 'goodwill'
        self.assertEqual(billable.coverage, 'billable')
        billable.sudo(self.manager).coverage = 'goodwill'
        self.assertEqual((billable.coverage_percent, billable.price_subtotal),
                         (100.0, 0.0))
        self.assertEqual(billable.coverage_note, 'Goodwill: not charged.')
        # the user processes and bills what the manager granted
        invoice = self._bill(billable.order_id, user=self.user)
        self.assertEqual(self._amounts(invoice), [
            ('Printer W', 1.0, 500.0, 100.0, 0.0)])
        self.assertEqual(invoice.amount_total, 0.0)
        invoice.action_invoice_open()
        journal = self._journal(invoice)
        self.assertEqual(journal[self.discount_account], 500.0)
        self.assertEqual(journal[invoice.invoice_line_ids.account_id],
                         -500.0)

    # Rules around coverage --------------------------------------------------
    def test_coverage_refusals_lock_and_pending_invoice(self):
        with self.assertRaisesRegex(ValidationError,
                                    'only issue lines carry a coverage'), \
                self.env.cr.savepoint():
            self._create_rma([self._line('receipt', self.product_b, 1,
                                         coverage='warranty')])
        with self.assertRaisesRegex(UserError, 'coverage_percent follow the '
                                    'coverage'), self.env.cr.savepoint():
            self._replacement('billable').write({'coverage_percent': 50.0})
        line = self._replacement('warranty')
        rma = line.order_id
        rma.action_confirm()
        rma.process_all()
        with self.assertRaisesRegex(UserError, 'pricing is locked'), \
                self.env.cr.savepoint():
            line.coverage = 'billable'
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        charge = invoice.invoice_line_ids
        self.assertEqual((charge.discount, charge.price_subtotal),
                         (100.0, 0.0))
        # the pending invoice stays editable: half waived only
        charge.sudo(self.user).write({'discount': 50.0})
        invoice.compute_taxes()
        self.assertEqual(invoice.amount_total, 250.0)
        self.assertEqual((line.billed_amount, line.price_subtotal,
                          rma.amount_charge), (250.0, 250.0, 250.0))
        invoice.action_invoice_open()
        journal = self._journal(invoice)
        self.assertEqual(journal[invoice.account_id], 250.0)
        self.assertEqual(journal[self.discount_account], 250.0)

    def test_lines_group_by_coverage(self):
        lines = self._replacement('warranty') | self._replacement(
            'billable') | self._replacement('billable')
        groups = self.env['rma.order.line'].read_group(
            [('id', 'in', lines.ids)], ['coverage', 'price_subtotal'],
            ['coverage'])
        self.assertEqual(sorted((g['coverage'], g['coverage_count'],
                                 g['price_subtotal']) for g in groups),
                         [('billable', 2, 1000.0), ('warranty', 1, 0.0)])
