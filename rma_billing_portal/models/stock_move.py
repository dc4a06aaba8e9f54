# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMove(models.Model):
    _inherit = 'stock.move'

    def _action_done(self):
        res = super(StockMove, self)._action_done()
        # returned goods arrived from the customer: tell them
        received = res.filtered(lambda m: m.state == 'done' and
                                m._is_rma_return())
        received.mapped('rma_line_id.order_id')._notify_customer(
            'rma_billing_portal.mail_template_rma_received')
        return res
