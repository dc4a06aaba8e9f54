# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

from .rma_order import BILLING_MODES
from .rma_order_line import FEE_MODES


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
    rma_restocking_fee_mode = fields.Selection(
        FEE_MODES, string='RMA Restocking Fee', default='none',
        help='Default fee on returns, unless the product category sets one.')
    rma_restocking_fee_value = fields.Float(
        string='RMA Fee Rate / Amount',
        help='Percentage (15 for 15 %) or amount per returned unit.')
    rma_restocking_fee_product_id = fields.Many2one(
        'product.product', string='Restocking Fee Product',
        domain=[('type', '=', 'service')],
        help='Restocking fees are billed with this product, so they get its '
             'income account and taxes.')

    def _rma_restocking_fee_product(self):
        self.ensure_one()
        product = self.rma_restocking_fee_product_id or self.env.ref(
            'rma_billing.product_restocking_fee', raise_if_not_found=False)
        if not product:
            raise UserError(_(
                'Company %s has no restocking fee product: set one in RMA > '
                'Configuration > Settings.') % self.name)
        return product
