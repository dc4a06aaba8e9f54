# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError

from .common import RmaCase


class RmaBillingCase(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(RmaBillingCase, cls).setUpClass()
        cls.fee_product = cls.company._rma_restocking_fee_product()
        cls.fee_product.taxes_id = [(6, 0, [])]
        cls.tax_10 = cls.env['account.tax'].create({
            'name': 'Sales 10 %', 'amount': 10.0, 'amount_type': 'percent',
            'type_tax_use': 'sale', 'company_id': cls.company.id})
        cls.receivable = cls.customer.property_account_receivable_id

    def _invoice_lines(self, invoice):
        """(kind, quantity, price_subtotal) of each invoice line."""
        return sorted((line.rma_line_kind, line.quantity, line.price_subtotal)
                      for line in invoice.invoice_line_ids)

    def _receivable_balance(self):
        lines = self.env['account.move.line'].search([
            ('account_id', '=', self.receivable.id),
            ('partner_id', '=', self.customer.id)])
        return sum(lines.mapped('balance'))

    def _seed_rma(self, **extra):
        """The reference example: issue charged 500, receipt credited 400."""
        rma = self._create_confirm([
            self._line('issue', self.product_a, 1, price_unit=500.0),
            self._line('receipt', self.product_b, 1, price_unit=400.0)],
            **extra)
        rma.process_all()
        return rma


class TestRmaBilling(RmaBillingCase):

    def test_seed_example_net(self):
        rma = self._seed_rma()
        self.assertEqual(rma.billing_mode, 'net')
        self.assertEqual(rma.invoice_status, 'to invoice')
        self.assertEqual(rma.state, 'confirmed')  # processed, not billed
        ids = rma.create_invoices()
        self.assertEqual(len(ids), 1)
        invoice = self.env['account.invoice'].browse(ids)
        self.assertEqual(invoice.type, 'out_invoice')
        self.assertEqual(invoice.state, 'draft')
        self.assertEqual(self._invoice_lines(invoice), [
            ('charge', 1.0, 500.0), ('credit', -1.0, -400.0)])
        self.assertEqual(invoice.amount_untaxed, 100.0)
        self.assertEqual(invoice.amount_total, 100.0)
        self.assertEqual(invoice.rma_id, rma)
        self.assertEqual(invoice.origin, rma.name)
        self.assertEqual(invoice.partner_id, rma.partner_invoice_id)
        self.assertEqual(invoice.user_id, rma.user_id)
        self.assertEqual(invoice.journal_id.type, 'sale')
        self.assertEqual(invoice.journal_id.company_id, self.company)
        self.assertEqual(
            invoice.invoice_line_ids.mapped('rma_line_id'), rma.line_ids)
        self.assertEqual(rma.line_ids.mapped('qty_invoiced'), [1.0, 1.0])
        self.assertEqual(rma.invoice_status, 'invoiced')
        self.assertEqual(rma.state, 'done')
        self.assertEqual((rma.amount_charge, rma.amount_credit,
                          rma.amount_restocking_fee, rma.amount_net),
                         (500.0, 400.0, 0.0, 100.0))
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, 'open')
        self.assertEqual(self._receivable_balance(), 100.0)
        # the sales side: 500 credited, 400 debited, on income accounts
        sales = invoice.move_id.line_ids.filtered(
            lambda l: l.account_id != self.receivable)
        self.assertEqual(sorted(sales.mapped('credit')), [0.0, 500.0])
        self.assertEqual(sorted(sales.mapped('debit')), [0.0, 400.0])

    def test_seed_example_separate(self):
        rma = self._seed_rma(billing_mode='separate')
        ids = rma.create_invoices()
        invoices = self.env['account.invoice'].browse(ids)
        self.assertEqual(len(invoices), 2)
        invoice = invoices.filtered(lambda i: i.type == 'out_invoice')
        refund = invoices.filtered(lambda i: i.type == 'out_refund')
        self.assertEqual(self._invoice_lines(invoice),
                         [('charge', 1.0, 500.0)])
        self.assertEqual(self._invoice_lines(refund),
                         [('credit', 1.0, 400.0)])
        self.assertEqual(invoice.amount_total, 500.0)
        self.assertEqual(refund.amount_total, 400.0)
        invoices.action_invoice_open()
        # two postings to receivable, net 100
        receivable_lines = invoices.mapped('move_id.line_ids').filtered(
            lambda l: l.account_id == self.receivable)
        self.assertEqual(sorted(receivable_lines.mapped('balance')),
                         [-400.0, 500.0])
        self.assertEqual(self._receivable_balance(), 100.0)
        self.assertEqual(rma.amount_net, 100.0)

    def test_credit_exceeding_charge_gives_credit_note(self):
        rma = self._create_confirm([
            self._line('issue', self.product_a, 1, price_unit=200.0),
            self._line('receipt', self.product_b, 1, price_unit=500.0)])
        rma.process_all()
        refund = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(refund.type, 'out_refund')
        # every sign flipped: the credit is positive, the charge negative
        self.assertEqual(self._invoice_lines(refund), [
            ('charge', -1.0, -200.0), ('credit', 1.0, 500.0)])
        self.assertEqual(refund.amount_untaxed, 300.0)
        self.assertEqual(rma.amount_net, -300.0)
        self.assertEqual(rma.line_ids.mapped('qty_invoiced'), [1.0, 1.0])
        refund.action_invoice_open()
        self.assertEqual(self._receivable_balance(), -300.0)

    def test_percent_restocking_fee(self):
        rma = self._create_confirm([self._line(
            'receipt', self.product_b, 1, price_unit=400.0,
            restocking_fee_mode='percent', restocking_fee_value=15.0)])
        self.assertEqual(rma.amount_restocking_fee, 60.0)
        self.assertEqual(rma.amount_net, -340.0)
        rma.process_all()
        refund = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(refund.type, 'out_refund')
        self.assertEqual(self._invoice_lines(refund), [
            ('credit', 1.0, 400.0), ('fee', -1.0, -60.0)])
        fee_line = refund.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'fee')
        self.assertEqual(fee_line.product_id, self.fee_product)
        self.assertEqual(
            fee_line.account_id,
            self.fee_product.categ_id.property_account_income_categ_id)
        self.assertEqual(refund.amount_total, 340.0)
        self.assertEqual(rma.line_ids.billed_fee_amount, 60.0)
        self.assertEqual(rma.line_ids.qty_invoiced, 1.0)

    def test_fixed_restocking_fee_with_charge(self):
        rma = self._create_confirm([
            self._line('issue', self.product_a, 2, price_unit=500.0),
            self._line('receipt', self.product_b, 2, price_unit=400.0,
                       restocking_fee_mode='fixed',
                       restocking_fee_value=25.0)])
        rma.process_all()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(invoice.type, 'out_invoice')
        self.assertEqual(self._invoice_lines(invoice), [
            ('charge', 2.0, 1000.0), ('credit', -2.0, -800.0),
            ('fee', 2.0, 50.0)])
        self.assertEqual(invoice.amount_untaxed, 250.0)
        self.assertEqual((rma.amount_charge, rma.amount_credit,
                          rma.amount_restocking_fee, rma.amount_net),
                         (1000.0, 800.0, 50.0, 250.0))

    def test_separate_mode_fee_goes_on_credit_note(self):
        rma = self._create_confirm([
            self._line('issue', self.product_a, 1, price_unit=500.0),
            self._line('receipt', self.product_b, 1, price_unit=400.0,
                       restocking_fee_mode='percent',
                       restocking_fee_value=15.0)],
            billing_mode='separate')
        rma.process_all()
        invoices = self.env['account.invoice'].browse(rma.create_invoices())
        refund = invoices.filtered(lambda i: i.type == 'out_refund')
        self.assertEqual(self._invoice_lines(refund), [
            ('credit', 1.0, 400.0), ('fee', -1.0, -60.0)])
        self.assertEqual(refund.amount_total, 340.0)
        invoices.action_invoice_open()
        self.assertEqual(self._receivable_balance(), 160.0)

    def test_fee_defaults_from_category_then_company(self):
        self.company.write({'rma_restocking_fee_mode': 'fixed',
                            'rma_restocking_fee_value': 10.0})
        rma = self._create_rma([self._line('receipt', self.product_b),
                                self._line('issue', self.product_a)])
        receipt, issue = self._receipt(rma), self._issue(rma)
        self.assertEqual((receipt.restocking_fee_mode,
                          receipt.restocking_fee_value), ('fixed', 10.0))
        self.assertEqual(issue.restocking_fee_mode, 'none')
        self.category.write({'rma_restocking_fee_mode': 'percent',
                             'rma_restocking_fee_value': 20.0})
        rma = self._create_rma([self._line('receipt', self.product_b)])
        self.assertEqual((rma.line_ids.restocking_fee_mode,
                          rma.line_ids.restocking_fee_value),
                         ('percent', 20.0))
        self.assertEqual(rma.amount_restocking_fee, 80.0)

    def test_partial_rounds_bill_nothing_twice(self):
        rma = self._create_confirm([
            self._line('issue', self.product_a, 2, price_unit=500.0),
            self._line('receipt', self.product_b, 2, price_unit=400.0)],
            advance_exchange=True)
        issue, receipt = self._issue(rma), self._receipt(rma)
        self.assertEqual(rma.create_invoices(), [])
        # round 1: one replacement shipped
        issue.process_quantity(1)
        first = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(self._invoice_lines(first), [('charge', 1.0, 500.0)])
        self.assertEqual(rma.create_invoices(), [])
        # round 2: the second replacement and both returns
        issue.process_quantity(1)
        receipt.process_quantity(2)
        second = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(second.type, 'out_refund')
        self.assertEqual(self._invoice_lines(second), [
            ('charge', -1.0, -500.0), ('credit', 2.0, 800.0)])
        self.assertEqual(rma.create_invoices(), [])
        self.assertEqual((issue.qty_invoiced, receipt.qty_invoiced),
                         (2.0, 2.0))
        self.assertEqual((issue.qty_to_invoice, receipt.qty_to_invoice),
                         (0.0, 0.0))
        self.assertEqual(rma.amount_net, 200.0)
        self.assertEqual(first.amount_total - second.amount_total, 200.0)
        self.assertEqual(rma.state, 'done')

    def test_taxes_on_charges_and_credits(self):
        rma = self._create_confirm([
            self._line('issue', self.product_a, 1, price_unit=500.0,
                       tax_ids=[(6, 0, self.tax_10.ids)]),
            self._line('receipt', self.product_b, 1, price_unit=400.0,
                       tax_ids=[(6, 0, self.tax_10.ids)])])
        rma.process_all()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(invoice.amount_untaxed, 100.0)
        self.assertEqual(invoice.amount_tax, 10.0)
        self.assertEqual(invoice.amount_total, 110.0)
        self.assertEqual(invoice.tax_line_ids.tax_id, self.tax_10)
        self.assertEqual(invoice.tax_line_ids.base, 100.0)
        invoice.action_invoice_open()
        tax_move_line = invoice.move_id.line_ids.filtered('tax_line_id')
        self.assertEqual((tax_move_line.debit, tax_move_line.credit),
                         (0.0, 10.0))
        self.assertEqual(self._receivable_balance(), 110.0)

    def test_fiscal_position_maps_taxes(self):
        tax_0 = self.env['account.tax'].create({
            'name': 'Export 0 %', 'amount': 0.0, 'amount_type': 'percent',
            'type_tax_use': 'sale', 'company_id': self.company.id})
        fpos = self.env['account.fiscal.position'].create({
            'name': 'Export', 'tax_ids': [(0, 0, {
                'tax_src_id': self.tax_10.id, 'tax_dest_id': tax_0.id})]})
        rma = self._create_confirm([
            self._line('issue', self.product_a, 1, price_unit=500.0,
                       tax_ids=[(6, 0, self.tax_10.ids)])],
            fiscal_position_id=fpos.id)
        rma.process_all()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(invoice.fiscal_position_id, fpos)
        self.assertEqual(invoice.invoice_line_ids.invoice_line_tax_ids, tax_0)
        self.assertEqual(invoice.amount_tax, 0.0)

    def test_mass_invoicing(self):
        rmas = self.env['rma.order']
        for i in range(6):
            rmas |= self._create_confirm([
                self._line('issue', self.product_a, 1, price_unit=500.0),
                self._line('receipt', self.product_b, 1, price_unit=400.0)],
                billing_mode='separate' if i % 2 else 'net')
        idle = self._create_confirm([self._line('receipt', self.product_b)])
        rmas.process_all()
        ids = (rmas | idle).create_invoices()
        invoices = self.env['account.invoice'].browse(ids)
        self.assertEqual(len(invoices), 3 * 1 + 3 * 2)
        self.assertEqual(invoices.mapped('rma_id'), rmas)
        self.assertEqual(sum(i.amount_untaxed * (
            -1 if i.type == 'out_refund' else 1) for i in invoices), 600.0)
        self.assertFalse(idle.invoice_ids)
        self.assertEqual((rmas | idle).create_invoices(), [])

    def test_action_create_invoices_explains_nothing_to_invoice(self):
        rma = self._create_confirm([self._line('receipt', self.product_b)])
        with self.assertRaisesRegex(UserError, 'nothing was shipped'):
            rma.action_create_invoices()
        rma.process_all()
        action = rma.action_create_invoices()
        self.assertEqual(action['res_model'], 'account.invoice')
        self.assertEqual(action['res_id'], rma.invoice_ids.id)
        with self.assertRaisesRegex(UserError, 'already on an invoice'):
            rma.action_create_invoices()

    def test_invoicing_draft_or_cancelled_refused(self):
        rma = self._create_rma([self._line('receipt', self.product_b)])
        with self.assertRaisesRegex(UserError, 'is Draft'):
            rma.create_invoices()
        rma.action_confirm()
        rma.line_ids.process_quantity(1)
        rma.action_cancel()
        invoices_before = self.env['account.invoice'].search_count([])
        with self.assertRaisesRegex(UserError, 'is Cancelled'):
            rma.create_invoices()
        self.assertEqual(self.env['account.invoice'].search_count([]),
                         invoices_before)

    def test_cancel_rma_cancels_pending_invoice(self):
        rma = self._create_confirm([
            self._line('receipt', self.product_b, 2, price_unit=400.0)])
        rma.line_ids.process_quantity(1)
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        rma.action_cancel()
        self.assertEqual(invoice.state, 'cancel')
        self.assertEqual(rma.line_ids.qty_invoiced, 0.0)

    def test_cancelled_pending_invoice_reopens_billing(self):
        rma = self._seed_rma()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(rma.state, 'done')
        invoice.action_invoice_cancel()
        self.assertEqual(rma.state, 'confirmed')
        self.assertEqual(rma.invoice_status, 'to invoice')
        self.assertEqual(rma.line_ids.mapped('qty_to_invoice'), [1.0, 1.0])
        again = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(again.amount_untaxed, 100.0)
        self.assertEqual(rma.state, 'done')

    def test_pending_invoice_cannot_bill_more_than_moved(self):
        rma = self._seed_rma()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        charge = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'charge')
        with self.assertRaisesRegex(ValidationError, 'only 1.0 were'), \
                self.cr.savepoint():
            charge.write({'quantity': 3.0})
        # the flag create_invoices uses cannot be sent by a client
        with self.assertRaisesRegex(ValidationError, 'only 1.0 were'), \
                self.cr.savepoint():
            charge.with_context(rma_defer_quantity_check=True).write(
                {'quantity': 3.0})
        charge.invalidate_cache()
        self.assertEqual(charge.quantity, 1.0)


