# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""RMA analysis: one row per RMA line of a draft, confirmed or done RMA,
quantities in the product's unit and untaxed amounts in the company's
currency (converted at the RMA's date, as Odoo's sales analysis does)."""
from odoo import fields, models, tools

from ..selections import (COVERAGES, LINE_TYPES, REASON_CATEGORIES,
                          RETURN_CONDITIONS)


class RmaAnalysis(models.Model):
    _name = 'rma.analysis'
    _description = 'RMA Analysis'
    _auto = False
    _rec_name = 'order_id'
    _order = 'date desc'

    order_id = fields.Many2one('rma.order', string='RMA', readonly=True)
    line_id = fields.Many2one('rma.order.line', string='RMA Line',
                              readonly=True)
    date = fields.Date(readonly=True)
    state = fields.Selection([
        ('draft', 'Draft'), ('confirmed', 'Confirmed'), ('done', 'Done'),
    ], readonly=True)
    line_type = fields.Selection(LINE_TYPES, string='Type', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    currency_id = fields.Many2one('res.currency', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer',
                                 readonly=True)
    user_id = fields.Many2one('res.users', string='Salesperson',
                              readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    categ_id = fields.Many2one('product.category', string='Product Category',
                               readonly=True)
    reason_id = fields.Many2one('rma.reason', string='Reason', readonly=True)
    reason_category = fields.Selection(REASON_CATEGORIES, readonly=True)
    condition = fields.Selection(RETURN_CONDITIONS, readonly=True)
    coverage = fields.Selection(COVERAGES, readonly=True)
    nbr = fields.Integer(string='# of Lines', readonly=True)
    qty_issued = fields.Float(readonly=True)
    qty_returned = fields.Float(readonly=True)
    qty_done = fields.Float(string='Qty Processed', readonly=True)
    amount_charged = fields.Monetary(
        string='Charged', readonly=True,
        help='Untaxed value of the issued goods and services.')
    amount_credited = fields.Monetary(
        string='Credited', readonly=True,
        help='Untaxed value of the returned goods.')
    amount_fee = fields.Monetary(string='Restocking Fees', readonly=True)
    amount_net = fields.Monetary(
        string='Net', readonly=True,
        help='Charged - credited + restocking fees (untaxed).')

    def _select(self):
        # units: the line's into the product's; money: the RMA's currency
        # into the company's, at the RMA's date
        return """
            SELECT l.id AS id, l.id AS line_id, o.id AS order_id,
                   o.date::date AS date, o.state AS state,
                   l.line_type AS line_type, o.company_id AS company_id,
                   c.currency_id AS currency_id,
                   o.commercial_partner_id AS partner_id,
                   o.user_id AS user_id, l.product_id AS product_id,
                   t.categ_id AS categ_id,
                   COALESCE(l.reason_id, o.reason_id) AS reason_id,
                   l.reason_category AS reason_category,
                   l.condition AS condition, l.coverage AS coverage,
                   1 AS nbr,
                   CASE WHEN l.line_type = 'issue'
                        THEN l.product_uom_qty / u.factor * u2.factor
                        ELSE 0 END AS qty_issued,
                   CASE WHEN l.line_type = 'receipt'
                        THEN l.product_uom_qty / u.factor * u2.factor
                        ELSE 0 END AS qty_returned,
                   l.qty_done / u.factor * u2.factor AS qty_done,
                   CASE WHEN l.line_type = 'issue'
                        THEN l.price_subtotal ELSE 0 END
                        / COALESCE(cr.rate, 1.0) AS amount_charged,
                   CASE WHEN l.line_type = 'receipt'
                        THEN l.price_subtotal ELSE 0 END
                        / COALESCE(cr.rate, 1.0) AS amount_credited,
                   COALESCE(l.restocking_fee_amount, 0)
                        / COALESCE(cr.rate, 1.0) AS amount_fee,
                   (CASE WHEN l.line_type = 'issue' THEN l.price_subtotal
                         ELSE COALESCE(l.restocking_fee_amount, 0)
                              - l.price_subtotal END)
                        / COALESCE(cr.rate, 1.0) AS amount_net
        """

    def _from(self):
        return """
            FROM rma_order_line l
            JOIN rma_order o ON o.id = l.order_id
            JOIN res_company c ON c.id = o.company_id
            JOIN product_product p ON p.id = l.product_id
            JOIN product_template t ON t.id = p.product_tmpl_id
            JOIN product_uom u2 ON u2.id = t.uom_id
            LEFT JOIN product_uom u ON u.id = COALESCE(l.product_uom, t.uom_id)
            LEFT JOIN currency_rate cr ON (
                o.currency_id != c.currency_id AND
                cr.currency_id = o.currency_id AND
                cr.company_id = o.company_id AND
                cr.date_start <= o.date AND
                (cr.date_end IS NULL OR cr.date_end > o.date))
        """

    def _where(self):
        # requested (portal) and cancelled RMAs are no returns (yet)
        return "WHERE o.state IN ('draft', 'confirmed', 'done')"

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # the view's own SQL, no user input
        self.env.cr.execute(  # pylint: disable=sql-injection
            """
            CREATE OR REPLACE VIEW %s AS (
                WITH currency_rate AS (%s)
                %s %s %s
            )""" % (self._table,
                    self.env['res.currency']._select_companies_rates(),
                    self._select(), self._from(), self._where()))
