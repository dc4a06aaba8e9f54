# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

from ..selections import FEE_MODES


class ProductCategory(models.Model):
    _inherit = 'product.category'

    rma_restocking_fee_mode = fields.Selection(
        FEE_MODES, string='RMA Restocking Fee',
        help="Fee on returns of this category's products; empty: the "
             "company's default.")
    rma_restocking_fee_value = fields.Float(
        string='RMA Fee Rate / Amount',
        help='Percentage (15 for 15 %) or amount per returned unit.')
    rma_warranty_months = fields.Integer(
        string='Warranty (months)',
        help='Warranty of the products of this category, from their '
             'delivery: RMA issue lines under warranty are not charged. A '
             'product may set its own.')
    rma_return_window_days = fields.Integer(
        string='RMA Return Window (days)',
        help="Days after delivery within which a return is accepted; "
             "later, only an RMA Manager can accept it. 0: the company's.")
    # Accounts: company dependent, like the category's own accounts.
    rma_cogs_account_id = fields.Many2one(
        'account.account', string='RMA Cost of Goods Account',
        company_dependent=True, domain=[('deprecated', '=', False)],
        help='Debited when RMA issues ship, credited when RMA returns '
             "arrive; empty: the category's expense account.")
    rma_inventory_account_id = fields.Many2one(
        'account.account', string='RMA Returns Inventory Account',
        company_dependent=True, domain=[('deprecated', '=', False)],
        help="Debited when RMA returns arrive; empty: the category's stock "
             "valuation account.")
    rma_sales_returns_account_id = fields.Many2one(
        'account.account', string='Sales Returns Account',
        company_dependent=True, domain=[('deprecated', '=', False)],
        help="Debited by RMA credits; empty: the product's income account.")
    rma_sales_discount_account_id = fields.Many2one(
        'account.account', string='Sales Discount Account',
        company_dependent=True, domain=[('deprecated', '=', False)],
        help="Debited by the discounts of RMA invoice lines; empty: the "
             "company's sales discount account.")

    def _rma_cogs_account(self, product):
        self.ensure_one()
        account = (self.rma_cogs_account_id or
                   product.property_account_expense_id or
                   self.property_account_expense_categ_id)
        if not account:
            raise UserError(_(
                'Product category "%s" has no cost of goods sold account for '
                'RMA moves of %s: set its Expense Account or its RMA Cost of '
                'Goods Account.') % (self.display_name, product.display_name))
        return account

    def _rma_sales_discount_account(self, company):
        self.ensure_one()
        category = self.with_context(force_company=company.id)
        account = (category.rma_sales_discount_account_id or
                   company.rma_sales_discount_account_id)
        if not account:
            raise UserError(_(
                'Cannot post the discount of an RMA line of category "%s": '
                'no Sales Discount Account. Set one in RMA settings (company '
                '%s) or on the category.') % (self.display_name, company.name))
        return account
