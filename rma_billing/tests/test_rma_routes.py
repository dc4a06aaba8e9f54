# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError

from .test_rma_accounting import RmaAccountingCase


class TestRmaRoutes(RmaAccountingCase):
    """An RMA in a warehouse with 2-step reception (input, then stock) and
    3-step delivery (pick, pack, ship): its transfers follow the
    warehouse's own steps, quantities count when goods leave for or come
    from the customer, and only those steps post to the books. In this
    class ``warehouse`` and ``stock_location`` are that warehouse's."""

    @classmethod
    def setUpClass(cls):
        super(TestRmaRoutes, cls).setUpClass()
        cls.warehouse = cls.env['stock.warehouse'].create({
            'name': 'Multi-step warehouse', 'code': 'MSW',
            'company_id': cls.company.id,
            'reception_steps': 'two_steps',
            'delivery_steps': 'pick_pack_ship'})
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.input = cls.warehouse.wh_input_stock_loc_id
        cls.pack = cls.warehouse.wh_pack_stock_loc_id
        cls.output = cls.warehouse.wh_output_stock_loc_id
        cls.customers = cls.customer.property_stock_customer
        cls._receive(cls.router, 10, 300.0)
        cls._receive(cls.switch, 5, 60.0)

    def _rma(self, lines, **extra):
        return self._create_confirm(
            lines, warehouse_id=self.warehouse.id, **extra)

    def _steps(self, line):
        """{(source, destination, operation type, state)} of the moves of
        ``line``."""
        return {(m.location_id, m.location_dest_id, m.picking_type_id,
                 m.state) for m in line.move_ids}

    def _qty(self, product, location):
        """On hand, reserved or not."""
        return sum(self.env['stock.quant']._gather(
            product, location, strict=True).mapped('quantity'))

    def _picking_of(self, line, picking_type):
        return line.move_ids.filtered(
            lambda m: m.picking_type_id == picking_type and
            m.state not in ('done', 'cancel')).mapped('picking_id')

    def test_confirm_follows_the_warehouse_steps(self):
        rma = self._rma([
            self._line('receipt', self.switch, 2, price_unit=100.0),
            self._line('issue', self.router, 1, price_unit=500.0)])
        wh = self.warehouse
        receipt, issue = self._receipt(rma), self._issue(rma)
        self.assertEqual(self._steps(receipt), {
            (self.customers, self.input, wh.in_type_id, 'assigned'),
            (self.input, self.stock_location, wh.int_type_id, 'waiting')})
        self.assertEqual(self._steps(issue), {
            (self.stock_location, self.pack, wh.pick_type_id, 'assigned'),
            (self.pack, self.output, wh.pack_type_id, 'waiting'),
            (self.output, self.customers, wh.out_type_id, 'waiting')})
        # chained step by step, each in a transfer of this RMA
        ship = issue.move_ids.filtered(
            lambda m: m.location_dest_id == self.customers)
        self.assertEqual(ship.move_orig_ids.location_id, self.pack)
        self.assertEqual(ship.move_orig_ids.move_orig_ids.location_id,
                         self.stock_location)
        self.assertEqual(len(rma.picking_ids), 5)
        self.assertEqual(rma.picking_count, 5)
        self.assertEqual(set(rma.picking_ids.mapped('origin')), {rma.name})
        self.assertEqual(rma.procurement_group_id.rma_id, rma)
        self.assertEqual(receipt.qty_open, 2.0)
        self.assertEqual(issue.qty_open, 1.0)
        route = wh.rma_return_route_id
        self.assertEqual(len(route.pull_ids), 2)
        self.assertEqual(route.pull_ids.mapped('warehouse_id'), wh)

    def test_process_all_receives_to_input_and_ships_through_pick_pack(self):
        rma = self._rma([
            self._line('receipt', self.switch, 2, price_unit=100.0),
            self._line('issue', self.router, 1, price_unit=500.0)])
        receipt, issue = self._receipt(rma), self._issue(rma)
        self.assertTrue(rma.can_be_processed)
        rma.process_all()
        # received once it came from the customer; putting it away is the
        # warehouse's own internal transfer
        self.assertEqual((receipt.qty_done, receipt.qty_open), (2.0, 0.0))
        self.assertEqual(self._qty(self.switch, self.input), 2.0)
        putaway = receipt.move_ids.filtered(
            lambda m: m.location_id == self.input)
        self.assertEqual(putaway.state, 'assigned')
        # shipped: pick, pack and ship all done
        self.assertEqual((issue.qty_done, issue.qty_open), (1.0, 0.0))
        self.assertEqual(set(issue.move_ids.mapped('state')), {'done'})
        self.assertEqual(self._qty(self.router, self.stock_location), 9.0)
        self.assertEqual(self._qty(self.router, self.output), 0.0)
        self.assertFalse(rma.can_be_processed)
        # only the customer steps are valued: return at its original cost
        # (the RMA's own issue is another product: current cost 60)
        items = self._rma_items(rma)
        self.assertEqual(len(items.mapped('move_id')), 2)
        self.assertEqual(
            sorted((i.account_id.id, i.debit, i.credit, i.rma_line_id.id)
                   for i in items),
            sorted([(self.valuation.id, 120.0, 0.0, receipt.id),
                    (self.cogs.id, 0.0, 120.0, receipt.id),
                    (self.cogs.id, 300.0, 0.0, issue.id),
                    (self.valuation.id, 0.0, 300.0, issue.id)]))
        self._assert_balanced(items)
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual((invoice.type, invoice.amount_untaxed),
                         ('out_invoice', 300.0))
        self.assertEqual(rma.state, 'done')
        # the put-away changes neither the RMA nor the books
        self._validate_picking(putaway.picking_id)
        self.assertEqual(self._qty(self.switch, self.stock_location), 7.0)
        self.assertEqual(receipt.qty_done, 2.0)
        self.assertEqual(self._rma_items(rma), items)

    def test_partial_issue_processes_every_step_with_backorders(self):
        rma = self._rma([
            self._line('issue', self.router, 2, price_unit=500.0)],
            advance_exchange=True)
        issue = self._issue(rma)
        before = [(m, m.state, m.quantity_done) for m in issue.move_ids]
        steps = self.env['rma.order.line']._allocate_process_qty(
            {issue: 1.0})
        # a pure step: pick first, then pack, then ship, one unit each
        self.assertEqual(
            [(depth, [(m.location_id, qty) for m, qty in moves.items()])
             for _type, depth, moves in steps],
            [(2, [(self.stock_location, 1.0)]), (1, [(self.pack, 1.0)]),
             (0, [(self.output, 1.0)])])
        self.assertEqual(
            [(m, m.state, m.quantity_done) for m in issue.move_ids], before)
        issue.process_quantity(1)
        self.assertEqual((issue.qty_done, issue.qty_open), (1.0, 1.0))
        self.assertEqual(self._qty(self.router, self.stock_location), 9.0)
        for picking_type in (self.warehouse.pick_type_id,
                             self.warehouse.pack_type_id,
                             self.warehouse.out_type_id):
            moves = issue.move_ids.filtered(
                lambda m: m.picking_type_id == picking_type)
            self.assertEqual(sorted(moves.mapped('state')),
                             sorted(['done', 'assigned' if picking_type ==
                                     self.warehouse.pick_type_id
                                     else 'waiting']))
            self.assertEqual(sum(moves.mapped('product_uom_qty')), 2.0)
            self.assertEqual(len(moves.mapped('picking_id')), 2)  # backorder
        issue.process_quantity(1)
        self.assertEqual((issue.qty_done, issue.qty_open), (2.0, 0.0))
        self.assertEqual(set(issue.move_ids.mapped('state')), {'done'})
        self.assertEqual(self._qty(self.router, self.stock_location), 8.0)
        ship_items = self._rma_items(rma).filtered(
            lambda i: i.account_id == self.cogs)
        self.assertEqual(sum(ship_items.mapped('debit')), 600.0)
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(invoice.invoice_line_ids.quantity, 2.0)
        self.assertEqual(invoice.amount_untaxed, 1000.0)

    def test_processed_through_the_pickings(self):
        rma = self._rma([
            self._line('receipt', self.switch, 1, price_unit=100.0),
            self._line('issue', self.router, 2, price_unit=500.0)])
        receipt, issue = self._receipt(rma), self._issue(rma)
        wh = self.warehouse
        # picking and packing is internal: allowed before the return
        # arrives; shipping is not (no advance exchange)
        self._validate_picking(self._picking_of(issue, wh.pick_type_id),
                               {self.router: 1})
        self._validate_picking(self._picking_of(issue, wh.pack_type_id),
                               {self.router: 1})
        self.assertEqual(issue.qty_done, 0.0)
        with self.assertRaisesRegex(UserError, 'after the return arrives'), \
                self.cr.savepoint():
            self._validate_picking(self._picking_of(issue, wh.out_type_id),
                                   {self.router: 1})
        self.assertEqual(issue.qty_done, 0.0)
        self._validate_picking(self._picking_of(receipt, wh.in_type_id))
        self.assertEqual(receipt.qty_done, 1.0)
        self._validate_picking(self._picking_of(issue, wh.out_type_id),
                               {self.router: 1})
        self.assertEqual((issue.qty_done, issue.qty_open), (1.0, 1.0))
        # the rest through the RMA: the backorders of pick, pack and ship
        rma.process_all()
        self.assertEqual((issue.qty_done, issue.qty_open), (2.0, 0.0))
        invoices = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(invoices.amount_untaxed, 900.0)  # 1000 - 100
        self.assertEqual(rma.state, 'done')

    def test_return_route_follows_reception_steps_and_return_location(self):
        wh = self.warehouse
        self._rma([self._line('receipt', self.switch, 1)])
        old_rules = wh.rma_return_route_id.pull_ids
        wh.reception_steps = 'three_steps'
        returns = self.env['stock.location'].create({
            'name': 'Returns', 'usage': 'internal',
            'location_id': wh.view_location_id.id})
        self.company.rma_return_location_id = returns
        receipt = self._receipt(self._rma([
            self._line('receipt', self.switch, 1)]))
        qc = wh.wh_qc_stock_loc_id
        self.assertEqual(self._steps(receipt), {
            (self.customers, self.input, wh.in_type_id, 'assigned'),
            (self.input, qc, wh.int_type_id, 'waiting'),
            (qc, returns, wh.int_type_id, 'waiting')})
        self.assertFalse(any(old_rules.mapped('active')))
        self.assertEqual(len(wh.rma_return_route_id.pull_ids), 3)
        receipt.process_quantity(1)
        self.assertEqual(receipt.qty_done, 1.0)
        self.assertEqual(self._qty(self.switch, self.input), 1.0)

    def test_line_added_to_confirmed_rma_joins_its_transfers(self):
        rma = self._rma([
            self._line('receipt', self.switch, 1, price_unit=100.0)],
            advance_exchange=True)
        receipt_picking = self._receipt(rma).move_ids.filtered(
            lambda m: m.location_id == self.customers).picking_id
        rma.write({'line_ids': [
            self._line('receipt', self.router, 1, price_unit=500.0),
            self._line('issue', self.router, 1, price_unit=500.0)]})
        returned = self._receipt(rma).filtered(
            lambda l: l.product_id == self.router)
        issue = self._issue(rma)
        self.assertEqual(returned.qty_open, 1.0)
        self.assertEqual(issue.qty_open, 1.0)
        self.assertEqual(returned.move_ids.filtered(
            lambda m: m.location_id == self.customers).picking_id,
            receipt_picking)
        self.assertEqual(len(issue.move_ids), 3)  # pick, pack, ship
        self.assertEqual(len(rma.picking_ids), 5)
        rma.process_all()
        self.assertEqual(rma.mapped('line_ids.qty_done'), [1.0, 1.0, 1.0])
        # a service credited on the confirmed RMA needs no transfer
        rma.write({'line_ids': [self._line(
            'receipt', self.env.ref('rma_billing.product_restocking_fee'),
            1, price_unit=10.0)]})
        service = rma.line_ids[-1]
        self.assertEqual((service.qty_done, service.qty_to_invoice),
                         (1.0, 1.0))
        self.assertFalse(service.move_ids)
        self.assertEqual(len(rma.picking_ids), 5)
