# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The audit trail: changes to an RMA's state and terms and to its lines'
prices, fees and quantities are in its chatter with who and when (Odoo's
tracking values), and a credit above the price paid names the RMA Manager
who allowed it."""
from odoo.exceptions import UserError

from .common import RmaCase


class TestAuditTrail(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestAuditTrail, cls).setUpClass()
        # the fixtures are built without tracking; the tests track
        cls.tracked = cls.env(context=dict(cls.env.context,
                                           tracking_disable=False))

    def _rma(self, user, lines):
        return self._create_rma(lines).with_env(
            self.tracked(user=user.id))

    def _tracking(self, rma, since_ids=()):
        """[(author login, body, [(field, old, new)])] of the messages
        posted on ``rma`` after ``since_ids``, oldest first."""
        messages = self.env['mail.message'].search([
            ('model', '=', 'rma.order'), ('res_id', '=', rma.id),
            ('id', 'not in', list(since_ids))], order='id')
        result = []
        for message in messages.filtered('tracking_value_ids'):
            values = [(v.field, v.get_old_display_value()[0],
                       v.get_new_display_value()[0])
                      for v in message.tracking_value_ids.sorted('id')]
            login = self.env['res.users'].search(
                [('partner_id', '=', message.author_id.id)]).login
            result.append((login, message.body, values))
        return result

    def _message_ids(self, rma):
        return self.env['mail.message'].search(
            [('model', '=', 'rma.order'), ('res_id', '=', rma.id)]).ids

    def test_line_prices_and_fees_are_tracked_on_the_rma(self):
        rma = self._rma(self.user, [self._line(
            'receipt', self.product_b, price_unit=400.0)])
        before = self._message_ids(rma)
        rma.line_ids.write({'price_unit': 380.0, 'discount': 5.0,
                            'restocking_fee_mode': 'percent',
                            'restocking_fee_value': 15.0})
        # the context of the audit's own writes does not skip it
        rma.line_ids.with_context(rma_audit_in_write=True).write(
            {'product_uom_qty': 2.0})
        rma.line_ids.write({'price_unit': 380.0})  # no change: no message
        self.assertEqual(self._tracking(rma, before), [
            ('rma_clerk', '<p>Line "Switch B" changed.</p>', [
                ('price_unit', 400.0, 380.0), ('discount', 0.0, 5.0),
                ('restocking_fee_mode', 'No fee',
                 'Percentage of the credit'),
                ('restocking_fee_value', 0.0, 15.0)]),
            ('rma_clerk', '<p>Line "Switch B" changed.</p>', [
                ('product_uom_qty', 1.0, 2.0)]),
        ])
        message = self.env['mail.message'].search(
            [('model', '=', 'rma.order'), ('res_id', '=', rma.id)],
            limit=1, order='id desc')
        self.assertTrue(message.date)
        self.assertEqual(message.subtype_id, self.env.ref('mail.mt_note'))

    def test_state_billing_mode_and_terms_are_tracked(self):
        rma = self._rma(self.user, [self._line('receipt', self.product_b)])
        before = self._message_ids(rma)
        rma.write({'billing_mode': 'separate'})
        rma.action_confirm()
        rma.action_cancel()
        tracking = self._tracking(rma, before)
        self.assertEqual([(login, values) for login, _b, values in tracking],
                         [('rma_clerk', [('billing_mode',
                                          'Net (one document)',
                                          'Separate invoice and credit '
                                          'note')]),
                          ('rma_clerk', [('state', 'Draft', 'Confirmed')]),
                          ('rma_clerk', [('state', 'Confirmed',
                                          'Cancelled')])])

    def test_credit_above_paid_records_the_manager(self):
        sale = self._create_delivered_sale(self.product_a, 2, 500.0)
        rma = self._rma(self.manager, [self._line(
            'receipt', self.product_a, sale_line_id=sale.order_line.id)])
        line = rma.line_ids
        self.assertFalse(line.credit_override_user_id)
        before = self._message_ids(rma)
        line.write({'price_unit': 550.0})
        self.assertEqual(line.credit_override_user_id, self.manager)
        self.assertTrue(line.credit_override_date)
        self.assertEqual(self._tracking(rma, before), [
            ('rma_boss', '<p>Line "Router A" changed.</p>', [
                ('price_unit', 500.0, 550.0),
                ('credit_override_user_id', '', 'Rma Boss')]),
        ])
        # an RMA user may bring it back within the price paid: cleared
        clerk_line = line.sudo(self.user).with_context(tracking_disable=True)
        clerk_line.write({'price_unit': 500.0})
        self.assertFalse(line.credit_override_user_id)
        self.assertFalse(line.credit_override_date)
        # the stamp is the server's: nobody sends it
        with self.assertRaisesRegex(UserError, 'set by the server'):
            line.write({'credit_override_user_id': self.manager.id})
        # not even with the context the server uses for its own stamp
        with self.assertRaisesRegex(UserError, 'set by the server'):
            line.with_context(rma_credit_override_stamp=True).write(
                {'credit_override_user_id': self.manager.id})
        with self.assertRaisesRegex(UserError, 'set by the server'):
            self._create_rma([self._line(
                'receipt', self.product_b,
                credit_override_date='2026-01-01 00:00:00')])

    def test_manager_create_above_paid_is_stamped(self):
        sale = self._create_delivered_sale(self.product_a, 2, 500.0)
        rma = self._create_rma([self._line(
            'receipt', self.product_a, sale_line_id=sale.order_line.id,
            price_unit=520.0)], user=self.manager)
        self.assertEqual(rma.line_ids.credit_override_user_id, self.manager)
        self.assertTrue(rma.line_ids.credit_override_date)
        within = self._create_rma([self._line(
            'receipt', self.product_a, sale_line_id=sale.order_line.id,
            price_unit=450.0)], user=self.manager)
        self.assertFalse(within.line_ids.credit_override_user_id)
