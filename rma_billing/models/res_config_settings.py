# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    rma_billing_mode = fields.Selection(
        related='company_id.rma_billing_mode')
    rma_advance_exchange = fields.Boolean(
        related='company_id.rma_advance_exchange')
    rma_return_location_id = fields.Many2one(
        related='company_id.rma_return_location_id')
    rma_restocking_fee_mode = fields.Selection(
        related='company_id.rma_restocking_fee_mode')
    rma_restocking_fee_value = fields.Float(
        related='company_id.rma_restocking_fee_value')
    rma_restocking_fee_product_id = fields.Many2one(
        related='company_id.rma_restocking_fee_product_id')
