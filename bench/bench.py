"""RMA benchmark: rma_billing against Odoo's own way of doing the same work.

Business case, per "RMA": a customer returns 1 item of a sale delivered and
invoiced earlier and receives a replacement.

- ours: one rma.order per case with a receipt line (tied to the original sale
  line) and an issue line, then the batch API over all cases: action_confirm,
  process_all, create_invoices, action_invoice_open.
- odoo: per case a return picking through the stock.return.picking wizard on
  the original delivery ("to refund" ticked), a replacement sale order; then,
  batched wherever Odoo allows it: validate the returns, confirm and deliver
  the replacements, invoice the replacement orders, credit the returns by
  invoicing the original orders (final=True gives the credit notes), post.

Both sides start from the same database state (a savepoint rolled back after
each side) and nothing is committed. Setup (customers, products, stock, the
original sales, deliveries and invoices) is outside the timed phases.

With k items per case (BENCH_ITEMS=1,5), the sale has k lines, the RMA k
receipt and k issue lines, the return k moves and the replacement k lines.

Usage: python bench/bench.py -c odoo.conf -d DB   (see bench/README.md)
Env: BENCH_SIZES=3,6,12  BENCH_ITEMS=1  BENCH_BILLING=net|separate
     BENCH_OUT=dir  BENCH_BIG=1 (also N = 10,000 x 1 item)
     BENCH_PARALLEL=1 (both sides at once)  BENCH_SETUP_DB=name (with
     BENCH_PARALLEL: keep the committed set-up in that database and reuse it)
     BENCH_PROFILE=phase,... (cProfile of those phases, .prof files in
     BENCH_OUT/profiles)
"""
import argparse
import cProfile
import datetime
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from contextlib import closing

import psutil

import odoo
from odoo import SUPERUSER_ID, api

DEFAULT_SIZES = '3,6,12'
PRODUCTS = 6
WARMUP = 2


class PeakMemory(object):
    """Peak resident memory of this process (the server side of the work)
    while a side runs, sampled every 50 ms by a thread."""

    def __init__(self):
        self.process = psutil.Process()
        self.peak = 0
        self.phase_peak = 0  # since the current phase began (Meter)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.is_set():
            rss = self.process.memory_info().rss
            self.peak = max(self.peak, rss)
            self.phase_peak = max(self.phase_peak, rss)
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


class Meter(object):
    """Wall time and SQL queries (cursor.sql_log_count) of timed phases;
    the phases named in BENCH_PROFILE also under cProfile, dumped to
    ``profile_prefix``-phase.prof (profiling slows them: their seconds are
    not comparable then)."""

    def __init__(self, env, profile_prefix=None):
        self.env = env
        self.phases = OrderedDict()
        self.peak_rss = 0
        self.memory = None  # the PeakMemory sampling the side, if any
        self.profile_prefix = profile_prefix
        self.profiled = [name for name in os.environ.get(
            'BENCH_PROFILE', '').split(',') if name] if profile_prefix else []

    def __call__(self, name, func, *args, **kwargs):
        cr = self.env.cr
        queries = cr.sql_log_count
        profile = cProfile.Profile() if name in self.profiled else None
        if self.memory:
            self.memory.phase_peak = 0
        start = time.perf_counter()
        if profile:
            result = profile.runcall(func, *args, **kwargs)
        else:
            result = func(*args, **kwargs)
        elapsed = time.perf_counter() - start
        if profile:
            os.makedirs(os.path.dirname(self.profile_prefix), exist_ok=True)
            profile.dump_stats('%s-%s.prof' % (self.profile_prefix, name))
        done = self.phases.setdefault(name, {'seconds': 0.0, 'queries': 0})
        done['seconds'] += elapsed
        done['queries'] += cr.sql_log_count - queries
        # resident memory after the phase: which phase makes the peak grow
        done['rss_mb'] = psutil.Process().memory_info().rss / 2.0 ** 20
        if self.memory:  # and the peak within it: where the side's peak is
            done['peak_rss_mb'] = max(done.get('peak_rss_mb', 0.0), max(
                self.memory.phase_peak, self.memory.process.memory_info(
                ).rss) / 2.0 ** 20)
        return result

    def totals(self):
        return {'seconds': sum(p['seconds'] for p in self.phases.values()),
                'queries': sum(p['queries'] for p in self.phases.values())}


