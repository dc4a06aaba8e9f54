# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import count_by, window_action


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    rma_ids = fields.One2many('rma.order', 'sale_id', string='RMAs')
    rma_count = fields.Integer(compute='_compute_rma_count', string='RMAs')

    @api.multi
    def _compute_rma_count(self):
        counts = count_by(self.env['rma.order'], 'sale_id', self.ids)
        for order in self:
            order.rma_count = counts.get(order.id, 0)

    @api.multi
    def action_view_rmas(self):
        self.ensure_one()
        return window_action(
            self.env, 'rma_billing.rma_order_action',
            [('sale_id', '=', self.id)],
            {'default_sale_id': self.id,
             'default_partner_id': self.partner_id.id})
