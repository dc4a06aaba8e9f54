# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A background billing run: the RMAs it bills, cut in chunks, one queue
job per chunk. Each job bills its chunk in its own transaction with
rma_billing's create_invoices (row locks, billable quantities), so a job
that fails or is lost in a crash bills nothing, and running it again
bills exactly what is still billable."""
import logging
import time

from psycopg2 import OperationalError

from odoo import _, api, fields, models
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import job

_logger = logging.getLogger(__name__)

BATCH_STATES = [('running', 'Running'), ('done', 'Done'),
                ('failed', 'Failed')]


class RmaBillingBatch(models.Model):
    _name = 'rma.billing.batch'
    _description = 'RMA Background Billing'
    _order = 'id desc'

    name = fields.Char(required=True, readonly=True, default='/')
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True,
        default=lambda self: self.env.user.company_id)
    user_id = fields.Many2one(
        'res.users', string='Launched by', readonly=True,
        default=lambda self: self.env.user)
    rma_ids = fields.Many2many(
        'rma.order', string='RMAs', readonly=True,
        help='The RMAs this run bills (what was billable when it started).')
    rma_count = fields.Integer(compute='_compute_progress')
    job_ids = fields.One2many(
        'queue.job', 'rma_billing_batch_id', string='Jobs', readonly=True)
    job_count = fields.Integer(string='Jobs', compute='_compute_progress')
    job_done_count = fields.Integer(
        string='Jobs Done', compute='_compute_progress')
    job_failed_count = fields.Integer(
        string='Jobs Failed', compute='_compute_progress')
    progress = fields.Float(
        compute='_compute_progress',
        help='Share of the jobs done, in percent.')
    state = fields.Selection(
        BATCH_STATES, compute='_compute_progress',
        help='Running while a job is pending, enqueued or started; failed '
             'when a job failed (requeue it from the job list).')
    invoice_count = fields.Integer(
        string='Documents', compute='_compute_progress',
        help='Invoices and credit notes of these RMAs.')

    @api.depends('job_ids.state', 'rma_ids')
    def _compute_progress(self):
        # counts for all batches in one query; RMA users do not read jobs
        jobs = self.env['queue.job'].sudo().read_group(
            [('rma_billing_batch_id', 'in', self.ids)],
            ['rma_billing_batch_id', 'state'],
            ['rma_billing_batch_id', 'state'], lazy=False)
        counts = {}
        for group in jobs:
            key = group['rma_billing_batch_id'][0]
            counts.setdefault(key, {})[group['state']] = group['__count']
        for batch in self:
            states = counts.get(batch.id, {})
            total = sum(states.values())
            done = states.get('done', 0)
            batch.job_count = total
            batch.job_done_count = done
            batch.job_failed_count = states.get('failed', 0)
            batch.progress = 100.0 * done / total if total else 100.0
            batch.state = 'failed' if batch.job_failed_count else \
                'done' if done == total else 'running'
            batch.rma_count = len(batch.rma_ids)
            batch.invoice_count = self.env['account.invoice'].search_count(
                [('rma_id', 'in', batch.rma_ids.ids)])

    # Public API -------------------------------------------------------------
    @api.model
    def bill_in_background(self, rmas):
        """Bill these RMAs in the background, per company: what is
        billable now, in chunks of the company's size, one job each.
        Returns the new batch ids ([] when nothing is billable)."""
        batches = self.browse()
        billable = rmas.filtered('can_be_invoiced').sorted('id')
        for company in billable.mapped('company_id'):
            batch = self.create({
                'company_id': company.id,
                'name': '%s %s' % (_('Billing'), fields.Datetime.now()),
                'rma_ids': [(6, 0, billable.filtered(
                    lambda r: r.company_id == company).ids)],
            })
            batch._enqueue_chunks()
            batches |= batch
        return batches.ids

    @api.multi
    def _enqueue_chunks(self):
        self.ensure_one()
        size = self.company_id.rma_billing_chunk_size or 50
        ids = self.rma_ids.sorted('id').ids
        chunks = [ids[i:i + size] for i in range(0, len(ids), size)]
        uuids = []
        for number, chunk in enumerate(chunks, 1):
            uuids.append(self.with_delay(
                description=_('%s: chunk %d/%d (%d RMAs)') % (
                    self.name, number, len(chunks), len(chunk)),
            ).bill_chunk(chunk).uuid)
        # sudo: links the jobs this batch just enqueued to it, nothing else
        self.env['queue.job'].sudo().search([('uuid', 'in', uuids)]).write(
            {'rma_billing_batch_id': self.id})
        _logger.info('%s: %d RMAs in %d jobs of up to %d', self.name,
                     len(ids), len(chunks), size)
        return uuids

    # The job ----------------------------------------------------------------
    @job(default_channel='root.rma_billing')
    @api.multi
    def bill_chunk(self, rma_ids):
        """Bill what is still billable on these RMAs, in this job's
        transaction; a concurrent update of the same rows (another job,
        a user billing by hand) retries the chunk later. Returns a
        summary stored as the job's result."""
        self.ensure_one()
        start = time.time()
        rmas = self.env['rma.order'].browse(rma_ids).exists().filtered(
            'can_be_invoiced')
        try:
            with self.env.cr.savepoint():
                Invoice = self.env['account.invoice']
                invoices = Invoice.browse(rmas.create_invoices())
                invoices._rma_auto_post()
        except OperationalError as error:
            if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise
            raise RetryableJobError(
                _('Concurrent update of these RMAs, retried: %s') % error,
                seconds=5)
        self._log_progress(len(rma_ids), time.time() - start)
        return _('%d of %d RMAs billed: %d documents') % (
            len(rmas), len(rma_ids), len(invoices))

    @api.multi
    def _log_progress(self, chunk_rmas, seconds):
        """Log the run's progress, rate and time left (this job counts as
        done: it commits right after)."""
        self.ensure_one()
        self.invalidate_cache(['job_done_count', 'job_count'])
        done = self.job_done_count + 1
        total = self.job_count
        elapsed = max((fields.Datetime.from_string(fields.Datetime.now()) -
                       fields.Datetime.from_string(self.create_date)
                       ).total_seconds(), seconds)
        rate = done / elapsed if elapsed else 0.0
        _logger.info(
            '%s: job %d/%d done (%d RMAs in %.1f s), %.2f jobs/min, '
            'ETA %.0f s', self.name, done, total, chunk_rmas, seconds,
            60.0 * rate, (total - done) / rate if rate else 0.0)

    # Actions ----------------------------------------------------------------
    @api.multi
    def action_view_jobs(self):
        action = self.env.ref('queue_job.action_queue_job').read()[0]
        action['domain'] = [('rma_billing_batch_id', 'in', self.ids)]
        action['context'] = {}
        return action

    @api.multi
    def action_view_rmas(self):
        action = self.env.ref('rma_billing.rma_order_action').read()[0]
        action['domain'] = [('id', 'in', self.mapped('rma_ids').ids)]
        return action

    @api.model
    def _cron_bill_in_background(self):
        """Scheduled billing: every billable RMA not already in a running
        batch."""
        # sudo: the cron reads which RMAs are already queued, to skip them
        running = self.env['queue.job'].sudo().search([
            ('rma_billing_batch_id', '!=', False),
            ('state', 'in', ('pending', 'enqueued', 'started'))]).mapped(
            'rma_billing_batch_id')
        rmas = self.env['rma.order'].search([
            ('invoice_status', '=', 'to invoice'),
            ('state', 'in', ('confirmed', 'done')),
            ('id', 'not in', running.mapped('rma_ids').ids)])
        return self.bill_in_background(rmas)
