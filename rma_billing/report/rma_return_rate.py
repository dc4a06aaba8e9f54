# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Return rate: what came back from customers against what was sold to
them, from the done stock moves. One row per move:

- delivered: a sale's delivery to a customer location (sale_line_id set,
  not an RMA replacement);
- returned: any move from a customer location back into ours (RMA
  receipts and Odoo's own returns).

Quantities in the product's unit, values at cost (the moves' stock
valuation, in company currency). The rates are computed per group, as
returned / delivered, in read_group: a pivot or graph cell shows the rate
of its own totals, never a sum of rates."""
from odoo import api, fields, models, tools

RATES = {
    'rate_qty': ('qty_returned', 'qty_delivered'),
    'rate_value': ('value_returned', 'value_delivered'),
}


class RmaReturnRate(models.Model):
    _name = 'rma.return.rate'
    _description = 'Return Rate'
    _auto = False
    _rec_name = 'product_id'
    _order = 'date desc'

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    categ_id = fields.Many2one('product.category', string='Product Category',
                               readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer',
                                 readonly=True)
    qty_delivered = fields.Float(readonly=True)
    qty_returned = fields.Float(readonly=True)
    value_delivered = fields.Float(
        readonly=True, help='At cost (stock valuation), in company currency.')
    value_returned = fields.Float(
        readonly=True, help='At cost (stock valuation), in company currency.')
    rate_qty = fields.Float(
        string='Return Rate (Qty %)', readonly=True, group_operator='max',
        help='Quantity returned / quantity delivered, in percent.')
    rate_value = fields.Float(
        string='Return Rate (Value %)', readonly=True, group_operator='max',
        help='Value returned / value delivered, in percent.')

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The customer: the transfer's (an RMA's transfers go to or come
        # from its customer). Filters on date, company and product use
        # stock_move's indexes, on the customer the one below.
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS stock_picking_rma_partner_id_index
            ON stock_picking (partner_id)""")
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW %s AS (
                SELECT m.id AS id, m.date AS date, m.company_id AS company_id,
                       m.product_id AS product_id, t.categ_id AS categ_id,
                       rp.commercial_partner_id AS partner_id,
                       CASE WHEN src.usage = 'customer' THEN 0
                            ELSE m.product_qty END AS qty_delivered,
                       CASE WHEN src.usage = 'customer' THEN m.product_qty
                            ELSE 0 END AS qty_returned,
                       CASE WHEN src.usage = 'customer' THEN 0
                            ELSE abs(COALESCE(m.value, 0)) END
                            AS value_delivered,
                       CASE WHEN src.usage = 'customer'
                            THEN abs(COALESCE(m.value, 0))
                            ELSE 0 END AS value_returned,
                       0.0 AS rate_qty, 0.0 AS rate_value
                FROM stock_move m
                JOIN stock_location src ON src.id = m.location_id
                JOIN stock_location dest ON dest.id = m.location_dest_id
                JOIN product_product p ON p.id = m.product_id
                JOIN product_template t ON t.id = p.product_tmpl_id
                LEFT JOIN stock_picking sp ON sp.id = m.picking_id
                LEFT JOIN res_partner rp ON rp.id = sp.partner_id
                WHERE m.state = 'done' AND (
                    (src.usage = 'customer' AND dest.usage != 'customer') OR
                    (src.usage != 'customer' AND dest.usage = 'customer' AND
                     m.sale_line_id IS NOT NULL AND m.rma_line_id IS NULL))
            )""" % self._table)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None,
                   orderby=False, lazy=True):
        """The rates of each group from its totals."""
        wanted = [name for name in RATES
                  if any(f.split(':')[0] == name for f in fields)]
        extra = [part for name in wanted for part in RATES[name]
                 if part not in fields]
        result = super(RmaReturnRate, self).read_group(
            domain, fields + extra, groupby, offset=offset, limit=limit,
            orderby=orderby, lazy=lazy)
        for group in result:
            for name in wanted:
                returned, delivered = (group.get(part) or 0.0
                                       for part in RATES[name])
                group[name] = 100.0 * returned / delivered if delivered \
                    else 0.0
        return result