# Setup (not timed) ----------------------------------------------------------
def stocked_products(env, warehouse, name, count, qty, price_step,
                     cost_step):
    """``count`` valued (FIFO, real time) stockable products named after
    ``name``, priced 100 + price_step * i, costing 60 + cost_step * i, each
    with ``qty`` units received into ``warehouse``'s stock."""
    category = env['product.category'].create({
        'name': '%s goods' % name, 'property_valuation': 'real_time',
        'property_cost_method': 'fifo'})
    products = env['product.product']
    for i in range(count):
        products |= env['product.product'].create({
            'name': '%s product %d' % (name, i), 'type': 'product',
            'categ_id': category.id, 'list_price': 100.0 + price_step * i,
            'standard_price': 60.0 + cost_step * i,
            'invoice_policy': 'delivery'})
    supplier = env.ref('stock.stock_location_suppliers')
    for product in products:
        move = env['stock.move'].create({
            'name': '%s stock' % name, 'product_id': product.id,
            'product_uom': product.uom_id.id, 'product_uom_qty': qty,
            'price_unit': product.standard_price,
            'location_id': supplier.id,
            'location_dest_id': warehouse.lot_stock_id.id})
        move._action_confirm()
        move._set_quantity_done(move.product_uom_qty)
        move._action_done()
    return products


def setup(env, size, billing_mode, items=1):
    """Customers, valued stockable products with stock, and per case an
    original sale of 2 units, delivered, invoiced and posted. Chatter
    tracking is off here only: the timed phases run with it, as users do."""
    timed_env = env
    env = env(context=dict(env.context, tracking_disable=True))
    company = env.ref('base.main_company')
    company.write({'rma_billing_mode': billing_mode,
                   'rma_advance_exchange': False})
    warehouse = env['stock.warehouse'].search(
        [('company_id', '=', company.id)], limit=1)
    products = stocked_products(env, warehouse, 'Bench', PRODUCTS,
                                10 * size * items + 100, price_step=10,
                                cost_step=5)
    sales = env['sale.order']
    cases = []
    for i in range(size):
        customer = env['res.partner'].create({
            'name': 'Bench customer %d' % i, 'customer': True,
            'is_company': True})
        product = products[i % PRODUCTS]
        sold = [products[(i + j) % PRODUCTS] for j in range(items)]
        sale = env['sale.order'].create({
            'partner_id': customer.id,
            'order_line': [(0, 0, {'product_id': item.id,
                                   'product_uom_qty': 2.0})
                           for item in sold]})
        sales |= sale
        cases.append({'customer': customer, 'product': product,
                      'sale': sale, 'sale_line': sale.order_line[:1],
                      'sale_lines': sale.order_line})
    print('  set-up: %d sales created' % size)
    sys.stdout.flush()
    for sale in sales:  # Odoo 11's sale.order._action_confirm is per order
        sale.with_prefetch().action_confirm()
    print('  set-up: sales confirmed')
    sys.stdout.flush()
    # in chunks, as the timed phases: one batch of 1,000 is quadratic
    in_chunks(validate_chunk, sales.mapped('picking_ids'))
    invoices = env['account.invoice'].browse(in_chunks(
        lambda c: c.action_invoice_create(grouped=True), sales))
    post_one_by_one(invoices)
    return [{key: record.with_env(timed_env) for key, record in case.items()}
            for case in cases]


def validate(env, pickings):
    """Deliver/receive everything on these pickings, all at once."""
    for move in pickings.mapped('move_lines'):
        move._set_quantity_done(move.product_uom_qty)
    pickings.action_done()


def in_chunks(func, records):
    """``func`` on each chunk of ``records`` (rma_billing's chunk size and
    helper); the ids it returns, concatenated."""
    from odoo.addons.rma_billing.tools import chunked  # once addons load
    ids = []
    for chunk in chunked(records):
        ids += func(chunk) or []
    return ids


def validate_chunk(pickings):
    validate(pickings.env, pickings)
    return []


def post_one_by_one(invoices):
    """Post each document on its own, with its own prefetch: Odoo 11's
    fastest way, used for both sides. A batched action_invoice_open re-reads
    every document of the batch on each cache miss (measured on 60 one-line
    invoices: batched 57.7 s, one by one 44.7 s, one by one with their own
    prefetch 38.9 s)."""
    for invoice in invoices:
        invoice.with_prefetch().action_invoice_open()


