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
from ..tools import RmaValidationError, narrow_reads

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
        help='Untaxed: charges - credits + restocking fees. Negative: the '
             'customer gets a credit note.')
    amount_tax = fields.Monetary(
        string='Taxes', compute='_compute_amounts', store=True)
    amount_total = fields.Monetary(
        string='Net Total', compute='_compute_amounts', store=True,
        help='The net amount with taxes: what the customer pays, or gets '
             'back when negative.')

    @api.depends('line_ids.price_subtotal', 'line_ids.price_total',
                 'line_ids.line_type', 'line_ids.restocking_fee_amount',
                 'line_ids.restocking_fee_total')
    def _compute_amounts(self):
        for rma in self:
            charge = credit = fee = total = 0.0
            for line in narrow_reads(rma.line_ids):
                if line.line_type == 'issue':
                    charge += line.price_subtotal
                    total += line.price_total
                else:
                    credit += line.price_subtotal
                    fee += line.restocking_fee_amount
                    total += line.restocking_fee_total - line.price_total
            rma.amount_charge = charge
            rma.amount_credit = credit
            rma.amount_restocking_fee = fee
            rma.amount_net = charge - credit + fee
            rma.amount_total = total
            rma.amount_tax = total - rma.amount_net


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
        help='Untaxed value of the line (also when its taxes are included '
             'in the price): what was billed plus what remains to bill at '
             'the RMA price.')
    price_total = fields.Monetary(
        string='Total', compute='_compute_amounts', store=True,
        help='The same, taxes included.')
    restocking_fee_amount = fields.Monetary(
        string='Fee Amount', compute='_compute_amounts', store=True,
        help='Untaxed restocking fee.')
    restocking_fee_total = fields.Monetary(
        string='Fee Total', compute='_compute_amounts', store=True,
        help='Restocking fee, taxes included.')

    @api.depends('qty_done')
    def _compute_price_locked(self):
        for line in self:
            line.price_locked = line.qty_done > 0

    @api.depends('product_uom_qty', 'price_unit', 'discount', 'tax_ids',
                 'line_type', 'restocking_fee_mode', 'restocking_fee_value',
                 'qty_done', 'qty_open', 'qty_invoiced', 'billed_amount',
                 'billed_total', 'billed_fee_amount', 'billed_fee_total',
                 'order_id.fiscal_position_id', 'order_id.partner_invoice_id')
    def _compute_amounts(self):
        for line in self:
            expected = line.qty_done + line.qty_open
            unbilled = max(expected - line.qty_invoiced, 0.0)
            goods = fee = (0.0, 0.0)
            if unbilled:  # once all is billed, no taxes to compute
                goods = line._amounts(line._net_price_unit(),
                                      line._invoice_taxes(), unbilled)
                fee = line._amounts(line._fee_price_unit(),
                                    line._fee_taxes(), unbilled)
            line.price_subtotal = abs(line.billed_amount) + goods[0]
            line.price_total = abs(line.billed_total) + goods[1]
            line.restocking_fee_amount = line.billed_fee_amount + fee[0]
            line.restocking_fee_total = line.billed_fee_total + fee[1]

    # Prices -----------------------------------------------------------------
    @api.multi
    def _amounts(self, price_unit, taxes, qty):
        """(untaxed, taxed) amounts of ``qty`` at ``price_unit`` with
        ``taxes``, computed and rounded as the invoice line stores them."""
        self.ensure_one()
        if not taxes:
            amount = self.currency_id.round(qty * price_unit)
            return amount, amount
        res = taxes.compute_all(
            price_unit, self.currency_id, qty, product=self.product_id,
            partner=self.order_id.partner_invoice_id)
        return res['total_excluded'], res['total_included']

    @api.model
    def _untaxed_ratio(self, taxes):
        """Untaxed share of a price carrying ``taxes``: 1 unless some are
        included in the price (15 % included: 1 / 1.15)."""
        if not any(taxes.mapped('price_include')):
            return 1.0
        base = 1e6  # large enough that rounding to the cent does not show
        return taxes.compute_all(base)['total_excluded'] / base

    @api.multi
    def _net_price_unit(self):
        """Unit price after discount, as typed (taxes included or not)."""
        self.ensure_one()
        return self.price_unit * (1.0 - (self.discount or 0.0) / 100.0)

    @api.multi
    def _untaxed_price_unit(self):
        self.ensure_one()
        return self._net_price_unit() * self._untaxed_ratio(
            self._invoice_taxes())

    @api.multi
    def _invoice_taxes(self):
        """Taxes of this line's charge or credit on the invoice."""
        self.ensure_one()
        order = self.order_id
        return order.fiscal_position_id.map_tax(
            self.tax_ids, self.product_id, order.partner_invoice_id)

    # Restocking fee ---------------------------------------------------------
    @api.multi
    def _fee_untaxed_unit(self):
        """Untaxed restocking fee per returned unit (in the line's unit): a
        percentage of the untaxed credit, or the fixed amount, which is
        per unit of the product."""
        self.ensure_one()
        if self.line_type != 'receipt' or self.restocking_fee_mode == 'none':
            return 0.0
        if self.restocking_fee_mode == 'percent':
            return self._untaxed_price_unit() * \
                self.restocking_fee_value / 100.0
        return self.product_id.uom_id._compute_price(
            self.restocking_fee_value, self.product_uom or
            self.product_id.uom_id)

    @api.multi
    def _fee_taxes(self):
        """Taxes of the fee line: those of the returned goods (so tax is
        refunded on the net credit only), or the fee product's when the
        company says so."""
        self.ensure_one()
        order = self.order_id
        if order.company_id.rma_fee_taxes != 'product':
            return self._invoice_taxes()
        product = order.company_id._rma_restocking_fee_product()
        return order.fiscal_position_id.map_tax(
            product.taxes_id.filtered(
                lambda t: t.company_id == order.company_id),
            product, order.partner_invoice_id)

    @api.multi
    def _fee_price_unit(self):
        """Unit price of the fee line, in its taxes' convention (taxes
        included when they are included)."""
        self.ensure_one()
        untaxed = self._fee_untaxed_unit()
        if not untaxed:
            return 0.0
        return self.currency_id.round(
            untaxed / self._untaxed_ratio(self._fee_taxes()))

    @api.multi
    def _prepare_fee_invoice_line_vals(self, qty, doc_sign):
        """The restocking fee line for ``qty`` returned units of this line,
        billed with the company's fee product (its account) and the fee
        taxes."""
        self.ensure_one()
        product = self.order_id.company_id._rma_restocking_fee_product()
        return self._prepare_rma_invoice_line_vals('fee', product, {
            # on a service it is a cancellation fee, with the same rules
            'name': (_('Cancellation fee: %s') if self._is_charge_only()
                     else _('Restocking fee: %s')) %
            self.product_id.display_name,
            'quantity': qty * self._invoice_sign('fee', doc_sign),
            'uom_id': product.uom_id.id,
            'price_unit': self._fee_price_unit(),
            'discount': 0.0,
            'invoice_line_tax_ids': [(6, 0, self._fee_taxes().ids)],
        })

    # Constraints and defaults -----------------------------------------------
    @api.constrains('restocking_fee_mode', 'restocking_fee_value',
                    'line_type', 'price_unit', 'discount', 'tax_ids',
                    'product_uom')
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
            # a return never bills the customer for the goods
            precision = line.currency_id.decimal_places
            if mode == 'fixed' and float_compare(
                    line._fee_untaxed_unit(), line._untaxed_price_unit(),
                    precision_digits=precision) > 0:
                raise RmaValidationError(_(
                    'RMA %s: a restocking fee of %.2f per unit is more than '
                    'the %.2f credited per unit (untaxed), so the customer '
                    'would pay for returning the goods. Lower the fee to at '
                    'most the credit.') % (
                    label, line._fee_untaxed_unit(),
                    line._untaxed_price_unit()))

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
        # the product may come from the sale line
        product_id = vals.get('product_id') or defaults.get('product_id')
        if vals.get('line_type', 'receipt') == 'receipt' and \
                'restocking_fee_mode' not in vals and product_id:
            defaults.update(self._restocking_fee_defaults(
                order, self.env['product.product'].browse(product_id)))
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
