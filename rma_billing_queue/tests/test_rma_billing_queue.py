# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Background billing over real queue_job jobs, run here synchronously as
the job runner's /queue_job/runjob does (load, start, perform, done)."""
from odoo.exceptions import UserError, ValidationError

from odoo.addons.queue_job.job import Job
from odoo.addons.rma_billing.tests.common import RmaCase


class TestRmaBillingQueue(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestRmaBillingQueue, cls).setUpClass()
        cls.company.write({'rma_billing_chunk_size': 3,
                           'rma_advance_exchange': True})
        cls.Batch = cls.env['rma.billing.batch']

    def _processed_rmas(self, count):
        rmas = self.env['rma.order']
        for i in range(count):
            rma = self._create_confirm([
                self._line('issue', self.product_a, 1, price_unit=500.0),
                self._line('receipt', self.product_b, 1, price_unit=400.0)])
            rma.process_all()
            rmas |= rma
        return rmas

    def _run(self, job_record):
        """What the job runner does with an enqueued job."""
        job = Job.load(self.env, job_record.uuid)
        job.set_started()
        job.store()
        job.perform()
        job.set_done(result=job.result)
        job.store()
        return job.result

    def _billed(self, rmas):
        return rmas.filtered(lambda r: r.invoice_status == 'invoiced')

    def test_chunks_one_job_each_and_progress(self):
        rmas = self._processed_rmas(7)
        batch = self.Batch.browse(self.Batch.bill_in_background(rmas))
        self.assertEqual(len(batch), 1)
        jobs = batch.job_ids.sorted('id')
        self.assertEqual(len(jobs), 3)  # 3 + 3 + 1
        self.assertEqual(set(jobs.mapped('state')), {'pending'})
        self.assertEqual(set(jobs.mapped('channel')), {'root.rma_billing'})
        self.assertEqual((batch.job_done_count, batch.state), (0, 'running'))
        self.assertFalse(self._billed(rmas))

        self._run(jobs[0])
        batch.invalidate_cache()
        self.assertEqual(self._billed(rmas), rmas.sorted('id')[:3])
        self.assertEqual((batch.job_done_count, batch.job_count), (1, 3))
        self.assertAlmostEqual(batch.progress, 100.0 / 3)
        for job_record in jobs[1:]:
            self._run(job_record)
        batch.invalidate_cache()
        self.assertEqual(self._billed(rmas), rmas)
        self.assertEqual((batch.state, batch.progress), ('done', 100.0))
        invoices = rmas.mapped('invoice_ids')
        self.assertEqual(len(invoices), 7)
        self.assertEqual(batch.invoice_count, 7)
        # net document per RMA: 500 charged - 400 credited
        self.assertEqual(set(invoices.mapped('amount_total')), {100.0})
        self.assertEqual(set(invoices.mapped('type')), {'out_invoice'})
        self.assertEqual(rmas.mapped('line_ids.qty_invoiced'), [1.0] * 14)

    def test_rerun_bills_exactly_the_remainder(self):
        rmas = self._processed_rmas(4).sorted('id')
        batch = self.Batch.browse(self.Batch.bill_in_background(rmas))
        first, second = batch.job_ids.sorted('id')
        # a user bills one RMA of the second chunk by hand meanwhile
        rmas[3].create_invoices()
        self._run(first)
        result = self._run(second)
        self.assertIn('0 of 1 RMAs billed', result)
        # the same chunk again (a requeued job): nothing billed twice
        second.requeue()
        self.assertIn('0 of 1 RMAs billed', self._run(second))
        self.assertEqual(
            [len(rma.invoice_ids) for rma in rmas], [1, 1, 1, 1])
        self.assertEqual(rmas.mapped('line_ids.qty_invoiced'), [1.0] * 8)
        # a new run finds nothing left to bill
        self.assertEqual(self.Batch.bill_in_background(rmas), [])
        with self.assertRaises(UserError):
            rmas.action_bill_in_background()

    def test_posting_follows_the_company(self):
        self.company.rma_auto_post = True
        rmas = self._processed_rmas(2)
        batch = self.Batch.browse(self.Batch.bill_in_background(rmas))
        self._run(batch.job_ids)
        invoices = rmas.mapped('invoice_ids')
        self.assertEqual(set(invoices.mapped('state')), {'open'})
        for move in invoices.mapped('move_id'):
            self.assertEqual(sum(move.line_ids.mapped('debit')),
                             sum(move.line_ids.mapped('credit')))
            self.assertEqual(sum(move.line_ids.mapped('debit')), 500.0)

    def test_rma_user_launches_from_the_list(self):
        rmas = self._processed_rmas(2)
        action = rmas.sudo(self.user).action_bill_in_background()
        batch = self.Batch.search(action['domain'])
        self.assertEqual(batch.user_id, self.user)
        self.assertEqual(batch.sudo(self.user).job_count, 1)
        self.assertEqual(batch.job_ids.user_id, self.user)
        self._run(batch.job_ids)
        self.assertEqual(self._billed(rmas), rmas)

    def test_cron_skips_rmas_of_running_batches(self):
        rmas = self._processed_rmas(2)
        first = self.Batch.browse(self.Batch.bill_in_background(rmas[0]))
        second = self.Batch.browse(self.Batch._cron_bill_in_background())
        self.assertEqual(second.rma_ids & rmas, rmas[1])
        self.assertFalse(first.rma_ids & second.rma_ids)

    def test_chunk_size_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self.company.rma_billing_chunk_size = 0
