#!/usr/bin/env python3
# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Drive rma_billing over XML-RPC, as an integrator would.

Runs the whole flow against a server (by default the one `make run` serves):
an RMA with an issue (a replacement shipped and charged) and a receipt (the
returned unit, credited minus a 10 % restocking fee); confirm, process the
goods, create the pending invoice, post it; print the documents and totals.

Standard library only (Python 3.7+). Safe to rerun: the customer and the
products are found by a fixed name / default_code before being created, and
every run uses a new external reference (client_ref). Rerunning with
`--ref <an earlier reference>` resumes that RMA instead of creating a new
one -- the retry pattern of the README.

    python3 examples/xmlrpc_client.py [--url http://localhost:8069]
        [--db rma_demo] [--user admin] [--password admin] [--ref REF]
"""
import argparse
import socket
import sys
import time
import uuid
import xmlrpc.client

CUSTOMER_NAME = 'RMA Example Customer (XML-RPC)'
ISSUE_PRODUCT = ('RMA-EX-ROUTER', 'RMA Example Router', 500.0)
RETURN_PRODUCT = ('RMA-EX-SWITCH', 'RMA Example Switch', 400.0)
RESTOCKING_FEE_PERCENT = 10.0


class Odoo(object):
    """The two XML-RPC endpoints, logged in once."""

    def __init__(self, url, db, user, password):
        self.db, self.password = db, password
        url = url.rstrip('/')
        common = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common')
        self.uid = common.authenticate(db, user, password, {})
        if not self.uid:
            raise SystemExit('login refused for %s on database %s' % (user, db))
        self.server_version = common.version()['server_version']
        self.object = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object')

    def call(self, model, method, *args, **kwargs):
        return self.object.execute_kw(self.db, self.uid, self.password,
                                      model, method, list(args), kwargs)


def find_or_create(odoo, model, domain, vals):
    ids = odoo.call(model, 'search', domain, limit=1)
    return ids[0] if ids else odoo.call(model, 'create', vals)


def ensure_product(odoo, code, name, price):
    # untaxed, so the printed totals are easy to check
    return find_or_create(odoo, 'product.product',
                          [('default_code', '=', code)], {
                              'default_code': code, 'name': name,
                              'type': 'product', 'list_price': price,
                              'standard_price': price * 0.6,
                              'taxes_id': [(6, 0, [])]})


def ensure_stock(odoo, product_id, qty):
    """Inventory adjustment up to ``qty`` on hand in the main warehouse, so
    the replacement can ship."""
    on_hand = odoo.call('product.product', 'read', [product_id],
                        ['qty_available'])[0]['qty_available']
    if on_hand >= qty:
        return
    location_id = odoo.call('stock.warehouse', 'search_read', [],
                            ['lot_stock_id'], limit=1)[0]['lot_stock_id'][0]
    inventory_id = odoo.call('stock.inventory', 'create', {
        'name': 'RMA example stock', 'filter': 'partial',
        'location_id': location_id})
    odoo.call('stock.inventory', 'action_start', [inventory_id])
    odoo.call('stock.inventory', 'write', [inventory_id], {'line_ids': [
        (0, 0, {'product_id': product_id, 'location_id': location_id,
                'product_qty': qty})]})
    odoo.call('stock.inventory', 'action_done', [inventory_id])


def find_or_create_rma(odoo, client_ref, vals):
    """The retry pattern: look the reference up first; create only if
    absent; if a concurrent/earlier create won the race, the server refuses
    the duplicate and we look it up again."""
    found = odoo.call('rma.order', 'search', [('client_ref', '=', client_ref)])
    if found:
        return found[0], False
    try:
        return odoo.call('rma.order', 'create',
                         dict(vals, client_ref=client_ref)), True
    except xmlrpc.client.Fault as fault:
        if 'already used by' not in fault.faultString:
            raise
        return odoo.call('rma.order', 'search',
                         [('client_ref', '=', client_ref)])[0], False


def run(odoo, client_ref):
    customer_id = find_or_create(
        odoo, 'res.partner', [('name', '=', CUSTOMER_NAME)],
        {'name': CUSTOMER_NAME, 'customer': True, 'is_company': True})
    router_id = ensure_product(odoo, *ISSUE_PRODUCT)
    switch_id = ensure_product(odoo, *RETURN_PRODUCT)
    ensure_stock(odoo, router_id, 1.0)

    rma_id, created = find_or_create_rma(odoo, client_ref, {
        'partner_id': customer_id,
        'billing_mode': 'net',
        'line_ids': [
            (0, 0, {'line_type': 'issue', 'product_id': router_id,
                    'product_uom_qty': 1, 'price_unit': ISSUE_PRODUCT[2]}),
            (0, 0, {'line_type': 'receipt', 'product_id': switch_id,
                    'product_uom_qty': 1, 'price_unit': RETURN_PRODUCT[2],
                    'restocking_fee_mode': 'percent',
                    'restocking_fee_value': RESTOCKING_FEE_PERCENT}),
        ]})
    rma = odoo.call('rma.order', 'read', [rma_id], ['name', 'state'])[0]
    print('%s RMA %s (id %s, client_ref %s), state %s' % (
        'created' if created else 'found', rma['name'], rma_id, client_ref,
        rma['state']))

    # Each step runs only if the RMA is not past it: a rerun resumes.
    if rma['state'] == 'draft':
        odoo.call('rma.order', 'action_confirm', [rma_id])
        print('confirmed: pickings created')
    try:
        odoo.call('rma.order', 'action_confirm', [rma_id])
    except xmlrpc.client.Fault as fault:
        print('confirming again is refused (fault %s): %s' % (
            fault.faultCode, fault.faultString))
    state = odoo.call('rma.order', 'read', [rma_id], ['state'])[0]['state']
    if state == 'confirmed':
        odoo.call('rma.order', 'process_all', [rma_id])
        print('processed: return received, replacement shipped')
        invoice_ids = odoo.call('rma.order', 'create_invoices', [rma_id])
        print('pending invoices created: %s' % invoice_ids)
        again = odoo.call('rma.order', 'create_invoices', [rma_id])
        print('create_invoices again bills nothing twice: %s' % again)
    drafts = odoo.call('account.invoice', 'search',
                       [('rma_id', '=', rma_id), ('state', '=', 'draft')])
    if drafts:
        odoo.call('account.invoice', 'action_invoice_open', drafts)
        print('posted: %s' % drafts)

    summary = odoo.call('rma.order', 'get_billing_summary',
                        [rma_id])[str(rma_id)]
    print_summary(summary)
    return summary


def print_summary(summary):
    cur = summary['currency']
    print()
    print('%s  [%s]  state %s, invoice status %s, billing %s' % (
        summary['name'], summary['client_ref'], summary['state'],
        summary['invoice_status'], summary['billing_mode']))
    for line in summary['lines']:
        print('  %-8s %-28s qty %5.2f done %5.2f invoiced %5.2f  %10.2f %s%s'
              % (line['line_type'], line['product'][:28],
                 line['product_uom_qty'], line['qty_done'],
                 line['qty_invoiced'], line['price_subtotal'], cur,
                 '  fee %.2f' % line['restocking_fee_amount']
                 if line['restocking_fee_amount'] else ''))
    print('  charges %.2f - credits %.2f + restocking fees %.2f = net %.2f %s'
          ' (untaxed)' % (summary['amount_charge'], summary['amount_credit'],
                          summary['amount_restocking_fee'],
                          summary['amount_net'], cur))
    for inv in summary['invoices']:
        print('  %-11s %-18s %-6s untaxed %.2f tax %.2f total %.2f %s, '
              'due %.2f' % (inv['type'], inv['number'] or '(draft)',
                            inv['state'], inv['amount_untaxed'],
                            inv['amount_tax'], inv['amount_total'], cur,
                            inv['residual']))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--url', default='http://localhost:8069')
    parser.add_argument('--db', default='rma_demo')
    parser.add_argument('--user', default='admin')
    parser.add_argument('--password', default='admin')
    parser.add_argument(
        '--ref', help='external reference (client_ref); default: a new '
        'one per run. Reuse one to resume that RMA.')
    args = parser.parse_args(argv)
    client_ref = args.ref or 'EXAMPLE-%s-%s' % (
        time.strftime('%Y%m%d-%H%M%S'), uuid.uuid4().hex[:6])
    try:
        odoo = Odoo(args.url, args.db, args.user, args.password)
        print('connected to %s (Odoo %s), database %s, uid %s' % (
            args.url, odoo.server_version, args.db, odoo.uid))
        summary = run(odoo, client_ref)
    except xmlrpc.client.Fault as fault:
        print('refused by the server (fault %s):\n%s' % (
            fault.faultCode, fault.faultString), file=sys.stderr)
        return 1
    except (ConnectionRefusedError, socket.gaierror, socket.timeout,
            xmlrpc.client.ProtocolError) as exc:
        print('cannot reach %s: %s (is `make run` serving it?)' % (
            args.url, exc), file=sys.stderr)
        return 2
    posted = [i for i in summary['invoices'] if i['state'] in ('open', 'paid')]
    return 0 if posted and summary['state'] == 'done' else 1


if __name__ == '__main__':
    sys.exit(main())
