# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .rma_order_line import FEE_MODES


class ProductCategory(models.Model):
    _inherit = 'product.category'

    rma_restocking_fee_mode = fields.Selection(
        FEE_MODES, string='RMA Restocking Fee',
        help="Fee on returns of this category's products; empty: the "
             "company's default.")
    rma_restocking_fee_value = fields.Float(
        string='RMA Fee Rate / Amount',
        help='Percentage (15 for 15 %) or amount per returned unit.')
