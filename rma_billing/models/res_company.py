# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

from ..selections import (BILLING_MODES, COST_FALLBACKS, FEE_MODES,
                          FEE_TAXES, INSTALLED_BASE_CHECKS)


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
             'income account (and its taxes, if the company says so).')
    rma_fee_taxes = fields.Selection(
        FEE_TAXES, string='Restocking Fee Taxes', default='line',
        required=True,
        help='Taxes of the returned goods: the fee is taxed like what it '
             'is taken from, so tax is refunded on the net credit only. '
             "Or the restocking fee product's own taxes.")
    rma_auto_invoice = fields.Boolean(
        string='Bill Automatically When Processed',
        help='New RMAs create their pending invoice or credit note as soon '
             'as something becomes billable (goods shipped or received, '
             'services at confirmation).')
    rma_auto_post = fields.Boolean(
        string='Post Automatically',
        help='Documents billed automatically are posted at once, unless '
             'their total is above the limit.')
    rma_auto_post_limit = fields.Monetary(
        string='Auto-Post Limit', currency_field='currency_id',
        help='Documents whose total is above this amount stay pending for '
             'review (0: no limit).')
    rma_installed_base_from_deliveries = fields.Boolean(
        string='Installed Base from Deliveries',
        help='Ordinary customer deliveries add to the installed base, so '
             'returns of items sold normally find their entry.')
    rma_installed_base_check = fields.Selection(
        INSTALLED_BASE_CHECKS, string='Unknown Serial on Return',
        default='warn', required=True,
        help='What to do when an RMA receives a lot/serial number the '
             'customer does not have installed.')

    rma_sales_discount_account_id = fields.Many2one(
        'account.account', string='Sales Discount Account',
        help='Debited by the discounts granted on RMA invoice lines (a '
             'product category may set its own).')
    rma_cost_fallback = fields.Selection(
        COST_FALLBACKS, string='Unknown Original Cost', default='current',
        required=True,
        help='When the cost at which a returned item left cannot be found '
             '(no delivery of its serial, of its sale line, of the RMA or of '
             'the product to the customer): value it at the current cost, '
             'or refuse the receipt.')
    rma_reason_required = fields.Boolean(
        string='Return Reason Required',
        help='RMAs are confirmed only when each receipt line has a reason '
             "(its own or the RMA's).")

    def _rma_restocking_fee_product(self):
        self.ensure_one()
        product = self.rma_restocking_fee_product_id or self.env.ref(
            'rma_billing.product_restocking_fee', raise_if_not_found=False)
        if not product:
            raise UserError(_(
                'Company %s has no restocking fee product: set one in RMA > '
                'Configuration > Settings.') % self.name)
        return product

    def _rma_setup_accounts(self):
        """Give companies that have a chart of accounts a Sales Discount
        account for RMA invoices, unless they already chose one."""
        Account = self.env['account.account']
        revenue = self.env.ref('account.data_account_type_revenue')
        for company in self.filtered(
                lambda c: not c.rma_sales_discount_account_id):
            if not Account.search_count([('company_id', '=', company.id)]):
                continue
            code = 209100
            while Account.search_count([('code', '=', str(code)),
                                        ('company_id', '=', company.id)]):
                code += 1
            company.rma_sales_discount_account_id = Account.create({
                'name': _('Sales Discounts'), 'code': str(code),
                'user_type_id': revenue.id, 'company_id': company.id,
            })
        return True
