# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's XML-RPC retry of a conflict, on real concurrent transactions
(rpc_retry.py): a retried posting succeeds instead of failing on the first
attempt's closed cursor, and a conflict that outlasts the retries is a
clear retryable refusal (fault 2), not a traceback."""
import logging
import threading
import xmlrpc.client
from unittest.mock import patch

from odoo import api, fields
from odoo.service import model as service_model
from odoo.tests import common

from .common import (CommittedDataCase, create_customer, create_user,
                     setup_company)

FAULT_WARNING = 2


@common.at_install(False)
@common.post_install(True)
class TestRpcConflictRetry(CommittedDataCase):
    """Works on committed data with its own cursors (the server must see
    it), and removes it afterwards."""

    login = 'rma_retry_biller'
    password = 'rma-retry-secret'

    def _create_fixture(self, env):
        company, _warehouse = setup_company(env)
        partner = create_customer(env, 'Retry customer')
        freight = env['product.product'].create({
            'name': 'Retry freight', 'type': 'service', 'list_price': 30.0,
            'taxes_id': [(6, 0, [])]})
        user = create_user(env, self.login, company, password=self.password)
        user.groups_id = [(4, env.ref('account.group_account_invoice').id)]
        rma = env['rma.order'].create({
            'partner_id': partner.id, 'line_ids': [(0, 0, {
                'line_type': 'issue', 'product_id': freight.id,
                'product_uom_qty': 1, 'price_unit': 30.0})]})
        rma.action_confirm()
        invoice = env['account.invoice'].browse(rma.create_invoices())
        journal = invoice.journal_id
        # the number posting takes is the hot row: make sure it exists now
        sequence = journal.sequence_id
        today = fields.Date.today()
        ranges = env['ir.sequence.date_range'].search([
            ('sequence_id', '=', sequence.id), ('date_from', '<=', today),
            ('date_to', '>=', today)], limit=1)
        if sequence.use_date_range and not ranges:
            ranges = sequence._create_date_range_seq(today)
        return {'rma': rma.id, 'invoice': invoice.id, 'partner': partner.id,
                'product': freight.id, 'user': user.id,
                'journal': journal.id, 'update_posted': journal.update_posted,
                'sequence': sequence.id, 'ranges': ranges.ids}

    def _drop_fixture(self, env):
        rma = env['rma.order'].browse(self.ids['rma'])
        journal = env['account.journal'].browse(self.ids['journal'])
        journal.update_posted = True
        invoices = rma.invoice_ids
        invoices.action_invoice_cancel()
        invoices.write({'move_name': False})
        invoices.unlink()
        journal.update_posted = self.ids['update_posted']
        rma.action_cancel()
        rma.unlink()
        env['product.product'].browse(self.ids['product']).unlink()
        user = env['res.users'].browse(self.ids['user'])
        user_partner = user.partner_id
        user.unlink()
        (user_partner | env['res.partner'].browse(
            self.ids['partner'])).unlink()

    def _hold_journal_number(self, locked, release, ranges):
        """Another transaction holds the journal's sequence (with
        ``ranges``, its next number, as a concurrent posting does) until
        ``release`` is set."""
        with self.registry.cursor() as cr:
            cr.execute('SELECT id FROM ir_sequence WHERE id = %s FOR UPDATE',
                       [self.ids['sequence']])
            if ranges and self.ids['ranges']:
                cr.execute('SELECT id FROM ir_sequence_date_range '
                           'WHERE id IN %s FOR UPDATE',
                           [tuple(self.ids['ranges'])])
            locked.set()
            release.wait(60)
            cr.rollback()

    def _post_while_held(self, release, ranges=True):
        """Post the pending invoice over XML-RPC while its number is held;
        the holder lets go when ``release`` is set (at the latest when the
        call returns)."""
        locked = threading.Event()
        holder = threading.Thread(target=self._hold_journal_number,
                                  args=(locked, release, ranges))
        holder.start()
        self.assertTrue(locked.wait(30))
        try:
            return self._proxy('object').execute_kw(
                self.db, self.uid, self.password, 'account.invoice',
                'action_invoice_open', [[self.ids['invoice']]])
        finally:
            release.set()
            holder.join(60)

    def _release_on_retry(self):
        """An event set when Odoo logs that it retries a conflict."""
        release = threading.Event()
        handler = logging.Handler()
        handler.emit = lambda record: 'retry' in record.getMessage() and \
            release.set()
        logger = service_model._logger
        self.addCleanup(logger.setLevel, logger.level)
        self.addCleanup(logger.removeHandler, handler)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        return release

    def _invoice_state(self):
        return self._in_transaction(lambda env: env['account.invoice'].browse(
            self.ids['invoice']).read(['state', 'number'])[0])

    def test_retried_posting_succeeds(self):
        # the first attempt finds the number locked (NOWAIT), Odoo retries
        # after a random wait of up to 1 s, by then the number is free
        release = self._release_on_retry()
        self.assertIs(self._post_while_held(release), True)
        self.assertTrue(release.is_set())
        state = self._invoice_state()
        self.assertEqual(state['state'], 'open')
        self.assertTrue(state['number'])

    def test_retry_after_a_conflict_with_work_pending(self):
        # The load test's case: the conflict comes while the ORM still has
        # fields to recompute (here the first attempt's own posting marks
        # the totals, then takes the locked number). Without fresh
        # environments the retry recomputes them on the closed cursor.
        self.assertTrue(self.ids['ranges'])  # numbers by date range
        Invoice = self.registry['account.invoice']
        validate = Invoice.invoice_validate
        attempts = []

        @api.multi
        def validate_with_work_pending(invoices):
            attempts.append(invoices.env.cr)
            if len(attempts) == 1:
                invoices._recompute_todo(invoices._fields['amount_total'])
                invoices.env.cr.execute(
                    'SELECT id FROM ir_sequence WHERE id = %s '
                    'FOR UPDATE NOWAIT', [self.ids['sequence']])
            return validate(invoices)

        with patch.object(Invoice, 'invoice_validate',
                          validate_with_work_pending):
            self.assertIs(self._post_while_held(
                self._release_on_retry(), ranges=False), True)
        self.assertGreaterEqual(len(attempts), 2)
        self.assertEqual(self._invoice_state()['state'], 'open')

    def test_conflict_outlasting_the_retries_is_a_clear_fault(self):
        # one retry (at most 1 s later), the number locked all along
        self.addCleanup(setattr, service_model,
                        'MAX_TRIES_ON_CONCURRENCY_FAILURE',
                        service_model.MAX_TRIES_ON_CONCURRENCY_FAILURE)
        service_model.MAX_TRIES_ON_CONCURRENCY_FAILURE = 1
        try:
            self._post_while_held(threading.Event())
            self.fail('posting went through while its number was locked')
        except xmlrpc.client.Fault as fault:
            caught = fault
        self.assertEqual(caught.faultCode, FAULT_WARNING)
        self.assertEqual(
            caught.faultString,
            'Other users were changing the same records at the same moment '
            '(account.invoice.action_invoice_open, tried 2 times). Nothing '
            'was saved: call again.')
        self.assertNotIn('Traceback', caught.faultString)
        # nothing was written: still the pending invoice, without a number
        state = self._invoice_state()
        self.assertEqual((state['state'], state['number']), ('draft', False))
