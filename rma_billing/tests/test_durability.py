# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The database server is durable. The tests run on the server of
.local/odoo.conf, the one `make run` serves its database from (both use
scripts/conf.sh's db_host and db_port), and ask it through Odoo's cursor.
Only throwaway databases (this test's, make bench's, make load-test's)
commit without waiting for the WAL flush, set on the database itself by
scripts/lib.sh fast_db; scripts/durability_check.sh checks make run's own
database (CI runs it)."""
from odoo.tests.common import TransactionCase


class TestDurability(TransactionCase):

    def _setting(self, name):
        self.env.cr.execute(
            'SELECT setting, source FROM pg_settings WHERE name = %s',
            (name,))
        return self.env.cr.fetchone()

    def test_server_writes_durably(self):
        self.env.cr.execute('SHOW fsync')
        self.assertEqual(self.env.cr.fetchone()[0], 'on')
        self.env.cr.execute('SHOW full_page_writes')
        self.assertEqual(self.env.cr.fetchone()[0], 'on')

    def test_only_this_throwaway_database_commits_asynchronously(self):
        setting, source = self._setting('synchronous_commit')
        # on, unless this very database says otherwise (fast_db)
        self.assertIn((setting, source), [('on', 'default'),
                                          ('on', 'configuration file'),
                                          ('off', 'database')])
