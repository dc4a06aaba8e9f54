# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    # Every transfer of an RMA's procurement group, whichever route step
    # made it (as sale_stock links pickings to their sale order).
    rma_id = fields.Many2one(related='group_id.rma_id', store=True,
                             readonly=True, string='RMA', index=True)
