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
        # bill what it shipped or received. sudo: the warehouse user needs
        # no billing right for the company's own hands-off billing; it
        # bills only these transfers' RMAs, in their companies, and exactly
        # what was just done (nothing the user chooses)
        self.sudo().mapped('rma_id')._auto_invoice()
        return res
