# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import RmaCase


class TestRmaCore(RmaCase):

    def test_create_defaults_from_customer(self):
        self.customer.rma_billing_mode = 'separate'
        invoice_addr = self.env['res.partner'].create({
            'name': 'Billing dept', 'type': 'invoice',
            'parent_id': self.customer.id})
        rma = self._create_rma([self._line('receipt', self.product_b)])
        self.assertRegex(rma.name, r'^RMA/\d{4}/\d{5}$')
        self.assertEqual(rma.state, 'draft')
        self.assertEqual(rma.partner_invoice_id, invoice_addr)
        self.assertEqual(rma.partner_shipping_id, self.customer)
        self.assertEqual(rma.billing_mode, 'separate')
        self.assertEqual(rma.warehouse_id, self.warehouse)
        line = rma.line_ids
        self.assertEqual(line.price_unit, 400.0)
        self.assertEqual(line.product_uom, self.product_b.uom_id)
        self.assertEqual(line.qty_open, 1.0)

    def test_billing_mode_defaults_from_company(self):
        self.company.rma_billing_mode = 'separate'
        rma = self._create_rma([self._line('receipt', self.product_b)])
        self.assertEqual(rma.billing_mode, 'separate')

    def test_confirm_creates_pickings_with_linked_moves(self):
        rma = self._create_confirm([
            self._line('issue', self.product_a, 2),
            self._line('receipt', self.product_b, 3)])
        self.assertEqual(rma.state, 'confirmed')
        self.assertEqual(len(rma.picking_ids), 2)
        self.assertEqual(rma.picking_count, 2)
        out = self._picking(rma, 'outgoing')
        inc = self._picking(rma, 'incoming')
        customer_loc = self.customer.property_stock_customer
        self.assertEqual(out.location_id, self.stock_location)
        self.assertEqual(out.location_dest_id, customer_loc)
        self.assertEqual(inc.location_id, customer_loc)
        self.assertEqual(inc.location_dest_id, self.stock_location)
        self.assertEqual(out.move_lines.rma_line_id, self._issue(rma))
        self.assertEqual(inc.move_lines.rma_line_id, self._receipt(rma))
        self.assertEqual(out.move_lines.product_uom_qty, 2.0)
        self.assertEqual(inc.move_lines.product_uom_qty, 3.0)
        self.assertEqual(out.origin, rma.name)
        self.assertEqual(out.state, 'assigned')  # stock was reserved
        self.assertEqual(inc.state, 'assigned')

    def test_return_location_setting(self):
        location = self.env['stock.location'].create({
            'name': 'Returns', 'usage': 'internal',
            'location_id': self.warehouse.view_location_id.id})
        self.company.rma_return_location_id = location
        rma = self._create_confirm([self._line('receipt', self.product_b)])
        self.assertEqual(rma.picking_ids.location_dest_id, location)

    def test_process_quantity_partial_then_full_via_api(self):
        rma = self._create_confirm([
            self._line('receipt', self.product_b, 5)])
        line = rma.line_ids
        self.assertIs(line.process_quantity(2), True)
        self.assertEqual(line.qty_done, 2.0)
        self.assertEqual(line.qty_open, 3.0)
        self.assertEqual(rma.state, 'confirmed')
        # the remainder went to a backorder, as the picking screen does
        self.assertEqual(len(rma.picking_ids), 2)
        self.assertEqual(
            self.env['stock.quant']._get_available_quantity(
                self.product_b, self.stock_location), 102.0)
        line.process_quantity(3)
        self.assertEqual(line.qty_done, 5.0)
        self.assertEqual(line.qty_open, 0.0)
        # processed, but done only once billed
        self.assertEqual(rma.state, 'confirmed')
        rma.create_invoices()
        self.assertEqual(rma.state, 'done')
        self.assertEqual(set(rma.picking_ids.mapped('state')), {'done'})

    def test_batch_processing_backorders_every_picking(self):
        rmas = self._create_confirm([
            self._line('receipt', self.product_b, 3)]) | self._create_confirm([
                self._line('receipt', self.product_b, 2)])
        rmas.mapped('line_ids').process_quantity(1)
        for rma in rmas:
            done = rma.picking_ids.filtered(lambda p: p.state == 'done')
            backorder = rma.picking_ids - done
            self.assertEqual(len(done), 1)
            self.assertTrue(done.date_done)
            self.assertEqual(backorder.backorder_id, done)
            self.assertEqual(backorder.move_lines.product_uom_qty,
                             rma.line_ids.qty_open)
        self.assertEqual(rmas.mapped('line_ids.qty_done'), [1.0, 1.0])

    def test_process_all_ships_and_receives(self):
        rma = self._create_confirm([
            self._line('issue', self.product_a, 2),
            self._line('receipt', self.product_b, 1)])
        self.assertIs(rma.process_all(), True)
        self.assertEqual(self._issue(rma).qty_done, 2.0)
        self.assertEqual(self._receipt(rma).qty_done, 1.0)
        self.assertEqual(rma.invoice_status, 'to invoice')
        self.assertEqual(
            self.env['stock.quant']._get_available_quantity(
                self.product_a, self.stock_location), 98.0)

    def test_process_via_picking_screen(self):
        rma = self._create_confirm([
            self._line('receipt', self.product_b, 4)])
        inc = self._picking(rma, 'incoming')
        self._validate_picking(inc, {self.product_b: 1})
        self.assertEqual(rma.line_ids.qty_done, 1.0)
        backorder = self._picking(rma, 'incoming')
        self.assertEqual(backorder.backorder_id, inc)
        self.assertEqual(backorder.rma_id, rma)
        self._validate_picking(backorder)
        self.assertEqual(rma.line_ids.qty_done, 4.0)
        self.assertEqual(rma.line_ids.qty_to_invoice, 4.0)

    def test_issue_waits_for_receipt_without_advance_exchange(self):
        rma = self._create_confirm([
            self._line('issue', self.product_a, 1),
            self._line('receipt', self.product_b, 1)])
        self.assertFalse(rma.advance_exchange)
        self.assertFalse(rma.can_ship_issues)
        with self.assertRaisesRegex(UserError, 'Advance Exchange'):
            self._issue(rma).process_quantity(1)
        self.assertEqual(self._issue(rma).qty_done, 0.0)
        # the picking screen obeys the same rule
        with self.assertRaisesRegex(UserError, 'after the return arrives'), \
                self.cr.savepoint():
            self._validate_picking(self._picking(rma, 'outgoing'))
        self._receipt(rma).process_quantity(1)
        self.assertTrue(rma.can_ship_issues)
        self._issue(rma).process_quantity(1)
        self.assertEqual(self._issue(rma).qty_done, 1.0)

    def test_advance_exchange_ships_first(self):
        rma = self._create_confirm([
            self._line('issue', self.product_a, 1),
            self._line('receipt', self.product_b, 1)],
            advance_exchange=True)
        self.assertTrue(rma.can_ship_issues)
        self._issue(rma).process_quantity(1)
        self.assertEqual(self._issue(rma).qty_done, 1.0)
        self.assertEqual(self._receipt(rma).qty_done, 0.0)
        self.assertEqual(rma.state, 'confirmed')

    def test_serial_receipt(self):
        lot = self.env['stock.production.lot'].create({
            'name': 'SN-0001', 'product_id': self.product_serial.id})
        rma = self._create_confirm([
            self._line('receipt', self.product_serial, 1, lot_id=lot.id)])
        rma.line_ids.process_quantity(1)
        quant = self.env['stock.quant'].search([
            ('product_id', '=', self.product_serial.id),
            ('location_id', '=', self.stock_location.id)])
        self.assertEqual(quant.lot_id, lot)
        self.assertEqual(quant.quantity, 1.0)

    def test_serial_without_lot_refused(self):
        rma = self._create_confirm([
            self._line('receipt', self.product_serial, 1)])
        with self.assertRaisesRegex(UserError, 'Lot/Serial Number'):
            rma.line_ids.process_quantity(1)
        self.assertEqual(rma.line_ids.qty_done, 0.0)

    def test_sale_line_defaults_and_over_return_guard(self):
        sale = self._create_delivered_sale(self.product_b, 2, 380.0, 10.0)
        sale_line = sale.order_line
        self.assertEqual(sale_line.qty_delivered, 2.0)
        rma = self._create_rma([(0, 0, {
            'line_type': 'receipt', 'sale_line_id': sale_line.id,
            'product_uom_qty': 2})], sale_id=sale.id)
        line = rma.line_ids
        self.assertEqual(line.product_id, self.product_b)
        self.assertEqual(line.price_unit, 380.0)
        self.assertEqual(line.discount, 10.0)
        self.assertEqual(rma.partner_invoice_id, sale.partner_invoice_id)
        count = self.env['rma.order.line'].search_count([])
        with self.assertRaisesRegex(ValidationError, 'only 2.0 delivered'), \
                self.cr.savepoint():
            self._create_rma([(0, 0, {
                'line_type': 'receipt', 'sale_line_id': sale_line.id,
                'product_uom_qty': 1})])
        self.assertEqual(self.env['rma.order.line'].search_count([]), count)
        # a cancelled RMA frees its quantity
        rma.action_cancel()
        other = self._create_rma([(0, 0, {
            'line_type': 'receipt', 'sale_line_id': sale_line.id,
            'product_uom_qty': 1})])
        self.assertEqual(other.line_ids.price_unit, 380.0)

    def test_cancel_cancels_what_is_not_done(self):
        rma = self._create_confirm([
            self._line('receipt', self.product_b, 3)])
        rma.line_ids.process_quantity(1)
        self.assertIs(rma.action_cancel(), True)
        self.assertEqual(rma.state, 'cancel')
        moves = rma.line_ids.move_ids
        self.assertEqual(sorted(moves.mapped('state')), ['cancel', 'done'])
        self.assertEqual(rma.line_ids.qty_done, 1.0)
        self.assertEqual(rma.line_ids.qty_open, 0.0)

    def test_cancel_done_needs_manager(self):
        rma = self._create_confirm([self._line('receipt', self.product_b)])
        rma.process_all()
        rma.create_invoices()
        self.assertEqual(rma.state, 'done')
        with self.assertRaisesRegex(UserError, 'only an RMA Manager'):
            rma.sudo(self.user).action_cancel()
        self.assertEqual(rma.state, 'done')
        rma.sudo(self.manager).action_cancel()
        self.assertEqual(rma.state, 'cancel')

    def test_rma_user_full_flow(self):
        rma = self._create_rma([
            self._line('issue', self.product_a),
            self._line('receipt', self.product_b)], user=self.user)
        rma.action_confirm()
        rma.process_all()
        invoices = self.env['account.invoice'].sudo(self.user).browse(
            rma.create_invoices())
        self.assertEqual(len(invoices), 1)
        self.assertEqual(rma.state, 'done')
        self.assertEqual(rma.create_uid, self.user)

    def test_smart_buttons(self):
        sale = self._create_delivered_sale(self.product_b, 1, 400.0)
        rma = self._create_rma([self._line('receipt', self.product_b)],
                               sale_id=sale.id)
        self.assertEqual(self.customer.rma_count, 1)
        self.assertEqual(sale.rma_count, 1)
        action = self.customer.action_view_rmas()
        self.assertEqual(self.env['rma.order'].search(action['domain']), rma)
        rma.action_confirm()
        action = rma.action_view_pickings()
        self.assertEqual(action['res_id'], rma.picking_ids.id)


