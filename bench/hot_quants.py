"""Why validating stock slows down within one long transaction.

Odoo 11 updates a product's quant in a savepoint for each move line
(stock.quant._update_available_quantity). PostgreSQL keeps every version of
a row written by a released savepoint until the whole transaction ends, so
each later lookup of that quant (stock.quant._gather) walks all of them:
its cost grows with the number of moves of the product validated so far in
the transaction, and validating N moves costs more than N times one.

This script shows it on Odoo's own code, in one transaction that it rolls
back: it times _gather of one product's quant every STEP updates, once with
Odoo's _update_available_quantity (a savepoint per update) and once with
the same quantity written without savepoints.

Usage: python bench/hot_quants.py -c odoo.conf -d DB [--updates 4000]
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api

STEP = 1000
LOOKUPS = 100


def gather_ms(quant_model, product, location):
    start = time.perf_counter()
    for _i in range(LOOKUPS):
        quant_model._gather(product, location, strict=True)
    return 1000.0 * (time.perf_counter() - start) / LOOKUPS


def run(env, updates, with_savepoints):
    """[(updates so far, ms per _gather)], from a savepoint rolled back."""
    env.cr.execute('SAVEPOINT hot_quants')
    Quant = env['stock.quant']
    product = env['product.product'].create({
        'name': 'hot quant probe', 'type': 'product'})
    location = env.ref('stock.stock_location_stock')
    Quant._update_available_quantity(product, location, 1.0)
    quant = Quant._gather(product, location, strict=True)
    gather_ms(Quant, product, location)  # warm caches: not timed
    timings = []
    for done in range(updates + 1):
        if done % STEP == 0:
            timings.append((done, gather_ms(Quant, product, location)))
        if with_savepoints:  # what every validated move line does
            Quant._update_available_quantity(product, location, 1.0)
        else:
            quant.write({'quantity': quant.quantity + 1.0})
    env.cr.execute('ROLLBACK TO SAVEPOINT hot_quants')
    env.clear()
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--updates', type=int, default=4000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ['-c', args.config, '-d', args.database, '--log-level=warn'])
    with api.Environment.manage():
        with odoo.registry(args.database).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            odoo_way = run(env, args.updates, True)
            plain = run(env, args.updates, False)
            cr.rollback()
    print('updates of one quant in the transaction -> ms per _gather')
    print('%8s %28s %24s' % (
        'updates', "Odoo's (savepoint each)", 'plain writes'))
    for (done, ms), (_done, plain_ms) in zip(odoo_way, plain):
        print('%8d %28.3f %24.3f' % (done, ms, plain_ms))


if __name__ == '__main__':
    main()
