# Copyright 2026 rma_billing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    rma_commission_on_fee = fields.Boolean(
        string='Commission on RMA Restocking Fees',
        help='Restocking fees billed on returns earn the commission of the '
             'returned line for its agents.')
