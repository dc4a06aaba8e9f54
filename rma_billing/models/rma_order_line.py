# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from ..tools import RmaValidationError, check_input_values

LINE_TYPES = [
    ('issue', 'Issue'),
    ('receipt', 'Receipt'),
]
FEE_MODES = [
    ('none', 'No fee'),
    ('percent', 'Percentage of the credit'),
    ('fixed', 'Fixed amount per unit'),
]
INVOICE_STATUS = [
    ('no', 'Nothing to Invoice'),
    ('to invoice', 'To Invoice'),
    ('invoiced', 'Fully Invoiced'),
]
# Pricing that freezes on the RMA once goods moved (rule 5).
PRICE_FIELDS = ('price_unit', 'discount', 'tax_ids', 'restocking_fee_mode',
                'restocking_fee_value')


class RmaOrderLine(models.Model):
    _name = 'rma.order.line'
    _description = 'RMA Line'
    _order = 'order_id, sequence, id'

    order_id = fields.Many2one(
        'rma.order', string='RMA', required=True, ondelete='cascade',
        index=True)
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(
        LINE_TYPES, string='Type', required=True, default='receipt',
        help='Issue: goods shipped to the customer and charged. Receipt: '
             'goods the customer returns, credited.')
    state = fields.Selection(related='order_id.state', store=True,
                             readonly=True)
    company_id = fields.Many2one(related='order_id.company_id', store=True,
                                 readonly=True)
    partner_id = fields.Many2one(related='order_id.partner_id', store=True,
                                 readonly=True, string='Customer')
    currency_id = fields.Many2one(related='order_id.currency_id',
                                  readonly=True)
    user_id = fields.Many2one(related='order_id.user_id', store=True,
                              readonly=True, string='Salesperson')

    # Goods ------------------------------------------------------------------
    product_id = fields.Many2one(
        'product.product', required=True, index=True,
        domain=[('sale_ok', '=', True)],
        help='Goods to ship or receive; on issue lines also services such '
             'as freight or handling, charged once the RMA is confirmed.')
    name = fields.Text(string='Description')
    product_uom_qty = fields.Float(
        string='Quantity', required=True, default=1.0,
        digits=dp.get_precision('Product Unit of Measure'))
    product_uom = fields.Many2one('product.uom', string='Unit of Measure')
    lot_id = fields.Many2one(
        'stock.production.lot', string='Lot/Serial Number',
        domain="[('product_id', '=', product_id)]")
    reason_id = fields.Many2one('rma.reason', string='Reason')
    sale_line_id = fields.Many2one(
        'sale.order.line', string='Origin Sale Line', index=True,
        help='The sale line this return or replacement refers to; product, '
             'price, discount and taxes default from it.')

    # Pricing ----------------------------------------------------------------
    price_unit = fields.Float(
        string='Unit Price', digits=dp.get_precision('Product Price'))
    discount = fields.Float(
        string='Discount (%)', digits=dp.get_precision('Discount'))
    tax_ids = fields.Many2many(
        'account.tax', 'rma_order_line_tax_rel', 'line_id', 'tax_id',
        string='Taxes',
        domain=[('type_tax_use', '=', 'sale')])
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

    # Progress ---------------------------------------------------------------
    move_ids = fields.One2many('stock.move', 'rma_line_id',
                               string='Stock Moves', readonly=True)
    qty_done = fields.Float(
        string='Processed Qty', compute='_compute_qty_done', store=True,
        digits=dp.get_precision('Product Unit of Measure'),
        help='Quantity shipped (issue) or received (receipt), from done '
             'stock moves.')
    qty_open = fields.Float(
        string='Open Qty', compute='_compute_qty_done', store=True,
        digits=dp.get_precision('Product Unit of Measure'))

    # Billing ----------------------------------------------------------------
    invoice_line_ids = fields.One2many(
        'account.invoice.line', 'rma_line_id', string='Invoice Lines',
        readonly=True, copy=False)
    qty_invoiced = fields.Float(
        compute='_compute_invoiced', store=True,
        digits=dp.get_precision('Product Unit of Measure'),
        help='Quantity on draft or posted invoices and credit notes '
             '(cancelled ones excluded).')
    qty_to_invoice = fields.Float(
        compute='_compute_invoiced', store=True,
        digits=dp.get_precision('Product Unit of Measure'),
        help='Processed but not yet billed: processed - invoiced.')
    invoice_status = fields.Selection(
        INVOICE_STATUS, compute='_compute_invoiced', store=True)
    billed_amount = fields.Monetary(
        compute='_compute_invoiced', store=True,
        help='What the invoices bill for this line, as the customer sees '
             'it: positive for a charge, negative for a credit (restocking '
             'fee apart).')
    billed_price_unit = fields.Float(
        compute='_compute_invoiced', store=True,
        digits=dp.get_precision('Product Price'),
        help='Net unit price actually billed, including edits made on the '
             'pending invoice.')
    billed_fee_amount = fields.Monetary(
        compute='_compute_invoiced', store=True,
        help='Restocking fee billed so far.')
    price_subtotal = fields.Monetary(
        string='Amount', compute='_compute_amounts', store=True,
        help='Untaxed value of the line: what was billed plus what remains '
             'to bill at the RMA price.')
    restocking_fee_amount = fields.Monetary(
        string='Fee Amount', compute='_compute_amounts', store=True)

    # Installed base ---------------------------------------------------------
    installed_base_warning = fields.Char(
        compute='_compute_installed_base_warning',
        help='Receipts: the lot/serial number is not installed at this '
             'customer (see the installed base).')

    # Computes ---------------------------------------------------------------
    @api.depends('move_ids', 'move_ids.state', 'move_ids.product_uom_qty',
                 'move_ids.product_uom', 'product_uom_qty', 'product_uom',
                 'state', 'product_id.type')
    def _compute_qty_done(self):
        for line in self:
            if line._is_charge_only():
                # freight, handling...: nothing moves, billable once agreed
                agreed = line.state in ('confirmed', 'done')
                line.qty_done = line.product_uom_qty if agreed else 0.0
                line.qty_open = line.product_uom_qty \
                    if line.state == 'draft' else 0.0
                continue
            done = 0.0
            for move in line.move_ids.filtered(lambda m: m.state == 'done'):
                done += move.product_uom._compute_quantity(
                    move.product_uom_qty, line.product_uom, round=False)
            open_moves = line.move_ids.filtered(
                lambda m: m.state not in ('done', 'cancel'))
            line.qty_done = done
            # Once moves exist, what is left is what they still carry (a
            # cancelled move leaves nothing open); before that, everything.
            line.qty_open = (
                sum(m.product_uom._compute_quantity(
                    m.product_uom_qty, line.product_uom, round=False)
                    for m in open_moves)
                if line.move_ids else line.product_uom_qty - done)

    @api.depends('qty_done')
    def _compute_price_locked(self):
        for line in self:
            line.price_locked = line.qty_done > 0

    @api.depends('invoice_line_ids.quantity',
                 'invoice_line_ids.price_subtotal',
                 'invoice_line_ids.rma_line_kind',
                 'invoice_line_ids.invoice_id.state',
                 'invoice_line_ids.invoice_id.type',
                 'qty_done', 'qty_open')
    def _compute_invoiced(self):
        for line in self:
            qty = billed = fee = 0.0
            for inv_line in line.invoice_line_ids:
                invoice = inv_line.invoice_id
                if invoice.state == 'cancel':
                    continue
                # customer's view: what they owe is positive
                doc_sign = -1 if invoice.type == 'out_refund' else 1
                amount = inv_line.price_subtotal * doc_sign
                if inv_line.rma_line_kind == 'fee':
                    fee += amount
                    continue
                kind_sign = -1 if inv_line.rma_line_kind == 'credit' else 1
                qty += inv_line.uom_id._compute_quantity(
                    inv_line.quantity, line.product_uom,
                    round=False) * doc_sign * kind_sign
                billed += amount
            line.qty_invoiced = qty
            line.qty_to_invoice = line.qty_done - qty
            line.billed_amount = billed
            line.billed_fee_amount = fee
            line.billed_price_unit = abs(billed) / qty if qty else 0.0
            rounding = line.product_uom.rounding or 0.01
            if float_compare(line.qty_to_invoice, 0.0,
                             precision_rounding=rounding) > 0:
                line.invoice_status = 'to invoice'
            elif qty and float_is_zero(line.qty_open,
                                       precision_rounding=rounding):
                line.invoice_status = 'invoiced'
            else:
                line.invoice_status = 'no'

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

    @api.depends('line_type', 'lot_id', 'order_id.partner_id')
    def _compute_installed_base_warning(self):
        lines = self.filtered(
            lambda l: l.line_type == 'receipt' and l.lot_id and
            l.order_id.company_id.rma_installed_base_check != 'none')
        installed, returned_by = set(), set()
        if lines:
            # either still installed, or already returned by this very line
            entries = self.env['rma.installed.base'].sudo().search_read([
                '|', ('state', '=', 'installed'),
                ('return_rma_line_id', 'in', lines.ids),
                ('lot_id', 'in', lines.mapped('lot_id').ids),
                ('partner_id', 'in',
                 lines.mapped('order_id.commercial_partner_id').ids)],
                ['partner_id', 'lot_id', 'state', 'return_rma_line_id'])
            for entry in entries:
                if entry['state'] == 'installed':
                    installed.add((entry['partner_id'][0],
                                   entry['lot_id'][0]))
                else:
                    returned_by.add(entry['return_rma_line_id'][0])
        for line in lines:
            partner = line.order_id.commercial_partner_id
            if (partner.id, line.lot_id.id) not in installed and \
                    line.id not in returned_by:
                line.installed_base_warning = _(
                    'Lot/serial %s is not in the installed base of %s.') % (
                    line.lot_id.name, partner.display_name)

    # Constraints and onchanges ----------------------------------------------
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

    @api.constrains('product_uom_qty')
    def _check_product_uom_qty(self):
        for line in self:
            if float_compare(line.product_uom_qty, 0.0, precision_digits=6) <= 0:
                raise RmaValidationError(_(
                    'RMA %s, line "%s": the quantity must be greater than '
                    'zero (got %s).') % (line.order_id.name,
                                         line.product_id.display_name,
                                         line.product_uom_qty))

    @api.constrains('product_id', 'product_uom')
    def _check_uom(self):
        for line in self:
            if line.product_uom.category_id != \
                    line.product_id.uom_id.category_id:
                raise RmaValidationError(_(
                    'RMA %s, line "%s": unit %s is not compatible with the '
                    "product's unit %s.") % (
                    line.order_id.name, line.product_id.display_name,
                    line.product_uom.name, line.product_id.uom_id.name))

    @api.constrains('sale_line_id', 'product_uom_qty', 'line_type',
                    'product_id')
    def _check_sale_line(self):
        """A return may not exceed what the sale line delivered (all RMAs,
        cancelled ones aside)."""
        # sudo: a sale of another company must get our message, not an
        # access error
        lines = self.sudo().filtered('sale_line_id')
        for line in lines:
            sale_line = line.sale_line_id
            order = line.order_id
            if sale_line.order_id.partner_id.commercial_partner_id != \
                    order.commercial_partner_id:
                raise RmaValidationError(_(
                    'RMA %s, line "%s": sale order %s belongs to another '
                    'customer.') % (order.name, line.product_id.display_name,
                                    sale_line.order_id.name))
            if sale_line.company_id != order.company_id:
                raise RmaValidationError(_(
                    'RMA %s, line "%s": sale order %s belongs to another '
                    'company.') % (order.name, line.product_id.display_name,
                                   sale_line.order_id.name))
            if line.line_type == 'receipt' and \
                    sale_line.product_id != line.product_id:
                raise RmaValidationError(_(
                    'RMA %s: a return of sale line "%s" must be for product '
                    '%s, not %s.') % (order.name, sale_line.name,
                                      sale_line.product_id.display_name,
                                      line.product_id.display_name))
        receipts = lines.filtered(lambda l: l.line_type == 'receipt')
        if not receipts:
            return
        # Other RMAs from the database; these lines from the cache (their
        # stored state may not be flushed yet while being created).
        data = self.read_group(
            [('sale_line_id', 'in', receipts.mapped('sale_line_id').ids),
             ('line_type', '=', 'receipt'), ('state', '!=', 'cancel'),
             ('id', 'not in', receipts.ids)],
            ['sale_line_id', 'product_uom_qty'], ['sale_line_id'])
        returned = defaultdict(float, {
            d['sale_line_id'][0]: d['product_uom_qty'] for d in data})
        for line in receipts.filtered(lambda l: l.order_id.state != 'cancel'):
            returned[line.sale_line_id.id] += line.product_uom._compute_quantity(
                line.product_uom_qty, line.sale_line_id.product_uom)
        for sale_line in receipts.mapped('sale_line_id'):
            delivered = sale_line.qty_delivered
            total = returned.get(sale_line.id, 0.0)
            if float_compare(total, delivered,
                             precision_rounding=sale_line.product_uom.rounding
                             ) > 0:
                raise RmaValidationError(_(
                    'Sale order %s, line "%s": %s returned on RMAs but only '
                    '%s delivered. Lower the returned quantity to at most '
                    'what was delivered.') % (
                    sale_line.order_id.name, sale_line.name, total,
                    delivered))

    @api.onchange('sale_line_id')
    def _onchange_sale_line_id(self):
        if self.sale_line_id:
            self.update(self._sale_line_defaults(self.sale_line_id))

    @api.onchange('product_id')
    def _onchange_product_id(self):
        if self.product_id and not self.sale_line_id:
            self.update(self._product_defaults(self.order_id, self.product_id,
                                               self.product_uom_qty))

    # Defaults shared by onchanges and create (XML-RPC runs no onchange) -----
    @api.model
    def _sale_line_defaults(self, sale_line):
        return {
            'product_id': sale_line.product_id.id,
            'product_uom': sale_line.product_uom.id,
            'price_unit': sale_line.price_unit,
            'discount': sale_line.discount,
            'tax_ids': [(6, 0, sale_line.tax_id.ids)],
            'name': sale_line.name,
        }

    @api.model
    def _product_defaults(self, order, product, qty):
        company = order.company_id or self.env.user.company_id
        taxes = product.taxes_id.filtered(lambda t: t.company_id == company)
        if order.fiscal_position_id:
            taxes = order.fiscal_position_id.map_tax(
                taxes, product, order.partner_id)
        price = product.lst_price
        if order.pricelist_id:
            price = order.pricelist_id.with_context(
                uom=product.uom_id.id).get_product_price(
                product, qty or 1.0, order.partner_id)
        return {
            'product_uom': product.uom_id.id,
            'price_unit': price,
            'tax_ids': [(6, 0, taxes.ids)],
            'name': '\n'.join(filter(None, [
                product.display_name, product.description_sale])),
        }

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

    # CRUD -------------------------------------------------------------------
    @api.model
    def create(self, vals):
        order = self.env['rma.order'].browse(vals.get('order_id'))
        check_input_values(
            self, vals, lambda: _('RMA %s, new line') % order.name)
        defaults = {}
        if vals.get('sale_line_id'):
            defaults = self._sale_line_defaults(
                self.env['sale.order.line'].browse(vals['sale_line_id']))
        elif vals.get('product_id'):
            product = self.env['product.product'].browse(vals['product_id'])
            if not product.exists():
                raise UserError(_(
                    'RMA %s: product id %s does not exist.') % (
                    order.name, vals['product_id']))
            defaults = self._product_defaults(
                order, product, vals.get('product_uom_qty', 1.0))
        for key, value in defaults.items():
            vals.setdefault(key, value)
        if vals.get('line_type', 'receipt') == 'receipt' and \
                'restocking_fee_mode' not in vals and vals.get('product_id'):
            vals.update(self._restocking_fee_defaults(
                order, self.env['product.product'].browse(vals['product_id'])))
        if order.state not in (False, 'draft'):
            vals = dict(vals)
            line = super(RmaOrderLine, self).create(vals)
            # A line added to a confirmed RMA gets its move at once.
            line._add_moves_to_confirmed_order()
            return line
        return super(RmaOrderLine, self).create(vals)

    @api.multi
    def write(self, vals):
        check_input_values(self, vals, lambda: _('RMA %s, lines') % (
            ', '.join(sorted(set(self.mapped('order_id.name'))))))
        self._check_price_lock(vals)
        return super(RmaOrderLine, self).write(vals)

    @api.multi
    def unlink(self):
        if self.mapped('move_ids').filtered(lambda m: m.state != 'cancel'):
            raise UserError(_(
                'RMA lines with stock moves cannot be deleted; cancel the RMA '
                'instead.'))
        return super(RmaOrderLine, self).unlink()

    # Business methods -------------------------------------------------------
    @api.multi
    def _check_installed_base(self):
        """Companies in block mode refuse receipts of lots/serials the
        customer does not have installed."""
        blocked = self.filtered(
            lambda l: l.installed_base_warning and
            l.order_id.company_id.rma_installed_base_check == 'block')
        if blocked:
            raise UserError(_(
                'Unknown lot/serial numbers on return:\n%s\nCorrect the '
                'lot/serial number, or ask an RMA Manager to relax the '
                'installed base check in the RMA settings.') % '\n'.join(
                _('RMA %s, line "%s": %s') % (
                    line.order_id.name, line.product_id.display_name,
                    line.installed_base_warning) for line in blocked))
        return True

    @api.multi
    def process_quantity(self, qty):
        """Ship (issue) or receive (receipt) ``qty`` of each of these lines
        now, in the line's unit. Returns True (XML-RPC)."""
        if isinstance(qty, bool) or not isinstance(qty, (int, float)):
            raise UserError(_('The quantity to process must be a number.'))
        self._process({line: qty for line in self})
        return True

    @api.multi
    def _prepare_stock_move_vals(self, picking_vals):
        self.ensure_one()
        order = self.order_id
        return {
            'name': self.name or self.product_id.display_name,
            'rma_line_id': self.id,
            'product_id': self.product_id.id,
            'product_uom': self.product_uom.id,
            'product_uom_qty': self.product_uom_qty,
            'location_id': picking_vals['location_id'],
            'location_dest_id': picking_vals['location_dest_id'],
            'picking_type_id': picking_vals['picking_type_id'],
            'partner_id': order.partner_shipping_id.id,
            'company_id': order.company_id.id,
            'group_id': order.procurement_group_id.id,
            'warehouse_id': order.warehouse_id.id,
            'origin': order.name,
            'procure_method': 'make_to_stock',
        }

    @api.multi
    def _add_moves_to_confirmed_order(self):
        self._check_processable_product()
        for line in self.filtered(lambda l: not l._is_charge_only()):
            order = line.order_id
            picking = order.picking_ids.filtered(
                lambda p: p.state not in ('done', 'cancel') and
                p.picking_type_code == (
                    'outgoing' if line.line_type == 'issue' else 'incoming'))
            if picking:
                picking = picking[0]
                move_vals = line._prepare_stock_move_vals({
                    'location_id': picking.location_id.id,
                    'location_dest_id': picking.location_dest_id.id,
                    'picking_type_id': picking.picking_type_id.id})
                move_vals['picking_id'] = picking.id
                self.env['stock.move'].create(move_vals)._action_confirm()
            else:
                pickings = self.env['stock.picking'].create(
                    order._prepare_picking_vals(line.line_type, line))
                pickings.action_confirm()

    @api.multi
    def _is_charge_only(self):
        """A service charged on the RMA (freight, handling): no stock."""
        self.ensure_one()
        return self.product_id.type == 'service'

    @api.multi
    def _check_processable_product(self):
        for line in self:
            if line._is_charge_only() and line.line_type == 'receipt':
                raise UserError(_(
                    'RMA %s, line "%s": a service cannot be returned; use an '
                    'issue line to charge it, or a stockable product to '
                    'receive.') % (
                    line.order_id.name, line.product_id.display_name))

    def _process(self, qty_by_line):
        """Mark ``qty_by_line`` ({line: qty}) done on the lines' open moves
        and validate them in one batch per direction (a partial quantity
        leaves a backorder, as in the standard picking screen)."""
        lines = self.browse().concat(*qty_by_line.keys())
        lines.mapped('order_id')._check_can_process()
        for line, qty in qty_by_line.items():
            line._check_process_qty(qty)
        lines.mapped('order_id')._lock_rows()
        moves_by_type = defaultdict(lambda: self.env['stock.move'])
        for line, qty in qty_by_line.items():
            moves = line.move_ids.filtered(
                lambda m: m.state not in ('done', 'cancel'))
            remaining = qty
            for move in moves:
                take = min(remaining, move.product_uom._compute_quantity(
                    move.product_uom_qty, line.product_uom, round=False))
                move_qty = line.product_uom._compute_quantity(
                    take, move.product_uom, round=False)
                # exactly this quantity, whatever was typed on the picking
                move.move_line_ids.write({'qty_done': 0.0})
                move._set_quantity_done(move_qty)
                if line.lot_id:
                    move.move_line_ids.filtered('qty_done').write(
                        {'lot_id': line.lot_id.id})
                moves_by_type[line.line_type] |= move
                remaining -= take
                if float_is_zero(remaining,
                                 precision_rounding=line.product_uom.rounding):
                    break
        for line_type in ('receipt', 'issue'):
            moves = moves_by_type[line_type]
            if not moves:
                continue
            moves._action_done()
            # Odoo 11 backorders the first picking of a batch only
            pickings = moves.mapped('picking_id')
            pickings._create_backorder()
            pickings.filtered(
                lambda p: p.state == 'done' and not p.date_done
            ).write({'date_done': fields.Datetime.now()})
        return True

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

    # Invoicing --------------------------------------------------------------
    @api.multi
    def _invoice_sign(self, kind, doc_sign):
        """Sign of an invoice line quantity: charges and fees raise what
        the customer owes, credits lower it; a credit note flips all."""
        return (-1 if kind == 'credit' else 1) * doc_sign

    @api.multi
    def _prepare_invoice_line_vals(self, kind, qty, doc_sign):
        """Invoice line of ``kind`` (charge, credit or fee) for ``qty`` of
        this RMA line, accounts and taxes mapped by the fiscal position."""
        self.ensure_one()
        order = self.order_id
        fpos = order.fiscal_position_id
        if kind == 'fee':
            product = order.company_id._rma_restocking_fee_product()
            price_unit, discount = self._fee_price_unit(), 0.0
            uom = product.uom_id
            label = _('Restocking fee: %s') % self.product_id.display_name
            taxes = product.taxes_id.filtered(
                lambda t: t.company_id == order.company_id)
        else:
            product = self.product_id
            price_unit, discount, uom = (self.price_unit, self.discount,
                                         self.product_uom)
            label = '%s: %s' % (
                _('Issued') if kind == 'charge' else _('Returned (credit)'),
                self.name or product.display_name)
            taxes = self.tax_ids
        account = self._get_invoice_account(product, kind)
        return {
            'rma_line_id': self.id,
            'rma_line_kind': kind,
            'sequence': self.sequence,
            'product_id': product.id,
            'name': label,
            'quantity': qty * self._invoice_sign(kind, doc_sign),
            'uom_id': uom.id,
            'price_unit': price_unit,
            'discount': discount,
            'account_id': account.id,
            'invoice_line_tax_ids': [(6, 0, fpos.map_tax(
                taxes, product, order.partner_invoice_id).ids)],
        }

    @api.multi
    def _get_invoice_account(self, product, kind):
        """Income account of the product (or its category), through the
        fiscal position; a clear error when none is set."""
        self.ensure_one()
        order = self.order_id
        accounts = product.product_tmpl_id.with_context(
            force_company=order.company_id.id).get_product_accounts(
            order.fiscal_position_id)
        returns_account = product.categ_id.with_context(
            force_company=order.company_id.id).rma_sales_returns_account_id
        if kind == 'credit' and returns_account:
            return order.fiscal_position_id.map_account(returns_account)
        if not accounts['income']:
            raise UserError(_(
                'RMA %s: no income account for product "%s" (category "%s"). '
                'Set an income account on the product or its category.') % (
                order.name, product.display_name, product.categ_id.name))
        return accounts['income']

    # Costing ----------------------------------------------------------------
    @api.multi
    def _get_original_unit_cost(self):
        """Cost (per product unit) at which the returned item originally
        left: its serial's delivery, else its sale line's deliveries, else
        this RMA's issue of the same product, else the company fallback."""
        self.ensure_one()
        Move = self.env['stock.move']
        delivered = [('state', '=', 'done'),
                     ('location_dest_id.usage', '=', 'customer'),
                     ('company_id', '=', self.company_id.id),
                     ('product_id', '=', self.product_id.id)]
        if self.lot_id:
            move_line = self.env['stock.move.line'].search(
                [('lot_id', '=', self.lot_id.id), ('state', '=', 'done'),
                 ('location_dest_id.usage', '=', 'customer'),
                 ('move_id.company_id', '=', self.company_id.id)],
                order='date desc, id desc', limit=1)
            if move_line.move_id.value:
                return move_line.move_id._rma_unit_cost()
        if self.sale_line_id:
            moves = Move.search(
                delivered + [('sale_line_id', '=', self.sale_line_id.id)])
            if moves:
                return moves._rma_unit_cost()
        issue_moves = self.order_id.line_ids.filtered(
            lambda l: l.line_type == 'issue' and
            l.product_id == self.product_id).mapped('move_ids').filtered(
            lambda m: m.state == 'done')
        if issue_moves:
            return issue_moves._rma_unit_cost()
        if self.company_id.rma_cost_fallback == 'refuse':
            Move._rma_check_cost_found(self)
        return self.product_id.with_context(
            force_company=self.company_id.id).standard_price

    @api.multi
    def _check_process_qty(self, qty):
        self.ensure_one()
        rounding = self.product_uom.rounding
        label = '%s, line "%s"' % (
            self.order_id.name, self.product_id.display_name)
        if self._is_charge_only():
            raise UserError(_(
                'RMA %s: this service is a charge, billed once the RMA is '
                'confirmed; there is nothing to ship or receive.') % label)
        if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
            raise UserError(_(
                'RMA %s: the quantity to process must be greater than zero '
                '(got %s).') % (label, qty))
        if float_compare(qty, self.qty_open, precision_rounding=rounding) > 0:
            raise UserError(_(
                'RMA %s: cannot process %s %s, only %s remain open.') % (
                label, qty, self.product_uom.name, self.qty_open))
        if self.product_id.tracking != 'none' and not self.lot_id:
            raise UserError(_(
                'RMA %s: product is tracked by lot/serial number; set the '
                'Lot/Serial Number on the line first.') % label)
        if self.product_id.tracking == 'serial' and \
                float_compare(qty, 1.0, precision_rounding=rounding) > 0:
            raise UserError(_(
                'RMA %s: a serial-tracked line processes one unit at a time '
                '(one serial number per line).') % label)
        if self.line_type == 'issue' and not self.order_id.can_ship_issues:
            raise UserError(self.order_id._waiting_receipts_message())
        if self.line_type == 'receipt' and \
                self.company_id.rma_cost_fallback == 'refuse':
            self._get_original_unit_cost()  # refuses before anything moves
        return True
