# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Return window: a return asked for more days after its delivery than
the company (or the product category) accepts needs an RMA Manager. The
blocker is a public-facing rule: the portal refuses late requests with
the same message (_get_return_window_blocker)."""
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    return_window_warning = fields.Char(
        compute='_compute_return_window_warning',
        help='The return comes later than the return window: only an RMA '
             'Manager can accept it.')

    @api.depends('line_type', 'product_id', 'lot_id', 'sale_line_id',
                 'order_id.date', 'order_id.partner_id',
                 'product_id.categ_id.rma_return_window_days',
                 'order_id.company_id.rma_return_window_days')
    def _compute_return_window_warning(self):
        late = self._return_window_lateness()
        for line in self:
            line.return_window_warning = line in late and \
                line._return_window_message(*late[line])

    @api.multi
    def _return_window_days(self):
        """Days after delivery within which a return is accepted (0: no
        limit): the product category's, else the company's."""
        self.ensure_one()
        return self.product_id.categ_id.rma_return_window_days or \
            self.order_id.company_id.rma_return_window_days

    @api.multi
    def _return_window_lateness(self):
        """{line: (days late, delivery date, window days)} of the returns
        among these lines that come too late; one delivery lookup for the
        batch. A return whose delivery is unknown is never late."""
        returns = self.filtered(
            lambda l: l.line_type == 'receipt' and l._return_window_days())
        if not returns:
            return {}
        dates = returns._rma_delivery_dates()
        result = {}
        for line in returns:
            delivered = dates.get(line)
            window = line._return_window_days()
            days = line._days_since(delivered)
            if days is not None and days > window:
                result[line] = (days - window, delivered, window)
        return result

    @api.multi
    def _return_window_message(self, days_late, delivered, window):
        self.ensure_one()
        return _(
            'RMA %s, line "%s": this return is %s days late: delivered on '
            '%s, returns are accepted for %s days (until %s). Only an RMA '
            'Manager can accept a late return.') % (
            self.order_id.name, self.product_id.display_name, days_late,
            delivered, window, delivered + timedelta(days=window))

    @api.multi
    def _get_return_window_blocker(self, is_manager=None):
        """Why this return cannot be accepted (empty: it can): it comes
        later than the return window and the user is no RMA Manager
        (``is_manager``: default the current user's group; the portal
        passes False). Works on new records too."""
        self.ensure_one()
        if is_manager is None:
            is_manager = self.env.user.has_group(
                'rma_billing.group_rma_manager')
        if is_manager:
            return ''
        late = self._return_window_lateness()
        return self in late and self._return_window_message(
            *late[self]) or ''

    @api.multi
    def _check_return_window(self, is_manager=None):
        """Late returns refused, all lines in one message, unless the
        user is an RMA Manager (``is_manager``: as in
        _get_return_window_blocker)."""
        if is_manager is None:
            is_manager = self.env.user.has_group(
                'rma_billing.group_rma_manager')
        if is_manager:
            return True
        late = self._return_window_lateness()
        if late:
            raise UserError('\n'.join(
                line._return_window_message(*late[line])
                for line in self if line in late))
        return True

    @api.multi
    def _check_can_confirm(self):
        super(RmaOrderLine, self)._check_can_confirm()
        return self._check_return_window()
