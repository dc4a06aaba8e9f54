# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Money in the customer's currency: a return is credited in the currency
it was paid in (lines tied to a sale belong to its currency), amounts kept
in company currency are converted at the RMA's date, and totals across
RMAs are shown in company currency."""
from odoo import _, api, fields, models

from ..tools import RmaValidationError


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    company_currency_id = fields.Many2one(
        related='company_id.currency_id', readonly=True,
        string='Company Currency')
    amount_net_company = fields.Monetary(
        string='Net (company currency)', compute='_compute_amount_company',
        store=True, currency_field='company_currency_id',
        help="The untaxed net amount converted into the company's currency "
             "at the RMA's date, to add up RMAs in different currencies.")

    @api.depends('amount_net', 'currency_id', 'company_id.currency_id',
                 'date')
    def _compute_amount_company(self):
        for rma in self:
            rma.amount_net_company = rma._to_rma_currency(
                rma.amount_net, reverse=True)

    @api.constrains('pricelist_id')
    def _check_lines_currency(self):
        self.mapped('line_ids')._check_sale_line_currency()

    @api.multi
    def _to_rma_currency(self, amount, reverse=False):
        """``amount`` of the company's currency in the RMA's, at the RMA's
        date (``reverse``: the RMA's into the company's)."""
        self.ensure_one()
        company_currency = self.company_id.currency_id
        source, target = company_currency, self.currency_id
        if reverse:
            source, target = target, source
        if not amount or source == target:
            return amount
        return source.with_context(date=self.date).compute(amount, target)


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    @api.model
    def create(self, vals):
        if vals.get('sale_line_id') and vals.get('order_id'):
            self._adopt_sale_currency(
                self.env['rma.order'].browse(vals['order_id']),
                self.env['sale.order.line'].browse(vals['sale_line_id']))
        return super(RmaOrderLine, self).create(vals)

    @api.model
    def _adopt_sale_currency(self, order, sale_line):
        """An RMA without priced lines yet takes the pricelist (and so the
        currency) of the sale its first returned line comes from."""
        # sudo: reads only the sale's pricelist and currency; a sale the
        # user may not use (another company or customer) is refused by
        # _check_sale_line before this create commits
        sale = sale_line.sudo().order_id
        if not sale.exists() or order.currency_id == sale.currency_id:
            return True
        if not order.line_ids.filtered('price_unit'):
            order.pricelist_id = sale.pricelist_id
        return True

    @api.constrains('sale_line_id')
    def _check_sale_line_currency(self):
        """A price is never copied from one currency into another."""
        # sudo: a sale of another company gets the company message of
        # _check_sale_line, not an access error here
        for line in self.sudo().filtered('sale_line_id'):
            sale = line.sale_line_id.order_id
            order = line.order_id
            if sale.currency_id != order.currency_id:
                raise RmaValidationError(_(
                    'RMA %s is in %s but sale order %s, which line "%s" '
                    'returns, was paid in %s. Make one RMA per currency, or '
                    "change the RMA's pricelist to one in %s first.") % (
                    order.name, order.currency_id.name, sale.name,
                    line.product_id.display_name, sale.currency_id.name,
                    sale.currency_id.name))

    @api.model
    def _restocking_fee_defaults(self, order, product):
        """Fixed fees are set in company currency: converted into the
        RMA's."""
        res = super(RmaOrderLine, self)._restocking_fee_defaults(
            order, product)
        if res.get('restocking_fee_mode') == 'fixed' and order:
            res['restocking_fee_value'] = order._to_rma_currency(
                res['restocking_fee_value'])
        return res
