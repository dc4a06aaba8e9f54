# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import common


@common.at_install(False)
@common.post_install(True)
class TestHttpSmoke(common.HttpCase):
    """The XML-RPC endpoints answer (under Odoo's runner and under pytest)."""

    def test_version(self):
        version = self.xmlrpc_common.version()
        self.assertTrue(version['server_version'].startswith('11.0'))

    def test_object_execute_as_admin(self):
        db = common.get_db_name()
        uid = self.xmlrpc_common.authenticate(db, 'admin', 'admin', {})
        self.assertTrue(uid)
        count = self.xmlrpc_object.execute(
            db, uid, 'admin', 'res.partner', 'search_count', [])
        self.assertGreater(count, 0)
