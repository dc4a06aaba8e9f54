# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = 'stock.move'

    rma_line_id = fields.Many2one(
        'rma.order.line', string='RMA Line', index=True, readonly=True,
        ondelete='restrict')

    @api.model
    def _prepare_merge_moves_distinct_fields(self):
        # Two RMA lines of the same product stay two moves.
        distinct_fields = super(StockMove, self)\
            ._prepare_merge_moves_distinct_fields()
        distinct_fields.append('rma_line_id')
        return distinct_fields

    @api.model
    def _prepare_merge_move_sort_method(self, move):
        keys = super(StockMove, self)._prepare_merge_move_sort_method(move)
        keys.append(move.rma_line_id.id)
        return keys

    def _action_done(self):
        # Same rule whether goods move from the RMA or the picking screen.
        issues = self.filtered(
            lambda m: m.rma_line_id.line_type == 'issue' and
            m.state not in ('done', 'cancel') and m.quantity_done > 0)
        for rma in issues.mapped('rma_line_id.order_id'):
            if not rma.can_ship_issues:
                raise UserError(rma._waiting_receipts_message())
        res = super(StockMove, self)._action_done()
        self.mapped('rma_line_id.order_id')._update_state()
        return res
