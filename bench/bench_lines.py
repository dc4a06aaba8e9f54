"""One big RMA: confirm, process, bill and post an RMA of k lines, side by
side with Odoo's own equivalents of the same k lines.

- ours: one rma.order of k lines (half receipts of goods sold earlier, tied
  to their sale lines, half issues), action_confirm, process_all,
  create_invoices, action_invoice_open.
- odoo: account.invoice.create of k lines + compute_taxes (what billing an
  RMA amounts to), sale.order.create + action_confirm of a k-line order
  (what confirming amounts to), action_invoice_open of that k-line invoice.

Targets (issue 12, at k = 200): create_invoices <= 1.5 x Odoo's invoice
create + compute_taxes; action_confirm <= Odoo's sale.order.action_confirm;
post <= 1.1 x posting Odoo's invoice.

Usage: python bench/bench_lines.py -c odoo.conf -d DB
Env: BENCH_LINES=50,100,200  BENCH_OUT=dir  BENCH_PROFILE=phase,... (cProfile
of that phase of ours at the largest size, printed)  BENCH_SIDES=ours
(profiling: skip Odoo's side)  BENCH_REPEAT=3 (the sides take turns, three
runs each; the median seconds per phase: on a shared machine one run's
seconds move by 20 % or more)
"""
import argparse
import cProfile
import datetime
import json
import os
import platform
import pstats
import sys
from collections import OrderedDict

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Meter, stocked_products, validate  # noqa: E402


DEFAULT_LINES = '50,100,200'
PRODUCTS = 20
TARGETS = OrderedDict([
    ('create_invoices', ('invoice_create_taxes', 1.5)),
    ('action_confirm', ('so_confirm', 1.0)),
    ('post', ('post', 1.1)),
])


def setup(env, lines):
    """Products with stock, one customer, and the original sale of the
    returned goods: delivered, invoiced, posted (not timed)."""
    timed_env = env
    env = env(context=dict(env.context, tracking_disable=True))
    company = env.ref('base.main_company')
    company.write({'rma_billing_mode': 'net', 'rma_advance_exchange': True})
    warehouse = env['stock.warehouse'].search(
        [('company_id', '=', company.id)], limit=1)
    products = stocked_products(env, warehouse, 'Pallet', PRODUCTS,
                                20 * lines + 100, price_step=1, cost_step=1)
    customer = env['res.partner'].create({
        'name': 'Pallet distributor', 'customer': True, 'is_company': True})
    sale = env['sale.order'].create({
        'partner_id': customer.id,
        'order_line': [(0, 0, {'product_id': products[i % PRODUCTS].id,
                               'product_uom_qty': 2.0})
                       for i in range(lines)]})
    sale.action_confirm()
    validate(env, sale.picking_ids)
    env['account.invoice'].browse(
        sale.action_invoice_create()).action_invoice_open()
    return {'customer': customer.with_env(timed_env),
            'products': products.with_env(timed_env),
            'sale_lines': sale.order_line.sorted('id').with_env(timed_env)}


def run_ours(env, data, k, meter, profile=None):
    profile_out = os.environ.get('BENCH_OUT', '/tmp') + '/profile'
    receipts = k // 2
    line_vals = []
    for i in range(k):
        product = data['products'][i % PRODUCTS]
        vals = {'line_type': 'receipt' if i < receipts else 'issue',
                'product_id': product.id, 'product_uom_qty': 1.0}
        if i < receipts:
            vals['sale_line_id'] = data['sale_lines'][i].id
        line_vals.append((0, 0, vals))

    def phase(name, func):
        if name not in (profile or '').split(','):
            return meter(name, func)
        prof = cProfile.Profile()
        result = meter(name, prof.runcall, func)
        os.makedirs(os.path.dirname(profile_out), exist_ok=True)
        prof.dump_stats('%s-%s.prof' % (profile_out, name))
        pstats.Stats(prof).sort_stats('cumulative').print_stats(45)
        return result

    rma = phase('create', lambda: env['rma.order'].create({
        'partner_id': data['customer'].id, 'line_ids': line_vals}))
    phase('action_confirm', rma.action_confirm)
    phase('process_all', rma.process_all)
    invoices = env['account.invoice'].browse(
        phase('create_invoices', rma.create_invoices))
    phase('post', invoices.action_invoice_open)
    if rma.state != 'done' or len(invoices) != 1 or \
            len(invoices.invoice_line_ids) != k or \
            invoices.state not in ('open', 'paid'):
        raise AssertionError('ours: RMA %s, %d documents' % (
            rma.state, len(invoices)))


