# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""RMA stock moves: the link to their line through every route step, the
shipping rule of the picking screen, and valuation — cost of goods sold
against inventory, returns at the original cost (the whole rule is
_rma_original_unit_costs)."""
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = 'stock.move'

    rma_line_id = fields.Many2one(
        'rma.order.line', string='RMA Line', index=True, readonly=True,
        ondelete='restrict')

    @api.model
    def _prepare_merge_moves_distinct_fields(self):
        # Two RMA lines of the same product stay two moves.
        distinct_fields = super(StockMove, self)\
            ._prepare_merge_moves_distinct_fields()
        distinct_fields.append('rma_line_id')
        return distinct_fields

    @api.model
    def _prepare_merge_move_sort_method(self, move):
        keys = super(StockMove, self)._prepare_merge_move_sort_method(move)
        keys.append(move.rma_line_id.id)
        return keys

    def _prepare_procurement_values(self):
        # The next step of a route (pack after pick, stock after input)
        # belongs to the same RMA line.
        values = super(StockMove, self)._prepare_procurement_values()
        if self.rma_line_id:
            values['rma_line_id'] = self.rma_line_id.id
        return values

    def _rma_is_customer_step(self):
        """The step of an RMA line's route that reaches the customer
        (issue) or comes from them (receipt): what counts as processed."""
        self.ensure_one()
        if self.rma_line_id.line_type == 'receipt':
            return self.location_id.usage == 'customer'
        return self.location_dest_id.usage == 'customer'

    def _is_rma_return(self):
        return (self.rma_line_id.line_type == 'receipt' and
                self._rma_is_customer_step())

    def _action_done(self):
        # Same rule whether goods move from the RMA or the picking screen.
        shipping = self.filtered(
            lambda m: m.rma_line_id.line_type == 'issue' and
            m.state not in ('done', 'cancel') and m.quantity_done > 0 and
            m._rma_is_customer_step())
        for rma in shipping.mapped('rma_line_id.order_id'):
            if not rma.can_ship_issues:
                raise UserError(rma._waiting_receipts_message())
        self._rma_set_original_costs()
        res = super(StockMove, self)._action_done()
        self.mapped('rma_line_id.order_id')._update_state()
        self.env['rma.installed.base']._install_from_moves(res)
        return res

    # Valuation --------------------------------------------------------------
    def _rma_set_original_costs(self):
        """Returns re-enter stock at the cost at which they left: set as
        the moves' price_unit (Odoo's own valuation input), in one lookup
        for the batch and one write per cost."""
        returns = self.filtered(
            lambda m: m.state not in ('done', 'cancel') and
            m._is_rma_return())
        by_cost = defaultdict(lambda: self.browse())
        for move, cost in returns._rma_original_unit_costs().items():
            by_cost[cost] |= move
        for cost, moves in by_cost.items():
            moves.write({'price_unit': cost})
        return True

    def _get_price_unit(self):
        # set by _rma_set_original_costs, even when the cost is zero
        if self._is_rma_return():
            return self.price_unit
        return super(StockMove, self)._get_price_unit()

    @api.multi
    def _rma_original_unit_costs(self):
        """{return move: cost per product unit at which its item originally
        left}, first found of: the delivery it returns (Odoo's return link),
        the latest delivery of its serial, its sale line's deliveries, the
        RMA's own issue of the product, the customer's latest delivery of
        the product; else the company's fallback (current cost, or refuse
        with a message)."""
        lines = self.mapped('rma_line_id')
        by_lot = self._rma_lot_delivery_costs(lines)
        by_sale_line = self._rma_sale_line_delivery_costs(lines)
        result = {}
        for move in self:
            line = move.rma_line_id
            origin = move.origin_returned_move_id
            issues = line._rma_shipped_moves(line.product_id)
            if origin.state == 'done' and origin.value:
                result[move] = origin._rma_unit_cost()
            elif (line.lot_id.id, line.company_id.id) in by_lot:
                result[move] = by_lot[line.lot_id.id, line.company_id.id]
            elif line.sale_line_id.id in by_sale_line:
                result[move] = by_sale_line[line.sale_line_id.id]
            elif issues:
                result[move] = issues._rma_unit_cost()
        unknown = self.filtered(lambda m: m not in result)
        by_customer = self._rma_customer_delivery_costs(
            unknown.mapped('rma_line_id'))
        for move in unknown:
            line = move.rma_line_id
            key = (line.order_id.commercial_partner_id.id,
                   line.product_id.id, line.company_id.id)
            if key in by_customer:
                result[move] = by_customer[key]
            elif line.company_id.rma_cost_fallback == 'refuse':
                raise UserError(_(
                    'RMA %s, line "%s": cannot find the cost at which this '
                    'item left (no delivery of its serial, of its sale line, '
                    'of this RMA or of this product to this customer). Link '
                    'the origin sale line or serial number, or set the cost '
                    'fallback to "current cost" in RMA settings.') % (
                    line.order_id.name, line.product_id.display_name))
            else:
                result[move] = line.product_id.with_context(
                    force_company=line.company_id.id).standard_price
        return result

    @api.model
    def _rma_lot_delivery_costs(self, lines):
        """{(lot id, company id): unit cost of the lot's latest valued
        delivery to a customer}."""
        lines = lines.filtered('lot_id')
        if not lines:
            return {}
        move_lines = self.env['stock.move.line'].search([
            ('lot_id', 'in', lines.mapped('lot_id').ids),
            ('state', '=', 'done'),
            ('location_dest_id.usage', '=', 'customer'),
            ('move_id.company_id', 'in', lines.mapped('company_id').ids)],
            order='date desc, id desc')
        result = {}
        for move_line in move_lines:
            key = (move_line.lot_id.id, move_line.move_id.company_id.id)
            if key not in result:
                move = move_line.move_id
                result[key] = move._rma_unit_cost() if move.value else None
        return {key: cost for key, cost in result.items() if cost is not None}

    @api.model
    def _rma_sale_line_delivery_costs(self, lines):
        """{sale line id: unit cost of its done customer deliveries}."""
        lines = lines.filtered('sale_line_id')
        if not lines:
            return {}
        moves = self.search([
            ('sale_line_id', 'in', lines.mapped('sale_line_id').ids),
            ('state', '=', 'done'),
            ('location_dest_id.usage', '=', 'customer'),
            ('product_id', 'in', lines.mapped('product_id').ids)])
        by_sale_line = defaultdict(lambda: self.browse())
        for move in moves:
            by_sale_line[move.sale_line_id.id] |= move
        return {key: group._rma_unit_cost()
                for key, group in by_sale_line.items()}

    @api.model
    def _rma_customer_delivery_costs(self, lines):
        """{(commercial partner id, product id, company id): unit cost of
        the latest valued delivery of the product to the customer, from a
        sale or an earlier RMA}."""
        if not lines:
            return {}
        moves = self.search([
            ('state', '=', 'done'), ('value', '!=', 0.0),
            ('location_dest_id.usage', '=', 'customer'),
            ('location_id.usage', '!=', 'customer'),
            ('product_id', 'in', lines.mapped('product_id').ids),
            ('company_id', 'in', lines.mapped('company_id').ids),
            ('picking_id.partner_id.commercial_partner_id', 'in',
             lines.mapped('order_id.commercial_partner_id').ids)],
            order='date desc, id desc')
        result = {}
        for move in moves:
            key = (move.picking_id.partner_id.commercial_partner_id.id,
                   move.product_id.id, move.company_id.id)
            if key not in result:
                result[key] = move._rma_unit_cost()
        return result

    @api.multi
    def _rma_unit_cost(self):
        """Unit cost (product unit) at which these done moves were valued."""
        qty = sum(self.mapped('product_qty'))
        if not qty:
            return 0.0
        return abs(sum(self.mapped('value'))) / qty

    @api.multi
    def product_price_update_before_done(self, forced_qty=None):
        res = super(StockMove, self).product_price_update_before_done(
            forced_qty=forced_qty)
        # Average cost: a return at its original cost moves the average the
        # way a purchase would (Odoo does this for suppliers only).
        for move in self.filtered(
                lambda m: m._is_rma_return() and
                m.product_id.cost_method == 'average'):
            product = move.product_id.with_context(
                force_company=move.company_id.id)
            on_hand = product.qty_available
            qty = move.product_uom._compute_quantity(
                move.quantity_done, product.uom_id)
            if on_hand + qty <= 0:
                continue
            cost = move._get_price_unit()
            average = (product.standard_price * max(on_hand, 0.0) +
                       cost * qty) / (max(on_hand, 0.0) + qty)
            # sudo: the cost follows from the return the user validated
            # (Odoo's own average costing writes it the same way); no
            # other field of the product changes
            product.sudo().write({'standard_price': average})
        return res

    @api.multi
    def _get_accounting_data_for_valuation(self):
        """RMA goods post straight to cost of goods sold: shipping debits
        it, receiving credits it, no interim account involved, so the RMA
        invoice adds no anglo-saxon lines of its own."""
        journal_id, acc_src, acc_dest, acc_valuation = super(
            StockMove, self)._get_accounting_data_for_valuation()
        if self.rma_line_id:
            category = self.product_id.categ_id.with_context(
                force_company=self.company_id.id)
            cogs = category._rma_cogs_account(self.product_id)
            acc_src = acc_dest = cogs.id
            if self._is_rma_return() and category.rma_inventory_account_id:
                acc_valuation = category.rma_inventory_account_id.id
        return journal_id, acc_src, acc_dest, acc_valuation

    def _prepare_account_move_line(self, qty, cost, credit_account_id,
                                   debit_account_id):
        res = super(StockMove, self)._prepare_account_move_line(
            qty, cost, credit_account_id, debit_account_id)
        if self.rma_line_id:
            for command in res:
                command[2].update({
                    'rma_line_id': self.rma_line_id.id,
                    'rma_id': self.rma_line_id.order_id.id,
                })
        return res