class TestRmaCoreErrors(RmaCase):
    """Every refusal names what to fix and writes nothing."""

    def _count(self):
        return (self.env['rma.order'].search_count([]),
                self.env['rma.order.line'].search_count([]),
                self.env['stock.move'].search_count([]))

    def test_zero_and_negative_quantity(self):
        before = self._count()
        for qty in (0, -2):
            with self.assertRaisesRegex(
                    ValidationError, 'quantity must be greater than zero'), \
                    self.cr.savepoint():
                self._create_rma([self._line('receipt', self.product_b, qty)])
        self.assertEqual(self._count(), before)
        rma = self._create_rma([self._line('receipt', self.product_b, 1)])
        with self.assertRaisesRegex(ValidationError, 'Switch B'), \
                self.cr.savepoint():
            rma.line_ids.write({'product_uom_qty': -1})
        rma.invalidate_cache()
        self.assertEqual(rma.line_ids.product_uom_qty, 1.0)

    def test_missing_customer(self):
        before = self._count()
        with self.assertRaisesRegex(UserError, 'needs a customer'), \
                self.cr.savepoint():
            self.env['rma.order'].create({
                'line_ids': [self._line('receipt', self.product_b)]})
        self.assertEqual(self._count(), before)

    def test_unknown_product(self):
        before = self._count()
        with self.assertRaisesRegex(UserError, 'does not exist'), \
                self.cr.savepoint():
            self._create_rma([(0, 0, {'line_type': 'receipt',
                                      'product_id': 999999,
                                      'product_uom_qty': 1})])
        self.assertEqual(self._count(), before)

    def test_confirm_without_lines(self):
        rma = self._create_rma([])
        before = self._count()
        with self.assertRaisesRegex(UserError, 'has no lines'):
            rma.action_confirm()
        self.assertEqual(rma.state, 'draft')
        self.assertFalse(rma.picking_ids)
        self.assertEqual(self._count(), before)

    def test_confirm_twice(self):
        rma = self._create_confirm([self._line('receipt', self.product_b)])
        before = self._count()
        with self.assertRaisesRegex(UserError, 'only draft RMAs'):
            rma.action_confirm()
        self.assertEqual(self._count(), before)

    def test_process_more_than_open(self):
        rma = self._create_confirm([
            self._line('receipt', self.product_b, 2)])
        before = self._count()
        with self.assertRaisesRegex(UserError, 'only 2.0 remain open'):
            rma.line_ids.process_quantity(3)
        with self.assertRaisesRegex(UserError, 'greater than zero'):
            rma.line_ids.process_quantity(0)
        with self.assertRaisesRegex(UserError, 'must be a number'):
            rma.line_ids.process_quantity('2')
        self.assertEqual(rma.line_ids.qty_done, 0.0)
        self.assertEqual(rma.line_ids.move_ids.quantity_done, 0.0)
        self.assertEqual(self._count(), before)

    def test_process_draft_or_cancelled(self):
        rma = self._create_rma([self._line('receipt', self.product_b)])
        with self.assertRaisesRegex(UserError, 'only confirmed RMAs'):
            rma.process_all()
        rma.action_confirm()
        rma.action_cancel()
        before = self._count()
        with self.assertRaisesRegex(UserError, 'is Cancelled'):
            rma.process_all()
        with self.assertRaisesRegex(UserError, 'is Cancelled'):
            rma.line_ids.process_quantity(1)
        self.assertEqual(self._count(), before)
        self.assertEqual(rma.line_ids.qty_done, 0.0)

    def test_delete_confirmed_refused(self):
        rma = self._create_confirm([self._line('receipt', self.product_b)])
        with self.assertRaisesRegex(UserError, 'cancel %s first' % rma.name):
            rma.unlink()
        self.assertTrue(rma.exists())

    def test_external_reference_unique_per_company(self):
        holder = self._create_rma([self._line('receipt', self.product_b)],
                                  client_ref='SHOP-1')
        before = self._count()
        # our message naming the holder, not the SQL constraint's
        with self.assertRaisesRegex(UserError, re.escape(
                'External reference SHOP-1 is already used by %s (id %s) of '
                'company %s' % (holder.name, holder.id,
                                self.company.name))), self.cr.savepoint():
            self._create_rma([self._line('receipt', self.product_b)],
                             client_ref='SHOP-1')
        self.assertEqual(self._count(), before)
        # nor can another RMA take it by write
        other = self._create_rma([self._line('receipt', self.product_b)],
                                 client_ref='SHOP-2')
        with self.assertRaisesRegex(UserError, 'already used by %s' %
                                    holder.name), self.cr.savepoint():
            other.write({'client_ref': 'SHOP-1'})
        other.invalidate_cache()
        self.assertEqual(other.client_ref, 'SHOP-2')
        # rewriting its own reference is no conflict
        holder.write({'client_ref': 'SHOP-1', 'note': 'kept'})
        self.assertEqual((holder.client_ref, holder.note), ('SHOP-1', 'kept'))
        # another company may use the same reference
        company_b = self.env['res.company'].create({'name': 'Ref Co'})
        rma_b = self._create_rma(
            [self._line('receipt', self.product_b)], client_ref='SHOP-1',
            company_id=company_b.id, partner_id=self.env['res.partner'].create(
                {'name': 'Ref Co customer', 'company_id': company_b.id}).id,
            warehouse_id=self.env['stock.warehouse'].search(
                [('company_id', '=', company_b.id)], limit=1).id)
        self.assertEqual((rma_b.company_id, rma_b.client_ref),
                         (company_b, 'SHOP-1'))
        self.assertEqual(self.env['rma.order'].search_count(
            [('client_ref', '=', 'SHOP-1')]), 2)

    def test_other_company_isolation(self):
        company_b = self.env['res.company'].create({'name': 'Other Co'})
        user_b = self._create_user('other_clerk', company_b)
        rma = self._create_rma([self._line('receipt', self.product_b)])
        partner_b = self.env['res.partner'].create(
            {'name': 'Other Co customer', 'company_id': company_b.id})
        rma_b = self.env['rma.order'].sudo(user_b).create({
            'partner_id': partner_b.id,
            'line_ids': [self._line('receipt', self.product_b)]})
        self.assertEqual(rma_b.company_id, company_b)
        # each company's user finds its own RMA only
        ids = (rma | rma_b).ids
        self.assertEqual(
            self.env['rma.order'].sudo(user_b).search([('id', 'in', ids)]),
            rma_b)
        self.assertEqual(
            self.env['rma.order'].sudo(self.user).search([('id', 'in', ids)]),
            rma)
        # the company record rule, not a missing access right
        with self.assertRaisesRegex(AccessError, 'security restrictions'):
            rma.sudo(user_b).read(['name'])
        with self.assertRaisesRegex(AccessError, 'security restrictions'):
            rma.sudo(user_b).action_confirm()
        self.assertEqual(rma.state, 'draft')
        self.assertFalse(rma.picking_ids)


