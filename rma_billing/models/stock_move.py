# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
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

    def _action_done(self):
        # Same rule whether goods move from the RMA or the picking screen.
        issues = self.filtered(
            lambda m: m.rma_line_id.line_type == 'issue' and
            m.state not in ('done', 'cancel') and m.quantity_done > 0)
        for rma in issues.mapped('rma_line_id.order_id'):
            if not rma.can_ship_issues:
                raise UserError(rma._waiting_receipts_message())
        res = super(StockMove, self)._action_done()
        self.mapped('rma_line_id.order_id')._update_state()
        self.env['rma.installed.base']._install_from_moves(res)
        return res

    # Valuation --------------------------------------------------------------
    def _is_rma_return(self):
        return (self.rma_line_id.line_type == 'receipt' and
                self.location_id.usage == 'customer')

    def _get_price_unit(self):
        """Returned goods re-enter stock at the cost at which they left."""
        if self._is_rma_return():
            return self.rma_line_id._get_original_unit_cost()
        return super(StockMove, self)._get_price_unit()

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
            product.sudo().write({'standard_price': average})
        return res

    @api.multi
    def _get_accounting_data_for_valuation(self):
        """RMA goods post straight to cost of goods sold (rule 7): shipping
        debits it, receiving credits it, no interim account involved, so
        the RMA invoice adds no anglo-saxon lines of its own."""
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

    @api.multi
    def _rma_unit_cost(self):
        """Unit cost (product unit) at which these done moves were valued."""
        qty = sum(self.mapped('product_qty'))
        if not qty:
            return 0.0
        return abs(sum(self.mapped('value'))) / qty

    @api.model
    def _rma_check_cost_found(self, line):
        raise UserError(_(
            'RMA %s, line "%s": cannot find the cost at which this item left '
            '(no delivery of its serial, no delivery of its sale line, no '
            'issue on the RMA). Link the origin sale line or serial number, '
            'or set the cost fallback to "current cost" in RMA settings.')
            % (line.order_id.name, line.product_id.display_name))