class TestRmaPriceLock(RmaBillingCase):

    def test_price_editable_until_goods_move(self):
        rma = self._create_confirm([
            self._line('receipt', self.product_b, 2, price_unit=400.0)])
        line = rma.line_ids
        self.assertFalse(line.price_locked)
        line.write({'price_unit': 390.0, 'discount': 5.0})
        line.process_quantity(1)
        self.assertTrue(line.price_locked)
        for vals in ({'price_unit': 100.0}, {'discount': 50.0},
                     {'tax_ids': [(6, 0, self.tax_10.ids)]},
                     {'restocking_fee_mode': 'percent',
                      'restocking_fee_value': 10.0}):
            with self.assertRaisesRegex(UserError, 'pricing is locked'):
                line.write(vals)
        self.assertEqual((line.price_unit, line.discount, line.tax_ids.ids,
                          line.restocking_fee_mode), (390.0, 5.0, [], 'none'))
        # unchanged values and non-pricing fields still pass
        line.write({'price_unit': 390.0, 'tax_ids': [(6, 0, [])],
                    'name': 'Returned switch'})
        self.assertEqual(line.name, 'Returned switch')

    def test_pending_invoice_edits_flow_back(self):
        rma = self._seed_rma()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        with self.assertRaisesRegex(UserError, 'pending invoice %s' %
                                    invoice.display_name):
            self._issue(rma).write({'price_unit': 450.0})
        # on the pending invoice price and taxes stay editable
        charge = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'charge')
        charge.write({'price_unit': 450.0,
                      'invoice_line_tax_ids': [(6, 0, self.tax_10.ids)]})
        invoice.compute_taxes()
        self.assertEqual(invoice.amount_untaxed, 50.0)
        self.assertEqual(invoice.amount_tax, 45.0)
        issue = self._issue(rma)
        self.assertEqual(issue.price_unit, 500.0)  # the RMA's own price
        self.assertEqual(issue.billed_price_unit, 450.0)
        self.assertEqual(issue.billed_amount, 450.0)
        self.assertEqual(self._receipt(rma).billed_amount, -400.0)
        self.assertEqual(rma.amount_charge, 450.0)
        self.assertEqual(rma.amount_net, 50.0)
        invoice.action_invoice_open()
        self.assertEqual(self._receivable_balance(), 95.0)

    def test_locked_price_refused_for_rma_user(self):
        rma = self._seed_rma()
        line = self._issue(rma).sudo(self.user)
        with self.assertRaisesRegex(UserError, 'Unit Price'):
            line.write({'price_unit': 1.0})


