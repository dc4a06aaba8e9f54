# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Back up or restore a database in Odoo's own dump format (the zip the
database manager makes: dump.sql, filestore/, manifest.json), with Odoo's
own odoo.service.db.dump_db / restore_db, so a backup restores in any
Odoo 11 (database manager, or this script).

    db_backup.py -c odoo.conf backup DB FILE
    db_backup.py -c odoo.conf restore DB FILE
"""
import argparse
import os
import sys

import odoo
from odoo.service import db as db_service


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('action', choices=('backup', 'restore'))
    parser.add_argument('database')
    parser.add_argument('file')
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '--log-level=warn'])
    with odoo.api.Environment.manage():
        run(args)
    print(args.file if args.action == 'backup' else args.database)


def run(args):
    if args.action == 'backup':
        if not db_service.exp_db_exist(args.database):
            sys.exit('error: database %s does not exist' % args.database)
        tmp = args.file + '.part'
        with open(tmp, 'wb') as stream:
            db_service.dump_db(args.database, stream, 'zip')
            stream.flush()
            os.fsync(stream.fileno())
        # a half-written file never carries the backup's name
        os.replace(tmp, args.file)
    else:
        if not os.path.isfile(args.file):
            sys.exit('error: backup file %s not found' % args.file)
        if db_service.exp_db_exist(args.database):
            sys.exit('error: database %s already exists: restore under '
                     'another name (DB=...) or drop it first'
                     % args.database)
        # copy=False: the restored database keeps its uuid, as the backup
        # of the same data
        db_service.restore_db(args.database, args.file, copy=False)


if __name__ == '__main__':
    main()
