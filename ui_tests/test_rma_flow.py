# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The whole RMA flow in the browser, as a plain RMA user: create an RMA
with a receipt (10 % restocking fee) and an issue, confirm, process, bill
with the button, read the invoice's net total, then the analysis and the
return rate. Fixtures (customer, product, stock, a delivered sale) come
over XML-RPC as admin."""
import pytest
from selenium.webdriver.common.by import By


@pytest.fixture
def shop(odoo, run_id):
    """A customer who bought 10 routers (500 each, no taxes, cost 300)."""
    customer = odoo.rpc('res.partner', 'create', {
        'name': 'UI Customer %s' % run_id, 'customer': True,
        'is_company': True})
    product = odoo.rpc('product.product', 'create', {
        'name': 'UI Router %s' % run_id, 'type': 'product',
        'list_price': 500.0, 'standard_price': 300.0,
        'taxes_id': [(6, 0, [])]})
    template = odoo.rpc('product.product', 'read', [product],
                        ['product_tmpl_id'])[0]['product_tmpl_id'][0]
    wizard = odoo.rpc('stock.change.product.qty', 'create', {
        'product_id': product, 'product_tmpl_id': template,
        'new_quantity': 50,
        'location_id': odoo.ref('stock.stock_location_stock')})
    odoo.rpc('stock.change.product.qty', 'change_product_qty', [wizard])
    sale = odoo.rpc('sale.order', 'create', {
        'partner_id': customer, 'order_line': [(0, 0, {
            'product_id': product, 'product_uom_qty': 10,
            'price_unit': 500.0, 'tax_id': [(6, 0, [])]})]})
    odoo.rpc('sale.order', 'action_confirm', [sale])
    pickings = odoo.rpc('sale.order', 'read', [sale],
                        ['picking_ids'])[0]['picking_ids']
    moves = odoo.rpc('stock.move', 'search', [('picking_id', 'in', pickings)])
    for move in odoo.rpc('stock.move', 'read', moves, ['product_uom_qty']):
        odoo.rpc('stock.move', 'write', [move['id']],
                 {'quantity_done': move['product_uom_qty']})
    odoo.rpc('stock.picking', 'action_done', pickings)
    return {'customer': 'UI Customer %s' % run_id,
            'product': 'UI Router %s' % run_id}


def _add_line(web, line_type, product, fee=None):
    web.click('.o_field_widget[name="line_ids"] .o_field_x2many_list_row_add a')
    row = '.o_field_widget[name="line_ids"] tr.o_selected_row'
    web.find(row)
    web.set_select('line_type', line_type, within=row)
    web.set_many2one('product_id', product, within=row)
    if fee:
        web.set_select('restocking_fee_mode', 'Percentage of the credit',
                       within=row)
        web.set_input('restocking_fee_value', fee, within=row)


def test_rma_flow(web, rma_user, shop, odoo):
    web.login(*rma_user)
    web.menu('rma_billing.rma_menu_root')
    web.click('.o_list_button_add')
    web.set_many2one('partner_id', shop['customer'])
    _add_line(web, 'Receipt', shop['product'], fee=10)
    _add_line(web, 'Issue', shop['product'])
    web.screenshot('01_rma_draft')
    web.save()
    web.button('Confirm')
    assert web.find('.o_statusbar_status .btn-primary').text == 'Confirmed'
    web.button('Process All')
    web.screenshot('02_rma_processed')
    assert web.field_text('amount_net') == '$ 50.00'
    assert web.is_styled(), 'the web client renders without its styles'

    web.button('Create Invoice')
    web.find('.o_form_view .o_field_widget[name="invoice_line_ids"]')
    lines = [[cell.text for cell in row.find_elements(By.TAG_NAME, 'td')]
             for row in web.driver.find_elements(
                 By.CSS_SELECTOR, '.o_field_widget[name="invoice_line_ids"] '
                 'tbody tr.o_data_row')]
    kinds = sorted(cell for row in lines for cell in row if cell in (
        'Issued', 'Returned (credit)', 'Restocking fee'))
    assert kinds == ['Issued', 'Restocking fee', 'Returned (credit)'], lines
    assert web.field_text('amount_total') == '$ 50.00'
    web.screenshot('03_invoice')

    web.menu('rma_billing.rma_menu_root')
    web.menu('rma_billing.rma_analysis_menu')
    pivot = web.find('.o_pivot table').text
    for measure in ('Qty Returned', 'Credited', 'Restocking Fees', 'Net'):
        assert measure in pivot, pivot
    web.screenshot('04_analysis')
    web.menu('rma_billing.rma_return_rate_menu')
    pivot = web.find('.o_pivot table').text
    assert 'Return Rate (Qty %)' in pivot, pivot
    # sold 10, 1 came back: 10 % in quantity and at cost
    row = web.find_text('.o_pivot table tbody tr', shop['product']).text
    assert row.split()[-4:] == ['10.00', '1.00', '10.00', '10.00'], row
    web.screenshot('05_return_rate')