class TestRmaCreditPrice(RmaBillingCase):

    def test_sale_line_credit_price_and_manager_override(self):
        sale = self._create_delivered_sale(self.product_b, 2, 380.0, 10.0)
        rma = self._create_rma([(0, 0, {
            'line_type': 'receipt', 'sale_line_id': sale.order_line.id,
            'product_uom_qty': 1})], sale_id=sale.id, user=self.user)
        line = rma.line_ids
        self.assertEqual((line.price_unit, line.discount), (380.0, 10.0))
        self.assertAlmostEqual(rma.amount_credit, 342.0)
        with self.assertRaisesRegex(ValidationError, 'paid 342.00'), \
                self.cr.savepoint():
            line.sudo(self.user).write({'discount': 0.0})
        line.invalidate_cache()
        self.assertEqual(line.discount, 10.0)
        # an RMA Manager may credit more
        line.sudo(self.manager).write({'price_unit': 400.0, 'discount': 0.0})
        self.assertEqual(rma.amount_credit, 400.0)
        rma.action_confirm()
        rma.process_all()
        refund = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(refund.amount_untaxed, 400.0)

    def test_sale_line_credit_price_on_invoice(self):
        sale = self._create_delivered_sale(self.product_b, 1, 380.0, 10.0)
        rma = self._create_confirm([(0, 0, {
            'line_type': 'receipt', 'sale_line_id': sale.order_line.id,
            'product_uom_qty': 1})])
        rma.process_all()
        refund = self.env['account.invoice'].browse(rma.create_invoices())
        line = refund.invoice_line_ids
        self.assertEqual((line.price_unit, line.discount,
                          line.price_subtotal), (380.0, 10.0, 342.0))


