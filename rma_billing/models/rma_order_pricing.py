# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Prices of an RMA: its untaxed totals, the restocking fee (defaults,
limits, amount and its invoice line), the credit cap against the price
paid, and the price lock once something is billable."""
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..selections import FEE_MODES
from ..tools import RmaValidationError

# Pricing that freezes on the RMA line once goods moved.
PRICE_FIELDS = ('price_unit', 'discount', 'tax_ids', 'restocking_fee_mode',
                'restocking_fee_value')


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    amount_charge = fields.Monetary(
        string='Charges', compute='_compute_amounts', store=True,
        help='Issued goods, charged to the customer.')
    amount_credit = fields.Monetary(
        string='Credits', compute='_compute_amounts', store=True,
        help='Returned goods, credited to the customer.')
    amount_restocking_fee = fields.Monetary(
        string='Restocking Fees', compute='_compute_amounts', store=True)
    amount_net = fields.Monetary(
        string='Net Amount', compute='_compute_amounts', store=True,
        help='Charges - credits + restocking fees. Negative: the customer '
             'gets a credit note.')

    @api.depends('line_ids.price_subtotal', 'line_ids.line_type',
                 'line_ids.restocking_fee_amount')
    def _compute_amounts(self):
        for rma in self:
            charge = credit = fee = 0.0
            for line in rma.line_ids:
                if line.line_type == 'issue':
                    charge += line.price_subtotal
                else:
                    credit += line.price_subtotal
                    fee += line.restocking_fee_amount
            rma.amount_charge = charge
            rma.amount_credit = credit
            rma.amount_restocking_fee = fee
            rma.amount_net = charge - credit + fee


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    restocking_fee_mode = fields.Selection(
        FEE_MODES, string='Restocking Fee', default='none', required=True,
        help='Receipts only: a fee billed on the document that carries the '
             'credit, as a percentage of the credited amount or a fixed '
             'amount per returned unit. Defaults from the product category, '
             'then the company.')
    restocking_fee_value = fields.Float(
        string='Fee Rate / Amount', digits=dp.get_precision('Product Price'),
        help='Percentage (e.g. 15 for 15 %) or amount per unit.')
    price_locked = fields.Boolean(
        compute='_compute_price_locked', store=True,
        help='Goods moved, so there is something to bill: pricing is '
             'frozen here and changes go through the pending invoice.')
    price_subtotal = fields.Monetary(
        string='Amount', compute='_compute_amounts', store=True,
        help='Untaxed value of the line: what was billed plus what remains '
             'to bill at the RMA price.')
    restocking_fee_amount = fields.Monetary(
        string='Fee Amount', compute='_compute_amounts', store=True)

    @api.depends('qty_done')
    def _compute_price_locked(self):
        for line in self:
            line.price_locked = line.qty_done > 0

    @api.depends('product_uom_qty', 'price_unit', 'discount', 'line_type',
                 'restocking_fee_mode', 'restocking_fee_value',
                 'qty_done', 'qty_open', 'qty_invoiced', 'billed_amount',
                 'billed_fee_amount')
    def _compute_amounts(self):
        for line in self:
            expected = line.qty_done + line.qty_open
            unbilled = max(expected - line.qty_invoiced, 0.0)
            line.price_subtotal = abs(line.billed_amount) + \
                unbilled * line._net_price_unit()
            line.restocking_fee_amount = line.billed_fee_amount + \
                unbilled * line._fee_price_unit()

    @api.multi
    def _net_price_unit(self):
        self.ensure_one()
        return self.price_unit * (1.0 - (self.discount or 0.0) / 100.0)

    @api.multi
    def _fee_price_unit(self):
        """Restocking fee per returned unit, in the RMA currency."""
        self.ensure_one()
        if self.line_type != 'receipt' or self.restocking_fee_mode == 'none':
            return 0.0
        if self.restocking_fee_mode == 'percent':
            return self.currency_id.round(
                self._net_price_unit() * self.restocking_fee_value / 100.0)
        return self.restocking_fee_value

    @api.multi
    def _prepare_fee_invoice_line_vals(self, qty, doc_sign):
        """The restocking fee line for ``qty`` returned units of this line,
        billed with the company's fee product (its account and taxes)."""
        self.ensure_one()
        order = self.order_id
        product = order.company_id._rma_restocking_fee_product()
        taxes = product.taxes_id.filtered(
            lambda t: t.company_id == order.company_id)
        return self._prepare_rma_invoice_line_vals('fee', product, {
            'name': _('Restocking fee: %s') % self.product_id.display_name,
            'quantity': qty * self._invoice_sign('fee', doc_sign),
            'uom_id': product.uom_id.id,
            'price_unit': self._fee_price_unit(),
            'discount': 0.0,
            'invoice_line_tax_ids': [(6, 0, order.fiscal_position_id.map_tax(
                taxes, product, order.partner_invoice_id).ids)],
        })

    # Constraints and defaults -----------------------------------------------
    @api.constrains('restocking_fee_mode', 'restocking_fee_value',
                    'line_type')
    def _check_restocking_fee(self):
        for line in self:
            label = '%s, line "%s"' % (
                line.order_id.name, line.product_id.display_name)
            mode = line.restocking_fee_mode
            if mode != 'none' and line.line_type != 'receipt':
                raise RmaValidationError(_(
                    'RMA %s: only receipt lines carry a restocking fee; set '
                    'the fee to "No fee" on issue lines.') % label)
            if mode == 'percent' and not \
                    0.0 <= line.restocking_fee_value <= 100.0:
                raise RmaValidationError(_(
                    'RMA %s: a restocking fee percentage must be between 0 '
                    'and 100 (got %s).') % (label, line.restocking_fee_value))
            if mode == 'fixed' and line.restocking_fee_value < 0:
                raise RmaValidationError(_(
                    'RMA %s: a fixed restocking fee cannot be negative (got '
                    '%s).') % (label, line.restocking_fee_value))

    @api.constrains('price_unit', 'discount', 'sale_line_id', 'line_type')
    def _check_credit_price(self):
        """A return credits at most what the customer paid for the item;
        more needs an RMA Manager."""
        if self.env.user.has_group('rma_billing.group_rma_manager'):
            return
        for line in self.filtered(
                lambda l: l.line_type == 'receipt' and l.sale_line_id):
            sale_line = line.sale_line_id
            sold = sale_line.price_unit * (1 - sale_line.discount / 100.0)
            sold = sale_line.product_uom._compute_price(sold,
                                                        line.product_uom)
            if float_compare(line._net_price_unit(), sold,
                             precision_digits=line.currency_id.decimal_places
                             ) > 0:
                raise RmaValidationError(_(
                    'RMA %s, line "%s": credits %.2f per unit but the '
                    'customer paid %.2f on %s. Credit at most the sold price, '
                    'or ask an RMA Manager.') % (
                    line.order_id.name, line.product_id.display_name,
                    line._net_price_unit(), sold, sale_line.order_id.name))

    @api.model
    def _restocking_fee_defaults(self, order, product):
        """The product category's fee, else the company's."""
        categ = product.categ_id
        if categ.rma_restocking_fee_mode:
            return {'restocking_fee_mode': categ.rma_restocking_fee_mode,
                    'restocking_fee_value': categ.rma_restocking_fee_value}
        company = order.company_id or self.env.user.company_id
        return {'restocking_fee_mode': company.rma_restocking_fee_mode or
                'none',
                'restocking_fee_value': company.rma_restocking_fee_value}

    @api.onchange('line_type', 'product_id')
    def _onchange_line_type_fee(self):
        if self.line_type == 'receipt' and self.product_id:
            self.update(self._restocking_fee_defaults(self.order_id,
                                                      self.product_id))
        elif self.line_type == 'issue':
            self.restocking_fee_mode = 'none'

    @api.model
    def _create_defaults(self, order, vals):
        defaults = super(RmaOrderLine, self)._create_defaults(order, vals)
        if vals.get('line_type', 'receipt') == 'receipt' and \
                'restocking_fee_mode' not in vals and vals.get('product_id'):
            defaults.update(self._restocking_fee_defaults(
                order, self.env['product.product'].browse(vals['product_id'])))
        return defaults

    @api.multi
    def _check_write(self, vals):
        super(RmaOrderLine, self)._check_write(vals)
        return self._check_price_lock(vals)

    # Price lock -------------------------------------------------------------
    @api.model
    def _price_locked_fields(self):
        """Hook: fields frozen once the line has something to bill."""
        return PRICE_FIELDS

    @api.multi
    def _check_price_lock(self, vals):
        fields_written = [f for f in self._price_locked_fields() if f in vals]
        if not fields_written:
            return True
        for line in self.filtered('price_locked'):
            changed = [f for f in fields_written
                       if line._price_field_changes(f, vals[f])]
            if changed:
                pending = line.invoice_line_ids.mapped('invoice_id').filtered(
                    lambda i: i.state == 'draft')
                where = pending and _('pending invoice %s') % ', '.join(
                    pending.mapped('display_name')) or _(
                    'pending invoice (create it with Create Invoice)')
                raise UserError(_(
                    'RMA %s, line "%s": pricing is locked because goods '
                    'were already shipped or received (%s cannot change '
                    'here). Change prices, taxes or commission on the %s '
                    'before it is posted.') % (
                    line.order_id.name, line.product_id.display_name,
                    ', '.join(line._fields[f].string for f in changed),
                    where))
        return True

    @api.multi
    def _price_field_changes(self, name, value):
        field = self._fields[name]
        new = field.convert_to_cache(value, self)
        old = field.convert_to_cache(self[name], self)
        if field.type == 'many2many':
            return set(new) != set(old)
        return new != old