# Ours -----------------------------------------------------------------------
def run_ours(env, cases, meter):
    def create():
        rmas = env['rma.order']
        for case in cases:
            lines = []
            for sale_line in case['sale_lines']:
                lines += [
                    (0, 0, {'line_type': 'receipt',
                            'product_id': sale_line.product_id.id,
                            'product_uom_qty': 1.0,
                            'sale_line_id': sale_line.id}),
                    (0, 0, {'line_type': 'issue',
                            'product_id': sale_line.product_id.id,
                            'product_uom_qty': 1.0})]
            rmas |= env['rma.order'].create({
                'partner_id': case['customer'].id,
                'sale_id': case['sale'].id,
                'line_ids': lines})
        return rmas

    rmas = meter('create', create)
    meter('action_confirm', rmas.action_confirm)
    meter('process_all', rmas.process_all)
    invoices = env['account.invoice'].browse(
        meter('create_invoices', rmas.create_invoices))
    meter('post', post_one_by_one, invoices)
    check_ours(cases, rmas, invoices)


def check_ours(cases, rmas, invoices):
    states = set(rmas.mapped('state'))
    posted = set(invoices.mapped('state'))
    # a net document of 0 (replacement at the returned price) is paid at once
    if states != {'done'} or not posted <= {'open', 'paid'} or not invoices:
        raise AssertionError('ours: RMAs %s, invoices %s' % (states, posted))


# Odoo's own way -------------------------------------------------------------
def run_odoo(env, cases, meter):
    def create_returns():
        returns = env['stock.picking']
        for case in cases:
            delivery = case['sale'].picking_ids
            wizard = env['stock.return.picking'].with_context(
                active_id=delivery.id, active_ids=delivery.ids,
                active_model='stock.picking').create({})
            wizard.product_return_moves.write(
                {'quantity': 1.0, 'to_refund': True})
            action = wizard.create_returns()
            returns |= env['stock.picking'].browse(action['res_id'])
        return returns

    def create_orders():
        orders = env['sale.order']
        for case in cases:
            orders |= env['sale.order'].create({
                'partner_id': case['customer'].id,
                'order_line': [(0, 0, {'product_id': line.product_id.id,
                                       'product_uom_qty': 1.0})
                               for line in case['sale_lines']]})
        return orders

    originals = env['sale.order'].concat(*[case['sale'] for case in cases])
    returns = meter('return_wizard', create_returns)
    orders = meter('so_create', create_orders)
    # Odoo 11's sale.order._action_confirm reads self.order_line: one by
    # one, each with its own prefetch (as for posting: the fastest way)
    meter('so_confirm', lambda: [order.with_prefetch().action_confirm()
                                 for order in orders])
    # Odoo's batch calls in the chunks rma_billing's own batch methods use
    # (each with its own prefetch): the same remedy for Odoo 11's prefetch
    # scans, so the baseline does not slow down with N for want of it
    meter('validate_returns', in_chunks, validate_chunk, returns)
    meter('so_deliver', in_chunks, validate_chunk,
          orders.mapped('picking_ids'))
    invoices = env['account.invoice'].browse(meter(
        'so_invoice', in_chunks, lambda c: c.action_invoice_create(), orders))
    refunds = env['account.invoice'].browse(meter(
        'credit_note', in_chunks,
        lambda c: c.action_invoice_create(final=True), originals))
    meter('post', post_one_by_one, invoices | refunds)
    check_odoo(cases, invoices, refunds)


def check_odoo(cases, invoices, refunds):
    if set(invoices.mapped('type')) != {'out_invoice'} or \
            set(refunds.mapped('type')) != {'out_refund'} or \
            len(invoices) != len(cases) or len(refunds) != len(cases) or \
            not set((invoices | refunds).mapped('state')) <= {'open', 'paid'}:
        raise AssertionError('odoo: %d invoices, %d credit notes' % (
            len(invoices), len(refunds)))


