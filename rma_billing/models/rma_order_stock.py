# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock side of an RMA: its transfers come from Odoo's procurement, like a
sale order's (the warehouse's delivery route for issues, its RMA return
route for receipts), so multi-step warehouses work; processing marks
quantities done on the customer-facing steps and the steps they wait for."""
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from ..tools import chunked, plan_for_growing_tables, window_action


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    procurement_group_id = fields.Many2one(
        'procurement.group', readonly=True, copy=False)
    picking_ids = fields.One2many(
        'stock.picking', 'rma_id', string='Transfers', readonly=True)
    picking_count = fields.Integer(compute='_compute_picking_count')
    can_ship_issues = fields.Boolean(
        compute='_compute_can_ship_issues',
        help='Issues may ship: advance exchange, or every receipt received.')

    @api.multi
    def _compute_picking_count(self):
        for rma in self:
            rma.picking_count = len(rma.picking_ids)

    @api.depends('advance_exchange', 'line_ids.qty_open',
                 'line_ids.line_type')
    def _compute_can_ship_issues(self):
        for rma in self:
            rma.can_ship_issues = rma.advance_exchange or all(
                line.qty_open <= 0 for line in rma.line_ids
                if line.line_type == 'receipt')

    # Public API -------------------------------------------------------------
    @api.multi
    def process_all(self):
        """Ship or receive every open quantity of these RMAs now. Receipts
        go first, so issues that wait for them can follow in the same
        call. Returns True (XML-RPC)."""
        self._check_can_process()
        plan_for_growing_tables(self.env.cr)
        for chunk in chunked(self):
            lines = chunk.mapped('line_ids').filtered(
                lambda l: l.qty_open > 0 and not l._is_charge_only())
            for line_type in ('receipt', 'issue'):
                todo = lines.filtered(lambda l: l.line_type == line_type)
                if todo:
                    todo._process({line: line.qty_open for line in todo})
        return True

    @api.multi
    def action_view_pickings(self):
        return window_action(
            self.env, 'stock.action_picking_tree_all',
            [('rma_id', 'in', self.ids)], records=self.picking_ids,
            form_xmlid='stock.view_picking_form')

    # Confirmation and cancellation ------------------------------------------
    @api.multi
    def _prepare_procurement_group_vals(self):
        self.ensure_one()
        return {'name': self.name, 'partner_id': self.partner_shipping_id.id,
                'move_type': 'direct', 'rma_id': self.id}

    @api.multi
    def _launch_stock(self):
        """One procurement group per RMA, then the lines' procurements."""
        plan_for_growing_tables(self.env.cr)
        Group = self.env['procurement.group']
        for rma in self.filtered(lambda r: not r.procurement_group_id):
            rma.procurement_group_id = Group.create(
                rma._prepare_procurement_group_vals())
        for chunk in chunked(self):
            chunk.mapped('line_ids')._launch_procurements()
        return True

    @api.multi
    def _cancel_stock(self):
        self.mapped('line_ids.move_ids').filtered(
            lambda m: m.state not in ('done', 'cancel'))._action_cancel()
        return True

    @api.multi
    def _waiting_receipts_message(self):
        self.ensure_one()
        waiting = self.line_ids.filtered(
            lambda l: l.line_type == 'receipt' and l.qty_open > 0)
        return _(
            'RMA %s ships its replacements only after the return arrives: '
            '%s still to receive. Receive the returned goods first, or tick '
            'Advance Exchange on the RMA.') % (
            self.name, ', '.join(waiting.mapped('product_id.display_name')))


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    @api.model
    def create(self, vals):
        line = super(RmaOrderLine, self).create(vals)
        if line.order_id.state not in ('draft', 'cancel'):
            # a line added to a confirmed RMA is accepted as at confirmation
            # and gets its transfers at once
            line._check_can_confirm()
            line._launch_procurements()
        return line

    # Procurement ------------------------------------------------------------
    @api.multi
    def _prepare_procurement_values(self):
        """Values of this line's procurement (see procurement.group.run)."""
        self.ensure_one()
        order = self.order_id
        return {
            'company_id': order.company_id,
            'group_id': order.procurement_group_id,
            'rma_line_id': self.id,
            'date_planned': fields.Datetime.now(),
            'warehouse_id': order.warehouse_id,
            'partner_dest_id': order.partner_shipping_id,
        }

    @api.multi
    def _prepare_procurement_move_vals(self, rule, move_vals):
        """What an RMA line sets on each move its procurement creates: the
        link back, and the customer's own location on the step that
        leaves or reaches the customer."""
        self.ensure_one()
        vals = {'rma_line_id': self.id, 'name': self.name or move_vals['name']}
        customer_location = \
            self.order_id.partner_shipping_id.property_stock_customer
        if rule.location_src_id.usage == 'customer':
            vals['location_id'] = customer_location.id
        return vals

    @api.multi
    def _launch_procurements(self):
        """Run a procurement per goods line: issues to the customer through
        the warehouse's routes (as a sale does), receipts to the return
        location through the warehouse's RMA return route. The first step
        of each chain is then reserved, as the picking screen would."""
        lines = self.filtered(lambda l: not l._is_charge_only())
        if not lines:
            return True
        routes = lines.mapped('order_id.warehouse_id')._rma_return_routes()
        Group = self.env['procurement.group']
        # One procurement per line, as a sale does; the RMA figures that
        # depend on the moves (quantities, amounts, statuses: each a pass
        # over all lines of the RMA) are computed once at the end, not
        # after each move (quadratic in lines). Odoo recomputes what its
        # own searches need (e.g. a new picking's state) itself.
        with self.env.norecompute():
            for line in lines:
                order = line.order_id
                values = line._prepare_procurement_values()
                if line.line_type == 'issue':
                    location = \
                        order.partner_shipping_id.property_stock_customer
                else:
                    location = order.warehouse_id._rma_return_location()
                    values['route_ids'] = routes[order.warehouse_id]
                try:
                    Group.run(line.product_id, line.product_uom_qty,
                              line.product_uom, location,
                              line.name or line.product_id.display_name,
                              order.name, values)
                except UserError as error:
                    raise UserError(_('RMA %s, line "%s": %s') % (
                        order.name, line.product_id.display_name,
                        error.name))
        self.recompute()
        # reserved in chunks, each with its own prefetch: every reservation
        # invalidates the moves' reserved quantity, which Odoo 11 then
        # recomputes for the whole prefetch set (quadratic in moves)
        for moves in chunked(lines.mapped('move_ids').filtered(
                lambda m: m.state in ('confirmed', 'partially_available'))):
            moves._action_assign()
        return True

    @api.multi
    def _rma_shipped_moves(self, product):
        """Done moves that took ``product`` to the customer on this line's
        RMA (its issues)."""
        self.ensure_one()
        return self.order_id.line_ids.filtered(
            lambda l: l.line_type == 'issue' and l.product_id == product
        ).mapped('move_ids').filtered(
            lambda m: m.state == 'done' and m._rma_is_customer_step())

    # Processing -------------------------------------------------------------
    @api.multi
    def process_quantity(self, qty):
        """Ship (issue) or receive (receipt) ``qty`` of each of these lines
        now, in the line's unit. Returns True (XML-RPC)."""
        if isinstance(qty, bool) or not isinstance(qty, (int, float)):
            raise UserError(_('The quantity to process must be a number.'))
        self._process({line: qty for line in self})
        return True

    def _process(self, qty_by_line):
        """Check, then mark ``qty_by_line`` ({line: qty}) done and validate
        the moves (a partial quantity leaves a backorder, as the picking
        screen does)."""
        lines = self.browse().concat(*qty_by_line.keys())
        lines.mapped('order_id')._check_can_process()
        for line, qty in qty_by_line.items():
            line._check_process_qty(qty)
        # a return of unknown cost is refused before anything moves, when
        # the company asks for it
        lines.mapped('move_ids').filtered(
            lambda m: m.state not in ('done', 'cancel') and
            m._is_rma_return() and
            m.company_id.rma_cost_fallback == 'refuse'
        )._rma_original_unit_costs()
        lines.mapped('order_id')._lock_rows()
        self._validate_moves(self._allocate_process_qty(qty_by_line))
        return True

    @api.model
    def _allocate_process_qty(self, qty_by_line):
        """Where processing ``qty_by_line`` takes its quantities from, with
        no side effect: [(line type, depth, {move: qty in the move's
        unit})], in the order to validate them. Depth 0 is the step that
        leaves or reaches the customer; an issue's quantity also needs the
        steps before it (pick, pack) that have not made it available yet."""
        steps = defaultdict(lambda: defaultdict(float))
        for line, qty in qty_by_line.items():
            moves = line.move_ids.filtered(
                lambda m: m._rma_is_customer_step() and
                m.state not in ('done', 'cancel'))
            self._spread_qty(line, qty, moves, steps, 0)
        order = sorted(steps, key=lambda key: (key[0] != 'receipt', -key[1]))
        return [(key[0], key[1], dict(steps[key])) for key in order]

    @api.model
    def _spread_qty(self, line, qty, moves, steps, depth):
        uom = line.product_uom
        for move in moves:
            if float_is_zero(qty, precision_rounding=uom.rounding):
                break
            take = min(qty, move.product_uom._compute_quantity(
                move.product_uom_qty, uom, round=False))
            steps[line.line_type, depth][move] += uom._compute_quantity(
                take, move.product_uom, round=False)
            qty -= take
            if line.line_type != 'issue':
                continue
            missing = take - move.product_uom._compute_quantity(
                move.reserved_availability, uom, round=False)
            if float_compare(missing, 0.0,
                             precision_rounding=uom.rounding) > 0:
                self._spread_qty(line, missing, move.move_orig_ids.filtered(
                    lambda m: m.state not in ('done', 'cancel')),
                    steps, depth + 1)
        return True

    @api.model
    def _validate_moves(self, steps):
        """Set exactly the allocated quantities done (whatever was typed on
        the pickings) and validate each step in one batch; validating a
        step makes the next one available."""
        for _line_type, _depth, qty_by_move in steps:
            moves = self.env['stock.move']
            for move, qty in qty_by_move.items():
                move.move_line_ids.write({'qty_done': 0.0})
                move._set_quantity_done(qty)
                if move.rma_line_id.lot_id:
                    move.move_line_ids.filtered('qty_done').write(
                        {'lot_id': move.rma_line_id.lot_id.id})
                moves |= move
            moves._action_done()
            # Odoo 11 backorders the first picking of a batch only
            pickings = moves.mapped('picking_id')
            pickings._create_backorder()
            pickings.filtered(
                lambda p: p.state == 'done' and not p.date_done
            ).write({'date_done': fields.Datetime.now()})
        return True

    @api.multi
    def _check_process_qty(self, qty):
        self.ensure_one()
        rounding = self.product_uom.rounding
        label = '%s, line "%s"' % (
            self.order_id.name, self.product_id.display_name)
        if self._is_charge_only():
            raise UserError(_(
                'RMA %s: this is a service, billed once the RMA is '
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
        return True
