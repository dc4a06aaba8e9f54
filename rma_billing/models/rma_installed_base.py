# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round

INSTALLED_STATES = [
    ('installed', 'Installed'),
    ('returned', 'Returned'),
]


class RmaInstalledBase(models.Model):
    """What each customer has installed, serial by serial when tracked.

    Maintained by the system only: posting an RMA invoice or credit note
    adds what it charges for (issues) and marks returned what it credits
    (receipts); cancelling it reverts exactly that. Ordinary customer
    deliveries feed it too when the company asks for it."""
    _name = 'rma.installed.base'
    _description = 'Installed Base'
    _order = 'date_installed desc, id desc'

    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True,
        readonly=True, ondelete='restrict',
        help='The commercial entity that owns the item.')
    site_id = fields.Many2one(
        'res.partner', string='Site', readonly=True, ondelete='restrict',
        help='Ship-to address where the item is installed.')
    product_id = fields.Many2one(
        'product.product', string='Product', required=True, index=True,
        readonly=True, ondelete='restrict')
    product_uom = fields.Many2one(related='product_id.uom_id', readonly=True,
                                  string='Unit of Measure')
    lot_id = fields.Many2one(
        'stock.production.lot', string='Lot/Serial Number', index=True,
        readonly=True, ondelete='restrict')
    quantity = fields.Float(
        required=True, readonly=True, default=1.0,
        digits=dp.get_precision('Product Unit of Measure'),
        help="In the product's unit of measure.")
    date_installed = fields.Date(
        string='Installed On', required=True, readonly=True,
        default=fields.Date.context_today)
    date_returned = fields.Date(string='Returned On', readonly=True)
    state = fields.Selection(
        INSTALLED_STATES, required=True, default='installed', index=True,
        readonly=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        default=lambda self: self.env.user.company_id)
    # Documents that created or closed the entry (what cancelling reverts).
    install_invoice_id = fields.Many2one(
        'account.invoice', string='Installing Invoice', index=True,
        readonly=True, ondelete='restrict')
    install_rma_line_id = fields.Many2one(
        'rma.order.line', string='Installing RMA Line', index=True,
        readonly=True, ondelete='restrict')
    install_move_id = fields.Many2one(
        'stock.move', string='Delivery', index=True, readonly=True,
        ondelete='restrict',
        help='The ordinary customer delivery that installed the item.')
    return_invoice_id = fields.Many2one(
        'account.invoice', string='Returning Document', index=True,
        readonly=True, ondelete='restrict')
    return_rma_line_id = fields.Many2one(
        'rma.order.line', string='Returning RMA Line', index=True,
        readonly=True, ondelete='restrict')
    split_from_id = fields.Many2one(
        'rma.installed.base', string='Split From', readonly=True,
        ondelete='set null',
        help='A partial return splits an entry; cancelling the return '
             'merges the quantity back.')

    @api.multi
    def name_get(self):
        result = []
        for rec in self:
            name = rec.product_id.display_name
            if rec.lot_id:
                name = '%s [%s]' % (name, rec.lot_id.name)
            result.append((rec.id, '%s - %s' % (rec.partner_id.display_name,
                                                name)))
        return result

    # Invoice posting --------------------------------------------------------
    @api.model
    def _apply_invoices(self, invoices):
        """Posting of RMA ``invoices``: install what their charge lines
        issued and mark returned what their credit lines received.
        Returns True."""
        # services (freight, support hours) are never installed
        inv_lines = invoices.mapped('invoice_line_ids').filtered(
            lambda l: l.rma_line_id and
            l.rma_line_kind in ('charge', 'credit') and
            l.rma_line_id.product_id.type != 'service')
        if not inv_lines:
            return True
        # sudo: the entries follow from posting these invoices, which the
        # user may do; RMA users read the installed base but do not edit it.
        # Only entries of these invoices' lines are created or returned.
        Base = self.sudo()
        charges = inv_lines.filtered(lambda l: l.rma_line_kind == 'charge')
        credits = inv_lines - charges
        if charges:
            Base._install_from_invoice_lines(charges)
        if credits:
            Base._return_from_invoice_lines(credits)
        return True

    @api.model
    def _revert_invoices(self, invoices):
        """Cancelling posted ``invoices``: undo what their posting did.
        Returns True."""
        # sudo: as in _apply_invoices, only the entries of these invoices,
        # which the user is cancelling, change
        Base = self.sudo()
        installed = Base.search([('install_invoice_id', 'in', invoices.ids)])
        gone = installed.filtered(
            lambda r: r.state == 'returned' and
            r.return_invoice_id not in invoices)
        if gone:
            raise UserError(_(
                'Cannot cancel %s: items it installed were returned since '
                '(%s). Cancel %s first.') % (
                ', '.join(gone.mapped('install_invoice_id.display_name')),
                ', '.join(gone.mapped('display_name')),
                ', '.join(gone.mapped('return_invoice_id.display_name'))))
        returned = Base.search([('return_invoice_id', 'in', invoices.ids)],
                               order='id desc')
        for rec in returned:
            parent = rec.split_from_id
            if parent and parent.state == 'installed':
                parent.quantity += rec.quantity
                rec.unlink()
            else:
                rec.write({'state': 'installed', 'date_returned': False,
                           'return_invoice_id': False,
                           'return_rma_line_id': False})
        installed.exists().unlink()
        return True

    @api.model
    def _rma_lot_quantities(self, rma_lines):
        """{rma line: [(lot, qty in product unit)]} of the done moves'
        move lines: what was physically shipped or received."""
        result = defaultdict(lambda: defaultdict(float))
        move_lines = rma_lines.mapped('move_ids').filtered(
            lambda m: m.state == 'done').mapped('move_line_ids')
        for ml in move_lines:
            rma_line = ml.move_id.rma_line_id
            result[rma_line][ml.lot_id] += ml.product_uom_id._compute_quantity(
                ml.qty_done, ml.product_id.uom_id, round=False)
        return result

    @api.model
    def _recorded_quantities(self, rma_lines, side):
        """{(rma line id, lot id): qty} already installed (``side`` install)
        or returned (``side`` return) by these RMA lines."""
        field = '%s_rma_line_id' % side
        data = self.read_group(
            [(field, 'in', rma_lines.ids)] +
            ([('state', '=', 'returned')] if side == 'return' else []),
            [field, 'lot_id', 'quantity'], [field, 'lot_id'], lazy=False)
        return {(d[field][0], d['lot_id'] and d['lot_id'][0] or False):
                d['quantity'] for d in data}

    @api.model
    def _allocate_lots(self, inv_lines, side):
        """[(invoice line, lot, qty)]: the quantity each invoice line bills,
        in the product's unit, spread over the lots moved on its RMA line
        and not recorded yet."""
        rma_lines = inv_lines.mapped('rma_line_id')
        moved = self._rma_lot_quantities(rma_lines)
        taken = self._recorded_quantities(rma_lines, side)
        result = []
        for inv_line in inv_lines:
            rma_line = inv_line.rma_line_id
            uom = rma_line.product_id.uom_id
            qty = inv_line.uom_id._compute_quantity(
                abs(inv_line.quantity), uom, round=False)
            lots = sorted((lot for lot in moved[rma_line] if lot),
                          key=lambda lot: lot.id)
            for lot in lots:
                if float_is_zero(qty, precision_rounding=uom.rounding):
                    break
                key = (rma_line.id, lot.id)
                free = moved[rma_line][lot] - taken.get(key, 0.0)
                take = min(free, qty)
                if float_compare(take, 0.0,
                                 precision_rounding=uom.rounding) > 0:
                    result.append((inv_line, lot, take))
                    taken[key] = taken.get(key, 0.0) + take
                    qty -= take
            if float_compare(qty, 0.0, precision_rounding=uom.rounding) > 0:
                result.append((inv_line, rma_line.lot_id, qty))
        return result

    @api.model
    def _prepare_invoice_install_vals(self, inv_line, lot, qty):
        invoice = inv_line.invoice_id
        rma = inv_line.rma_line_id.order_id
        return {
            'partner_id': rma.commercial_partner_id.id,
            'site_id': (rma.partner_shipping_id or
                        invoice.partner_shipping_id).id,
            'product_id': inv_line.rma_line_id.product_id.id,
            'lot_id': lot.id,
            'quantity': qty,
            'date_installed': invoice.date_invoice or
            fields.Date.context_today(self),
            'state': 'installed',
            'company_id': invoice.company_id.id,
            'install_invoice_id': invoice.id,
            'install_rma_line_id': inv_line.rma_line_id.id,
        }

    @api.model
    def _install_from_invoice_lines(self, inv_lines):
        for inv_line, lot, qty in self._allocate_lots(inv_lines, 'install'):
            vals = self._prepare_invoice_install_vals(inv_line, lot, qty)
            for vals_qty in self._split_serial(inv_line.product_id, qty):
                self.create(dict(vals, quantity=vals_qty))
        return True

    @api.model
    def _split_serial(self, product, qty):
        """Quantities of the entries for ``qty``: one per unit when the
        product is serial-tracked."""
        if product.tracking != 'serial':
            return [qty]
        return [1.0] * int(float_round(qty, precision_digits=0))

    @api.model
    def _return_from_invoice_lines(self, inv_lines):
        allocations = self._allocate_lots(inv_lines, 'return')
        rma_lines = inv_lines.mapped('rma_line_id')
        candidates = defaultdict(list)
        for rec in self.search([
                ('state', '=', 'installed'),
                ('partner_id', 'in', rma_lines.mapped(
                    'order_id.commercial_partner_id').ids),
                ('product_id', 'in', rma_lines.mapped('product_id').ids)],
                order='date_installed, id'):
            candidates[(rec.partner_id, rec.product_id, rec.lot_id)].append(
                rec)
        for inv_line, lot, qty in allocations:
            rma_line = inv_line.rma_line_id
            invoice = inv_line.invoice_id
            rounding = rma_line.product_id.uom_id.rounding
            returned_vals = {
                'state': 'returned',
                'date_returned': invoice.date_invoice or
                fields.Date.context_today(self),
                'return_invoice_id': invoice.id,
                'return_rma_line_id': rma_line.id,
            }
            # oldest first; what the customer does not have is skipped
            # (the RMA line flagged it before)
            queue = candidates[(rma_line.order_id.commercial_partner_id,
                                rma_line.product_id, lot)]
            while queue and float_compare(
                    qty, 0.0, precision_rounding=rounding) > 0:
                rec = queue[0]
                if float_compare(rec.quantity, qty,
                                 precision_rounding=rounding) <= 0:
                    rec.write(returned_vals)
                    qty -= rec.quantity
                    queue.pop(0)
                else:
                    rec.quantity -= qty
                    rec.copy(dict(returned_vals, quantity=qty,
                                  split_from_id=rec.id))
                    qty = 0.0
        return True

    # Deliveries -------------------------------------------------------------
    @api.model
    def _delivery_moves_domain(self, companies):
        return [('state', '=', 'done'),
                ('company_id', 'in', companies.ids),
                ('rma_line_id', '=', False),
                ('location_dest_id.usage', '=', 'customer'),
                ('location_id.usage', '!=', 'customer')]

    @api.model
    def _is_customer_delivery(self, move):
        return (move.state == 'done' and not move.rma_line_id and
                move.location_dest_id.usage == 'customer' and
                move.location_id.usage != 'customer')

    @api.model
    def _install_from_moves(self, moves):
        """Done customer deliveries among ``moves`` (not RMA ones: their
        invoice installs them) of companies feeding the installed base
        from deliveries become installed entries. Returns the new ids."""
        moves = moves.filtered(
            lambda m: m.company_id.rma_installed_base_from_deliveries and
            self._is_customer_delivery(m))
        return self._record_moves(moves)

    @api.model
    def _record_moves(self, moves):
        # sudo: entries of these done customer deliveries only (moves the
        # caller validated, or build_from_deliveries' for the user's own
        # companies); RMA users do not edit the installed base
        Base = self.sudo()
        recorded = Base.search([('install_move_id', 'in', moves.ids)]).mapped(
            'install_move_id')
        created = Base.browse()
        for move in moves - recorded:
            for vals in self._prepare_move_install_vals(move):
                created |= Base.create(vals)
        return created.ids

    @api.model
    def _prepare_move_install_vals(self, move):
        """Entries of a customer delivery: one per serial, per lot, or one
        for the whole quantity."""
        site = move.partner_id or move.picking_id.partner_id or \
            move.sale_line_id.order_id.partner_shipping_id
        partner = site.commercial_partner_id or \
            move.sale_line_id.order_id.partner_id.commercial_partner_id
        if not partner:
            return []
        base = {
            'partner_id': partner.id,
            'site_id': site.id,
            'product_id': move.product_id.id,
            'date_installed': (move.date or fields.Datetime.now())[:10],
            'state': 'installed',
            'company_id': move.company_id.id,
            'install_move_id': move.id,
        }
        uom = move.product_id.uom_id
        by_lot = defaultdict(float)
        for ml in move.move_line_ids:
            by_lot[ml.lot_id] += ml.product_uom_id._compute_quantity(
                ml.qty_done, uom, round=False)
        if not move.move_line_ids:
            by_lot[self.env['stock.production.lot']] = move.product_qty
        result = []
        for lot, qty in by_lot.items():
            if float_compare(qty, 0.0, precision_rounding=uom.rounding) <= 0:
                continue
            for part in self._split_serial(move.product_id, qty) \
                    if lot else [qty]:
                result.append(dict(base, lot_id=lot.id, quantity=part))
        return result

    @api.model
    def build_from_deliveries(self, company_ids=None):
        """One-shot: record the past customer deliveries of these companies
        (default: the user's) not recorded yet. Returns the new entries'
        ids."""
        companies = self.env['res.company'].browse(
            company_ids or self.env.user.company_id.ids)
        foreign = companies - self.env.user.company_ids
        if foreign:
            raise UserError(_(
                'You may record the deliveries of your own companies only, '
                'not of %s.') % ', '.join(foreign.mapped('name')))
        # sudo: every past delivery of the user's own companies (checked
        # above), whatever their stock rights; nothing is shown to them
        moves = self.env['stock.move'].sudo().search(
            self._delivery_moves_domain(companies), order='date, id')
        # regardless of the live setting: this is the explicit backfill
        return self._record_moves(moves)