# Driver ---------------------------------------------------------------------
def measure(env, cases, side, profile=True):
    """Run one side from the savepoint, then undo it."""
    cr = env.cr
    cr.execute('SAVEPOINT bench_side')
    prefix = None
    if profile:
        prefix = os.path.join(results_dir(), 'profiles', '%s-%s-N%dk%d' % (
            time.strftime('%Y%m%dT%H%M%S'), side, len(cases),
            len(cases[0]['sale_lines'])))
    meter = Meter(env, prefix)
    try:
        with PeakMemory() as memory:
            meter.memory = memory
            (run_ours if side == 'ours' else run_odoo)(env, cases, meter)
        meter.peak_rss = memory.peak
    finally:
        cr.execute('ROLLBACK TO SAVEPOINT bench_side')
        env.clear()
    return meter


def side_result(meter, size):
    phases = OrderedDict(
        (name, dict(p, queries_per_rma=p['queries'] / size))
        for name, p in meter.phases.items())
    totals = meter.totals()
    totals['queries_per_rma'] = totals['queries'] / size
    totals['ms_per_rma'] = 1000.0 * totals['seconds'] / size
    totals['peak_rss_mb'] = meter.peak_rss / 2.0 ** 20
    return {'phases': phases, 'total': totals}


def print_size(size, result, items=1):
    ours, theirs = result['ours'], result['odoo']
    print('\nN = %d RMAs x %d items' % (size, items))
    head = '  %-18s %9s %9s %9s'
    row = '  %-18s %9.3f %9d %9.1f'
    for label, side in (('ours (rma_billing)', ours), ('odoo way', theirs)):
        print(head % (label, 'seconds', 'queries', 'q/RMA'))
        for name, p in side['phases'].items():
            print(row % (name, p['seconds'], p['queries'],
                         p['queries_per_rma']))
        t = side['total']
        print(row % ('TOTAL', t['seconds'], t['queries'],
                     t['queries_per_rma']))
    ratio = result['ratio']
    print('  ours/odoo: time %.2f, queries %.2f   (%.1f vs %.1f ms per RMA)'
          % (ratio['seconds'], ratio['queries'], ours['total']['ms_per_rma'],
             theirs['total']['ms_per_rma']))
    print('  billing + posting: ours/odoo time %.2f; peak memory %.0f vs '
          '%.0f MB' % (ratio['billing_seconds'], ours['total']['peak_rss_mb'],
                       theirs['total']['peak_rss_mb']))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    # internal: one side of a BENCH_PARALLEL=1 run, in its own process
    parser.add_argument('--side', choices=('ours', 'odoo'))
    parser.add_argument('--cases')
    parser.add_argument('--sizes')
    parser.add_argument('--result')
    args = parser.parse_args()
    if args.side:
        return run_side(args)
    sizes = [int(s) for s in os.environ.get(
        'BENCH_SIZES', DEFAULT_SIZES).split(',') if s.strip()]
    billing_mode = os.environ.get('BENCH_BILLING', 'net')
    all_items = [int(s) for s in os.environ.get(
        'BENCH_ITEMS', '1').split(',') if s.strip()]
    out_dir = results_dir()
    odoo.tools.config.parse_config(
        ['-c', args.config, '-d', args.database, '--log-level=warn'])
    report = {
        'date': datetime.datetime.utcnow().isoformat(timespec='seconds'),
        'machine': {'cpus': os.cpu_count(), 'loadavg': os.getloadavg(),
                    'python': platform.python_version()},
        'database': args.database, 'billing_mode': billing_mode,
        'sizes': OrderedDict(), 'items': OrderedDict(),
    }
    print('rma_billing benchmark: %s billing, sizes %s, %d CPUs, load %.2f' % (
        billing_mode, sizes, os.cpu_count(), os.getloadavg()[0]))
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, 'bench-%s.json' % report['date'].replace(
        ':', ''))

    def save():
        # after every size: a long run stopped midway keeps what it measured
        report['sizes'] = report['items'].get('1', OrderedDict())  # as before
        with open(path, 'w') as f:
            json.dump(report, f, indent=2)
    save.path = path

    parallel = os.environ.get('BENCH_PARALLEL') == '1'
    report['parallel'] = parallel
    if os.environ.get('BENCH_SETUP_DB') and not parallel:
        print('BENCH_SETUP_DB is used with BENCH_PARALLEL=1 only: ignored')
    runs = [(str(items), sizes, items, report['items'])
            for items in all_items]
    if os.environ.get('BENCH_BIG') == '1':  # month end at scale
        report['big'] = OrderedDict()
        runs.append(('1', [10000], 1, report['big']))
    with api.Environment.manage():
        for key, run_sizes, items, into in runs:
            into[key] = into.get(key, OrderedDict())
            if parallel:
                run_items_parallel(args, run_sizes, billing_mode, items,
                                   into[key], save)
            else:
                run_items(odoo.registry(args.database), run_sizes,
                          billing_mode, items, into[key], save)
    save()
    print('\nresults: %s' % os.path.relpath(path))


