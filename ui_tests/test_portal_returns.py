# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer portal flow (rma_billing_portal) in a real browser: a
customer logs in, requests the return of 2 of the 5 routers delivered
(200 each), sees it in My Returns; staff approve, receive and bill over
XML-RPC; the customer sees the credit note of 360 (400 less the 10 %
restocking fee) and opens it on Odoo's own invoice page."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

PASSWORD = 'portal-ui-secret'


def _delivered_sale(odoo, run_id):
    """A customer company with a portal contact, a router in stock and a
    confirmed sale of 5 to the company, delivered in full."""
    company = odoo.ref('base.main_company')
    odoo.rpc('res.company', 'write', [company], {
        'rma_restocking_fee_mode': 'percent', 'rma_restocking_fee_value': 10.0})
    odoo.rpc('ir.config_parameter', 'set_param', 'web.base.url', odoo.url)
    customer = odoo.rpc('res.partner', 'create', {
        'name': 'Browser Buyer %s Ltd' % run_id, 'is_company': True,
        'customer': True, 'email': 'buyer-%s@example.com' % run_id})
    login = 'portal_buyer_%s' % run_id
    odoo.rpc('res.users', 'create', {
        'name': 'Pat Buyer', 'login': login, 'password': PASSWORD,
        'email': '%s@example.com' % login, 'parent_id': customer,
        'groups_id': [(6, 0, [odoo.ref('base.group_portal')])]},
        context={'no_reset_password': True})
    product = odoo.rpc('product.product', 'create', {
        'name': 'Portal Router %s' % run_id, 'type': 'product',
        'list_price': 200.0, 'standard_price': 120.0,
        'taxes_id': [(6, 0, [])]})
    template = odoo.rpc('product.product', 'read', [product],
                        ['product_tmpl_id'])[0]['product_tmpl_id'][0]
    wizard = odoo.rpc('stock.change.product.qty', 'create', {
        'product_id': product, 'product_tmpl_id': template,
        'new_quantity': 10.0,
        'location_id': odoo.ref('stock.stock_location_stock')})
    odoo.rpc('stock.change.product.qty', 'change_product_qty', [wizard])
    sale = odoo.rpc('sale.order', 'create', {
        'partner_id': customer, 'order_line': [(0, 0, {
            'product_id': product, 'product_uom_qty': 5.0,
            'price_unit': 200.0, 'tax_id': [(6, 0, [])]})]})
    odoo.rpc('sale.order', 'action_confirm', [sale])
    picking_ids = odoo.rpc('sale.order', 'read', [sale],
                           ['picking_ids'])[0]['picking_ids']
    moves = odoo.rpc('stock.move', 'search_read',
                     [('picking_id', 'in', picking_ids)], ['product_uom_qty'])
    for move in moves:
        odoo.rpc('stock.move', 'write', [move['id']],
                 {'quantity_done': move['product_uom_qty']})
    odoo.rpc('stock.picking', 'action_done', picking_ids)
    line = odoo.rpc('sale.order.line', 'search_read',
                    [('order_id', '=', sale)], ['qty_delivered'])[0]
    assert line['qty_delivered'] == 5.0
    return login, sale, line['id']


def _portal_login(web, login):
    web.driver.get('%s/web/login' % web.odoo.url)
    web.find('input#login').send_keys(login)
    web.find('input#password').send_keys(PASSWORD)
    web.click('.oe_login_buttons button[type=submit]')
    web.find('.o_portal_docs')  # customers land on My Account


def test_customer_requests_a_return_and_sees_the_credit(web, odoo, run_id):
    login, sale, sale_line = _delivered_sale(odoo, run_id)
    _portal_login(web, login)

    # the delivered order: Request a return
    web.driver.get('%s/my/orders/%s' % (odoo.url, sale))
    web.click('a.o_rma_request_button')
    web.find('form.o_rma_request_form')
    web.find('input[name="qty_%s"]' % sale_line).send_keys('2')
    Select(web.find('select[name="reason_id"]')).select_by_visible_text(
        'Defective')
    web.find('textarea[name="comment"]').send_keys(
        'Two of them do not power on.')
    web.screenshot('portal_01_request_form')
    web.click('button.o_rma_request_submit')
    web.find('.o_rma_requested')
    rma = odoo.rpc('rma.order', 'search_read', [('sale_id', '=', sale)],
                   ['name', 'state', 'amount_net'])
    assert [(r['state'], r['amount_net']) for r in rma] == [
        ('requested', -360.0)]
    rma_id, rma_name = rma[0]['id'], rma[0]['name']

    # listed in My Returns, and counted on My Account
    web.driver.get('%s/my/rmas' % odoo.url)
    row = web.find_text('table.o_rma_list tr', rma_name)
    assert 'Requested' in row.text and '360.00' in row.text
    web.screenshot('portal_02_my_returns')
    web.driver.get('%s/my' % odoo.url)
    assert 'Returns' in web.find_text('.o_portal_docs li', 'Returns').text

    # staff: approve, receive, bill and post (XML-RPC)
    assert odoo.rpc('rma.order', 'approve_requests', [rma_id]) is True
    odoo.rpc('rma.order', 'process_all', [rma_id])
    invoice_ids = odoo.rpc('rma.order', 'create_invoices', [rma_id])
    assert len(invoice_ids) == 1
    odoo.rpc('account.invoice', 'action_invoice_open', invoice_ids)
    invoice = odoo.rpc('account.invoice', 'read', invoice_ids, [
        'number', 'type', 'amount_untaxed', 'state'])[0]
    assert (invoice['type'], invoice['amount_untaxed'], invoice['state']) \
        == ('out_refund', 360.0, 'open')

    # the customer sees the credited RMA and its credit note
    web.driver.get('%s/my/rmas/%s' % (odoo.url, rma_id))
    document = web.find_text('a.o_rma_document', invoice['number'])
    assert 'Credit note' in document.text
    assert 'Done' in web.find('.o_rma_state').text
    assert '360.00' in web.find('.o_rma_net').text
    # the step e-mails in the chatter (loaded by the page's script)
    web.find_text('.o_portal_chatter', 'are issued (attached)')
    web.screenshot('portal_03_credited_rma')
    document = web.find_text('a.o_rma_document', invoice['number'])
    web.driver.execute_script('arguments[0].click();', document)
    web.idle()
    assert invoice['number'] in web.driver.find_element(
        By.TAG_NAME, 'body').text
    web.screenshot('portal_04_credit_note')
