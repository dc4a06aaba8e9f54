# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = 'sale.order.line'

    @api.multi
    def _get_rma_returnable_qty(self):
        """{sale line id: quantity a customer may still return}, by the rule
        of rma.order.line._check_sale_line: delivered goods (invoiced
        services) less the receipts of every RMA not cancelled, requests
        included. In the sale line's unit; one query for all lines."""
        returned = defaultdict(float)
        # sudo: quantities only, of these sale lines' own returns (a
        # customer cannot read the other contacts' requests)
        for line in self.env['rma.order.line'].sudo().search([
                ('sale_line_id', 'in', self.ids),
                ('line_type', '=', 'receipt'), ('state', '!=', 'cancel')]):
            returned[line.sale_line_id.id] += \
                line.product_uom._compute_quantity(
                    line.product_uom_qty, line.sale_line_id.product_uom)
        result = {}
        for sale_line in self:
            limit = sale_line.qty_invoiced \
                if sale_line.product_id.type == 'service' \
                else sale_line.qty_delivered
            result[sale_line.id] = max(limit - returned[sale_line.id], 0.0)
        return result