class TestRmaReset(RmaCase):
    """action_draft: a cancelled RMA whose goods did not move starts over;
    one whose goods moved, or one not cancelled, is refused as is."""

    def _lines(self):
        return [self._line('issue', self.product_a, 2, price_unit=500.0),
                self._line('receipt', self.product_b, 1, price_unit=400.0)]

    def _moves(self, rma):
        """(line type, quantity, state) of each stock move, sorted."""
        return sorted((m.rma_line_id.line_type, m.product_uom_qty, m.state)
                      for m in rma.line_ids.mapped('move_ids'))

    def test_reset_cancelled_rma_that_did_not_move(self):
        rma = self._create_confirm(self._lines())
        old_moves = rma.line_ids.mapped('move_ids')
        old_pickings = rma.picking_ids
        rma.action_cancel()
        self.assertEqual(self._moves(rma), [('issue', 2.0, 'cancel'),
                                            ('receipt', 1.0, 'cancel')])
        self.assertEqual((rma.can_be_reset, rma.can_be_confirmed),
                         (True, False))
        self.assertIs(rma.action_draft(), True)
        self.assertEqual(rma.state, 'draft')
        self.assertEqual((rma.can_be_confirmed, rma.can_be_reset,
                          rma.can_be_processed, rma.can_be_cancelled),
                         (True, False, False, True))
        # a draft again: everything open, its amounts back (its cancelled
        # moves carry nothing)
        self.assertEqual(rma.line_ids.mapped('qty_open'), [2.0, 1.0])
        self.assertEqual((rma.amount_charge, rma.amount_credit,
                          rma.amount_net), (1000.0, 400.0, 600.0))
        # confirmed again: new open transfers next to the cancelled ones
        rma.action_confirm()
        self.assertEqual(rma.state, 'confirmed')
        self.assertEqual(self._moves(rma), [
            ('issue', 2.0, 'assigned'), ('issue', 2.0, 'cancel'),
            ('receipt', 1.0, 'assigned'), ('receipt', 1.0, 'cancel')])
        new_pickings = rma.picking_ids - old_pickings
        self.assertEqual(sorted(new_pickings.mapped('picking_type_code')),
                         ['incoming', 'outgoing'])
        self.assertEqual(set(new_pickings.mapped('state')), {'assigned'})
        self.assertFalse(new_pickings.mapped('move_lines') & old_moves)
        self.assertEqual(rma.line_ids.mapped('qty_open'), [2.0, 1.0])
        self.assertTrue(rma.can_be_processed)
        # and it runs to the end as any RMA: 2 x 500 - 400
        rma.process_all()
        self.assertEqual(rma.line_ids.mapped('qty_done'), [2.0, 1.0])
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual((invoice.type, invoice.amount_untaxed),
                         ('out_invoice', 600.0))
        self.assertEqual(rma.state, 'done')

    def test_reset_refused_when_goods_moved(self):
        rma = self._create_confirm(self._lines())
        self._receipt(rma).process_quantity(1)
        rma.action_cancel()
        self.assertEqual(self._moves(rma), [('issue', 2.0, 'cancel'),
                                            ('receipt', 1.0, 'done')])
        self.assertFalse(rma.can_be_reset)
        # refused whether alone or with a cancelled RMA that could reset
        clean = self._create_confirm(self._lines())
        clean.action_cancel()
        message = ('Goods of RMA %s already moved; create a new RMA '
                   'instead of resetting this one.' % rma.name)
        for rmas in (rma, clean | rma):
            with self.assertRaisesRegex(UserError, re.escape(message)) as cm, \
                    self.cr.savepoint():
                rmas.action_draft()
            self.assertEqual(cm.exception.name, message)  # nothing else
            rmas.invalidate_cache()
            self.assertEqual(set(rmas.mapped('state')), {'cancel'})
        self.assertEqual(self._moves(rma), [('issue', 2.0, 'cancel'),
                                            ('receipt', 1.0, 'done')])

    def test_reset_refused_unless_cancelled(self):
        draft = self._create_rma(self._lines())
        confirmed = self._create_confirm(self._lines())
        done = self._create_confirm(self._lines())
        done.process_all()
        done.create_invoices()
        self.assertEqual(done.state, 'done')
        for rma, label in ((draft, 'Draft'), (confirmed, 'Confirmed'),
                           (done, 'Done')):
            self.assertFalse(rma.can_be_reset)
            moves = self._moves(rma)
            with self.assertRaisesRegex(UserError, re.escape(
                    'RMA %s is %s; only cancelled RMAs can be reset to '
                    'draft.' % (rma.name, label))), self.cr.savepoint():
                rma.action_draft()
            rma.invalidate_cache()
            self.assertEqual(rma.state, label.lower())
            self.assertEqual(self._moves(rma), moves)


