# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    rma_id = fields.Many2one('rma.order', string='RMA', index=True,
                             readonly=True)
