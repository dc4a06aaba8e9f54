# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two users billing the same RMA at the same moment, on real concurrent
PostgreSQL transactions: the second must bill nothing twice."""
import logging
import threading

from odoo import SUPERUSER_ID, api
from odoo.service import model as service_model
from odoo.tests import common

from .common import CommittedDataCase


@common.at_install(False)
@common.post_install(True)
class TestConcurrentBilling(CommittedDataCase):
    """Works on committed data with its own cursors, and removes it
    afterwards."""

    @staticmethod
    def _create_fixture(env):
        partner = env['res.partner'].create({'name': 'Concurrent customer'})
        freight = env['product.product'].create({
            'name': 'Concurrent freight', 'type': 'service',
            'list_price': 30.0, 'taxes_id': [(6, 0, [])]})
        rma = env['rma.order'].create({
            'partner_id': partner.id, 'line_ids': [(0, 0, {
                'line_type': 'issue', 'product_id': freight.id,
                'product_uom_qty': 1, 'price_unit': 30.0})]})
        rma.action_confirm()
        return {'rma': rma.id, 'partner': partner.id, 'product': freight.id}

    def _drop_fixture(self, env):
        rma = env['rma.order'].browse(self.ids['rma'])
        invoices = rma.invoice_ids
        invoices.action_invoice_cancel()
        invoices.write({'move_name': False})
        invoices.unlink()
        rma.action_cancel()
        rma.unlink()
        env['product.product'].browse(self.ids['product']).unlink()
        env['res.partner'].browse(self.ids['partner']).unlink()

    def test_concurrent_create_invoices_bill_once(self):
        billed = threading.Event()
        first = {}

        def first_user():
            # bills, then keeps its transaction (and the row lock) open
            with api.Environment.manage(), self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                first['ids'] = env['rma.order'].browse(
                    self.ids['rma']).create_invoices()
                billed.set()
                threading.Event().wait(1.5)
                cr.commit()  # pylint: disable=invalid-commit

        retries = []
        handler = logging.Handler()
        handler.emit = lambda record: retries.append(record.getMessage())
        logger = service_model._logger
        self.addCleanup(logger.setLevel, logger.level)
        self.addCleanup(logger.removeHandler, handler)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        thread = threading.Thread(target=first_user)
        thread.start()
        self.assertTrue(billed.wait(60))
        # the second request goes through Odoo's RPC service layer, which
        # retries a transaction that failed on a concurrent update
        second_ids = service_model.execute(
            self.db, SUPERUSER_ID, 'rma.order', 'create_invoices',
            [self.ids['rma']])
        thread.join()
        self.assertEqual(len(first['ids']), 1)
        self.assertEqual(second_ids, [])
        # the second call really raced: it waited, failed and was retried
        self.assertTrue(any('retry' in msg for msg in retries), retries)

        def check(env):
            rma = env['rma.order'].browse(self.ids['rma'])
            self.assertEqual(rma.invoice_ids.ids, first['ids'])
            self.assertEqual(rma.invoice_ids.amount_untaxed, 30.0)
            self.assertEqual(rma.line_ids.qty_invoiced, 1.0)
        self._in_transaction(check)
