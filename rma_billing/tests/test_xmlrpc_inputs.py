# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every id an integrator sends over XML-RPC is checked: an unknown one,
a malformed one or one of another company is refused with a clean fault
(code 2) naming the RMA, the field and the id, and writes nothing. And
concurrent creates with one client_ref make one RMA, the others being
told which RMA holds the reference, as a sequential retry is."""
import threading
import uuid
import xmlrpc.client
from unittest.mock import patch

from odoo import api
from odoo.tests import common

from .common import (CommittedDataCase, RmaHttpCase, create_customer,
                     create_user, setup_company)

# Odoo 11: UserError -> faultCode 2 (message only); anything else -> 1
FAULT_WARNING = 2
UNKNOWN = 999999

RMA_FIELDS = ['partner_id', 'partner_invoice_id', 'partner_shipping_id',
              'user_id', 'company_id', 'warehouse_id', 'pricelist_id',
              'fiscal_position_id', 'payment_term_id', 'sale_id',
              'reason_id']
LINE_FIELDS = ['product_id', 'product_uom', 'lot_id', 'reason_id',
               'sale_line_id', 'tax_ids']


@common.at_install(False)
@common.post_install(True)
class TestXmlRpcInputs(RmaHttpCase):
    """Fixtures of RmaHttpCase, a draft RMA of the main company with one
    line, and one record of another company for each relational field."""

    login = 'rma_inputs_clerk'

    def setUp(self):
        super(TestXmlRpcInputs, self).setUp()
        env = self.env
        self.reason = env['rma.reason'].create({'name': 'Inputs reason'})
        self.rma = env['rma.order'].create({
            'partner_id': self.customer.id, 'client_ref': 'INPUTS-1',
            'line_ids': [(0, 0, {
                'line_type': 'receipt', 'product_id': self.product_b.id,
                'product_uom_qty': 1, 'price_unit': 400.0})]})
        self.line = self.rma.line_ids
        # another company and one record of it per relational field
        self.other = env['res.company'].create({
            'name': 'Foreign RMA Co',
            'currency_id': self.company.currency_id.id})
        partner = env['res.partner'].create({
            'name': 'Foreign customer', 'company_id': self.other.id})
        warehouse = env['stock.warehouse'].search(
            [('company_id', '=', self.other.id)], limit=1)
        pricelist = env['product.pricelist'].create({
            'name': 'Foreign prices', 'company_id': self.other.id})
        sale = env['sale.order'].create({
            'partner_id': partner.id, 'company_id': self.other.id,
            'warehouse_id': warehouse.id, 'pricelist_id': pricelist.id,
            'order_line': [(0, 0, {
                'product_id': self.product_b.id, 'product_uom_qty': 1,
                'price_unit': 400.0, 'tax_id': [(6, 0, [])]})]})
        self.product_other = env['product.product'].create({
            'name': 'Foreign switch', 'type': 'consu',
            'company_id': self.other.id, 'taxes_id': [(6, 0, [])]})
        self.foreign = {
            'partner_id': partner, 'partner_invoice_id': partner,
            'partner_shipping_id': partner,
            'user_id': create_user(env, 'foreign_clerk', self.other),
            'warehouse_id': warehouse, 'pricelist_id': pricelist,
            'fiscal_position_id': env['account.fiscal.position'].create({
                'name': 'Foreign position', 'company_id': self.other.id}),
            'payment_term_id': env['account.payment.term'].create({
                'name': 'Foreign term', 'company_id': self.other.id}),
            'sale_id': sale,
            'sale_line_id': sale.order_line,
            'tax_ids': env['account.tax'].create({
                'name': 'Foreign VAT', 'amount': 10.0,
                'type_tax_use': 'sale', 'company_id': self.other.id}),
        }
        # the test cursor only moves its savepoint: the server sees them
        env.cr.commit()  # pylint: disable=invalid-commit

    # Helpers ----------------------------------------------------------------
    def _line_vals(self, **extra):
        return dict({'line_type': 'receipt', 'product_id': self.product_b.id,
                     'product_uom_qty': 1, 'price_unit': 400.0}, **extra)

    def _rma_vals(self, line=None, **extra):
        return dict({'partner_id': self.customer.id,
                     'line_ids': [(0, 0, line or self._line_vals())]},
                    **extra)

    def _state(self):
        """What a refused call must leave untouched, read by the superuser
        fresh from the database."""
        self.env['rma.order'].invalidate_cache()
        return {
            'rmas': self.env['rma.order'].search_count([]),
            'lines': self.env['rma.order.line'].search_count([]),
            'rma': self.rma.read(RMA_FIELDS + ['name', 'client_ref']),
            'line': self.line.read(LINE_FIELDS + ['order_id']),
        }

    def _warm_precisions(self):
        """Test-mode artifact (see test_xmlrpc.py): a decimal precision
        cache miss "commits" the one shared test cursor mid-request."""
        Precision = self.env['decimal.precision']
        for name in Precision.search([]).mapped('name'):
            Precision.precision_get(name)

    def assertRefused(self, expected, model, method, *args):
        """The call fails with fault code 2 whose message contains each of
        ``expected`` (no traceback), and writes nothing."""
        before = self._state()
        self._warm_precisions()
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            self.rpc(model, method, *args)
        fault = cm.exception
        self.assertEqual(fault.faultCode, FAULT_WARNING, fault.faultString)
        self.assertNotIn('Traceback', fault.faultString)
        for text in expected:
            self.assertIn(text, fault.faultString)
        self.assertEqual(self._state(), before)
        return fault.faultString

    def _label(self, model, name):
        return '%s (field %s)' % (self.env[model]._fields[name].string, name)

    def _unknown(self, who, model, name, value=UNKNOWN):
        return [who, self._label(model, name), '%s id %s does not exist' % (
            self.env[model]._fields[name].comodel_name, value)]

    def _foreign(self, who, model, name, record):
        return [who, self._label(model, name),
                '%s id %s belongs to another company (Foreign RMA Co), not '
                'to %s.' % (record._name, record.id, self.company.name)]

    @staticmethod
    def _m2m_commands(record_id):
        return [[(6, 0, [record_id])], [(4, record_id)]]

    # Unknown ids ------------------------------------------------------------
    def test_unknown_ids_on_create(self):
        """On create, an unknown id in any relational field of the RMA or
        of a line given inline names "New RMA" (its number is not drawn
        yet), the field and the id."""
        for name in RMA_FIELDS[1:]:
            with self.subTest(field=name):
                self.assertRefused(
                    self._unknown('New RMA: ', 'rma.order', name),
                    'rma.order', 'create', self._rma_vals(**{name: UNKNOWN}))
        # the customer keeps its own, earlier message
        self.assertRefused(['partner_id 999999 does not exist'], 'rma.order',
                           'create', self._rma_vals(partner_id=UNKNOWN))
        for name in LINE_FIELDS[:-1]:
            with self.subTest(field=name):
                self.assertRefused(
                    self._unknown('New RMA, line 1: ', 'rma.order.line',
                                  name),
                    'rma.order', 'create',
                    self._rma_vals(self._line_vals(**{name: UNKNOWN})))
        for command in self._m2m_commands(UNKNOWN):
            with self.subTest(command=command):
                self.assertRefused(
                    self._unknown('New RMA, line 1: ', 'rma.order.line',
                                  'tax_ids'),
                    'rma.order', 'create',
                    self._rma_vals(self._line_vals(tax_ids=command)))
        # the second line is named as such; the message, whole
        message = self.assertRefused([], 'rma.order', 'create', {
            'partner_id': self.customer.id, 'line_ids': [
                (0, 0, self._line_vals()),
                (0, 0, self._line_vals(lot_id=UNKNOWN))]})
        self.assertEqual(
            message, 'New RMA, line 2: Lot/Serial Number (field lot_id): '
                     'stock.production.lot id 999999 does not exist.')
        # the message the catalogue already promised for products
        self.assertRefused(
            ['product id 999999 does not exist'], 'rma.order', 'create',
            self._rma_vals(self._line_vals(product_id=UNKNOWN)))

    def test_unknown_ids_on_write(self):
        who = 'RMA %s: ' % self.rma.name
        for name in RMA_FIELDS:
            with self.subTest(field=name):
                self.assertRefused(
                    self._unknown(who, 'rma.order', name), 'rma.order',
                    'write', [self.rma.id], {name: UNKNOWN})
        lines_who = 'RMA %s, lines: ' % self.rma.name
        for name in LINE_FIELDS[:-1]:
            with self.subTest(field=name):
                self.assertRefused(
                    self._unknown(lines_who, 'rma.order.line', name),
                    'rma.order.line', 'write', [self.line.id],
                    {name: UNKNOWN})
                # the same through the RMA
                self.assertRefused(
                    self._unknown(lines_who, 'rma.order.line', name),
                    'rma.order', 'write', [self.rma.id],
                    {'line_ids': [(1, self.line.id, {name: UNKNOWN})]})
        for command in self._m2m_commands(UNKNOWN):
            with self.subTest(command=command):
                self.assertRefused(
                    self._unknown(lines_who, 'rma.order.line', 'tax_ids'),
                    'rma.order.line', 'write', [self.line.id],
                    {'tax_ids': command})
        # a line added to an existing RMA, inline or on its own
        new_who = 'RMA %s, new line: ' % self.rma.name
        self.assertRefused(
            self._unknown(new_who, 'rma.order.line', 'sale_line_id'),
            'rma.order', 'write', [self.rma.id], {'line_ids': [
                (0, 0, self._line_vals(sale_line_id=UNKNOWN))]})
        self.assertRefused(
            self._unknown(new_who, 'rma.order.line', 'tax_ids'),
            'rma.order.line', 'create', self._line_vals(
                order_id=self.rma.id, tax_ids=[(4, UNKNOWN)]))
        # several unknown ids at once are all named
        self.assertRefused(
            ['Taxes (field tax_ids): account.tax ids 999998, 999999 do not '
             'exist.'], 'rma.order.line', 'write', [self.line.id],
            {'tax_ids': [(6, 0, [999998, UNKNOWN])]})

    def test_malformed_ids(self):
        self.assertRefused(
            ["Lot/Serial Number (field lot_id) must be the id of a "
             "stock.production.lot record, got 'LOT-1'."],
            'rma.order', 'create',
            self._rma_vals(self._line_vals(lot_id='LOT-1')))
        self.assertRefused(
            ['Taxes (field tax_ids) must be a list of account.tax ids, or of '
             'commands such as (6, 0, ids) or (4, id), got 5.'],
            'rma.order.line', 'write', [self.line.id], {'tax_ids': 5})
        self.assertRefused(
            ['(field tax_ids) must be a list'], 'rma.order.line', 'write',
            [self.line.id], {'tax_ids': [(6, 0, ['VAT'])]})
        self.assertRefused(
            ['(field tax_ids) must be a list'], 'rma.order.line', 'write',
            [self.line.id], {'tax_ids': [(9, 1)]})
        self.assertRefused(
            ["Salesperson (field user_id) must be the id of a res.users "
             "record, got True."], 'rma.order', 'write', [self.rma.id],
            {'user_id': True})

    # Records of another company ---------------------------------------------
    def test_foreign_ids_on_create(self):
        for name in RMA_FIELDS:
            if name not in self.foreign:
                continue
            with self.subTest(field=name):
                record = self.foreign[name]
                self.assertRefused(
                    self._foreign('New RMA: ', 'rma.order', name, record),
                    'rma.order', 'create', self._rma_vals(**{name: record.id}))
        who = 'New RMA, line 1: '
        record = self.foreign['sale_line_id']
        self.assertRefused(
            self._foreign(who, 'rma.order.line', 'sale_line_id', record),
            'rma.order', 'create',
            self._rma_vals(self._line_vals(sale_line_id=record.id)))
        tax = self.foreign['tax_ids']
        for command in self._m2m_commands(tax.id):
            with self.subTest(command=command):
                self.assertRefused(
                    self._foreign(who, 'rma.order.line', 'tax_ids', tax),
                    'rma.order', 'create',
                    self._rma_vals(self._line_vals(tax_ids=command)))
        # the message, whole
        warehouse = self.foreign['warehouse_id']
        message = self.assertRefused(
            [], 'rma.order', 'create',
            self._rma_vals(warehouse_id=warehouse.id))
        self.assertEqual(
            message, 'New RMA: Warehouse (field warehouse_id): '
                     'stock.warehouse id %s belongs to another company '
                     '(Foreign RMA Co), not to %s.' % (
                         warehouse.id, self.company.name))

    def test_foreign_ids_on_write(self):
        who = 'RMA %s: ' % self.rma.name
        for name in RMA_FIELDS:
            if name not in self.foreign:
                continue
            with self.subTest(field=name):
                self.assertRefused(
                    self._foreign(who, 'rma.order', name,
                                  self.foreign[name]),
                    'rma.order', 'write', [self.rma.id],
                    {name: self.foreign[name].id})
        who = 'RMA %s, lines: ' % self.rma.name
        record = self.foreign['sale_line_id']
        self.assertRefused(
            self._foreign(who, 'rma.order.line', 'sale_line_id', record),
            'rma.order.line', 'write', [self.line.id],
            {'sale_line_id': record.id})
        tax = self.foreign['tax_ids']
        for command in self._m2m_commands(tax.id):
            with self.subTest(command=command):
                self.assertRefused(
                    self._foreign(who, 'rma.order.line', 'tax_ids', tax),
                    'rma.order.line', 'write', [self.line.id],
                    {'tax_ids': command})
                self.assertRefused(
                    self._foreign(who, 'rma.order.line', 'tax_ids', tax),
                    'rma.order', 'write', [self.rma.id],
                    {'line_ids': [(1, self.line.id, {'tax_ids': command})]})
        self.assertRefused(
            self._foreign('RMA %s, new line: ' % self.rma.name,
                          'rma.order.line', 'tax_ids', tax),
            'rma.order.line', 'create', self._line_vals(
                order_id=self.rma.id, tax_ids=[(6, 0, tax.ids)]))

    def test_foreign_product_follows_the_product_rule(self):
        """Odoo 11 shares products between companies unless the "Product
        multi-company" rule is active: only then is a product of another
        company foreign."""
        product = self.product_other
        rule = self.env.ref('product.product_comp_rule')
        self.assertFalse(rule.active)
        line_id = self.rpc('rma.order.line', 'create', self._line_vals(
            order_id=self.rma.id, product_id=product.id))
        self.assertEqual(self.rpc('rma.order.line', 'read', [line_id],
                                  ['product_id'])[0]['product_id'][0],
                         product.id)
        self.rpc('rma.order.line', 'unlink', [line_id])
        rule.active = True
        self.env.cr.commit()  # pylint: disable=invalid-commit
        self.assertRefused(
            self._foreign('New RMA, line 1: ', 'rma.order.line',
                          'product_id', product),
            'rma.order', 'create',
            self._rma_vals(self._line_vals(product_id=product.id)))
        self.assertRefused(
            self._foreign('RMA %s, lines: ' % self.rma.name,
                          'rma.order.line', 'product_id', product),
            'rma.order.line', 'write', [self.line.id],
            {'product_id': product.id})

    # What is right still passes ---------------------------------------------
    def test_valid_ids_pass(self):
        """Records of the RMA's company, or of none, are taken; so is a
        salesperson allowed in the RMA's company though working in
        another one right now."""
        env = self.env
        uom = env.ref('product.product_uom_unit')
        tax = env['account.tax'].create({
            'name': 'Home VAT', 'amount': 0.0, 'type_tax_use': 'sale',
            'company_id': self.company.id})
        salesperson = create_user(env, 'roaming_clerk', self.other)
        salesperson.write({'company_ids': [(4, self.company.id)]})
        shared_partner = env['res.partner'].create(
            {'name': 'Shared contact', 'company_id': False})
        env.cr.commit()  # pylint: disable=invalid-commit
        rma_id = self.rpc('rma.order', 'create', self._rma_vals(
            self._line_vals(product_uom=uom.id, reason_id=self.reason.id,
                            tax_ids=[(6, 0, tax.ids)]),
            partner_shipping_id=shared_partner.id,
            user_id=salesperson.id, reason_id=self.reason.id,
            warehouse_id=self.warehouse.id, company_id=self.company.id))
        rma = self.rpc('rma.order', 'read', [rma_id],
                       ['partner_shipping_id', 'user_id', 'line_ids'])[0]
        self.assertEqual(
            (rma['partner_shipping_id'][0], rma['user_id'][0]),
            (shared_partner.id, salesperson.id))
        line = self.rpc('rma.order.line', 'read', rma['line_ids'],
                        ['tax_ids', 'reason_id'])[0]
        self.assertEqual((line['tax_ids'], line['reason_id'][0]),
                         (tax.ids, self.reason.id))
        self.assertIs(self.rpc('rma.order.line', 'write', rma['line_ids'],
                               {'tax_ids': [(5,), (4, tax.id)]}), True)


@common.at_install(False)
@common.post_install(True)
class TestClientRefRace(CommittedDataCase):
    """N integrators create an RMA with one client_ref at the same moment,
    over real XML-RPC requests on real concurrent transactions: one RMA is
    made, every other call is refused as a sequential duplicate is. Works
    on committed data (a test transaction is invisible to the server's
    connections) and removes it afterwards."""

    N = 4
    login = 'rma_race_integrator'
    password = 'rma-race-secret'

    def setUp(self):
        self.client_ref = 'SHOP-RACE-%s' % uuid.uuid4().hex[:8]
        super(TestClientRefRace, self).setUp()

    def _create_fixture(self, env):
        company, _warehouse = setup_company(env)
        partner = create_customer(env, 'Race customer')
        product = env['product.product'].create({
            'name': 'Race freight', 'type': 'service', 'list_price': 30.0,
            'taxes_id': [(6, 0, [])]})
        user = create_user(env, self.login, company, password=self.password)
        return {'partner': partner.id, 'product': product.id,
                'user': user.id, 'company': company.name}

    def _drop_fixture(self, env):
        env['rma.order'].search(
            [('partner_id', '=', self.ids['partner'])]).unlink()
        env['product.product'].browse(self.ids['product']).unlink()
        user = env['res.users'].browse(self.ids['user'])
        user_partner = user.partner_id
        user.unlink()
        (user_partner | env['res.partner'].browse(
            self.ids['partner'])).unlink()

    def test_concurrent_creates_with_one_client_ref(self):
        # Hold every request after its duplicate check until all N passed
        # it: none has committed, so each check finds the reference free,
        # and all N then insert at once (the race, every time).
        barrier = threading.Barrier(self.N, timeout=60)
        held = set()
        Rma = self.registry['rma.order']
        check = Rma._check_client_ref_free

        @api.model
        def check_then_wait(model, client_ref, company, exclude=None):
            result = check(model, client_ref, company, exclude=exclude)
            if client_ref == self.client_ref and \
                    threading.get_ident() not in held:
                held.add(threading.get_ident())
                barrier.wait()
            return result

        results = [None] * self.N

        def integrator(index):
            try:
                results[index] = self._proxy('object').execute_kw(
                    self.db, self.uid, self.password, 'rma.order', 'create',
                    [{'partner_id': self.ids['partner'],
                      'client_ref': self.client_ref,
                      'line_ids': [(0, 0, {
                          'line_type': 'issue',
                          'product_id': self.ids['product'],
                          'product_uom_qty': 1, 'price_unit': 30.0})]}])
            except xmlrpc.client.Fault as fault:
                results[index] = fault

        with patch.object(Rma, '_check_client_ref_free', check_then_wait):
            threads = [threading.Thread(target=integrator, args=(index,))
                       for index in range(self.N)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
        # all N passed the duplicate check before any committed
        self.assertEqual(len(held), self.N)
        created = [r for r in results if isinstance(r, int)]
        faults = [r for r in results if isinstance(r, xmlrpc.client.Fault)]
        self.assertEqual(len(created), 1, results)
        self.assertEqual(len(faults), self.N - 1, results)

        def check_db(env):
            rmas = env['rma.order'].search(
                [('client_ref', '=', self.client_ref)])
            self.assertEqual(rmas.ids, created)
            self.assertEqual(env['rma.order'].search_count(
                [('partner_id', '=', self.ids['partner'])]), 1)
            self.assertEqual(len(rmas.line_ids), 1)
            return rmas.name
        name = self._in_transaction(check_db)
        # the very message of a sequential duplicate
        expected = (
            'External reference %s is already used by %s (id %s) of company '
            '%s; search rma.order by client_ref before creating or '
            'retrying.' % (self.client_ref, name, created[0],
                           self.ids['company']))
        for fault in faults:
            self.assertEqual((fault.faultCode, fault.faultString),
                             (FAULT_WARNING, expected))
        try:
            self._proxy('object').execute_kw(
                self.db, self.uid, self.password, 'rma.order', 'create',
                [{'partner_id': self.ids['partner'],
                  'client_ref': self.client_ref}])
            self.fail('a sequential duplicate was created')
        except xmlrpc.client.Fault as fault:
            self.assertEqual((fault.faultCode, fault.faultString),
                             (FAULT_WARNING, expected))
