# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from .common import RmaCase


class TestInstalledBase(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestInstalledBase, cls).setUpClass()
        cls.company.write({'rma_installed_base_from_deliveries': False,
                           'rma_installed_base_check': 'warn'})
        cls.Base = cls.env['rma.installed.base']
        # account_cancel: posted invoices of this journal may be cancelled
        cls.env['account.journal'].search([
            ('type', '=', 'sale'), ('company_id', '=', cls.company.id)
        ]).write({'update_posted': True})
        cls.site = cls.env['res.partner'].create({
            'name': 'Plant North', 'type': 'delivery',
            'parent_id': cls.customer.id})
        cls.lot1 = cls._serial('SN-IB-1')
        cls.lot2 = cls._serial('SN-IB-2')

    @classmethod
    def _serial(cls, name, in_stock=True):
        lot = cls.env['stock.production.lot'].create({
            'name': name, 'product_id': cls.product_serial.id})
        if in_stock:
            cls.env['stock.quant']._update_available_quantity(
                cls.product_serial, cls.stock_location, 1.0, lot_id=lot)
        return lot

    def _entries(self):
        return self.Base.search([('partner_id', '=', self.customer.id)],
                                order='id')

    def _billed_rma(self, lines, post=True, **extra):
        """An RMA processed and billed; its documents posted if ``post``."""
        rma = self._create_confirm(lines, **extra)
        rma.process_all()
        invoices = self.env['account.invoice'].browse(rma.create_invoices())
        if post:
            invoices.action_invoice_open()
        return rma, invoices

    def _issue_serial(self, lot, post=True):
        return self._billed_rma([self._line(
            'issue', self.product_serial, 1, price_unit=1000.0,
            lot_id=lot.id)], post=post, partner_shipping_id=self.site.id)

    def _return_serial(self, lot, post=True):
        return self._billed_rma([self._line(
            'receipt', self.product_serial, 1, price_unit=1000.0,
            lot_id=lot.id)], post=post)

    def test_posting_issue_adds_serial_draft_nothing(self):
        rma, invoice = self._issue_serial(self.lot1, post=False)
        self.assertEqual(invoice.state, 'draft')
        self.assertFalse(self._entries())  # only posting counts
        invoice.action_invoice_open()
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            (entry.partner_id, entry.site_id, entry.product_id, entry.lot_id,
             entry.quantity, entry.state, entry.date_installed),
            (self.customer, self.site, self.product_serial, self.lot1, 1.0,
             'installed', invoice.date_invoice))
        self.assertEqual(entry.install_invoice_id, invoice)
        self.assertEqual(entry.install_rma_line_id, rma.line_ids)
        self.assertFalse(entry.install_move_id)
        self.assertEqual(self.customer.installed_base_qty, 1)
        self.assertEqual(self.site.installed_base_qty, 1)

    def test_posting_receipt_returns_serial_and_cancel_reverts(self):
        _rma, invoice = self._issue_serial(self.lot1)
        entry = self._entries()
        rma, refund = self._return_serial(self.lot1, post=False)
        line = rma.line_ids
        self.assertFalse(line.installed_base_warning)
        self.assertEqual(refund.type, 'out_refund')
        self.assertEqual(entry.state, 'installed')  # draft: unchanged
        refund.action_invoice_open()
        self.assertEqual(self._entries(), entry)  # no new entry
        self.assertEqual(
            (entry.state, entry.quantity, entry.return_invoice_id,
             entry.return_rma_line_id, entry.date_returned),
            ('returned', 1.0, refund, line, refund.date_invoice))
        line.invalidate_cache()
        self.assertFalse(line.installed_base_warning)  # returned by it
        self.assertEqual(self.customer.installed_base_qty, 0)
        # the issue cannot be undone while its serial stays returned
        with self.assertRaisesRegex(UserError, re.escape(
                'Cannot cancel %s: items it installed were returned since '
                '(%s). Cancel %s first.' % (
                    invoice.display_name, entry.display_name,
                    refund.display_name))), self.env.cr.savepoint():
            invoice.action_invoice_cancel()
        self.assertEqual(invoice.state, 'open')
        self.assertEqual(entry.state, 'returned')
        # cancelling the credit note restores the entry exactly
        refund.action_invoice_cancel()
        self.assertEqual(refund.state, 'cancel')
        self.assertEqual(self._entries(), entry)
        self.assertEqual(
            (entry.state, entry.quantity, entry.return_invoice_id,
             entry.return_rma_line_id, entry.date_returned),
            ('installed', 1.0, self.env['account.invoice'],
             self.env['rma.order.line'], False))
        # then cancelling the invoice removes what it installed
        invoice.action_invoice_cancel()
        self.assertFalse(entry.exists())
        self.assertFalse(self._entries())

    def test_cancel_both_at_once(self):
        issue_rma, invoice = self._issue_serial(self.lot1)
        return_rma, refund = self._return_serial(self.lot1)
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            (entry.lot_id, entry.quantity, entry.state,
             entry.install_invoice_id, entry.install_rma_line_id,
             entry.return_invoice_id, entry.return_rma_line_id),
            (self.lot1, 1.0, 'returned', invoice, issue_rma.line_ids, refund,
             return_rma.line_ids))
        (invoice | refund).action_invoice_cancel()
        self.assertEqual((invoice.state, refund.state), ('cancel', 'cancel'))
        self.assertFalse(entry.exists())
        self.assertFalse(self._entries())

    def test_net_document_installs_and_returns(self):
        _rma, invoice = self._issue_serial(self.lot1)
        old = self._entries()
        self.assertEqual(
            (len(old), old.lot_id, old.state, old.install_invoice_id),
            (1, self.lot1, 'installed', invoice))
        # credits win: an out_refund, whose charge line quantity is -1
        rma, refund = self._billed_rma([
            self._line('issue', self.product_serial, 1, price_unit=200.0,
                       lot_id=self.lot2.id),
            self._line('receipt', self.product_serial, 1, price_unit=900.0,
                       lot_id=self.lot1.id)])
        self.assertEqual(refund.type, 'out_refund')
        self.assertEqual(sorted(refund.invoice_line_ids.mapped('quantity')),
                         [-1.0, 1.0])
        new = self._entries() - old
        self.assertEqual(
            (new.lot_id, new.quantity, new.state, new.install_invoice_id,
             new.install_rma_line_id),
            (self.lot2, 1.0, 'installed', refund, self._issue(rma)))
        self.assertEqual((old.state, old.return_invoice_id,
                          old.return_rma_line_id),
                         ('returned', refund, self._receipt(rma)))
        refund.action_invoice_cancel()
        self.assertEqual(self._entries(), old)
        self.assertEqual(old.state, 'installed')

    def test_deliveries_feed_base_and_partial_return_splits(self):
        self.company.rma_installed_base_from_deliveries = True
        sale = self._create_delivered_sale(self.product_a, 5, 500.0)
        move = sale.picking_ids.move_lines
        entry = self._entries()
        self.assertEqual(
            (entry.product_id, entry.quantity, entry.state,
             entry.install_move_id, entry.site_id, entry.install_invoice_id),
            (self.product_a, 5.0, 'installed', move, self.site,
             self.env['account.invoice']))
        self.assertEqual(sale.partner_shipping_id, self.site)
        self.assertEqual(entry.partner_id, self.customer)
        self.assertEqual(self.customer.installed_base_qty, 5)
        rma, refund = self._billed_rma([self._line(
            'receipt', self.product_a, 2, price_unit=500.0)])
        returned = self._entries() - entry
        self.assertEqual(entry.quantity, 3.0)
        self.assertEqual(entry.state, 'installed')
        self.assertEqual(
            (returned.quantity, returned.state, returned.split_from_id,
             returned.install_move_id, returned.return_invoice_id,
             returned.return_rma_line_id),
            (2.0, 'returned', entry, move, refund, rma.line_ids))
        self.assertEqual(self.customer.installed_base_qty, 3)
        refund.action_invoice_cancel()
        self.assertFalse(returned.exists())
        self.assertEqual(self._entries(), entry)
        self.assertEqual((entry.quantity, entry.state), (5.0, 'installed'))

    def test_untracked_return_fifo_over_entries(self):
        self.company.rma_installed_base_from_deliveries = True
        self._create_delivered_sale(self.product_a, 2, 500.0)
        self._create_delivered_sale(self.product_a, 3, 500.0)
        first, second = self._entries()
        _rma, refund = self._billed_rma([self._line(
            'receipt', self.product_a, 4, price_unit=500.0)])
        # the first delivery goes back whole, 2 of the second one
        self.assertEqual((first.state, first.quantity), ('returned', 2.0))
        self.assertEqual((second.state, second.quantity), ('installed', 1.0))
        split = self._entries() - first - second
        self.assertEqual((split.quantity, split.state, split.split_from_id),
                         (2.0, 'returned', second))
        refund.action_invoice_cancel()
        self.assertEqual(self._entries(), first | second)
        self.assertEqual([(e.state, e.quantity) for e in first | second],
                         [('installed', 2.0), ('installed', 3.0)])

    def test_deliveries_ignored_when_setting_off_then_built(self):
        sale = self._create_delivered_sale(self.product_a, 5, 500.0)
        self.assertFalse(self._entries())
        ids = self.Base.build_from_deliveries(self.company.ids)
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        self.assertIn(entry.id, ids)
        self.assertEqual(
            (entry.quantity, entry.install_move_id),
            (5.0, sale.picking_ids.move_lines))
        # a second run records nothing twice
        self.assertEqual(self.Base.build_from_deliveries(self.company.ids),
                         [])
        self.assertEqual(self._entries(), entry)

    def test_rma_issue_delivery_waits_for_invoice(self):
        self.company.rma_installed_base_from_deliveries = True
        rma, invoice = self._issue_serial(self.lot1, post=False)
        self.assertEqual(self._issue(rma).qty_done, 1.0)
        self.assertEqual(self._issue(rma).move_ids.state, 'done')
        self.assertFalse(self._entries())  # shipped, not installed twice
        self.assertEqual(self.Base.build_from_deliveries(self.company.ids),
                         [])
        self.assertFalse(self._entries())
        invoice.action_invoice_open()
        entry = self._entries()
        self.assertEqual(
            (len(entry), entry.lot_id, entry.quantity, entry.state,
             entry.install_invoice_id, entry.install_rma_line_id,
             entry.install_move_id),
            (1, self.lot1, 1.0, 'installed', invoice, self._issue(rma),
             self.env['stock.move']))
        # its delivery is not recorded a second time afterwards either
        self.assertEqual(self.Base.build_from_deliveries(self.company.ids),
                         [])
        self.assertEqual(self._entries(), entry)

    def test_unknown_serial_warns_or_blocks(self):
        lot = self._serial('SN-IB-UNKNOWN', in_stock=False)
        rma = self._create_rma([self._line(
            'receipt', self.product_serial, 1, price_unit=1000.0,
            lot_id=lot.id)])
        warning = rma.line_ids.installed_base_warning
        self.assertIn('SN-IB-UNKNOWN', warning)
        self.assertIn(self.customer.name, warning)
        self.company.rma_installed_base_check = 'block'
        with self.assertRaisesRegex(UserError, re.escape(
                'RMA %s, line "%s": Lot/serial SN-IB-UNKNOWN is not in the '
                'installed base of %s.' % (
                    rma.name, self.product_serial.display_name,
                    self.customer.display_name))), self.cr.savepoint():
            rma.action_confirm()
        self.assertEqual(rma.state, 'draft')
        self.assertFalse(rma.picking_ids)
        self.company.rma_installed_base_check = 'none'
        rma.line_ids.invalidate_cache()
        self.assertFalse(rma.line_ids.installed_base_warning)
        self.company.rma_installed_base_check = 'warn'
        rma.action_confirm()  # a warning does not block
        self.assertEqual(rma.state, 'confirmed')

    def test_installed_serial_passes_block_mode(self):
        self._issue_serial(self.lot1)
        self.company.rma_installed_base_check = 'block'
        rma = self._create_confirm([self._line(
            'receipt', self.product_serial, 1, price_unit=1000.0,
            lot_id=self.lot1.id)])
        self.assertEqual(rma.state, 'confirmed')
        self.assertFalse(rma.line_ids.installed_base_warning)

    def test_error_during_posting_rolls_back(self):
        _rma, invoice = self._issue_serial(self.lot1, post=False)
        with patch.object(type(self.Base), '_apply_invoices',
                          side_effect=UserError('boom')) as apply, \
                self.assertRaisesRegex(UserError, 'boom'), \
                self.env.cr.savepoint():
            invoice.action_invoice_open()
        self.assertEqual(apply.call_count, 1)
        invoice.invalidate_cache()
        self.assertEqual(invoice.state, 'draft')
        self.assertFalse(invoice.move_id)
        self.assertFalse(self._entries())
        # the same posting, unpatched, goes through and installs the serial
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, 'open')
        self.assertEqual(self._entries().mapped(
            lambda e: (e.lot_id, e.state, e.install_invoice_id)),
            [(self.lot1, 'installed', invoice)])

    def test_access(self):
        _rma, invoice = self._issue_serial(self.lot1, post=False)
        # an RMA user posts; the system maintains the base on their behalf
        invoice.sudo(self.user).action_invoice_open()
        entries = self.Base.sudo(self.user).search(
            [('partner_id', '=', self.customer.id)])
        self.assertEqual(
            (len(entries), entries.lot_id, entries.quantity, entries.state),
            (1, self.lot1, 1.0, 'installed'))
        # but may not edit it
        with self.assertRaisesRegex(AccessError, 'not allowed to modify'):
            entries.write({'quantity': 2.0})
        with self.assertRaisesRegex(AccessError, 'not allowed to create'):
            self.Base.sudo(self.user).create({
                'partner_id': self.customer.id,
                'product_id': self.product_a.id})
        entries.invalidate_cache()
        self.assertEqual(entries.quantity, 1.0)
        self.assertEqual(self.Base.search_count(
            [('partner_id', '=', self.customer.id)]), 1)
