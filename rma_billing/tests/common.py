# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures of the RMA tests. The factories take an environment, so the
SavepointCase tests (class fixtures, on the test cursor) and the HTTP
tests (per-test fixtures, on the cursor the server uses) build customers,
products and users the same way. Nothing comes from demo data."""
import xmlrpc.client

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import common as odoo_common
from odoo.tests.common import HttpCase, SavepointCase, get_db_name

RMA_USER_GROUP = 'rma_billing.group_rma_user'
RMA_MANAGER_GROUP = 'rma_billing.group_rma_manager'


def setup_company(env):
    """The main company with the RMA settings every test assumes (net
    billing, no advance exchange) and its first warehouse."""
    company = env.ref('base.main_company')
    company.write({'rma_billing_mode': 'net', 'rma_advance_exchange': False})
    warehouse = env['stock.warehouse'].search(
        [('company_id', '=', company.id)], limit=1)
    return company, warehouse


def create_customer(env, name='Test Customer', **extra):
    vals = {'name': name, 'customer': True, 'is_company': True}
    vals.update(extra)
    return env['res.partner'].create(vals)


def create_category(env, name, **extra):
    return env['product.category'].create(dict(extra, name=name))


def create_product(env, category, name, price, cost, tracking='none',
                   **extra):
    """A stockable product without taxes."""
    vals = {
        'name': name, 'type': 'product', 'list_price': price,
        'standard_price': cost, 'categ_id': category.id,
        'tracking': tracking, 'taxes_id': [(6, 0, [])],
    }
    vals.update(extra)
    return env['product.product'].create(vals)


def create_user(env, login, company, group=RMA_USER_GROUP, password=None,
                **extra):
    """A user of ``company`` in ``group`` only (an RMA user by default);
    with ``password`` it can log in over XML-RPC."""
    vals = {
        'name': login.replace('_', ' ').title(), 'login': login,
        'email': '%s@example.com' % login,
        'company_id': company.id,
        'company_ids': [(6, 0, company.ids)],
        'groups_id': [(6, 0, [env.ref(group).id])],
    }
    if password:
        vals['password'] = password
    vals.update(extra)
    return env['res.users'].with_context(no_reset_password=True).create(vals)


def add_stock(env, product, location, qty):
    env['stock.quant']._update_available_quantity(product, location, qty)
    return product


class RmaCase(SavepointCase):
    """Fixtures of every RMA test: a customer, stockable products, stock,
    an RMA user and factories. Nothing comes from demo data."""

    @classmethod
    def setUpClass(cls):
        super(RmaCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company, cls.warehouse = setup_company(cls.env)
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer = create_customer(cls.env)
        cls.category = create_category(cls.env, 'RMA test goods')
        cls.product_a = cls._create_product('Router A', 500.0, 300.0)
        cls.product_b = cls._create_product('Switch B', 400.0, 250.0)
        cls.product_serial = cls._create_product(
            'Firewall S', 1000.0, 600.0, tracking='serial')
        cls.user = cls._create_user('rma_clerk', cls.company)
        cls.manager = cls._create_user(
            'rma_boss', cls.company, RMA_MANAGER_GROUP)
        for product in (cls.product_a, cls.product_b):
            add_stock(cls.env, product, cls.stock_location, 100.0)

    @classmethod
    def _create_user(cls, login, company, group=RMA_USER_GROUP):
        return create_user(cls.env, login, company, group)

    @classmethod
    def _create_product(cls, name, price, cost, tracking='none', **extra):
        return create_product(cls.env, cls.category, name, price, cost,
                              tracking, **extra)

    @classmethod
    def _line(cls, line_type, product, qty=1.0, **extra):
        vals = {'line_type': line_type, 'product_id': product.id,
                'product_uom_qty': qty}
        vals.update(extra)
        return (0, 0, vals)

    def _create_rma(self, lines, user=None, **extra):
        vals = {'partner_id': self.customer.id, 'line_ids': lines}
        vals.update(extra)
        env = self.env(user=user.id) if user else self.env
        return env['rma.order'].create(vals)

    def _create_confirm(self, lines, **extra):
        rma = self._create_rma(lines, **extra)
        rma.action_confirm()
        return rma

    def _issue(self, rma):
        return rma.line_ids.filtered(lambda l: l.line_type == 'issue')

    def _receipt(self, rma):
        return rma.line_ids.filtered(lambda l: l.line_type == 'receipt')

    def _picking(self, rma, code):
        return rma.picking_ids.filtered(
            lambda p: p.picking_type_code == code and
            p.state not in ('done', 'cancel'))

    @classmethod
    def _validate_picking(cls, picking, qty_by_product=None):
        """Process a picking as a warehouse user does on its screen:
        set done quantities, validate, and create a backorder for the
        rest when the quantities are partial."""
        for move in picking.move_lines:
            qty = (qty_by_product or {}).get(move.product_id,
                                             move.product_uom_qty)
            move._set_quantity_done(qty)
        result = picking.button_validate()
        if isinstance(result, dict) and \
                result.get('res_model') == 'stock.backorder.confirmation':
            wizard = cls.env['stock.backorder.confirmation'].browse(
                result['res_id'])
            wizard.process()
        return picking

    @classmethod
    def _create_delivered_sale(cls, product, qty, price, discount=0.0,
                               partner=None):
        """A confirmed, delivered sale (no taxes) to ``partner`` (default:
        the customer)."""
        sale = cls.env['sale.order'].create({
            'partner_id': (partner or cls.customer).id,
            'order_line': [(0, 0, {
                'product_id': product.id, 'product_uom_qty': qty,
                'price_unit': price, 'discount': discount,
                'tax_id': [(6, 0, [])]})],
        })
        sale.action_confirm()
        cls._validate_picking(sale.picking_ids)
        return sale

    def _snapshot(self, records):
        """Everything a refused call must leave untouched."""
        return [records.read()] if records else []


class RmaHttpCase(HttpCase):
    """Fixtures of the tests that drive a real HTTP server over XML-RPC:
    the same customer, products and stock as RmaCase, and a plain RMA user
    with a password, logged in as ``uid``. Subclasses decorate themselves
    with at_install(False) / post_install(True)."""

    password = 'rma-api-secret'
    login = 'rma_integrator'

    def setUp(self):
        super(RmaHttpCase, self).setUp()
        # Odoo 11's HttpCase serves requests on registry.test_cr, not on
        # self.cr (Odoo 12+ shares them): build the fixtures on that cursor
        # so the server sees them, and "commit" (move its savepoint) so a
        # refused request, which rolls back to it, keeps them.
        self.env = self.env(cr=self.registry.test_cr, context=dict(
            self.env.context, tracking_disable=True))
        env = self.env
        self.db = get_db_name()
        self.company, self.warehouse = setup_company(env)
        self.customer = create_customer(env, 'XML-RPC Customer')
        category = create_category(env, 'RMA API goods')
        self.product_a, self.product_b = [
            create_product(env, category, name, price, price / 2)
            for name, price in (('API Router', 500.0), ('API Switch', 400.0))]
        add_stock(env, self.product_a, self.warehouse.lot_stock_id, 10.0)
        self.user = create_user(env, self.login, self.company,
                                password=self.password)
        # a TestCursor: only moves the savepoint
        env.cr.commit()  # pylint: disable=invalid-commit
        self.uid = self.xmlrpc_common.authenticate(
            self.db, self.login, self.password, {})
        self.assertEqual(self.uid, self.user.id)

    def rpc(self, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` as the logged-in RMA user."""
        return self.xmlrpc_object.execute_kw(
            self.db, self.uid, self.password, model, method, list(args),
            kwargs)


