# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase


class RmaCase(SavepointCase):
    """Fixtures of every RMA test: a customer, stockable products, stock,
    an RMA user and factories. Nothing comes from demo data."""

    @classmethod
    def setUpClass(cls):
        super(RmaCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.ref('base.main_company')
        cls.company.write({'rma_billing_mode': 'net',
                           'rma_advance_exchange': False})
        cls.warehouse = cls.env['stock.warehouse'].search(
            [('company_id', '=', cls.company.id)], limit=1)
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer = cls.env['res.partner'].create({
            'name': 'Test Customer', 'customer': True, 'is_company': True})
        cls.category = cls.env['product.category'].create(
            {'name': 'RMA test goods'})
        cls.product_a = cls._create_product('Router A', 500.0, 300.0)
        cls.product_b = cls._create_product('Switch B', 400.0, 250.0)
        cls.product_serial = cls._create_product(
            'Firewall S', 1000.0, 600.0, tracking='serial')
        cls.user = cls._create_user('rma_clerk', cls.company)
        cls.manager = cls._create_user(
            'rma_boss', cls.company, 'rma_billing.group_rma_manager')
        for product in (cls.product_a, cls.product_b):
            cls.env['stock.quant']._update_available_quantity(
                product, cls.stock_location, 100.0)

    @classmethod
    def _create_user(cls, login, company,
                     group='rma_billing.group_rma_user'):
        return cls.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': login.replace('_', ' ').title(), 'login': login,
                'email': '%s@example.com' % login,
                'company_id': company.id,
                'company_ids': [(6, 0, company.ids)],
                'groups_id': [(6, 0, [cls.env.ref(group).id])]})

    @classmethod
    def _create_product(cls, name, price, cost, tracking='none', **extra):
        vals = {
            'name': name, 'type': 'product', 'list_price': price,
            'standard_price': cost, 'categ_id': cls.category.id,
            'tracking': tracking, 'taxes_id': [(6, 0, [])],
        }
        vals.update(extra)
        return cls.env['product.product'].create(vals)

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

    def _validate_picking(self, picking, qty_by_product=None):
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
            wizard = self.env['stock.backorder.confirmation'].browse(
                result['res_id'])
            wizard.process()
        return picking

    def _create_delivered_sale(self, product, qty, price, discount=0.0):
        sale = self.env['sale.order'].create({
            'partner_id': self.customer.id,
            'order_line': [(0, 0, {
                'product_id': product.id, 'product_uom_qty': qty,
                'price_unit': price, 'discount': discount,
                'tax_id': [(6, 0, [])]})],
        })
        sale.action_confirm()
        self._validate_picking(sale.picking_ids)
        return sale

    def _snapshot(self, records):
        """Everything a refused call must leave untouched."""
        return [records.read()] if records else []