def run_odoo(env, data, k, meter):
    customer = data['customer']
    products = data['products']
    Invoice = env['account.invoice']

    def invoice_create():
        journal = Invoice.with_context(type='out_invoice')._default_journal()
        lines = []
        for i in range(k):
            product = products[i % PRODUCTS]
            account = env['account.invoice.line'].get_invoice_line_account(
                'out_invoice', product, False, env.user.company_id)
            lines.append((0, 0, {
                'name': product.name, 'product_id': product.id,
                'quantity': 1.0, 'price_unit': product.lst_price,
                'uom_id': product.uom_id.id, 'account_id': account.id,
                'invoice_line_tax_ids': [(6, 0, product.taxes_id.ids)]}))
        invoice = Invoice.create({
            'partner_id': customer.id, 'type': 'out_invoice',
            'journal_id': journal.id,
            'account_id': customer.property_account_receivable_id.id,
            'invoice_line_ids': lines})
        invoice.compute_taxes()
        return invoice

    invoice = meter('invoice_create_taxes', invoice_create)
    order = meter('so_create', lambda: env['sale.order'].create({
        'partner_id': customer.id,
        'order_line': [(0, 0, {'product_id': products[i % PRODUCTS].id,
                               'product_uom_qty': 1.0})
                       for i in range(k)]}))
    meter('so_confirm', order.action_confirm)
    meter('post', invoice.action_invoice_open)
    if invoice.state != 'open' or len(invoice.invoice_line_ids) != k:
        raise AssertionError('odoo: invoice %s' % invoice.state)


def median_phases(runs):
    """Per phase, the median seconds of ``runs`` (a list of measure()
    results) and the queries (the same in every run), with every run's
    seconds."""
    phases = OrderedDict()
    for name in runs[0]:
        seconds = sorted(run[name]['seconds'] for run in runs)
        phases[name] = dict(runs[0][name], seconds=seconds[len(seconds) // 2],
                            runs=[run[name]['seconds'] for run in runs])
    return phases


def measure(env, data, k, side, profile=None):
    cr = env.cr
    cr.execute('SAVEPOINT bench_lines')
    meter = Meter(env)
    try:
        if side == 'ours':
            run_ours(env, data, k, meter, profile)
        else:
            run_odoo(env, data, k, meter)
    finally:
        cr.execute('ROLLBACK TO SAVEPOINT bench_lines')
        env.clear()
    return OrderedDict((name, dict(p)) for name, p in meter.phases.items())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    args = parser.parse_args()
    sizes = [int(s) for s in os.environ.get(
        'BENCH_LINES', DEFAULT_LINES).split(',') if s.strip()]
    profile = os.environ.get('BENCH_PROFILE')
    sides = os.environ.get('BENCH_SIDES', 'ours,odoo').split(',')
    repeat = int(os.environ.get('BENCH_REPEAT', '1'))
    out_dir = os.environ.get('BENCH_OUT') or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'results')
    odoo.tools.config.parse_config(
        ['-c', args.config, '-d', args.database, '--log-level=warn'])
    report = {
        'date': datetime.datetime.utcnow().isoformat(timespec='seconds'),
        'machine': {'cpus': os.cpu_count(), 'loadavg': os.getloadavg(),
                    'python': platform.python_version()},
        'database': args.database, 'repeat': repeat, 'lines': OrderedDict(),
    }
    print('one RMA of k lines vs Odoo: k = %s, %d CPUs, load %.2f' % (
        sizes, os.cpu_count(), os.getloadavg()[0]))
    with api.Environment.manage():
        registry = odoo.registry(args.database)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            data = setup(env, max(sizes))
            for side in sides:  # warm-up
                measure(env, data, 4, side)
            for k in sizes:
                runs = {side: [] for side in sides}
                for _run in range(repeat):  # the sides take turns
                    for side in sides:
                        runs[side].append(measure(
                            env, data, k, side,
                            profile if k == max(sizes) else None))
                result = OrderedDict(
                    (side, median_phases(runs[side])) for side in sides)
                result['targets'] = OrderedDict()
                for ours_phase, (odoo_phase, limit) in (
                        TARGETS.items() if len(sides) == 2 else ()):
                    ratio = result['ours'][ours_phase]['seconds'] / \
                        result['odoo'][odoo_phase]['seconds']
                    result['targets'][ours_phase] = {
                        'vs': odoo_phase, 'ratio': ratio, 'limit': limit,
                        'met': ratio <= limit}
                report['lines'][str(k)] = result
                print('\nk = %d lines' % k)
                for side in sides:
                    for name, p in result[side].items():
                        print('  %-5s %-22s %8.3f s %7d queries' % (
                            side, name, p['seconds'], p['queries']))
                for name, t in result['targets'].items():
                    print('  %-15s / odoo %-22s %.2f (target <= %.1f: %s)' % (
                        name, t['vs'], t['ratio'], t['limit'],
                        'met' if t['met'] else 'NOT met'))
                sys.stdout.flush()
            cr.rollback()
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, 'lines-%s.json' % report['date'].replace(
        ':', ''))
    with open(path, 'w') as f:
        json.dump(report, f, indent=2)
    print('\nresults: %s' % os.path.relpath(path))


if __name__ == '__main__':
    main()
