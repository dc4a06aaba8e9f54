# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An RMA line: what is shipped (issue) or received (receipt), its defaults,
its checks and how much of it moved. Stock steps are in rma_order_stock.py,
pricing, fees and billing in rma_order_billing.py."""
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..selections import LINE_TYPES
from ..tools import RmaValidationError, check_input_values


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
        help='Quantity shipped to (issue) or received from (receipt) the '
             'customer, from done stock moves.')
    qty_open = fields.Float(
        string='Open Qty', compute='_compute_qty_done', store=True,
        digits=dp.get_precision('Product Unit of Measure'))

    # Computes ---------------------------------------------------------------
    @api.depends('move_ids', 'move_ids.state', 'move_ids.product_uom_qty',
                 'move_ids.product_uom', 'move_ids.location_id',
                 'move_ids.location_dest_id', 'product_uom_qty',
                 'product_uom', 'state', 'product_id.type')
    def _compute_qty_done(self):
        for line in self:
            if line._is_charge_only():
                # freight, handling...: nothing moves, billable once agreed
                agreed = line.state in ('confirmed', 'done')
                line.qty_done = line.product_uom_qty if agreed else 0.0
                line.qty_open = line.product_uom_qty \
                    if line.state == 'draft' else 0.0
                continue
            # only the step that leaves for or comes from the customer
            # counts (not pick, pack or input to stock)
            moves = line.move_ids.filtered(lambda m: m._rma_is_customer_step())
            done = open_qty = 0.0
            for move in moves:
                qty = move.product_uom._compute_quantity(
                    move.product_uom_qty, line.product_uom, round=False)
                if move.state == 'done':
                    done += qty
                elif move.state != 'cancel':
                    open_qty += qty
            line.qty_done = done
            # Once confirmed, what is left is what the moves still carry (a
            # cancelled move leaves nothing open); in draft (also after a
            # reset), everything not done.
            line.qty_open = open_qty if moves and line.state != 'draft' \
                else line.product_uom_qty - done

    # Constraints and onchanges ----------------------------------------------
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

    @api.constrains('lot_id', 'product_id', 'product_uom_qty', 'product_uom',
                    'line_type')
    def _check_lot(self):
        """A lot/serial must be the product's, a serial line is one unit,
        and a serial comes back only if it is not in our stock (ships only
        if it is): checked before anything moves."""
        for line in self:
            lot, product = line.lot_id, line.product_id
            label = '%s, line "%s"' % (
                line.order_id.name, product.display_name)
            if lot and lot.product_id != product:
                raise RmaValidationError(_(
                    'RMA %s: lot/serial %s is of product %s; choose a '
                    'lot/serial of %s.') % (
                    label, lot.name, lot.product_id.display_name,
                    product.display_name))
            if product.tracking == 'serial' and float_compare(
                    line.product_uom._compute_quantity(
                        line.product_uom_qty, product.uom_id, round=False),
                    1.0, precision_rounding=product.uom_id.rounding):
                raise RmaValidationError(_(
                    'RMA %s: a serial-tracked product takes one line per '
                    'serial number, each for 1 %s (got %s %s).') % (
                    label, product.uom_id.name, line.product_uom_qty,
                    line.product_uom.name))
        # a line without moves has moved nothing: not reading qty_done for
        # it spares a recomputation per created line (quadratic in lines)
        self.filtered(lambda l: l.lot_id and (
            not l.move_ids or not l.qty_done))._check_serials_in_stock()

    @api.multi
    def _check_serials_in_stock(self):
        """Serials not processed yet: a return must not be in our stock
        already, a shipment must be."""
        lines = self.filtered(
            lambda l: l.lot_id and l.product_id.tracking == 'serial')
        if not lines:
            return True
        # sudo: stock of the company's warehouses, whatever the user's
        # stock rights; only the serial's location is told
        quants = self.env['stock.quant'].sudo().search([
            ('lot_id', 'in', lines.mapped('lot_id').ids),
            ('location_id.usage', '=', 'internal'), ('quantity', '>', 0)])
        in_stock = {(q.lot_id.id, q.company_id.id): q for q in quants}
        for line in lines:
            quant = in_stock.get((line.lot_id.id, line.company_id.id))
            label = '%s, line "%s"' % (
                line.order_id.name, line.product_id.display_name)
            if line.line_type == 'receipt' and quant:
                raise RmaValidationError(_(
                    'RMA %s: serial %s is in our stock (%s), so it cannot '
                    'come back from the customer; check the serial '
                    'number.') % (label, line.lot_id.name,
                                  quant.location_id.display_name))
            if line.line_type == 'issue' and not quant:
                raise RmaValidationError(_(
                    'RMA %s: serial %s is not in our stock, so it cannot be '
                    'shipped; choose a serial number in stock.') % (
                    label, line.lot_id.name))
        return True

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
        others = self.search([
            ('sale_line_id', 'in', receipts.mapped('sale_line_id').ids),
            ('line_type', '=', 'receipt'), ('state', '!=', 'cancel'),
            ('id', 'not in', receipts.ids)])
        returned = defaultdict(float)
        for line in others | receipts.filtered(
                lambda l: l.order_id.state != 'cancel'):
            returned[line.sale_line_id] += line.product_uom._compute_quantity(
                line.product_uom_qty, line.sale_line_id.product_uom)
        for sale_line in receipts.mapped('sale_line_id'):
            # goods come back once delivered; services are credited once
            # invoiced (hours, months: the sale line's unit)
            service = sale_line.product_id.type == 'service'
            limit = sale_line.qty_invoiced if service else \
                sale_line.qty_delivered
            total = returned[sale_line]
            if float_compare(total, limit,
                             precision_rounding=sale_line.product_uom.rounding
                             ) > 0:
                earlier = total - sum(
                    line.product_uom._compute_quantity(
                        line.product_uom_qty, sale_line.product_uom)
                    for line in receipts if line.sale_line_id == sale_line)
                raise RmaValidationError(_(
                    'Sale order %s, line "%s": %s %s returned on RMAs but '
                    'only %s %s. Return at most %s %s more.') % (
                    sale_line.order_id.name, sale_line.name, total,
                    sale_line.product_uom.name, limit,
                    _('invoiced') if service else _('delivered'),
                    max(limit - earlier, 0.0), sale_line.product_uom.name))

    @api.onchange('sale_line_id')
    def _onchange_sale_line_id(self):
        if self.sale_line_id:
            self.update(self._sale_line_defaults(self.sale_line_id))

    @api.onchange('product_id')
    def _onchange_product_id(self):
        if self.product_id and not self.sale_line_id:
            self.update(self._product_defaults(self.order_id, self.product_id,
                                               self.product_uom_qty))

    @api.onchange('product_uom')
    def _onchange_product_uom(self):
        # the price follows the unit until it is locked
        if not self.product_uom or self.price_locked:
            return
        if self.sale_line_id:
            defaults = self._sale_line_defaults(self.sale_line_id,
                                                self.product_uom)
        elif self.product_id:
            defaults = self._product_defaults(
                self.order_id, self.product_id, self.product_uom_qty,
                self.product_uom)
        else:
            return
        self.price_unit = defaults['price_unit']

    # Defaults shared by onchanges and create (XML-RPC runs no onchange) -----
    @api.model
    def _sale_line_defaults(self, sale_line, uom=None):
        """What the sale line sold, its price in ``uom`` (default: the
        sale line's unit)."""
        uom = uom or sale_line.product_uom
        return {
            'product_id': sale_line.product_id.id,
            'product_uom': uom.id,
            'price_unit': sale_line.product_uom._compute_price(
                sale_line.price_unit, uom),
            'discount': sale_line.discount,
            'tax_ids': [(6, 0, sale_line.tax_id.ids)],
            'name': sale_line.name,
        }

    @api.model
    def _product_defaults(self, order, product, qty, uom=None):
        """The product's price (pricelist, else sales price) per ``uom``
        (default: the product's unit), and its taxes."""
        uom = uom or product.uom_id
        company = order.company_id or self.env.user.company_id
        taxes = product.taxes_id.filtered(lambda t: t.company_id == company)
        if order.fiscal_position_id:
            taxes = order.fiscal_position_id.map_tax(
                taxes, product, order.partner_id)
        if order.pricelist_id:
            price = order.pricelist_id.with_context(
                uom=uom.id).get_product_price(
                product, qty or 1.0, order.partner_id)
        else:
            price = product.with_context(uom=uom.id).lst_price
        return {
            'product_uom': uom.id,
            'price_unit': price,
            'tax_ids': [(6, 0, taxes.ids)],
            'name': '\n'.join(filter(None, [
                product.display_name, product.description_sale])),
        }

    @api.model
    def _create_defaults(self, order, vals):
        """Defaults of a new line from ``vals``: its sale line's, else its
        product's (hook: billing adds the restocking fee)."""
        uom = self.env['product.uom'].browse(vals.get('product_uom'))
        if vals.get('sale_line_id'):
            return self._sale_line_defaults(
                self.env['sale.order.line'].browse(vals['sale_line_id']),
                uom)
        if vals.get('product_id'):
            product = self.env['product.product'].browse(vals['product_id'])
            if not product.exists():
                raise UserError(_(
                    'RMA %s: product id %s does not exist.') % (
                    order.name, vals['product_id']))
            return self._product_defaults(
                order, product, vals.get('product_uom_qty', 1.0), uom)
        return {}

    # CRUD -------------------------------------------------------------------
    @api.model
    def create(self, vals):
        order = self.env['rma.order'].browse(vals.get('order_id'))
        check_input_values(
            self, vals, lambda: _('RMA %s, new line') % order.name)
        self._lock_sale_lines([vals.get('sale_line_id')])
        vals = dict(vals)
        for key, value in self._create_defaults(order, vals).items():
            vals.setdefault(key, value)
        return super(RmaOrderLine, self).create(vals)

    @api.multi
    def write(self, vals):
        check_input_values(self, vals, lambda: _('RMA %s, lines') % (
            ', '.join(sorted(set(self.mapped('order_id.name'))))))
        self._check_write(vals)
        if {'sale_line_id', 'product_uom_qty', 'product_uom', 'line_type'} \
                & set(vals):
            self._lock_sale_lines(
                self.mapped('sale_line_id').ids + [vals.get('sale_line_id')])
        return super(RmaOrderLine, self).write(vals)

    @api.model
    def _lock_sale_lines(self, ids):
        """Concurrent returns of the same sale line: each transaction
        counts the others' committed lines only (_check_sale_line), so both
        could pass. A no-op update of the sale lines makes the second one
        wait, then fail with a serialisation error that Odoo retries
        against the committed returns (a lock alone does not refresh a
        repeatable-read count). Done here, not in the constraint, where
        Odoo would turn that error into a ValidationError, never retried."""
        ids = tuple(i for i in ids if isinstance(i, int) and
                    not isinstance(i, bool))
        if ids:
            self.env.cr.execute(
                'UPDATE sale_order_line SET id = id WHERE id IN %s', (ids,))
        return True

    @api.multi
    def unlink(self):
        if self.mapped('move_ids').filtered(lambda m: m.state != 'cancel'):
            raise UserError(_(
                'RMA lines with stock moves cannot be deleted; cancel the RMA '
                'instead.'))
        return super(RmaOrderLine, self).unlink()

    # Rules ------------------------------------------------------------------
    @api.multi
    def _check_write(self, vals):
        """Hook: refuse ``vals`` on these lines (values already checked)."""
        return True

    @api.multi
    def _is_charge_only(self):
        """A service on the RMA: charged (freight, handling) or credited
        (unused hours, a cancelled subscription month); nothing moves."""
        self.ensure_one()
        return self.product_id.type == 'service'

    @api.multi
    def _check_can_confirm(self):
        self._check_installed_base()
        self._check_serials_in_stock()
        return True
