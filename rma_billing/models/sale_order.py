# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    rma_ids = fields.One2many('rma.order', 'sale_id', string='RMAs')
    rma_count = fields.Integer(compute='_compute_rma_count', string='RMAs')

    @api.multi
    def _compute_rma_count(self):
        data = self.env['rma.order'].read_group(
            [('sale_id', 'in', self.ids)], ['sale_id'], ['sale_id'])
        counts = {d['sale_id'][0]: d['sale_id_count'] for d in data}
        for order in self:
            order.rma_count = counts.get(order.id, 0)

    @api.multi
    def action_view_rmas(self):
        self.ensure_one()
        action = self.env.ref('rma_billing.rma_order_action').read()[0]
        action['domain'] = [('sale_id', '=', self.id)]
        action['context'] = {'default_sale_id': self.id,
                             'default_partner_id': self.partner_id.id}
        return action
