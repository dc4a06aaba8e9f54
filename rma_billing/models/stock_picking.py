# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    # Every transfer of an RMA's procurement group, whichever route step
    # made it (as sale_stock links pickings to their sale order).
    rma_id = fields.Many2one(related='group_id.rma_id', store=True,
                             readonly=True, string='RMA', index=True)

    @api.multi
    def action_done(self):
        res = super(StockPicking, self).action_done()
        # validated on the picking screen: RMAs that bill automatically
        # bill what it shipped or received
        self.mapped('rma_id')._auto_invoice()
        return res
