# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .test_rma_accounting import RmaAccountingCase


class TestRmaOriginalCost(RmaAccountingCase):
    """The original-cost rule of returns (stock.move
    _rma_original_unit_costs): which delivery wins, and one lookup per
    batch whatever its size."""

    def _sale(self, product, lines):
        sale = self.env['sale.order'].create({
            'partner_id': self.customer.id,
            'order_line': [(0, 0, {
                'product_id': product.id, 'product_uom_qty': qty,
                'price_unit': 500.0, 'tax_id': [(6, 0, [])]})
                for qty in lines]})
        sale.action_confirm()
        self._validate_picking(sale.picking_ids)
        return sale

    def test_odoo_return_link_wins_over_the_sale_line(self):
        self._receive(self.router, 5, 400.0)
        first = self._sale(self.router, [10])   # FIFO: 10 at 300
        second = self._sale(self.router, [1])   # then 1 at 400
        rma = self._create_confirm([(0, 0, {
            'line_type': 'receipt', 'sale_line_id': first.order_line.id,
            'product_uom_qty': 1})])
        move = rma.line_ids.move_ids
        self.assertEqual(move._rma_original_unit_costs(), {move: 300.0})
        # the move says which delivery it returns (Odoo's own return link)
        move.origin_returned_move_id = second.order_line.move_ids
        self.assertEqual(move._rma_original_unit_costs(), {move: 400.0})
        rma.process_all()
        self.assertEqual(move.price_unit, 400.0)
        self.assertEqual(move.value, 400.0)
        items = self._rma_items(rma)
        self.assertEqual(
            sorted((i.account_id.id, i.debit, i.credit) for i in items),
            sorted([(self.valuation.id, 400.0, 0.0),
                    (self.cogs.id, 0.0, 400.0)]))

    def test_one_lookup_per_batch(self):
        def queries(size):
            sale = self._sale(self.switch, [1] * size)
            rma = self._create_confirm([(0, 0, {
                'line_type': 'receipt', 'sale_line_id': sale_line.id,
                'product_uom_qty': 1}) for sale_line in sale.order_line])
            moves = rma.mapped('line_ids.move_ids')
            moves.invalidate_cache()
            before = self.cr.sql_log_count
            costs = moves._rma_original_unit_costs()
            self.assertEqual(sorted(costs.values()), [60.0] * size)
            return self.cr.sql_log_count - before
        self._receive(self.switch, 20, 60.0)
        small = queries(2)
        self.assertGreater(small, 0)
        self.assertEqual(queries(8), small)
