# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may do what, as real users over XML-RPC: each role (users created
here, logged in with a password) tries each step of an RMA's life on
records made for it; every cell is either done (and its effect checked)
or a clean fault (access error 4 or refusal 2, its message, no server
traceback) that leaves the record as it was."""
import xmlrpc.client

from odoo.tests import common

from .common import (RMA_MANAGER_GROUP, RMA_USER_GROUP, RmaHttpCase,
                     create_user)

OK = 'ok'
# Odoo's access rights refusal, or its record rules' (a record of the
# document the user may not see, e.g. the portal user's partners)
DENIED = (4, ('Sorry, you are not allowed to', 'due to security '
                                               'restrictions'))
MANAGER_ONLY_CANCEL = (2, ('only an RMA Manager can cancel it',))
MANAGER_ONLY_CREDIT = (2, ('Credit at most the sold price, or ask an RMA '
                           'Manager',))
# the RMA settings are company settings: administrators only
ADMIN_ONLY = (4, ('Sorry, you are not allowed to',))

OPERATIONS = ('read', 'create', 'confirm', 'process', 'bill', 'post',
              'cancel', 'cancel done', 'override credit price', 'configure',
              'settings')

# role -> groups; RMA User implies Billing (account.group_account_invoice),
# so "RMA User + Billing" must behave exactly as RMA User.
ROLES = {
    'employee': ['base.group_user'],
    'billing clerk': ['base.group_user', 'account.group_account_invoice'],
    'rma user': [RMA_USER_GROUP],
    'rma user + billing': [RMA_USER_GROUP, 'account.group_account_invoice'],
    'rma manager': [RMA_MANAGER_GROUP],
    'portal': ['base.group_portal'],
}
RMA_USER_CELLS = dict(dict.fromkeys(OPERATIONS, OK), **{
    'cancel done': MANAGER_ONLY_CANCEL,
    'override credit price': MANAGER_ONLY_CREDIT,
    'configure': DENIED, 'settings': ADMIN_ONLY})
EXPECTED = {
    'employee': dict(dict.fromkeys(OPERATIONS, DENIED), settings=ADMIN_ONLY),
    # accounting reads RMAs and posts their documents, nothing more
    'billing clerk': dict(dict.fromkeys(OPERATIONS, DENIED), read=OK,
                          post=OK, settings=ADMIN_ONLY),
    'rma user': RMA_USER_CELLS,
    'rma user + billing': RMA_USER_CELLS,
    'rma manager': dict(dict.fromkeys(OPERATIONS, OK), settings=ADMIN_ONLY),
    'portal': dict(dict.fromkeys(OPERATIONS, DENIED), settings=ADMIN_ONLY),
}


@common.at_install(False)
@common.post_install(True)
class TestAccessMatrix(RmaHttpCase):

    maxDiff = None

    def _fixtures(self):
        """As the superuser: one record per step, in the state the step
        starts from."""
        env = self.env
        Rma = env['rma.order']

        def rma(**extra):
            lines = [(0, 0, {'line_type': 'receipt',
                             'product_id': self.product_b.id,
                             'product_uom_qty': 1, 'price_unit': 400.0,
                             'tax_ids': [(6, 0, [])]})]
            return Rma.create(dict(extra, partner_id=self.customer.id,
                                   line_ids=lines))
        sale = env['sale.order'].create({
            'partner_id': self.customer.id, 'order_line': [(0, 0, {
                'product_id': self.product_a.id, 'product_uom_qty': 2,
                'price_unit': 500.0, 'tax_id': [(6, 0, [])]})]})
        sale.action_confirm()
        for move in sale.picking_ids.move_lines:
            move.quantity_done = move.product_uom_qty
        sale.picking_ids.action_done()
        fx = {name: rma() for name in ('read', 'confirm')}
        fx['override credit price'] = Rma.create({
            'partner_id': self.customer.id, 'line_ids': [(0, 0, {
                'line_type': 'receipt', 'product_uom_qty': 1,
                'sale_line_id': sale.order_line.id})]})
        confirmed = {name: rma() for name in (
            'process', 'bill', 'post', 'cancel', 'cancel done')}
        batch = Rma.concat(*confirmed.values())
        batch.action_confirm()
        processed = batch - confirmed['process'] - confirmed['cancel']
        processed.process_all()
        (confirmed['post'] | confirmed['cancel done']).create_invoices()
        fx.update(confirmed)
        fx['invoice'] = confirmed['post'].invoice_ids
        self.assertEqual(fx['cancel done'].state, 'done')
        self.assertEqual(fx['invoice'].state, 'draft')
        env.cr.commit()  # pylint: disable=invalid-commit
        return fx

    def _call(self, uid, password, model, method, *args):
        return self.xmlrpc_object.execute_kw(
            self.db, uid, password, model, method, list(args))

    def _try(self, uid, password, operation, fx):
        """Run ``operation`` as ``uid``: 'ok' once its effect is checked,
        else the fault's (code, message)."""
        call = lambda *a: self._call(uid, password, *a)  # noqa: E731
        rma = fx.get(operation)
        steps = {
            'read': lambda: call('rma.order', 'read', rma.ids,
                                 ['name'])[0]['name'] == rma.name,
            'create': lambda: isinstance(call('rma.order', 'create', {
                'partner_id': self.customer.id, 'line_ids': [(0, 0, {
                    'line_type': 'receipt', 'product_id': self.product_b.id,
                    'product_uom_qty': 1})]}), int),
            'confirm': lambda: call('rma.order', 'action_confirm', rma.ids),
            'process': lambda: call('rma.order', 'process_all', rma.ids),
            'bill': lambda: len(call('rma.order', 'create_invoices',
                                     rma.ids)) == 1,
            'post': lambda: call('account.invoice', 'action_invoice_open',
                                 fx['invoice'].ids) is not False,
            'cancel': lambda: call('rma.order', 'action_cancel', rma.ids),
            'cancel done': lambda: call('rma.order', 'action_cancel',
                                        rma.ids),
            'override credit price': lambda: call(
                'rma.order.line', 'write', rma.line_ids.ids,
                {'price_unit': 600.0}),
            'configure': lambda: isinstance(call(
                'rma.reason', 'create', {'name': 'Matrix reason'}), int),
            'settings': lambda: call('res.config.settings', 'execute', [
                call('res.config.settings', 'create',
                     {'rma_billing_mode': 'separate'})]),
        }
        try:
            self.assertTrue(steps[operation]())
        except xmlrpc.client.Fault as fault:
            self.assertNotIn('Traceback', fault.faultString, operation)
            return fault.faultCode, fault.faultString
        return OK

    def _effects(self, fx):
        """What each allowed step left, read fresh by the superuser."""
        self.env['rma.order'].invalidate_cache()
        return {
            'confirm': fx['confirm'].state == 'confirmed',
            'process': fx['process'].line_ids.qty_done == 1.0,
            'bill': fx['bill'].invoice_ids.amount_total == 400.0,
            'post': fx['invoice'].state == 'open',
            'cancel': fx['cancel'].state == 'cancel',
            'cancel done': fx['cancel done'].state == 'cancel',
            'override credit price':
                fx['override credit price'].line_ids.price_unit == 600.0,
        }

    def _check_role(self, role):
        user = create_user(self.env, 'matrix_' + role.replace(' ', '_')
                           .replace('+', 'and'), self.company,
                           password=self.password)
        user.groups_id = [(6, 0, [self.env.ref(g).id for g in ROLES[role]])]
        fx = self._fixtures()
        uid = self.xmlrpc_common.authenticate(
            self.db, user.login, self.password, {})
        self.assertEqual(uid, user.id)
        cells = {}
        for operation in OPERATIONS:
            result = self._try(uid, self.password, operation, fx)
            expected = EXPECTED[role][operation]
            if result != OK and expected != OK and \
                    result[0] == expected[0] and \
                    any(text in result[1] for text in expected[1]):
                result = expected  # the expected fault and message
            cells[operation] = result
        self.assertEqual(cells, EXPECTED[role])
        effects = self._effects(fx)
        for operation, done in effects.items():
            self.assertEqual(done, EXPECTED[role][operation] == OK,
                             '%s: %s' % (role, operation))
        if EXPECTED[role]['override credit price'] == OK:
            line = fx['override credit price'].line_ids
            self.assertEqual(line.credit_override_user_id, user)
            self.assertTrue(line.credit_override_date)

    def test_employee(self):
        self._check_role('employee')

    def test_billing_clerk(self):
        self._check_role('billing clerk')

    def test_rma_user(self):
        self._check_role('rma user')

    def test_rma_user_billing(self):
        self._check_role('rma user + billing')

    def test_rma_manager(self):
        self._check_role('rma manager')

    def test_portal(self):
        self._check_role('portal')
