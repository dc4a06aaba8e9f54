# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Backup/restore round trip (make backup-test): in DB, an RMA with its
posted credit note and an attachment; back it up with scripts/db_backup.py
(the code make backup runs), restore the zip under another name, and
compare what both databases hold. Exit status 1 on any difference."""
import argparse
import base64
import os
import subprocess
import sys
import tempfile
import zipfile

import odoo
from odoo.service import db as db_service

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = ('rma_order', 'rma_order_line', 'account_invoice',
          'account_invoice_line', 'account_move', 'account_move_line',
          'stock_move', 'ir_attachment', 'mail_message')


def make_data(env):
    """An RMA received and credited (posted), with a file attached."""
    company = env.user.company_id
    partner = env['res.partner'].create({
        'name': 'Backup customer', 'customer': True, 'is_company': True})
    product = env['product.product'].create({
        'name': 'Backup router', 'type': 'product', 'list_price': 123.45,
        'standard_price': 60.0, 'taxes_id': [(6, 0, [])]})
    rma = env['rma.order'].create({
        'partner_id': partner.id, 'company_id': company.id,
        'line_ids': [(0, 0, {'line_type': 'receipt', 'product_id': product.id,
                             'product_uom_qty': 2.0,
                             'tax_ids': [(6, 0, [])]})]})
    rma.action_confirm()
    rma.process_all()
    invoices = env['account.invoice'].browse(rma.create_invoices())
    invoices.action_invoice_open()
    env['ir.attachment'].create({
        'name': 'customer-photo.txt', 'datas_fname': 'customer-photo.txt',
        'res_model': 'rma.order', 'res_id': rma.id,
        'datas': base64.b64encode(b'scratches on the left side\n' * 100)})
    return rma.name


def facts(env, rma_name):
    cr = env.cr
    rma = env['rma.order'].search([('name', '=', rma_name)])
    assert len(rma) == 1, 'RMA %s: %d records' % (rma_name, len(rma))
    invoice = rma.invoice_ids
    attachment = env['ir.attachment'].search(
        [('res_model', '=', 'rma.order'), ('res_id', '=', rma.id)])
    counts = {}
    for table in TABLES:
        cr.execute('SELECT count(*) FROM %s' % table)  # noqa: constant names
        counts[table] = cr.fetchone()[0]
    return {
        'rma': (rma.name, rma.state, rma.amount_total, rma.partner_id.name,
                [(line.product_id.name, line.qty_done, line.qty_invoiced,
                  line.price_subtotal) for line in rma.line_ids]),
        'invoices': [(i.number, i.type, i.state, i.amount_total,
                      i.residual) for i in invoice],
        'journal items': sorted((m.account_id.code, m.debit, m.credit)
                                for m in invoice.mapped('move_id.line_ids')),
        'attachment': [(a.name, a.store_fname, a.checksum, a.datas)
                       for a in attachment],
        'row counts': counts,
    }


def read(dbname, func, *args):
    registry = odoo.registry(dbname)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        return func(env, *args)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '--log-level=warn'])
    source, copy = args.database, args.database + '_restored'
    rma_name = read(source, make_data)  # the cursor commits on exit
    before = read(source, facts, rma_name)
    assert before['invoices'] and before['invoices'][0][2] == 'open', before
    assert before['attachment'] and before['attachment'][0][1], before
    odoo.sql_db.close_db(source)
    with tempfile.TemporaryDirectory() as tmp:
        zip_file = os.path.join(tmp, 'backup.zip')
        try:
            for action, db in (('backup', source), ('restore', copy)):
                subprocess.run(
                    [sys.executable, os.path.join(HERE, 'db_backup.py'),
                     '-c', args.config, action, db, zip_file],
                    check=True, stdout=subprocess.DEVNULL)
                if action == 'backup':
                    names = zipfile.ZipFile(zip_file).namelist()
                    for member in ('dump.sql', 'manifest.json'):
                        assert member in names, (member, names)
                    assert any(n.startswith('filestore/') for n in names), \
                        names
            after = read(copy, facts, rma_name)
        finally:
            odoo.sql_db.close_all()
            with odoo.api.Environment.manage():
                db_service.exp_drop(copy)
    bad = [key for key in before if before[key] != after[key]]
    for key in bad:
        print('DIFFERENT %s:\n  before %r\n  after  %r' % (
            key, before[key], after[key]))
    if bad:
        sys.exit(1)
    print('backup round trip: RMA %s, %s, %d journal items, attachment %s: '
          'identical after restore' % (
              rma_name, before['invoices'][0][0],
              len(before['journal items']), before['attachment'][0][1]))


if __name__ == '__main__':
    main()
