# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load test (make load-test, see bench/README.md): concurrent XML-RPC
clients, each logged in as its own RMA user, against an Odoo served with
several workers on the loopback, for a bounded time and count.

    load_test.py setup -c CONF -d DB --clients N      (prints JSON)
    load_test.py run -c CONF -d DB --port P --setup FILE --clients N
                 --seconds S --max-rmas M

Each client loops over two scenarios: its own RMA (a return from one of
the few shared, delivered sale lines plus a replacement: create, confirm,
ship part, bill, process the rest, bill, post) and work on the shared
RMAs every client hits (ship one unit, bill, post). The sale lines run out
of returnable units on purpose, and the shared RMAs are billed by several
clients at once. Afterwards the database is checked: nothing billed twice
or more than processed, no sale line returned beyond its delivered
quantity, every journal entry balanced, the receivable equal to the
posted documents."""
import argparse
import collections
import configparser
import json
import random
import re
import sys
import threading
import time
import xmlrpc.client

PASSWORD = 'load-test-secret'
SALE_QTY = 1          # delivered units per shared sale line: run out
SHARED_RMAS = 4
SHARED_ISSUE_QTY = 60  # units to ship per shared RMA


# Setup (in-process Odoo, committed) ------------------------------------------
def setup(args):
    import odoo
    odoo.tools.config.parse_config(['-c', args.config, '--log-level=warn'])
    with odoo.api.Environment.manage(), \
            odoo.registry(args.database).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {
            'tracking_disable': True})
        company = env.user.company_id
        company.write({'rma_billing_mode': 'net',
                       'rma_advance_exchange': True,
                       'rma_auto_invoice': False})
        warehouse = env['stock.warehouse'].search(
            [('company_id', '=', company.id)], limit=1)
        tax = env['account.tax'].create({
            'name': 'Load tax 10 %', 'amount': 10.0, 'type_tax_use': 'sale',
            'company_id': company.id})
        products = env['product.product'].browse([
            env['product.product'].create({
                'name': 'Load product %d' % i, 'type': 'product',
                'list_price': 120.0, 'standard_price': 70.0,
                'taxes_id': [(6, 0, tax.ids)]}).id
            for i in range(2 + args.clients)])
        for product in products:
            env['stock.quant']._update_available_quantity(
                product, warehouse.lot_stock_id, 100000.0)
        customers = env['res.partner'].browse([env['res.partner'].create({
            'name': 'Load customer %d' % i, 'customer': True,
            'is_company': True}).id for i in range(4)])
        sale_lines = []
        for customer in customers:
            sale = env['sale.order'].create({
                'partner_id': customer.id, 'order_line': [(0, 0, {
                    'product_id': products[0].id, 'product_uom_qty': SALE_QTY,
                    'price_unit': 100.0, 'tax_id': [(6, 0, tax.ids)]})]})
            sale.action_confirm()
            for move in sale.picking_ids.move_lines:
                move.quantity_done = move.product_uom_qty
            sale.picking_ids.action_done()
            sale_lines.append({'id': sale.order_line.id,
                               'customer': customer.id})
        group = env.ref('rma_billing.group_rma_user')
        users = []
        for i in range(args.clients):
            user = env['res.users'].with_context(
                no_reset_password=True).create({
                    'name': 'Load clerk %d' % i, 'login': 'load_clerk_%d' % i,
                    'email': 'load_clerk_%d@example.com' % i,
                    'password': PASSWORD, 'company_id': company.id,
                    'company_ids': [(6, 0, company.ids)],
                    'groups_id': [(6, 0, group.ids)]})
            users.append(user.login)
        shared = env['rma.order']
        for i in range(SHARED_RMAS):
            shared |= env['rma.order'].create({
                'partner_id': customers[i % len(customers)].id,
                'line_ids': [(0, 0, {
                    'line_type': 'issue', 'product_id': products[1].id,
                    'product_uom_qty': SHARED_ISSUE_QTY,
                    'tax_ids': [(6, 0, tax.ids)]})]})
        shared.action_confirm()
        json.dump({
            # products[0]: the sold one; [1]: the shared RMAs'; [2 + i]: the
            # replacements of client i (one stock quant each, so clients do
            # not queue on one quant's reservation outside the shared RMAs)
            'users': users, 'products': products.ids, 'tax': tax.id,
            'sale_lines': sale_lines,
            'shared': [{'id': r.id, 'line': r.line_ids.id} for r in shared],
        }, sys.stdout)


# Clients ---------------------------------------------------------------------
class Stats(object):
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = collections.defaultdict(list)
        self.errors = collections.Counter()
        self.tracebacks = []
        self.posted_rmas = set()
        self.documents = 0

    def record(self, method, seconds):
        with self.lock:
            self.latency[method].append(seconds)

    def error(self, kind, text=None):
        with self.lock:
            self.errors[kind] += 1
            if text:
                self.tracebacks.append(text)


# Refusals that are the business rules answering concurrent clients.
EXPECTED = (
    ('over-return refused', r'Return at most'),
    ('nothing left to process', r'only [\d.]+ remain open'),
    ('shared RMA done, nothing to process',
     r'only confirmed RMAs can ship or receive'),
)


# A conflict that outlasts Odoo's 5 retries is refused as retryable
# (rma_billing/rpc_retry.py): fault 2, nothing written. Any fault 1 (a
# traceback) fails the run, a conflict's included.
CONFLICT = ('conflict outlasted the retries, refused as retryable',
            r'Nothing was saved: call again')


def classify(fault):
    if fault.faultCode == 1 or 'Traceback' in fault.faultString:
        last = fault.faultString.strip().splitlines()[-1]
        return 'TRACEBACK: %s' % last[:120]
    for kind, pattern in EXPECTED + (CONFLICT,):
        if re.search(pattern, fault.faultString):
            return kind
    return 'refused (%s): %s' % (fault.faultCode,
                                 fault.faultString.splitlines()[0][:80])


class Client(threading.Thread):
    def __init__(self, index, url, db, login, data, stats, deadline,
                 max_rmas):
        super(Client, self).__init__(name=login)
        self.index, self.db, self.data = index, db, data
        self.stats, self.deadline, self.max_rmas = stats, deadline, max_rmas
        self.random = random.Random(index)
        common = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common')
        self.uid = common.authenticate(db, login, PASSWORD, {})
        assert self.uid, login
        self.proxy = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object',
                                               allow_none=True)

    def call(self, model, method, *args):
        start = time.perf_counter()
        try:
            return self.proxy.execute_kw(self.db, self.uid, PASSWORD, model,
                                         method, list(args))
        finally:
            self.stats.record('%s.%s' % (model, method),
                              time.perf_counter() - start)

    def step(self, *call):
        """A call whose refusal is counted by kind; None when refused or
        past the deadline (the run stops on time, mid-scenario)."""
        if time.time() >= self.deadline:
            return None
        try:
            return self.call(*call)
        except xmlrpc.client.Fault as fault:
            kind = classify(fault)
            self.stats.error(kind, fault.faultString
                             if kind.startswith('TRACEBACK') else None)
            return None

    def bill_and_post(self, rma_id):
        invoice_ids = self.step('rma.order', 'create_invoices', [rma_id])
        if invoice_ids:
            if self.step('account.invoice', 'action_invoice_open',
                         invoice_ids) is not None:
                with self.stats.lock:
                    self.stats.posted_rmas.add(rma_id)
                    self.stats.documents += len(invoice_ids)

    def own_rma(self):
        sale_line = self.random.choice(self.data['sale_lines'])
        products = self.data['products']
        rma_id = self.step('rma.order', 'create', {
            'partner_id': sale_line['customer'],
            'client_ref': 'LOAD-%d-%d' % (self.index, self.count),
            'line_ids': [
                (0, 0, {'line_type': 'receipt', 'product_uom_qty': 1,
                        'sale_line_id': sale_line['id']}),
                (0, 0, {'line_type': 'issue',
                        'product_id': products[2 + self.index],
                        'product_uom_qty': 2})]})
        if rma_id is None:
            return
        if self.step('rma.order', 'action_confirm', [rma_id]) is None:
            return
        issue = self.step('rma.order.line', 'search', [
            ('order_id', '=', rma_id), ('line_type', '=', 'issue')])
        if not issue:
            return
        self.step('rma.order.line', 'process_quantity', issue, 1.0)
        self.bill_and_post(rma_id)
        self.step('rma.order', 'process_all', [rma_id])
        self.bill_and_post(rma_id)

    def shared_rma(self):
        shared = self.random.choice(self.data['shared'])
        self.step('rma.order.line', 'process_quantity', [shared['line']],
                  1.0)
        self.bill_and_post(shared['id'])

    def run(self):
        self.count = 0
        while time.time() < self.deadline and self.count < self.max_rmas:
            self.count += 1
            try:
                if self.random.random() < 0.6:
                    self.own_rma()
                else:
                    self.shared_rma()
            except xmlrpc.client.Fault as fault:
                kind = classify(fault)
                self.stats.error(kind, fault.faultString)
            except Exception as error:  # pylint: disable=broad-except
                self.stats.error('client error: %s' % type(error).__name__,
                                 repr(error))


# Checks ----------------------------------------------------------------------
CHECKS = [
    ('no RMA line billed more than processed (nothing billed twice)', """
        SELECT l.id, l.qty_done, coalesce(b.qty, 0)
        FROM rma_order_line l
        LEFT JOIN (SELECT il.rma_line_id, sum(abs(il.quantity)) AS qty
                   FROM account_invoice_line il
                   JOIN account_invoice i ON i.id = il.invoice_id
                   WHERE i.state != 'cancel'
                     AND il.rma_line_kind IN ('charge', 'credit')
                   GROUP BY il.rma_line_id) b ON b.rma_line_id = l.id
        WHERE coalesce(b.qty, 0) > l.qty_done + 0.0001
           OR abs(coalesce(b.qty, 0) - l.qty_invoiced) > 0.0001"""),
    ('processed = done moves to/from the customer', """
        SELECT l.id, l.qty_done, coalesce(m.qty, 0)
        FROM rma_order_line l
        JOIN product_product p ON p.id = l.product_id
        JOIN product_template t ON t.id = p.product_tmpl_id
        LEFT JOIN (SELECT sm.rma_line_id, sum(sm.product_qty) AS qty
                   FROM stock_move sm
                   JOIN stock_location src ON src.id = sm.location_id
                   JOIN stock_location dst ON dst.id = sm.location_dest_id
                   WHERE sm.state = 'done'
                     AND 'customer' IN (src.usage, dst.usage)
                   GROUP BY sm.rma_line_id) m ON m.rma_line_id = l.id
        WHERE t.type != 'service'
          AND abs(coalesce(m.qty, 0) - l.qty_done) > 0.0001"""),
    ('no sale line returned beyond its delivered quantity', """
        SELECT sl.id, sl.qty_delivered, sum(l.product_uom_qty)
        FROM rma_order_line l
        JOIN sale_order_line sl ON sl.id = l.sale_line_id
        WHERE l.line_type = 'receipt' AND l.state != 'cancel'
        GROUP BY sl.id, sl.qty_delivered
        HAVING sum(l.product_uom_qty) > sl.qty_delivered + 0.0001"""),
    ('every journal entry balanced', """
        SELECT move_id, sum(debit), sum(credit) FROM account_move_line
        GROUP BY move_id HAVING abs(sum(debit) - sum(credit)) > 0.001"""),
    ('receivable = the posted RMA documents', """
        SELECT docs.total, rec.balance FROM
          (SELECT coalesce(sum(amount_total_signed), 0) AS total
           FROM account_invoice
           WHERE rma_id IS NOT NULL AND state IN ('open', 'paid')) docs,
          (SELECT coalesce(sum(aml.debit - aml.credit), 0) AS balance
           FROM account_move_line aml
           JOIN account_invoice i ON i.move_id = aml.move_id
           JOIN account_account a ON a.id = aml.account_id
           JOIN account_account_type at ON at.id = a.user_type_id
           WHERE i.rma_id IS NOT NULL AND at.type = 'receivable') rec
        WHERE abs(docs.total - rec.balance) > 0.001"""),
    ('no posted document without its journal entry', """
        SELECT id FROM account_invoice
        WHERE rma_id IS NOT NULL AND state IN ('open', 'paid')
          AND move_id IS NULL"""),
]


def connect(config, db):
    import psycopg2
    parser = configparser.ConfigParser()
    parser.read(config)
    opts = parser['options']
    password = opts.get('db_password')
    return psycopg2.connect(
        dbname=db, host=opts.get('db_host'), port=opts.get('db_port'),
        user=opts.get('db_user'),
        password=None if password in (None, 'False') else password)


def percentile(values, pct):
    values = sorted(values)
    index = min(len(values) - 1, int(round(pct / 100.0 * (len(values) - 1))))
    return values[index]


def run(args):
    data = json.load(open(args.setup))
    url = 'http://127.0.0.1:%d' % args.port
    common = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common')
    for _ in range(120):
        try:
            common.version()
            break
        except OSError:
            time.sleep(0.5)
    stats = Stats()
    start = time.time()
    clients = [Client(i, url, args.database, login, data, stats,
                      start + args.seconds, args.max_rmas)
               for i, login in enumerate(data['users'][:args.clients])]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    elapsed = time.time() - start

    calls = sum(len(v) for v in stats.latency.values())
    print('\n%d clients (different RMA users), %.0f s, %d calls, %d '
          'scenarios' % (len(clients), elapsed, calls,
                         sum(c.count for c in clients)))
    print('RMAs billed and posted: %d (%.1f per minute), documents posted: '
          '%d (%.1f per minute)' % (
              len(stats.posted_rmas), len(stats.posted_rmas) * 60 / elapsed,
              stats.documents, stats.documents * 60 / elapsed))
    print('\n| call | n | p50 ms | p90 ms | p99 ms | max ms |')
    print('|---|---|---|---|---|---|')
    for method in sorted(stats.latency):
        values = stats.latency[method]
        print('| %s | %d | %s |' % (method, len(values), ' | '.join(
            '%.0f' % (1000 * v) for v in (
                percentile(values, 50), percentile(values, 90),
                percentile(values, 99), max(values)))))
    print('\nRefusals and errors by kind:')
    for kind, count in sorted(stats.errors.items()):
        print('  %5d  %s' % (count, kind))
    if not stats.errors:
        print('  none')
    retries = 0
    if args.server_log:
        with open(args.server_log, errors='replace') as log:
            text = log.read()
        retries = len(re.findall(r'retry \d/\d in', text))
        maxed = len(re.findall(r'maximum number of tries reached', text))
        print('Serialisation conflicts retried by Odoo: %d (gave up: %d)' % (
            retries, maxed))

    failed = [kind for kind in stats.errors
              if kind.startswith(('TRACEBACK', 'client error'))]
    for text in stats.tracebacks[:3]:
        print('\n--- a failed call ---\n%s' % text[-2000:])
    print('\nChecks:')
    with connect(args.config, args.database) as cnx, cnx.cursor() as cr:
        cr.execute("SELECT count(*) FROM rma_order_line WHERE qty_done > 0")
        processed = cr.fetchone()[0]
        for name, query in CHECKS:
            cr.execute(query)
            rows = cr.fetchall()
            print('  %s  %s%s' % ('ok  ' if not rows else 'FAIL', name,
                                  '' if not rows else ': %r' % rows[:5]))
            if rows:
                failed.append(name)
    if not stats.posted_rmas or not processed:
        failed.append('nothing was billed')
    print('\n%s' % ('FAILED: %s' % ', '.join(failed) if failed else
                    'all checks hold'))
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('action', choices=('setup', 'run'))
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--clients', type=int, default=8)
    parser.add_argument('--port', type=int)
    parser.add_argument('--setup')
    parser.add_argument('--seconds', type=float, default=180)
    parser.add_argument('--max-rmas', type=int, default=200)
    parser.add_argument('--server-log')
    args = parser.parse_args()
    if args.action == 'setup':
        return setup(args)
    return run(args)


if __name__ == '__main__':
    sys.exit(main())
