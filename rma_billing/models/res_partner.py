# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .rma_order import BILLING_MODES


class ResPartner(models.Model):
    _inherit = 'res.partner'

    rma_billing_mode = fields.Selection(
        BILLING_MODES, string='RMA Billing Mode',
        help="How this customer's RMAs are billed; empty: the company's "
             "default.")
    rma_count = fields.Integer(compute='_compute_rma_count', string='RMAs')

    @api.multi
    def _compute_rma_count(self):
        data = self.env['rma.order'].read_group(
            [('commercial_partner_id', 'in', self.ids)],
            ['commercial_partner_id'], ['commercial_partner_id'])
        counts = {d['commercial_partner_id'][0]:
                  d['commercial_partner_id_count'] for d in data}
        for partner in self:
            partner.rma_count = counts.get(partner.id, 0)

    @api.model
    def _commercial_fields(self):
        return super(ResPartner, self)._commercial_fields() + [
            'rma_billing_mode']

    @api.multi
    def action_view_rmas(self):
        self.ensure_one()
        action = self.env.ref('rma_billing.rma_order_action').read()[0]
        action['domain'] = [
            ('commercial_partner_id', '=', self.commercial_partner_id.id)]
        action['context'] = {'default_partner_id': self.id}
        return action
