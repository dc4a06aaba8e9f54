# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = 'product.template'

    rma_warranty_months = fields.Integer(
        string='Warranty (months)',
        help='Warranty from delivery: RMA issue lines under warranty are '
             "not charged. 0: the product category's.")
