# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Why a line comes back and in which condition: the reason's category and
the condition of received goods, and the company rule that receipts must
say why."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..selections import REASON_CATEGORIES, RETURN_CONDITIONS


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    condition = fields.Selection(
        RETURN_CONDITIONS,
        help='Receipts: the state in which the returned goods arrive.')
    reason_category = fields.Selection(
        REASON_CATEGORIES,
        compute='_compute_reason_category', store=True,
        help="Category of the line's reason, else of the RMA's.")

    @api.depends('reason_id.category', 'order_id.reason_id.category')
    def _compute_reason_category(self):
        for line in self:
            reason = line._rma_reason()
            line.reason_category = reason.category if reason else False

    @api.multi
    def _rma_reason(self):
        """The line's reason, else its RMA's return reason."""
        self.ensure_one()
        return self.reason_id or self.order_id.reason_id

    @api.multi
    def _check_can_confirm(self):
        self._check_reason()
        return super(RmaOrderLine, self)._check_can_confirm()

    @api.multi
    def _check_reason(self):
        """Companies that require a reason refuse receipts without one
        (neither on the line nor on the RMA)."""
        missing = self.filtered(
            lambda l: l.line_type == 'receipt' and not l._rma_reason() and
            l.order_id.company_id.rma_reason_required)
        if missing:
            raise UserError(_(
                'Returns need a reason in company %s:\n%s\nSet the Reason '
                'on each receipt line, or the Return Reason of the '
                'RMA.') % (
                ', '.join(sorted(set(missing.mapped('company_id.name')))),
                '\n'.join(_('RMA %s, line "%s"') % (
                    line.order_id.name, line.product_id.display_name)
                    for line in missing)))
        return True
