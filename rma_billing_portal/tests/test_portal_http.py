# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The portal over a real HTTP server, as real portal users who log in
through /web/login: two customers (Alice's and Bob's companies) each with
a delivered sale of 5 x 200; a 10 % restocking fee, so returning 2 gets a
credit of 360 untaxed."""
import json
import re

from odoo.tests import common

from odoo.addons.rma_billing.tests.common import (
    add_stock, create_category, create_customer, create_product, create_user,
    setup_company)

PASSWORD = 'portal-secret-1'


@common.at_install(False)
@common.post_install(True)
class TestPortalHttp(common.HttpCase):

    def setUp(self):
        super(TestPortalHttp, self).setUp()
        # the server works on registry.test_cr (see RmaHttpCase)
        self.env = self.env(cr=self.registry.test_cr, context=dict(
            self.env.context, tracking_disable=True))
        env = self.env
        self.company, self.warehouse = setup_company(env)
        self.company.write({'rma_restocking_fee_mode': 'percent',
                            'rma_restocking_fee_value': 10.0})
        self.company._rma_restocking_fee_product().taxes_id = [(6, 0, [])]
        category = create_category(env, 'Portal goods')
        self.product = create_product(env, category, 'Portal Router',
                                      200.0, 120.0)
        add_stock(env, self.product, self.warehouse.lot_stock_id, 20.0)
        self.reason = env['rma.reason'].create({'name': 'Portal: broken'})
        self.staff = create_user(env, 'rma_portal_staff', self.company)
        self.alice, self.sale_a = self._customer_with_sale('Alice')
        self.bob, self.sale_b = self._customer_with_sale('Bob')
        env.cr.commit()  # pylint: disable=invalid-commit
        self._login('portal_alice')

    def _customer_with_sale(self, name):
        """A customer company, its contact as a portal user, and a sale to
        the company delivered in full."""
        company = create_customer(self.env, '%s Ltd' % name,
                                  email='%s@example.com' % name.lower())
        user = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': name, 'login': 'portal_%s' % name.lower(),
                'password': PASSWORD, 'email': '%s@example.com' % name,
                'parent_id': company.id,
                'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        sale = self.env['sale.order'].create({
            'partner_id': company.id,
            'order_line': [(0, 0, {
                'product_id': self.product.id, 'product_uom_qty': 5.0,
                'price_unit': 200.0, 'tax_id': [(6, 0, [])]})]})
        sale.action_confirm()
        for move in sale.picking_ids.move_lines:
            move._set_quantity_done(move.product_uom_qty)
        sale.picking_ids.button_validate()
        self.assertEqual(sale.order_line.qty_delivered, 5.0)
        return user, sale

    # HTTP helpers ----------------------------------------------------------
    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def _login(self, login):
        # the test session already names the database (one of many here)
        page = self.url_open('/web/login')
        response = self.url_open('/web/login', data={
            'login': login, 'password': PASSWORD,
            'csrf_token': self._csrf(page.text), 'redirect': '/my'})
        self.assertEqual(response.status_code, 200)
        # Odoo 11 answers a good login with a script that goes to /my
        self.assertIn("window.location = '/my'", response.text)

    def _get(self, url, status=200):
        response = self.url_open(url)
        self.assertEqual(response.status_code, status,
                         (url, response.text[-1500:]))
        return response

    def _request_return(self, sale, qty, reason=None, comment='Rattles'):
        form = self._get('/my/orders/%s/return' % sale.id).text
        return self.url_open('/my/orders/%s/return' % sale.id, data={
            'csrf_token': self._csrf(form),
            'qty_%s' % sale.order_line.id: qty,
            'reason_id': (reason or self.reason).id, 'comment': comment})

    def _rmas(self, sale):
        self.env['rma.order'].invalidate_cache()
        return self.env['rma.order'].search([('sale_id', '=', sale.id)])

    def _json(self, path, params):
        response = self.opener.post(
            'http://%s:%s%s' % (common.HOST, common.PORT, path),
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call',
                             'params': params}),
            headers={'Content-Type': 'application/json'}, timeout=10)
        return response.json()

    def _call_kw(self, model, method, args, kwargs=None):
        return self._json('/web/dataset/call_kw', {
            'model': model, 'method': method, 'args': args,
            'kwargs': kwargs or {}})

    # Tests -----------------------------------------------------------------
    def test_request_within_delivered_then_listed(self):
        order_page = self._get('/my/orders/%s' % self.sale_a.id).text
        self.assertIn('/my/orders/%s/return' % self.sale_a.id, order_page)
        form = self._get('/my/orders/%s/return' % self.sale_a.id).text
        self.assertIn('Portal Router', form)
        self.assertIn('Portal: broken', form)

        response = self._request_return(self.sale_a, '2')
        rma = self._rmas(self.sale_a)
        self.assertEqual(len(rma), 1)
        self.assertTrue(response.url.endswith(
            '/my/rmas/%s?message=requested' % rma.id), response.url)
        # Alice asked: she follows the RMA and gets its e-mails
        self.assertIn(self.alice.partner_id, rma.message_partner_ids)
        self.assertEqual(rma.message_ids.filtered(
            lambda m: 'received your return request' in (m.subject or '')
        ).partner_ids, self.alice.partner_id)
        self.assertEqual(
            (rma.state, rma.partner_id, rma.line_ids.product_uom_qty,
             rma.line_ids.sale_line_id, rma.customer_comment,
             rma.amount_credit, rma.amount_restocking_fee, rma.amount_net),
            ('requested', self.alice.partner_id, 2.0,
             self.sale_a.order_line, 'Rattles', 400.0, 40.0, -360.0))
        page = response.text
        for text in (rma.name, 'received your return request', 'Requested',
                     'You return', '400.00', '40.00', '360.00',
                     'Net credit to you', 'o_portal_chatter'):
            self.assertIn(text, page)

        home = self._get('/my').text
        self.assertRegex(home, r'<span class="badge">1</span>\s*'
                               r'<a href="/my/rmas">Returns</a>')
        # Bob's RMA is not listed to Alice
        bob_rma = self._staff_rma(self.sale_b, 1.0)
        listing = self._get('/my/rmas').text
        self.assertIn(rma.name, listing)
        self.assertNotIn(bob_rma.name, listing)

    def test_refusals_write_nothing(self):
        # above the delivered quantity: a message on the form
        response = self._request_return(self.sale_a, '6')
        self.assertEqual(response.status_code, 200)
        self.assertIn('you can return at most 5.0 Unit(s)', response.text)
        self.assertIn('o_rma_error', response.text)
        # not a number, no reason
        response = self._request_return(self.sale_a, 'two')
        self.assertIn('&quot;two&quot; is not a quantity', response.text)
        response = self.url_open('/my/orders/%s/return' % self.sale_a.id,
                                 data={'csrf_token': self._csrf(
                                     response.text),
                                     'qty_%s' % self.sale_a.order_line.id: 1})
        self.assertIn('Choose the reason of the return', response.text)
        self.assertFalse(self._rmas(self.sale_a))
        # another customer's order: not found, form and post alike
        self._get('/my/orders/%s/return' % self.sale_b.id, status=404)
        form = self._get('/my/orders/%s/return' % self.sale_a.id).text
        response = self.url_open('/my/orders/%s/return' % self.sale_b.id,
                                 data={'csrf_token': self._csrf(form),
                                       'qty_%s' % self.sale_b.order_line.id:
                                       1, 'reason_id': self.reason.id})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self._rmas(self.sale_b))

    def test_other_customers_rma_and_tokens(self):
        bob_rma = self._staff_rma(self.sale_b, 1.0, note='Bob haggles')
        self.assertNotIn(bob_rma.name,
                         self._get('/my/rmas/%s' % bob_rma.id, 404).text)
        self._get('/my/rmas/%s' % (bob_rma.id + 1000), 404)
        self._get('/my/rmas/%s?access_token=wrong' % bob_rma.id, 404)
        # the shared link opens it, logged in or not
        self._get('/my/rmas/%s?access_token=%s' % (bob_rma.id,
                                                   bob_rma.access_token))
        # the JSON API as Alice: record rules and field groups hold
        found = self._call_kw('rma.order', 'search_read', [[]],
                              {'fields': ['name']})
        self.assertEqual(found['result'], [])
        denied = self._call_kw('rma.order', 'read', [[bob_rma.id], ['name']])
        self.assertIn('AccessError', denied['error']['data']['name'])
        own = self._staff_rma(self.sale_a, 1.0, note='Internal: cheap')
        self.assertIn('AccessError', self._call_kw(
            'rma.order', 'read', [[own.id], ['note']])['error']['data'][
            'name'])
        self.assertEqual(self._call_kw('rma.order', 'read', [
            [own.id], ['name']])['result'][0]['name'], own.name)
        # portal users cannot confirm, process, bill or approve
        for method in ('action_confirm', 'process_all', 'create_invoices',
                       'approve_requests'):
            error = self._call_kw('rma.order', method, [[own.id]])['error']
            self.assertIn(error['data']['name'], (
                'odoo.exceptions.AccessError', 'odoo.exceptions.UserError'),
                method)
        self.env['rma.order'].invalidate_cache()
        self.assertEqual(own.state, 'draft')
        self.url_open('/web/session/logout')
        self._get('/my/rmas/%s?access_token=%s' % (bob_rma.id,
                                                   bob_rma.access_token))
        self._get('/my/rmas/%s' % bob_rma.id, 404)

    def test_approval_refusal_and_credit_note(self):
        self._request_return(self.sale_a, '2')
        rma = self._rmas(self.sale_a)
        staff_rma = rma.sudo(self.staff)
        staff_rma.approve_requests()
        staff_rma.process_all()
        invoice = self.env['account.invoice'].browse(
            staff_rma.create_invoices()).sudo(self.staff)
        invoice.action_invoice_open()
        self.env.cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual((rma.state, invoice.type, invoice.amount_untaxed),
                         ('done', 'out_refund', 360.0))
        page = self._get('/my/rmas/%s' % rma.id).text
        self.assertIn('Credit note', page)
        self.assertIn('/my/invoices/%s?access_token=%s' % (
            invoice.id, invoice.access_token), page)
        # the chatter, as the page's script loads it: the e-mails of each
        # step, not the internal notes
        rma.message_post(body='Internal: customer is difficult',
                         subtype='mail.mt_note')
        self.env.cr.commit()  # pylint: disable=invalid-commit
        messages = self._json('/mail/chatter_fetch', {
            'res_model': 'rma.order', 'res_id': rma.id, 'limit': 50,
            'token': rma.access_token})['result']['messages']
        subjects = ' | '.join(m['subject'] or '' for m in messages)
        for text in ('we received your return request', 'approved',
                     'we received the goods', 'credited'):
            self.assertIn(text, subjects)
        self.assertIn(invoice.number, ' '.join(m['body'] for m in messages))
        self.assertNotIn('difficult', str(messages))
        # Odoo's own invoice page, through the link and through My Invoices
        invoice_page = self._get('/my/invoices/%s?access_token=%s' % (
            invoice.id, invoice.access_token)).text
        self.assertIn(invoice.number, invoice_page)
        self._get('/my/invoices/%s' % invoice.id)

        # a second request, refused with a reason the customer reads
        self._request_return(self.sale_a, '1')
        second = self._rmas(self.sale_a) - rma
        self.assertEqual(second.state, 'requested')
        second.sudo(self.staff).refuse_requests('Out of warranty.')
        self.env.cr.commit()  # pylint: disable=invalid-commit
        page = self._get('/my/rmas/%s' % second.id).text
        self.assertIn('Your request was refused', page)
        self.assertIn('Out of warranty.', page)
        self.assertIn('Refused', self._get('/my/rmas').text)

    def _staff_rma(self, sale, qty, **extra):
        vals = dict(extra, partner_id=sale.partner_id.id, sale_id=sale.id,
                    line_ids=[(0, 0, {
                        'line_type': 'receipt',
                        'sale_line_id': sale.order_line.id,
                        'product_id': self.product.id,
                        'product_uom_qty': qty})])
        rma = self.env['rma.order'].sudo(self.staff).create(vals)
        self.env.cr.commit()  # pylint: disable=invalid-commit
        return rma
