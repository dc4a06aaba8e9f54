"""Crash test driver (scripts/crash_test.sh runs it; see README.md).

  setup DB N CHUNK   N confirmed and processed RMAs (a quarter returns
                     through stock, the rest repairs charged), committed,
                     then billed in the
                     background: one batch, N / CHUNK pending jobs
  progress DB        prints "done total" of the batch's jobs
  requeue DB         what queue_job's README says to do after a crash:
                     jobs left started or enqueued go back to pending
  check DB           every RMA billed exactly once, no document without
                     lines, qty_invoiced equal to the documents, entries
                     balanced and posted; exit 1 with the failures
Options: -c odoo.conf (first).
"""
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import float_compare


def env_for(database):
    registry = odoo.registry(database)
    cr = registry.cursor()
    return api.Environment(cr, SUPERUSER_ID, {})


def setup(env, count, chunk):
    start = time.time()
    env = env(context=dict(env.context, tracking_disable=True))
    company = env.ref('base.main_company')
    company.write({'rma_billing_mode': 'net', 'rma_advance_exchange': True,
                   'rma_auto_post': True, 'rma_auto_post_limit': 0.0,
                   'rma_auto_invoice': False,
                   'rma_billing_chunk_size': chunk})
    category = env['product.category'].create({'name': 'Crash test goods'})
    products = [env['product.product'].create({
        'name': 'Crash product %d' % i, 'type': 'product',
        'categ_id': category.id, 'list_price': 100.0 + i,
        'standard_price': 60.0, 'taxes_id': [(6, 0, [])]})
        for i in range(4)]
    customers = [env['res.partner'].create({
        'name': 'Crash customer %d' % i, 'customer': True,
        'is_company': True}) for i in range(10)]
    service = env['product.product'].create({
        'name': 'Crash test repair', 'type': 'service',
        'categ_id': category.id, 'list_price': 80.0,
        'taxes_id': [(6, 0, [])]})
    rmas = env['rma.order']
    for i in range(count):
        # every 4th RMA a return through stock (a credit note), the others
        # a repair charged (an invoice, billable once confirmed): the same
        # billing, a quarter of the set-up time
        if i % 4:
            line = {'line_type': 'issue', 'product_id': service.id,
                    'product_uom_qty': 1.0, 'price_unit': 80.0}
        else:
            line = {'line_type': 'receipt',
                    'product_id': products[i % len(products)].id,
                    'product_uom_qty': 1.0, 'price_unit': 90.0}
        rmas |= env['rma.order'].create({
            'partner_id': customers[i % len(customers)].id,
            'line_ids': [(0, 0, line)]})
    rmas.action_confirm()
    rmas.process_all()
    env.cr.commit()
    billable = rmas.filtered('can_be_invoiced')
    assert len(billable) == count, '%d billable RMAs' % len(billable)
    batch = env['rma.billing.batch'].browse(
        env['rma.billing.batch'].bill_in_background(rmas))
    env.cr.commit()
    print('%d RMAs confirmed and processed, %d jobs enqueued (%.0f s)' % (
        count, batch.job_count, time.time() - start))


def batch_jobs(env):
    batch = env['rma.billing.batch'].search([], limit=1)
    return batch, batch.job_ids


def progress(env):
    _batch, jobs = batch_jobs(env)
    print(len(jobs.filtered(lambda j: j.state == 'done')), len(jobs),
          len(jobs.filtered(lambda j: j.state == 'failed')))


def requeue(env):
    _batch, jobs = batch_jobs(env)
    stuck = jobs.filtered(lambda j: j.state in ('started', 'enqueued'))
    stuck.requeue()
    env.cr.commit()
    print('%d jobs requeued (%s)' % (len(stuck), ', '.join(
        sorted(set(stuck.mapped('name'))))))


def check(env):
    batch, jobs = batch_jobs(env)
    errors = []
    if set(jobs.mapped('state')) != {'done'}:
        errors.append('jobs not all done: %s' % jobs.mapped('state'))
    for rma in batch.rma_ids:
        documents = rma.invoice_ids.filtered(lambda i: i.state != 'cancel')
        if len(documents) != 1:
            errors.append('%s: %d documents' % (rma.name, len(documents)))
        if rma.invoice_status != 'invoiced':
            errors.append('%s: %s' % (rma.name, rma.invoice_status))
        for line in rma.line_ids:
            billed = sum(
                inv_line.quantity * (-1 if inv_line.rma_line_kind ==
                                     'credit' else 1) *
                (-1 if inv_line.invoice_id.type == 'out_refund' else 1)
                for inv_line in line.invoice_line_ids
                if inv_line.invoice_id.state != 'cancel' and
                inv_line.rma_line_kind != 'fee')
            if float_compare(line.qty_invoiced, billed, 2) or \
                    float_compare(line.qty_invoiced, line.qty_done, 2):
                errors.append('%s line %s: qty_invoiced %s, documents %s, '
                              'done %s' % (rma.name, line.id,
                                           line.qty_invoiced, billed,
                                           line.qty_done))
    invoices = batch.rma_ids.mapped('invoice_ids')
    for invoice in invoices:
        if not invoice.invoice_line_ids:
            errors.append('%s has no lines' % invoice.display_name)
        if invoice.state not in ('open', 'paid'):
            errors.append('%s is %s' % (invoice.display_name, invoice.state))
    env.cr.execute("""
        SELECT m.name, sum(l.debit), sum(l.credit)
          FROM account_move m JOIN account_move_line l ON l.move_id = m.id
         GROUP BY m.id, m.name
        HAVING round(sum(l.debit) - sum(l.credit), 2) != 0""")
    errors += ['entry %s unbalanced: %s / %s' % row
               for row in env.cr.fetchall()]
    env.cr.execute("""
        SELECT count(*) FROM account_invoice i WHERE NOT EXISTS (
            SELECT 1 FROM account_invoice_line l WHERE l.invoice_id = i.id)
    """)
    empty = env.cr.fetchone()[0]
    if empty:
        errors.append('%d documents without lines' % empty)
    retried = sum(jobs.mapped('retry')) - len(jobs)
    print('%d RMAs, %d documents, %d jobs (%d extra tries): %s' % (
        len(batch.rma_ids), len(invoices), len(jobs), retried,
        'OK' if not errors else '%d FAILURES' % len(errors)))
    for error in errors[:30]:
        print('  ' + error)
    return not errors


def main():
    args = sys.argv[1:]
    conf, command, database = args[1], args[2], args[3]
    odoo.tools.config.parse_config(
        ['-c', conf, '-d', database, '--log-level=warn'])
    with api.Environment.manage():
        env = env_for(database)
        try:
            if command == 'setup':
                setup(env, int(args[4]), int(args[5]))
            elif command == 'progress':
                progress(env)
            elif command == 'requeue':
                requeue(env)
            elif command == 'check':
                if not check(env):
                    sys.exit(1)
        finally:
            env.cr.close()


if __name__ == '__main__':
    main()
