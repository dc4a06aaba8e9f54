# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The refusals of the README's "What the addon refuses" that no other
test pinned down: each asserts the whole message and that the refused
call wrote nothing (counts, states and values re-read from the
database)."""
import re

from odoo.exceptions import UserError, ValidationError

from .common import RmaCase
from .test_rma_accounting import RmaAccountingCase


class RefusalMixin(object):
    """What a refused call must leave untouched."""

    COUNTED = ('rma.order', 'rma.order.line', 'stock.move', 'stock.picking',
               'procurement.group', 'account.invoice', 'account.move')

    def _counts(self):
        return {model: self.env[model].search_count([])
                for model in self.COUNTED}

    def _read(self, records, names):
        """``names`` of ``records``, fresh from the database."""
        records.invalidate_cache()
        return records.read(names)

    def assertRefused(self, exception, message, call, *args):
        """``call(*args)`` raises ``exception`` with exactly ``message``
        (in a savepoint, as a refused request is rolled back), and no
        record was created or deleted."""
        before = self._counts()
        # the regex sees str(exception), Odoo's (message, '') with quotes
        # and new lines escaped: match the message's longest plain part
        part = max(re.split(r"[\n']", message), key=len)
        with self.assertRaisesRegex(exception, re.escape(part)) as cm, \
                self.cr.savepoint():
            call(*args)
        self.assertEqual(cm.exception.name, message)  # nothing else
        self.assertEqual(self._counts(), before)
        return cm.exception


class TestRmaRefusals(RefusalMixin, RmaCase):

    RMA_FIELDS = ['state', 'company_id', 'warehouse_id', 'partner_id',
                  'sale_id', 'client_ref', 'procurement_group_id',
                  'picking_ids', 'invoice_ids']
    LINE_FIELDS = ['order_id', 'company_id', 'product_id', 'product_uom',
                   'product_uom_qty', 'sale_line_id', 'price_unit',
                   'qty_done', 'qty_open', 'qty_invoiced', 'move_ids']

    @classmethod
    def setUpClass(cls):
        super(TestRmaRefusals, cls).setUpClass()
        cls.company_b = cls.env['res.company'].create(
            {'name': 'Refusals Co B'})
        cls.warehouse_b = cls.env['stock.warehouse'].search(
            [('company_id', '=', cls.company_b.id)], limit=1)
        cls.freight = cls._create_product('Freight', 30.0, 0.0,
                                          type='service')

    def _state(self, rmas):
        """The RMAs, their lines and stock moves, from the database."""
        return (self._read(rmas, self.RMA_FIELDS),
                self._read(rmas.mapped('line_ids'), self.LINE_FIELDS),
                self._read(rmas.mapped('line_ids.move_ids'),
                           ['state', 'quantity_done', 'product_uom_qty']))

    def _delivered_sale(self, partner, product, qty, price):
        return self._create_delivered_sale(product, qty, price,
                                           partner=partner)

    # Create and edit --------------------------------------------------------
    def test_unit_of_another_category(self):
        kg = self.env.ref('product.product_uom_kgm')
        self.assertRefused(
            ValidationError, 'RMA %s, line "Switch B": unit kg is not '
            "compatible with the product's unit Unit(s)." % self._next_name(),
            self._create_rma,
            [self._line('receipt', self.product_b, 1, product_uom=kg.id)])
        rma = self._create_rma([self._line('receipt', self.product_b, 1)])
        before = self._state(rma)
        self.assertRefused(
            ValidationError, 'RMA %s, line "Switch B": unit kg is not '
            "compatible with the product's unit Unit(s)." % rma.name,
            rma.line_ids.write, {'product_uom': kg.id})
        self.assertEqual(self._state(rma), before)

    def _next_name(self):
        """The name the next RMA created takes."""
        sequence = self.env['ir.sequence'].search(
            [('code', '=', 'rma.order'),
             ('company_id', 'in', (self.company.id, False))],
            order='company_id', limit=1)
        return sequence.get_next_char(sequence.number_next_actual)

    def test_sale_line_of_another_customer(self):
        other = self.env['res.partner'].create(
            {'name': 'Other Customer', 'customer': True, 'is_company': True})
        sale = self._delivered_sale(other, self.product_b, 1, 400.0)
        rma = self._create_rma([
            self._line('receipt', self.product_b, 1, price_unit=400.0)])
        before = self._state(rma)
        self.assertRefused(
            ValidationError, 'RMA %s, line "Switch B": sale order %s '
            'belongs to another customer.' % (rma.name, sale.name),
            rma.line_ids.write, {'sale_line_id': sale.order_line.id})
        self.assertEqual(self._state(rma), before)

    def test_sale_line_of_another_company(self):
        """Ids of another company are refused on input (tools.py); an RMA
        moved to another company keeps its lines' sale lines, and the
        next change of such a line is refused."""
        customer = self.env['res.partner'].create({
            'name': 'Shared Customer', 'customer': True, 'is_company': True,
            'company_id': False})
        sale = self._delivered_sale(customer, self.product_b, 2, 400.0)
        rma = self._create_rma([(0, 0, {
            'line_type': 'receipt', 'sale_line_id': sale.order_line.id,
            'product_uom_qty': 1})], partner_id=customer.id)
        rma.write({'company_id': self.company_b.id,
                   'warehouse_id': self.warehouse_b.id})
        before = self._state(rma)
        self.assertRefused(
            ValidationError, 'RMA %s, line "Switch B": sale order %s '
            'belongs to another company.' % (rma.name, sale.name),
            rma.line_ids.write, {'product_uom_qty': 2})
        self.assertEqual(self._state(rma), before)

    def test_return_of_a_sale_line_for_another_product(self):
        sale = self._delivered_sale(self.customer, self.product_b, 1, 400.0)
        rma = self._create_rma([
            self._line('receipt', self.product_a, 1, price_unit=100.0)])
        before = self._state(rma)
        self.assertRefused(
            ValidationError, 'RMA %s: a return of sale line "%s" must be '
            'for product Switch B, not Router A.' % (
                rma.name, sale.order_line.name),
            rma.line_ids.write, {'sale_line_id': sale.order_line.id})
        self.assertEqual(self._state(rma), before)

    def test_external_reference_on_several_rmas(self):
        rmas = self._create_rma([self._line('receipt', self.product_b)],
                                client_ref='REF-1') | self._create_rma(
            [self._line('receipt', self.product_b)])
        before = self._state(rmas)
        self.assertRefused(
            UserError, 'External reference REF-2 can belong to one RMA '
                       'only; write it on a single RMA.',
            rmas.write, {'client_ref': 'REF-2'})
        self.assertEqual(self._state(rmas), before)

    def test_company_without_its_warehouse(self):
        rma = self._create_rma([self._line('receipt', self.product_b)])
        before = self._state(rma)
        self.assertRefused(
            ValidationError, 'RMA %s: warehouse %s belongs to another '
            'company; choose a warehouse of Refusals Co B.' % (
                rma.name, self.warehouse.name),
            rma.write, {'company_id': self.company_b.id})
        self.assertEqual(self._state(rma), before)

    def test_company_without_its_sale_order(self):
        sale = self._delivered_sale(self.customer, self.product_b, 1, 400.0)
        rma = self._create_rma([self._line('receipt', self.product_b)],
                               sale_id=sale.id)
        before = self._state(rma)
        self.assertRefused(
            ValidationError, 'RMA %s: sale order %s belongs to another '
            'company.' % (rma.name, sale.name),
            rma.write, {'company_id': self.company_b.id,
                        'warehouse_id': self.warehouse_b.id})
        self.assertEqual(self._state(rma), before)

    def test_company_without_its_customer(self):
        rma = self._create_rma([self._line('receipt', self.product_b)])
        self.assertEqual(self.customer.company_id, self.company)
        before = self._state(rma)
        self.assertRefused(
            ValidationError, 'RMA %s: customer Test Customer belongs to '
            'company %s; use a customer of Refusals Co B.' % (
                rma.name, self.company.name),
            rma.write, {'company_id': self.company_b.id,
                        'warehouse_id': self.warehouse_b.id})
        self.assertEqual(self._state(rma), before)

    # Confirm ----------------------------------------------------------------
    def test_confirm_without_a_route_to_the_customer(self):
        nowhere = self.env['stock.location'].create(
            {'name': 'Unrouted customers', 'usage': 'customer'})
        customer = self.env['res.partner'].create({
            'name': 'Unrouted Customer', 'customer': True,
            'is_company': True, 'property_stock_customer': nowhere.id})
        rma = self._create_rma([self._line('issue', self.product_a)],
                               partner_id=customer.id)
        before = self._state(rma)
        self.assertRefused(
            UserError, 'RMA %s, line "Router A": No procurement rule '
            'found. Please verify the configuration of your routes' %
            rma.name, rma.action_confirm)
        self.assertEqual(self._state(rma), before)
        self.assertEqual((before[0][0]['state'],
                          before[0][0]['procurement_group_id']),
                         ('draft', False))

    # Process ----------------------------------------------------------------
    def test_process_a_service_charge(self):
        rma = self._create_confirm([self._line('issue', self.freight)])
        before = self._state(rma)
        self.assertRefused(
            UserError, 'RMA %s, line "Freight": this is a service, billed '
            'once the RMA is confirmed; there is nothing to ship or '
            'receive.' % rma.name, rma.line_ids.process_quantity, 1)
        self.assertEqual(self._state(rma), before)

    def test_process_serial_units_one_at_a_time(self):
        """A serial product sold by the dozen, returned in units: 12 units
        are one serial, processed one unit at a time."""
        dozen = self.env.ref('product.product_uom_dozen')
        unit = self.env.ref('product.product_uom_unit')
        product = self._create_product(
            'Serial crate', 1200.0, 600.0, tracking='serial',
            uom_id=dozen.id, uom_po_id=dozen.id)
        lot = self.env['stock.production.lot'].create(
            {'name': 'CRATE-1', 'product_id': product.id})
        rma = self._create_confirm([self._line(
            'receipt', product, 12, product_uom=unit.id, lot_id=lot.id)])
        self.assertEqual(rma.line_ids.qty_open, 12.0)
        before = self._state(rma)
        self.assertRefused(
            UserError, 'RMA %s, line "Serial crate": a serial-tracked line '
            'processes one unit at a time (one serial number per line).' %
            rma.name, rma.line_ids.process_quantity, 2)
        self.assertEqual(self._state(rma), before)

    # Bill -------------------------------------------------------------------
    def test_nothing_to_invoice(self):
        rma = self._create_confirm([self._line('receipt', self.product_b)])
        before = self._state(rma)
        self.assertRefused(
            UserError, 'Nothing to invoice.\n%s: nothing was shipped or '
            'received yet; process the goods first' % rma.name,
            rma.action_create_invoices)
        self.assertEqual(self._state(rma), before)
        rma.process_all()
        rma.create_invoices()
        before = self._state(rma)
        self.assertRefused(
            UserError, 'Nothing to invoice.\n%s: everything shipped or '
            'received is already on an invoice or credit note' % rma.name,
            rma.action_create_invoices)
        self.assertEqual(self._state(rma), before)

    def test_invoice_without_a_sales_journal(self):
        rma = self._create_confirm([self._line('issue', self.freight)])
        self.env['account.journal'].search([
            ('type', '=', 'sale'), ('company_id', '=', self.company.id),
        ]).write({'active': False})
        before = self._state(rma)
        self.assertRefused(
            UserError, 'Company %s has no sales journal: create one in '
            'Invoicing > Configuration > Journals.' % self.company.name,
            rma.create_invoices)
        self.assertEqual(self._state(rma), before)

    def test_invoice_without_a_receivable_account(self):
        customer = self.env['res.partner'].create(
            {'name': 'Unbooked Customer', 'customer': True,
             'is_company': True})
        customer.property_account_receivable_id = False
        rma = self._create_confirm([self._line('issue', self.freight)],
                                   partner_id=customer.id)
        before = self._state(rma)
        self.assertRefused(
            UserError, 'RMA %s: bill-to Unbooked Customer has no receivable '
            'account; set one on the customer (Invoicing tab).' % rma.name,
            rma.create_invoices)
        self.assertEqual(self._state(rma), before)

    def test_invoice_a_fee_without_a_fee_product(self):
        rma = self._create_confirm([self._line(
            'receipt', self.product_b, 1, price_unit=400.0,
            restocking_fee_mode='percent', restocking_fee_value=10.0)])
        rma.process_all()
        self.company.rma_restocking_fee_product_id = False
        self.env['ir.model.data'].search([
            ('module', '=', 'rma_billing'),
            ('name', '=', 'product_restocking_fee')]).unlink()
        before = self._state(rma)
        self.assertRefused(
            UserError, 'Company %s has no restocking fee product: set one '
            'in RMA > Configuration > Settings.' % self.company.name,
            rma.create_invoices)
        self.assertEqual(self._state(rma), before)

    # Cancel, reset, delete --------------------------------------------------
    def test_cancel_twice(self):
        rma = self._create_confirm([self._line('receipt', self.product_b)])
        rma.action_cancel()
        before = self._state(rma)
        self.assertRefused(
            UserError, 'RMA %s is already cancelled.' % rma.name,
            rma.action_cancel)
        self.assertEqual(self._state(rma), before)

    def test_delete_a_line_with_stock_moves(self):
        rma = self._create_confirm([
            self._line('receipt', self.product_b),
            self._line('issue', self.product_a)])
        receipt = self._receipt(rma)
        before = self._state(rma)
        message = ('RMA lines with stock moves cannot be deleted; cancel the '
                   'RMA instead.')
        self.assertRefused(UserError, message, receipt.unlink)
        self.assertRefused(UserError, message, rma.write,
                           {'line_ids': [(2, receipt.id)]})
        self.assertEqual(self._state(rma), before)


class TestRmaAccountRefusals(RefusalMixin, RmaAccountingCase):
    """Accounts an RMA step needs, missing: perpetual valuation."""

    def _moves_and_items(self, rma):
        rma.invalidate_cache()
        return (rma.line_ids.read(['qty_done', 'qty_invoiced']),
                rma.line_ids.mapped('move_ids').read(['state']),
                self._rma_items(rma).ids)

    def test_ship_without_a_cogs_account(self):
        self.categ_rt.property_account_expense_categ_id = False
        rma = self._create_confirm([self._line('issue', self.router, 1)],
                                   advance_exchange=True)
        before = self._moves_and_items(rma)
        self.assertRefused(
            UserError, 'Product category "RMA valued goods" has no cost of '
            'goods sold account for RMA moves of Valued router: set its '
            'Expense Account or its RMA Cost of Goods Account.',
            rma.process_all)
        self.assertEqual(self._moves_and_items(rma), before)
        self.assertEqual(before[1], [{'id': rma.line_ids.move_ids.id,
                                      'state': 'assigned'}])

    def test_post_a_discount_without_a_discount_account(self):
        self.company.rma_sales_discount_account_id = False
        rma = self._create_confirm([self._line(
            'issue', self.router, 1, price_unit=500.0, discount=10.0)],
            advance_exchange=True)
        rma.process_all()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        before = (self._moves_and_items(rma),
                  self._read(invoice, ['state', 'move_id', 'number']))
        self.assertRefused(
            UserError, 'Cannot post the discount of an RMA line of category '
            '"RMA valued goods": no Sales Discount Account. Set one in RMA '
            'settings (company %s) or on the category.' % self.company.name,
            invoice.action_invoice_open)
        self.assertEqual((self._moves_and_items(rma),
                          self._read(invoice, ['state', 'move_id', 'number'])),
                         before)
        self.assertEqual(before[1][0]['state'], 'draft')
