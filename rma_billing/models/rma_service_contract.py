# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A customer's service contract: from its dates, the share of the
replacements and services it covers on RMA issue lines (coverage
"contract")."""
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp

from ..tools import RmaValidationError


class RmaServiceContract(models.Model):
    _name = 'rma.service.contract'
    _description = 'RMA Service Contract'
    _order = 'date_start desc, id desc'

    name = fields.Char(string='Reference', required=True)
    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True,
        domain=[('is_company', '=', True)],
        help='Covers the RMAs of this company and of its contacts.')
    date_start = fields.Date(string='Start', required=True,
                             default=fields.Date.context_today)
    date_end = fields.Date(string='End', help='Empty: open-ended.')
    coverage_percent = fields.Float(
        string='Coverage (%)', required=True, default=100.0,
        digits=dp.get_precision('Discount'),
        help='Share of the charge of a covered issue line that the '
             'contract pays: shown as a discount on the invoice.')
    product_ids = fields.Many2many('product.product', string='Products')
    categ_ids = fields.Many2many(
        'product.category', string='Product Categories',
        help='Their sub-categories included. No products and no '
             'categories: everything is covered.')
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'rma.service.contract'))
    active = fields.Boolean(default=True)
    note = fields.Text()

    @api.constrains('coverage_percent', 'date_start', 'date_end')
    def _check_terms(self):
        for contract in self:
            if not 0.0 <= contract.coverage_percent <= 100.0:
                raise RmaValidationError(_(
                    'Service contract %s: the coverage must be between 0 '
                    'and 100 %% (got %s).') % (
                    contract.name, contract.coverage_percent))
            if contract.date_end and contract.date_end < contract.date_start:
                raise RmaValidationError(_(
                    'Service contract %s ends (%s) before it starts (%s).') % (
                    contract.name, contract.date_end, contract.date_start))

    @api.multi
    def _covers(self, product, date):
        """Whether this contract covers ``product`` on ``date`` (a date
        string)."""
        self.ensure_one()
        if self.date_start > date or (self.date_end and
                                      self.date_end < date):
            return False
        if not self.product_ids and not self.categ_ids:
            return True
        if product in self.product_ids:
            return True
        categ = product.categ_id
        while categ:
            if categ in self.categ_ids:
                return True
            categ = categ.parent_id
        return False

    @api.model
    def _find_for_lines(self, lines):
        """{line: the contract of its customer covering it at the RMA's
        date, the best coverage first (or an empty recordset)}: one search
        for the batch."""
        partners = lines.mapped('order_id.commercial_partner_id')
        # sudo: the coverage of these lines' own customers and companies,
        # read to price them; the user sees only the line's figures
        contracts = self.sudo().search([
            ('partner_id', 'in', partners.ids),
            ('company_id', 'in', lines.mapped('order_id.company_id').ids)],
            order='coverage_percent desc, date_start desc, id')
        result = {}
        for line in lines:
            date = fields.Date.to_string(line._rma_reference_date())
            result[line] = next((
                c for c in contracts
                if c.partner_id == line.order_id.commercial_partner_id and
                c.company_id == line.order_id.company_id and
                c._covers(line.product_id, date)), self.browse())
        return result