def results_dir():
    return os.environ.get('BENCH_OUT') or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'results')


def run_items(registry, sizes, billing_mode, items, results, save):
    """Every size for cases of ``items`` items, on one set-up, into
    ``results``; ``save()`` after each size."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        start = time.perf_counter()
        cases = setup(env, max(sizes + [WARMUP]), billing_mode, items)
        print('setup of %d cases of %d items: %.1f s (not timed)' % (
            len(cases), items, time.perf_counter() - start))
        # warm both code paths (imports, ormcaches, QWeb templates)
        for side in ('ours', 'odoo'):
            measure(env, cases[:WARMUP], side, profile=False)
        for size in sizes:
            measured = {}
            for side in ('ours', 'odoo'):
                measured[side] = side_result(
                    measure(env, cases[:size], side), size)
            result = size_result(measured['ours'], measured['odoo'])
            results[str(size)] = result
            save()
            print_size(size, result, items)
            sys.stdout.flush()
        cr.rollback()
    return results


def size_result(ours, theirs):
    """Both sides of one size, with the ratios ours / Odoo's."""
    return {'ours': ours, 'odoo': theirs, 'ratio': {
        'seconds': ours['total']['seconds'] / theirs['total']['seconds'],
        'queries': ours['total']['queries'] / theirs['total']['queries'],
        # the target: billing + posting phases
        'billing_seconds': phase_seconds(
            ours, ('create_invoices', 'post')) / phase_seconds(
            theirs, ('so_invoice', 'credit_note', 'post'))}}


# BENCH_PARALLEL=1: the set-up committed in a copy of the database, then each
# side in its own process on its own copy of that, at the same time (one core
# each): half the wall time of a big run; both sides share the machine's load
def run_items_parallel(args, sizes, billing_mode, items, results, save):
    base = '%s_par%d' % (args.database, os.getpid())
    # kept set-ups: one database per number of items and billing mode
    kept = os.environ.get('BENCH_SETUP_DB') and '%s_k%d_%s' % (
        os.environ['BENCH_SETUP_DB'], items, billing_mode)
    dbs = {'setup': kept or base, 'ours': base + '_ours',
           'odoo': base + '_odoo'}
    out = os.path.dirname(os.path.abspath(save.path))
    files = {side: os.path.join(out, '.%s-%s.json' % (base, side))
             for side in ('cases', 'ours', 'odoo')}
    try:
        cases = committed_setup(args.database, dbs['setup'],
                                max(sizes + [WARMUP]), billing_mode, items)
        with open(files['cases'], 'w') as f:
            json.dump(cases, f)
        procs = {}
        for side in ('ours', 'odoo'):
            copy_database(dbs['setup'], dbs[side])
        for side in ('ours', 'odoo'):
            procs[side] = subprocess.Popen([
                sys.executable, os.path.abspath(__file__), '-c', args.config,
                '-d', dbs[side], '--side', side, '--cases', files['cases'],
                '--sizes', ','.join(map(str, sizes)),
                '--result', files[side]])
        failed = [side for side, proc in procs.items() if proc.wait()]
        done = {}
        for side in ('ours', 'odoo'):
            if os.path.exists(files[side]):
                with open(files[side]) as f:
                    done[side] = json.load(f)
        for size in sizes:
            if all(str(size) in done.get(side, {})
                   for side in ('ours', 'odoo')):
                results[str(size)] = size_result(done['ours'][str(size)],
                                                 done['odoo'][str(size)])
                print_size(size, results[str(size)], items)
        save()
        if failed:
            raise RuntimeError('bench side(s) failed: %s' % failed)
    finally:
        for name in dbs.values():
            if name != kept:
                drop_database(name)
        for name in files.values():
            if os.path.exists(name):
                os.remove(name)


