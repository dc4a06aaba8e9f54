# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    @api.model
    def _prepare_portal_line_vals(self, sale_line, qty, reason):
        """A receipt line of a portal request; price, discount, taxes and
        the restocking fee come from the usual line defaults."""
        return {
            'line_type': 'receipt',
            'sale_line_id': sale_line.id,
            'product_id': sale_line.product_id.id,
            'product_uom': sale_line.product_uom.id,
            'product_uom_qty': qty,
            'reason_id': reason.id,
        }

    @api.multi
    def _launch_procurements(self):
        # a request moves nothing until staff approve it
        return super(RmaOrderLine, self.filtered(
            lambda l: l.order_id.state != 'requested'))._launch_procurements()
