# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Return window: a return asked for later than the window after its
delivery needs an RMA Manager; the message says how many days late it
is. Billed amounts of an accepted late return."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError

from .common import RmaCase


class TestRmaReturnWindow(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestRmaReturnWindow, cls).setUpClass()
        cls.company.write({'rma_restocking_fee_mode': 'none',
                           'rma_return_window_days': 30})
        sale = cls._create_delivered_sale(cls.product_b, 10.0, 400.0)
        cls.sale_line = sale.order_line
        cls.delivered = fields.Date.from_string(
            sale.picking_ids.mapped('move_lines')[0].date[:10])

    def _request(self, days, user=None, lines=None):
        """An RMA returning one delivered unit, asked ``days`` after the
        delivery."""
        date = fields.Date.to_string(self.delivered + timedelta(days=days))
        return self._create_rma(lines or [self._line(
            'receipt', self.product_b, 1, sale_line_id=self.sale_line.id)],
            user=user, date=date + ' 12:00:00')

    def _message(self, rma, late, window=30):
        return ('RMA %s, line "Switch B": this return is %s days late: '
                'delivered on %s, returns are accepted for %s days (until '
                '%s). Only an RMA Manager can accept a late return.') % (
            rma.name, late, self.delivered, window,
            self.delivered + timedelta(days=window))

    def test_late_return_needs_a_manager(self):
        on_time = self._request(30, user=self.user)
        self.assertFalse(on_time.line_ids.return_window_warning)
        on_time.action_confirm()
        self.assertEqual(on_time.state, 'confirmed')

        rma = self._request(45, user=self.user)
        line = rma.line_ids
        message = self._message(rma, 15)
        self.assertEqual(line.return_window_warning, message)
        self.assertEqual(line._get_return_window_blocker(), message)
        self.assertEqual(line._get_return_window_blocker(is_manager=True), '')
        with self.assertRaises(UserError) as refused:
            rma.action_confirm()
        self.assertEqual(refused.exception.name, message)
        self.assertEqual((rma.state, rma.picking_ids.ids), ('draft', []))
        # a manager accepts it; a user then receives and bills it
        self.assertEqual(line.sudo(self.manager)._get_return_window_blocker(),
                         '')
        rma.sudo(self.manager).action_confirm()
        self.assertEqual(rma.state, 'confirmed')
        rma.sudo(self.user).process_all()
        invoice = self.env['account.invoice'].browse(
            rma.sudo(self.user).create_invoices())
        self.assertEqual((invoice.type, invoice.amount_untaxed,
                          invoice.amount_total), ('out_refund', 400.0, 400.0))
        self.assertEqual(invoice.invoice_line_ids.price_subtotal, 400.0)
        invoice.action_invoice_open()
        self.assertEqual(invoice.move_id.line_ids.filtered(
            lambda l: l.account_id == invoice.account_id).credit, 400.0)

    def test_one_day_late_and_the_category_window(self):
        rma = self._request(31, user=self.user)
        with self.assertRaisesRegex(UserError, 'is 1 days late'):
            rma.action_confirm()
        # the category's window replaces the company's
        self.category.rma_return_window_days = 60
        self.assertFalse(rma.line_ids.return_window_warning)
        rma.action_confirm()
        late = self._request(61, user=self.user)
        self.assertEqual(late.line_ids.return_window_warning,
                         self._message(late, 1, window=60))
        # no window: never late; unknown delivery: never late
        self.category.rma_return_window_days = 0
        self.company.rma_return_window_days = 0
        self.assertFalse(late.line_ids.return_window_warning)
        self.company.rma_return_window_days = 30
        unknown = self._request(400, lines=[self._line(
            'receipt', self.product_a, 1, price_unit=500.0)])
        self.assertFalse(unknown.line_ids.return_window_warning)
        unknown.sudo(self.user).action_confirm()
        unknown.process_all()
        invoice = self.env['account.invoice'].browse(
            unknown.create_invoices())
        self.assertEqual(invoice.amount_total, 500.0)

    def test_late_line_added_to_a_confirmed_rma(self):
        rma = self._request(10, user=self.user)
        rma.action_confirm()
        lines = rma.line_ids
        rma.date = fields.Date.to_string(
            self.delivered + timedelta(days=50)) + ' 12:00:00'
        with self.assertRaisesRegex(UserError, 'is 20 days late'), \
                self.env.cr.savepoint():
            rma.sudo(self.user).write({'line_ids': [self._line(
                'receipt', self.product_b, 1,
                sale_line_id=self.sale_line.id)]})
        self.assertEqual(rma.line_ids, lines)
        rma.sudo(self.manager).write({'line_ids': [self._line(
            'receipt', self.product_b, 1, sale_line_id=self.sale_line.id)]})
        self.assertEqual(len(rma.line_ids), 2)
        rma.process_all()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(invoice.amount_total, 800.0)

    def test_blocker_on_a_new_record(self):
        """What the portal asks before creating anything."""
        rma = self.env['rma.order'].new({
            'partner_id': self.customer.id, 'company_id': self.company.id,
            'date': fields.Date.to_string(
                self.delivered + timedelta(days=40)) + ' 12:00:00'})
        line = self.env['rma.order.line'].new({
            'order_id': rma, 'line_type': 'receipt',
            'product_id': self.product_b.id,
            'sale_line_id': self.sale_line.id})
        self.assertIn('this return is 10 days late',
                      line._get_return_window_blocker(is_manager=False))
