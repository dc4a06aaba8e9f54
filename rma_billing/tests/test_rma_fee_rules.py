# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Restocking-fee rules: every condition, the days-since-delivery
boundaries, first-match order, the default when none matches, and a fee
typed by hand (tracked, then locked), each billed on a real document."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import RmaCase, create_customer


class TestRmaFeeRules(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestRmaFeeRules, cls).setUpClass()
        cls.fee_product = cls.company._rma_restocking_fee_product()
        cls.fee_product.taxes_id = [(6, 0, [])]
        cls.company.write({'rma_restocking_fee_mode': 'none',
                           'rma_return_window_days': 0})
        cls.sale = cls._deliver(cls.product_b, 50.0, 400.0)
        cls.sale_line = cls.sale.order_line
        cls.delivered = fields.Date.from_string(
            cls.sale.picking_ids.mapped('move_lines')[0].date[:10])
        cls.reason_damaged = cls.env['rma.reason'].create(
            {'name': 'Damaged in transit (fee test)'})
        cls.reason_unwanted = cls.env['rma.reason'].create(
            {'name': 'No longer wanted (fee test)'})
        cls.Rule = cls.env['rma.fee.rule']

    @classmethod
    def _deliver(cls, product, qty, price, partner=None):
        sale = cls.env['sale.order'].create({
            'partner_id': (partner or cls.customer).id,
            'order_line': [(0, 0, {
                'product_id': product.id, 'product_uom_qty': qty,
                'price_unit': price, 'tax_id': [(6, 0, [])]})]})
        sale.action_confirm()
        for move in sale.picking_ids.mapped('move_lines'):
            move._set_quantity_done(move.product_uom_qty)
        sale.picking_ids.button_validate()
        return sale

    def _rma_date(self, days):
        return fields.Datetime.to_string(fields.Datetime.from_string(
            fields.Date.to_string(self.delivered + timedelta(days=days)) +
            ' 12:00:00'))

    def _return(self, days=10, qty=1.0, user=None, **extra):
        """A return of the delivered sale line, asked ``days`` after its
        delivery: its line."""
        line_vals = dict(extra)
        rma_vals = {'date': self._rma_date(days)}
        if 'rma_reason' in line_vals:
            rma_vals['reason_id'] = line_vals.pop('rma_reason').id
        rma = self._create_rma([self._line(
            'receipt', self.product_b, qty, sale_line_id=self.sale_line.id,
            **line_vals)], user=user, **rma_vals)
        return self._receipt(rma)

    def _rule(self, name, mode='percent', value=10.0, **conditions):
        return self.Rule.create(dict(conditions, name=name, fee_mode=mode,
                                     fee_value=value, sequence=conditions.get(
                                         'sequence', 10)))

    def _bill(self, line):
        """Confirm, receive and bill the line's RMA: its document."""
        rma = line.order_id
        rma.action_confirm()
        rma.process_all()
        return self.env['account.invoice'].browse(rma.create_invoices())

    def _amounts(self, invoice):
        return sorted((il.rma_line_kind, il.quantity, il.price_unit,
                       il.price_subtotal) for il in invoice.invoice_line_ids)

    # No rule, one rule ------------------------------------------------------
    def test_no_matching_rule_keeps_the_category_default(self):
        self.category.write({'rma_restocking_fee_mode': 'percent',
                             'rma_restocking_fee_value': 5.0})
        self._rule('Other products only', value=30.0,
                   product_ids=[(6, 0, self.product_a.ids)])
        line = self._return()
        self.assertFalse(line.fee_rule_id)
        self.assertEqual((line.restocking_fee_mode, line.restocking_fee_value),
                         ('percent', 5.0))
        invoice = self._bill(line)
        self.assertEqual(invoice.type, 'out_refund')
        self.assertEqual(self._amounts(invoice), [
            ('credit', 1.0, 400.0, 400.0), ('fee', -1.0, 20.0, -20.0)])
        self.assertEqual(invoice.amount_total, 380.0)
        self.assertEqual(line.order_id.amount_net, -380.0)

    def test_first_matching_rule_wins_in_sequence(self):
        late = self._rule('Any return', value=10.0, sequence=20)
        early = self._rule('Damaged', value=25.0, sequence=10,
                           reason_ids=[(6, 0, self.reason_damaged.ids)])
        line = self._return(reason_id=self.reason_damaged.id)
        self.assertEqual(line.fee_rule_id, early)
        self.assertEqual(line.restocking_fee_value, 25.0)
        # the earlier rule does not hold: the next one does
        other = self._return(reason_id=self.reason_unwanted.id)
        self.assertEqual(other.fee_rule_id, late)
        # reordered: the general rule now comes first for every return
        late.sequence = 5
        third = self._return(reason_id=self.reason_damaged.id)
        self.assertEqual(third.fee_rule_id, late)
        invoice = self._bill(line)
        self.assertEqual(self._amounts(invoice), [
            ('credit', 1.0, 400.0, 400.0), ('fee', -1.0, 100.0, -100.0)])
        self.assertEqual(invoice.amount_total, 300.0)
        invoice.action_invoice_open()
        receivable = invoice.move_id.line_ids.filtered(
            lambda l: l.account_id == invoice.account_id)
        self.assertEqual((receivable.debit, receivable.credit), (0.0, 300.0))
        self.assertEqual(line.billed_fee_amount, 100.0)

    # Each condition ---------------------------------------------------------
    def test_each_condition_matches_and_misses(self):
        parent = self.env['product.category'].create({'name': 'Fee parent'})
        self.category.parent_id = parent
        other_category = self.env['product.category'].create(
            {'name': 'Fee other'})
        tag = self.env['res.partner.category'].create({'name': 'Fee VIP'})
        other_tag = self.env['res.partner.category'].create(
            {'name': 'Fee Bronze'})
        self.customer.category_id = [(6, 0, tag.ids)]
        other_customer = create_customer(self.env, 'Fee Other Customer')
        other_company = self.env['res.company'].create(
            {'name': 'Fee Other Company'})
        cases = [
            ('reason on the line', {
                'reason_ids': [(6, 0, self.reason_damaged.ids)]},
             {'reason_id': self.reason_damaged.id},
             {'reason_id': self.reason_unwanted.id}),
            ("the RMA's reason", {
                'reason_ids': [(6, 0, self.reason_damaged.ids)]},
             {'rma_reason': self.reason_damaged},
             {'rma_reason': self.reason_unwanted}),
            ('product', {'product_ids': [(6, 0, self.product_b.ids)]}, {},
             None),
            ('parent category', {'categ_ids': [(6, 0, parent.ids)]}, {},
             {'categ_ids': [(6, 0, other_category.ids)]}),
            ('customer', {'partner_ids': [(6, 0, self.customer.ids)]}, {},
             {'partner_ids': [(6, 0, other_customer.ids)]}),
            ('customer tag', {'partner_category_ids': [(6, 0, tag.ids)]}, {},
             {'partner_category_ids': [(6, 0, other_tag.ids)]}),
            ('company', {'company_id': self.company.id}, {},
             {'company_id': other_company.id}),
        ]
        for name, condition, line_vals, miss in cases:
            rule = self._rule(name, value=20.0, **condition)
            line = self._return(**line_vals)
            self.assertEqual(line.fee_rule_id, rule, name)
            self.assertEqual(line.restocking_fee_value, 20.0, name)
            if miss is not None:
                if 'reason_id' in miss or 'rma_reason' in miss:
                    line = self._return(**miss)
                else:
                    rule.write(miss)
                    line = self._return(**line_vals)
                self.assertFalse(line.fee_rule_id, name)
                self.assertEqual(line.restocking_fee_mode, 'none', name)
            rule.active = False
        # another product of the category misses the product rule
        rule = self._rule('product only', value=20.0,
                          product_ids=[(6, 0, self.product_a.ids)])
        self.assertFalse(self._return().fee_rule_id)
        rule.active = False
        # and a matching one bills its fee
        self._rule('customer tag', value=20.0,
                   partner_category_ids=[(6, 0, tag.ids)])
        invoice = self._bill(self._return())
        self.assertEqual(self._amounts(invoice), [
            ('credit', 1.0, 400.0, 400.0), ('fee', -1.0, 80.0, -80.0)])
        self.assertEqual(invoice.amount_total, 320.0)

    def test_reason_category_and_condition(self):
        self.reason_damaged.category = 'transit_damage'
        self.reason_unwanted.category = 'not_needed'
        by_category = self._rule('Not needed', value=20.0, sequence=20,
                                 reason_category='not_needed')
        opened = self._rule('Not needed, opened', value=30.0, sequence=10,
                            reason_category='not_needed', condition='opened')
        line = self._return(rma_reason=self.reason_unwanted)
        self.assertEqual(line.fee_rule_id, by_category)
        self.assertFalse(self._return(
            reason_id=self.reason_damaged.id).fee_rule_id)
        line.condition = 'opened'
        self.assertEqual((line.fee_rule_id, line.restocking_fee_value),
                         (opened, 30.0))
        # the condition recorded at inspection, after the goods arrived
        # and before anything is billed, still gives the fee
        late = self._return(rma_reason=self.reason_unwanted)
        late.order_id.action_confirm()
        late.order_id.process_all()
        self.assertTrue(late.price_locked)
        late.condition = 'opened'
        self.assertEqual((late.fee_rule_id, late.restocking_fee_value),
                         (opened, 30.0))
        invoice = self.env['account.invoice'].browse(
            late.order_id.create_invoices())
        self.assertEqual(self._amounts(invoice), [
            ('credit', 1.0, 400.0, 400.0), ('fee', -1.0, 120.0, -120.0)])
        self.assertEqual(invoice.amount_total, 280.0)
        # once billed, the document carries the fee: no rule changes it
        late.condition = 'used'
        self.assertEqual(late.restocking_fee_value, 30.0)
        # neither can a client reach the rules' own path
        with self.assertRaisesRegex(UserError, 'pricing is locked'):
            late.with_context(rma_fee_rule_write=True).write(
                {'restocking_fee_value': 0.0})
        self.assertEqual(late.billed_fee_amount, 120.0)

    def test_days_since_delivery_boundaries(self):
        first = self._rule('0-30 days', value=5.0, days_to=30)
        second = self._rule('31-60 days', value=15.0, days_from=31,
                            days_to=60)
        third = self._rule('61 days or more', value=25.0, days_from=61)
        expected = {0: first, 30: first, 31: second, 60: second, 61: third,
                    400: third}
        for days, rule in sorted(expected.items()):
            line = self._return(days=days)
            self.assertEqual(line.days_since_delivery, days)
            self.assertEqual(line.fee_rule_id, rule, days)
        # a return of unknown delivery matches no rule with days
        unknown = self._create_rma([self._line(
            'receipt', self.product_a, 1, price_unit=500.0)])
        self.assertFalse(unknown.line_ids.delivery_date)
        self.assertFalse(unknown.line_ids.fee_rule_id)
        line = self._return(days=31)
        invoice = self._bill(line)
        self.assertEqual(self._amounts(invoice), [
            ('credit', 1.0, 400.0, 400.0), ('fee', -1.0, 60.0, -60.0)])
        self.assertEqual(invoice.amount_total, 340.0)

    def test_fixed_and_no_fee_results(self):
        self.category.write({'rma_restocking_fee_mode': 'percent',
                             'rma_restocking_fee_value': 10.0})
        fixed = self._rule('Fixed', mode='fixed', value=25.0,
                           reason_ids=[(6, 0, self.reason_damaged.ids)])
        waived = self._rule('Unwanted: no fee', mode='none', value=0.0,
                            reason_ids=[(6, 0, self.reason_unwanted.ids)])
        line = self._return(qty=2.0, reason_id=self.reason_damaged.id)
        self.assertEqual(line.fee_rule_id, fixed)
        self.assertEqual(line.restocking_fee_amount, 50.0)
        none = self._return(reason_id=self.reason_unwanted.id)
        self.assertEqual(none.fee_rule_id, waived)
        self.assertEqual(none.restocking_fee_mode, 'none')
        invoice = self._bill(line)
        self.assertEqual(self._amounts(invoice), [
            ('credit', 2.0, 400.0, 800.0), ('fee', -2.0, 25.0, -50.0)])
        self.assertEqual(invoice.amount_total, 750.0)
        invoice = self._bill(none)
        self.assertEqual(self._amounts(invoice), [
            ('credit', 1.0, 400.0, 400.0)])

    def test_rule_follows_the_line_until_overridden(self):
        damaged = self._rule('Damaged', value=25.0,
                             reason_ids=[(6, 0, self.reason_damaged.ids)])
        line = self._return(reason_id=self.reason_unwanted.id)
        self.assertFalse(line.fee_rule_id)
        line.reason_id = self.reason_damaged
        self.assertEqual(line.fee_rule_id, damaged)
        self.assertEqual(line.restocking_fee_value, 25.0)
        line.order_id.reason_id = self.reason_unwanted
        self.assertEqual(line.fee_rule_id, damaged)  # the line's reason

    # Override ---------------------------------------------------------------
    def test_override_is_tracked_then_locked(self):
        rule = self._rule('Standard', value=15.0)
        line = self._return(user=self.user)
        rma = line.order_id
        self.assertEqual((line.fee_rule_id, line.fee_overridden),
                         (rule, False))
        line.sudo(self.user).write({'restocking_fee_value': 10.0})
        self.assertTrue(line.fee_overridden)
        self.assertEqual(line.fee_rule_id, rule)
        message = rma.message_ids.filtered(
            lambda m: 'Restocking fee' in (m.body or ''))
        self.assertEqual(len(message), 1)
        self.assertIn('15.0 % → 10.0 %', message.body)
        self.assertIn('overrides rule "Standard"', message.body)
        self.assertIn(self.user.name, message.body)
        # the rules no longer change it
        line.reason_id = self.reason_damaged
        rule.fee_value = 30.0
        rma.write({'reason_id': self.reason_unwanted.id})
        self.assertEqual(line.restocking_fee_value, 10.0)
        rma.sudo(self.user).action_confirm()
        rma.sudo(self.user).process_all()
        with self.assertRaisesRegex(UserError, 'pricing is locked'):
            line.sudo(self.user).write({'restocking_fee_value': 15.0})
        invoice = self.env['account.invoice'].browse(
            rma.sudo(self.user).create_invoices())
        self.assertEqual(self._amounts(invoice), [
            ('credit', 1.0, 400.0, 400.0), ('fee', -1.0, 40.0, -40.0)])
        self.assertEqual(invoice.amount_total, 360.0)
        # the pending invoice stays editable, and shows back on the line
        fee_line = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'fee')
        fee_line.sudo(self.user).write({'price_unit': 60.0})
        invoice.compute_taxes()
        self.assertEqual(invoice.amount_total, 340.0)
        self.assertEqual(line.billed_fee_amount, 60.0)
        self.assertEqual(rma.amount_net, -340.0)
        invoice.action_invoice_open()
        self.assertEqual(invoice.move_id.line_ids.filtered(
            lambda l: l.account_id == invoice.account_id).credit, 340.0)

    def test_fee_typed_with_the_line_is_an_override(self):
        rule = self._rule('Standard', value=15.0)
        line = self._return(restocking_fee_mode='percent',
                            restocking_fee_value=15.0)
        self.assertEqual((line.fee_rule_id, line.fee_overridden),
                         (rule, False))
        line = self._return(restocking_fee_mode='percent',
                            restocking_fee_value=5.0)
        self.assertEqual((line.fee_rule_id, line.fee_overridden),
                         (rule, True))
        self.assertEqual(line.restocking_fee_amount, 20.0)

    # Configuration ----------------------------------------------------------
    def test_rule_refusals_and_company_rule(self):
        with self.assertRaisesRegex(ValidationError,
                                    'percentage must be between 0 and 100'), \
                self.env.cr.savepoint():
            self._rule('Too much', value=120.0)
        with self.assertRaisesRegex(ValidationError,
                                    'a fixed fee cannot be negative'), \
                self.env.cr.savepoint():
            self._rule('Negative', mode='fixed', value=-5.0)
        with self.assertRaisesRegex(ValidationError,
                                    'days since delivery go from 40 to 30'), \
                self.env.cr.savepoint():
            self._rule('Backwards', days_from=40, days_to=30)
        self.assertFalse(self.Rule.search([('name', 'in', (
            'Too much', 'Negative', 'Backwards'))]))
        other_company = self.env['res.company'].create(
            {'name': 'Fee Rule Company'})
        foreign = self._rule('Foreign', company_id=other_company.id)
        self.assertFalse(self.Rule.sudo(self.user).search(
            [('id', '=', foreign.id)]))
        with self.assertRaises(AccessError):
            self.Rule.sudo(self.user).create({'name': 'By a user'})