class TestRmaBillingErrors(RmaBillingCase):

    def test_fee_validation(self):
        count = self.env['rma.order.line'].search_count([])
        with self.assertRaisesRegex(ValidationError, 'between 0 and 100'), \
                self.cr.savepoint():
            self._create_rma([self._line(
                'receipt', self.product_b, restocking_fee_mode='percent',
                restocking_fee_value=150.0)])
        with self.assertRaisesRegex(ValidationError, 'only receipt lines'), \
                self.cr.savepoint():
            self._create_rma([self._line(
                'issue', self.product_a, restocking_fee_mode='fixed',
                restocking_fee_value=5.0)])
        with self.assertRaisesRegex(ValidationError, 'cannot be negative'), \
                self.cr.savepoint():
            self._create_rma([self._line(
                'receipt', self.product_b, restocking_fee_mode='fixed',
                restocking_fee_value=-5.0)])
        self.assertEqual(self.env['rma.order.line'].search_count([]), count)

    def test_missing_income_account(self):
        product = self._create_product('No account', 10.0, 5.0)
        self.category.property_account_income_categ_id = False
        self.assertFalse(product.categ_id.property_account_income_categ_id)
        rma = self._create_confirm([self._line('issue', product)])
        rma.process_all()
        before = self.env['account.invoice'].search_count([])
        with self.assertRaisesRegex(UserError, 'no income account for '
                                    'product "No account"'):
            rma.create_invoices()
        self.assertEqual(self.env['account.invoice'].search_count([]),
                         before)
