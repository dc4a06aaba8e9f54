# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    rma_commission_on_fee = fields.Boolean(
        string='Commission on RMA Restocking Fees',
        help='Restocking fees billed on returns earn the commission of the '
             'returned line for its agents.')
