# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .rma_order import BILLING_MODES


class ResCompany(models.Model):
    _inherit = 'res.company'

    rma_billing_mode = fields.Selection(
        BILLING_MODES, string='RMA Billing Mode', default='net',
        help='Default billing mode of new RMAs when the customer sets none.')
    rma_advance_exchange = fields.Boolean(
        string='RMA Advance Exchange',
        help='New RMAs ship replacements before the return arrives.')
    rma_return_location_id = fields.Many2one(
        'stock.location', string='RMA Return Location',
        domain=[('usage', '=', 'internal')],
        help="Where returned goods arrive; empty: the RMA warehouse's stock.")
