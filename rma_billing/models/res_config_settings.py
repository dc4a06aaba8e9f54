# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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
    rma_fee_taxes = fields.Selection(related='company_id.rma_fee_taxes')
    rma_auto_invoice = fields.Boolean(related='company_id.rma_auto_invoice')
    rma_auto_post = fields.Boolean(related='company_id.rma_auto_post')
    rma_auto_post_limit = fields.Monetary(
        related='company_id.rma_auto_post_limit',
        currency_field='currency_id')
    rma_installed_base_from_deliveries = fields.Boolean(
        related='company_id.rma_installed_base_from_deliveries')
    rma_installed_base_check = fields.Selection(
        related='company_id.rma_installed_base_check')
    rma_sales_discount_account_id = fields.Many2one(
        related='company_id.rma_sales_discount_account_id')
    rma_cost_fallback = fields.Selection(
        related='company_id.rma_cost_fallback')
    rma_reason_required = fields.Boolean(
        related='company_id.rma_reason_required')

    @api.multi
    def action_build_installed_base(self):
        """Settings button: record past customer deliveries."""
        self.ensure_one()
        self.env['rma.installed.base'].build_from_deliveries(
            self.company_id.ids)
        return self.env.ref(
            'rma_billing.rma_installed_base_action').read()[0]
