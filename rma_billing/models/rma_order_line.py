# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

LINE_TYPES = [
    ('issue', 'Issue (ship to customer)'),
    ('receipt', 'Receipt (return from customer)'),
]


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
        domain=[('type', 'in', ('product', 'consu'))])
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

    # Computes ---------------------------------------------------------------
    @api.depends('move_ids', 'move_ids.state', 'move_ids.product_uom_qty',
                 'move_ids.product_uom', 'product_uom_qty', 'product_uom')
    def _compute_qty_done(self):
        for line in self:
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

    # Constraints and onchanges ----------------------------------------------
    @api.constrains('product_uom_qty')
    def _check_product_uom_qty(self):
        for line in self:
            if float_compare(line.product_uom_qty, 0.0, precision_digits=6) <= 0:
                raise ValidationError(_(
                    'RMA %s, line "%s": the quantity must be greater than '
                    'zero (got %s).') % (line.order_id.name,
                                         line.product_id.display_name,
                                         line.product_uom_qty))

    @api.constrains('product_id', 'product_uom')
    def _check_uom(self):
        for line in self:
            if line.product_uom.category_id != \
                    line.product_id.uom_id.category_id:
                raise ValidationError(_(
                    'RMA %s, line "%s": unit %s is not compatible with the '
                    "product's unit %s.") % (
                    line.order_id.name, line.product_id.display_name,
                    line.product_uom.name, line.product_id.uom_id.name))

    @api.constrains('sale_line_id', 'product_uom_qty', 'line_type',
                    'product_id')
    def _check_sale_line(self):
        """A return may not exceed what the sale line delivered (all RMAs,
        cancelled ones aside)."""
        lines = self.filtered('sale_line_id')
        for line in lines:
            sale_line = line.sale_line_id
            order = line.order_id
            if sale_line.order_id.partner_id.commercial_partner_id != \
                    order.commercial_partner_id:
                raise ValidationError(_(
                    'RMA %s, line "%s": sale order %s belongs to another '
                    'customer.') % (order.name, line.product_id.display_name,
                                    sale_line.order_id.name))
            if sale_line.company_id != order.company_id:
                raise ValidationError(_(
                    'RMA %s, line "%s": sale order %s belongs to another '
                    'company.') % (order.name, line.product_id.display_name,
                                   sale_line.order_id.name))
            if line.line_type == 'receipt' and \
                    sale_line.product_id != line.product_id:
                raise ValidationError(_(
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
                raise ValidationError(_(
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
            'name': '\n'.join(filter(None, [product.display_name,
                                             product.description_sale])),
        }

    # CRUD -------------------------------------------------------------------
    @api.model
    def create(self, vals):
        order = self.env['rma.order'].browse(vals.get('order_id'))
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
        if order.state not in (False, 'draft'):
            vals = dict(vals)
            line = super(RmaOrderLine, self).create(vals)
            # A line added to a confirmed RMA gets its move at once.
            line._add_moves_to_confirmed_order()
            return line
        return super(RmaOrderLine, self).create(vals)

    @api.multi
    def unlink(self):
        if self.mapped('move_ids').filtered(lambda m: m.state != 'cancel'):
            raise UserError(_(
                'RMA lines with stock moves cannot be deleted; cancel the RMA '
                'instead.'))
        return super(RmaOrderLine, self).unlink()

    # Business methods -------------------------------------------------------
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
        for line in self:
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
    def _check_processable_product(self):
        for line in self:
            if line.product_id.type not in ('product', 'consu'):
                raise UserError(_(
                    'RMA %s, line "%s": only stockable or consumable products '
                    'can be shipped or received.') % (
                    line.order_id.name, line.product_id.display_name))

    def _process(self, qty_by_line):
        """Mark ``qty_by_line`` ({line: qty}) done on the lines' open moves
        and validate them, one picking at a time (a partial quantity leaves
        a backorder, as in the standard picking screen)."""
        lines = self.browse().concat(*qty_by_line.keys())
        lines.mapped('order_id')._check_can_process()
        moves_by_picking = defaultdict(lambda: self.env['stock.move'])
        for line, qty in qty_by_line.items():
            line._check_process_qty(qty)
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
                moves_by_picking[move.picking_id] |= move
                remaining -= take
                if float_is_zero(remaining,
                                 precision_rounding=line.product_uom.rounding):
                    break
        for moves in moves_by_picking.values():
            moves._action_done()
        return True

    @api.multi
    def _check_process_qty(self, qty):
        self.ensure_one()
        rounding = self.product_uom.rounding
        label = '%s, line "%s"' % (self.order_id.name,
                                  self.product_id.display_name)
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
        return True
