# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""When the item of an RMA line was delivered to the customer: what the
fee rules (days since delivery), the warranty and the return window count
from. One lookup per batch."""
from odoo import api, fields, models


def to_date(value):
    """A Date or Datetime string (or False) as a date."""
    return fields.Date.from_string(value[:10]) if value else None


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    delivery_date = fields.Date(
        string='Delivered On', compute='_compute_delivery_date',
        help='When the item was delivered to the customer: its serial in '
             "the customer's installed base, else the serial's latest "
             'delivery, else the deliveries of the origin sale line, else '
             "the latest installed base entry of the product at the "
             'customer. An issue line counts from the item it replaces '
             '(the return of the same product on this RMA).')
    days_since_delivery = fields.Integer(
        compute='_compute_delivery_date',
        help="Days from the delivery to the RMA's date.")

    @api.depends('lot_id', 'sale_line_id', 'product_id', 'line_type',
                 'order_id.partner_id', 'order_id.date')
    def _compute_delivery_date(self):
        dates = self._rma_delivery_dates()
        for line in self:
            delivered = dates.get(line)
            line.delivery_date = delivered and fields.Date.to_string(
                delivered)
            line.days_since_delivery = line._days_since(delivered) or 0

    @api.multi
    def _rma_reference_date(self):
        """The day the RMA was asked for, against which deliveries,
        warranties and return windows are counted."""
        self.ensure_one()
        return to_date(self.order_id.date) or \
            to_date(fields.Date.context_today(self))

    @api.multi
    def _days_since(self, delivered):
        self.ensure_one()
        if not delivered:
            return None
        return (self._rma_reference_date() - delivered).days

    @api.multi
    def _rma_delivered_item(self):
        """The line whose item's delivery counts: itself for a return; for
        an issue, the return of the same product on the RMA it replaces,
        if any."""
        self.ensure_one()
        if self.line_type == 'receipt':
            return self
        returned = self.order_id.line_ids.filtered(
            lambda l: l.line_type == 'receipt' and
            l.product_id == self.product_id)
        return returned[:1] or self

    @api.multi
    def _rma_delivery_dates(self):
        """{line: date of the delivery of its item, or None}: a few
        queries for the whole batch (new records included)."""
        items = {line: line._rma_delivered_item() for line in self}
        sources = self.browse().concat(*items.values()) if items else self
        partners = sources.mapped('order_id.commercial_partner_id')
        if not partners:
            return {}
        lots = sources.mapped('lot_id')
        products = sources.mapped('product_id')
        real_ids = [i for i in sources.ids if isinstance(i, int)]
        # sudo: dates only, whatever the user may read of stock and base
        entries = self.env['rma.installed.base'].sudo().search_read([
            ('partner_id', 'in', partners.ids),
            '|', ('state', '=', 'installed'),
            ('return_rma_line_id', 'in', real_ids),
            '|', ('lot_id', 'in', lots.ids),
            ('product_id', 'in', products.ids)],
            ['partner_id', 'lot_id', 'product_id', 'date_installed'])
        by_lot, by_product = {}, {}
        for entry in entries:
            date = to_date(entry['date_installed'])
            partner = entry['partner_id'][0]
            if entry['lot_id']:
                key = (partner, entry['lot_id'][0])
                by_lot[key] = max(by_lot.get(key, date), date)
            key = (partner, entry['product_id'][0])
            by_product[key] = max(by_product.get(key, date), date)
        serials = {}
        if lots:
            # sudo: delivery dates of these lines' own serials only
            for ml in self.env['stock.move.line'].sudo().search_read([
                    ('lot_id', 'in', lots.ids), ('state', '=', 'done'),
                    ('location_dest_id.usage', '=', 'customer')],
                    ['lot_id', 'date']):
                date = to_date(ml['date'])
                key = ml['lot_id'][0]
                serials[key] = max(serials.get(key, date), date)
        sales = {}
        sale_lines = sources.mapped('sale_line_id')
        if sale_lines:
            # sudo: delivery dates of these lines' own sale lines only
            for move in self.env['stock.move'].sudo().search_read([
                    ('sale_line_id', 'in', sale_lines.ids),
                    ('state', '=', 'done'),
                    ('location_dest_id.usage', '=', 'customer')],
                    ['sale_line_id', 'date']):
                date = to_date(move['date'])
                key = move['sale_line_id'][0]
                sales[key] = max(sales.get(key, date), date)
        result = {}
        for line, item in items.items():
            partner = item.order_id.commercial_partner_id.id
            # the serial an issue ships is ours: its past says nothing
            lot = item.line_type == 'receipt' and item.lot_id.id
            result[line] = (
                lot and (by_lot.get((partner, lot)) or serials.get(lot)) or
                sales.get(item.sale_line_id.id) or
                by_product.get((partner, item.product_id.id)))
        return result