SETUP_PARAM = 'rma_bench.cases'


def committed_setup(source, name, size, billing_mode, items):
    """The ids of ``size`` cases set up and committed in database ``name``
    (a copy of ``source``). A database kept from an earlier run
    (BENCH_SETUP_DB) is reused when it holds enough cases of the same kind,
    made with the same versions of our addons: the set-up of 1,000 cases
    takes 20 minutes. It records its cases in a system parameter. Drop it
    after a change to the addons' fields that kept their version."""
    if name == source:
        raise ValueError('BENCH_SETUP_DB must not name the benchmark '
                         'database itself (%s)' % source)
    wanted = {'items': items, 'billing_mode': billing_mode,
              'addons': installed_addons(source)}
    if database_exists(name):
        with odoo.registry(name).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            kept = json.loads(env['ir.config_parameter'].get_param(
                SETUP_PARAM) or '{}')
        if len(kept.get('cases', ())) >= size and all(
                kept.get(key) == value for key, value in wanted.items()):
            print('setup: reusing %d committed cases of %d items in %s' % (
                len(kept['cases']), items, name))
            release_database(name)
            return kept['cases'][:size]
        drop_database(name)
    copy_database(source, name)
    with odoo.registry(name).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        start = time.perf_counter()
        cases = [{key: record.ids for key, record in case.items()}
                 for case in setup(env, size, billing_mode, items)]
        env['ir.config_parameter'].set_param(SETUP_PARAM, json.dumps(
            dict(wanted, cases=cases)))
        print('setup of %d cases of %d items: %.1f s (not timed, '
              'committed in %s)' % (size, items,
                                    time.perf_counter() - start, name))
    release_database(name)
    return cases


def run_side(args):
    """One side of a parallel run: warm up, then every size, each from a
    savepoint rolled back; the results saved after each size."""
    odoo.tools.config.parse_config(
        ['-c', args.config, '-d', args.database, '--log-level=warn'])
    with open(args.cases) as f:
        case_ids = json.load(f)
    results = OrderedDict()
    with api.Environment.manage():
        with odoo.registry(args.database).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            models = {'customer': 'res.partner', 'product': 'product.product',
                      'sale': 'sale.order', 'sale_line': 'sale.order.line',
                      'sale_lines': 'sale.order.line'}
            cases = [{key: env[models[key]].browse(ids)
                      for key, ids in case.items()} for case in case_ids]
            measure(env, cases[:WARMUP], args.side, profile=False)
            for size in map(int, args.sizes.split(',')):
                start = time.perf_counter()
                results[str(size)] = side_result(
                    measure(env, cases[:size], args.side), size)
                with open(args.result, 'w') as f:
                    json.dump(results, f)
                print('%s: N = %d in %.1f s' % (
                    args.side, size, time.perf_counter() - start))
                sys.stdout.flush()
            cr.rollback()


def copy_database(source, target):
    db = odoo.sql_db.db_connect('postgres')
    with closing(db.cursor()) as cr:
        cr.autocommit(True)
        cr.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (target, source))


def release_database(name):
    """Close this process's registry and connections of ``name``, so that
    it can be copied."""
    odoo.modules.registry.Registry.delete(name)
    odoo.sql_db.close_db(name)


def installed_addons(name):
    """[[addon, version]] of our addons installed in database ``name``."""
    db = odoo.sql_db.db_connect(name)
    with closing(db.cursor()) as cr:
        cr.execute("SELECT name, latest_version FROM ir_module_module "
                   "WHERE state = 'installed' AND name LIKE 'rma_billing%%' "
                   "ORDER BY name")
        addons = [list(row) for row in cr.fetchall()]
    odoo.sql_db.close_db(name)  # it may be copied next
    return addons


def database_exists(name):
    db = odoo.sql_db.db_connect('postgres')
    with closing(db.cursor()) as cr:
        cr.execute('SELECT 1 FROM pg_database WHERE datname = %s', (name,))
        return bool(cr.fetchone())


def drop_database(name):
    release_database(name)
    db = odoo.sql_db.db_connect('postgres')
    with closing(db.cursor()) as cr:
        cr.autocommit(True)
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)


def phase_seconds(side, names):
    return sum(side['phases'][name]['seconds'] for name in names)


if __name__ == '__main__':
    main()