class TestRmaRuleFlags(RmaCase):
    """The can_be_* flags that drive the buttons, at every step of an
    RMA's life, read by the RMA user who runs it (and by a manager where
    they differ)."""

    FLAGS = ('can_be_confirmed', 'can_be_processed', 'can_be_invoiced',
             'can_be_cancelled', 'can_be_reset')

    def assertFlags(self, rma, expected, state):
        self.assertEqual(rma.state, state)
        self.assertEqual(dict(zip(self.FLAGS, (rma[f] for f in self.FLAGS))),
                         dict(zip(self.FLAGS, expected)))

    def test_flags_over_the_life_of_an_rma(self):
        T, F = True, False
        rma = self._create_rma([], user=self.user)
        self.assertEqual(rma.env.uid, self.user.id)
        # confirmed, processed, invoiced, cancelled, reset
        self.assertFlags(rma, (F, F, F, T, F), 'draft')  # no lines yet
        rma.write({'line_ids': [
            self._line('issue', self.product_a, 1, price_unit=500.0),
            self._line('receipt', self.product_b, 2, price_unit=400.0)]})
        self.assertFlags(rma, (T, F, F, T, F), 'draft')
        rma.action_confirm()
        self.assertFlags(rma, (F, T, F, T, F), 'confirmed')
        # partly processed: one of the two returns received
        self._receipt(rma).process_quantity(1)
        self.assertFlags(rma, (F, T, T, T, F), 'confirmed')
        # that unit billed: goods still open, nothing to bill
        first = rma.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual((first.type, first.amount_untaxed),
                         ('out_refund', 400.0))
        self.assertFlags(rma, (F, T, F, T, F), 'confirmed')
        # everything processed, the rest not billed yet
        rma.process_all()
        self.assertEqual(rma.line_ids.mapped('qty_open'), [0.0, 0.0])
        self.assertFlags(rma, (F, F, T, T, F), 'confirmed')
        # billed: done; only a manager may still cancel it
        second = rma.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual((second.type, second.amount_untaxed),
                         ('out_invoice', 100.0))
        self.assertFlags(rma, (F, F, F, F, F), 'done')
        as_manager = rma.sudo(self.manager)
        self.assertFlags(as_manager, (F, F, F, T, F), 'done')
        as_manager.action_cancel()
        # cancelled after goods moved: nothing left, not even a reset
        self.assertFlags(as_manager, (F, F, F, F, F), 'cancel')
        self.assertFlags(rma, (F, F, F, F, F), 'cancel')

    def test_flags_of_a_cancelled_rma_that_did_not_move(self):
        T, F = True, False
        rma = self._create_confirm([self._line('receipt', self.product_b)],
                                   user=self.user)
        rma.action_cancel()
        self.assertFlags(rma, (F, F, F, F, T), 'cancel')
        rma.action_draft()
        self.assertFlags(rma, (T, F, F, T, F), 'draft')