class CommittedDataCase(odoo_common.BaseCase):
    """Tests of real concurrent transactions: they work on committed data
    with their own cursors (a test transaction is invisible to other
    connections, the server's included) and remove it afterwards.
    Subclasses build the data in ``_create_fixture(env)`` (its result is
    ``self.ids``) and remove it in ``_drop_fixture(env)``; with a
    ``login``, the fixture's user (``self.ids['user']``) is logged in over
    XML-RPC as ``self.uid``."""

    login = None
    password = None

    def setUp(self):
        super(CommittedDataCase, self).setUp()
        self.db = get_db_name()
        self.registry = odoo.registry(self.db)
        self.ids = self._in_transaction(self._create_fixture)
        self.addCleanup(self._in_transaction, self._drop_fixture)
        if self.login:
            self.uid = self._proxy('common').authenticate(
                self.db, self.login, self.password, {})
            self.assertEqual(self.uid, self.ids['user'])

    def _create_fixture(self, env):
        raise NotImplementedError

    def _drop_fixture(self, env):
        raise NotImplementedError

    def _in_transaction(self, func, *args):
        with api.Environment.manage(), self.registry.cursor() as cr:
            result = func(api.Environment(cr, SUPERUSER_ID, {}), *args)
            # other connections must see it: that is the point of the test
            cr.commit()  # pylint: disable=invalid-commit
            return result

    @staticmethod
    def _proxy(service):
        return xmlrpc.client.ServerProxy('http://%s:%s/xmlrpc/2/%s' % (
            odoo_common.HOST, odoo_common.PORT, service))
