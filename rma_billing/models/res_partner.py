# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..selections import BILLING_MODES
from ..tools import count_by, window_action


class ResPartner(models.Model):
    _inherit = 'res.partner'

    rma_billing_mode = fields.Selection(
        BILLING_MODES, string='RMA Billing Mode',
        help="How this customer's RMAs are billed; empty: the company's "
             "default.")
    rma_count = fields.Integer(compute='_compute_rma_count', string='RMAs')
    installed_base_qty = fields.Integer(
        compute='_compute_installed_base_qty', string='Installed',
        help="Units installed at this customer's commercial entity.")

    @api.multi
    def _compute_rma_count(self):
        counts = count_by(self.env['rma.order'], 'commercial_partner_id',
                          self.ids)
        for partner in self:
            partner.rma_count = counts.get(partner.id, 0)

    @api.multi
    def _compute_installed_base_qty(self):
        Base = self.env['rma.installed.base']
        if not Base.check_access_rights('read', raise_exception=False):
            return
        partners = self.mapped('commercial_partner_id')
        data = Base.read_group(
            [('partner_id', 'in', partners.ids), ('state', '=', 'installed')],
            ['partner_id', 'quantity'], ['partner_id'])
        qty = {d['partner_id'][0]: d['quantity'] for d in data}
        for partner in self:
            partner.installed_base_qty = int(round(
                qty.get(partner.commercial_partner_id.id, 0.0)))

    @api.model
    def _commercial_fields(self):
        return super(ResPartner, self)._commercial_fields() + [
            'rma_billing_mode']

    @api.multi
    def action_view_rmas(self):
        self.ensure_one()
        return window_action(
            self.env, 'rma_billing.rma_order_action',
            [('commercial_partner_id', '=', self.commercial_partner_id.id)],
            {'default_partner_id': self.id})

    @api.multi
    def action_view_installed_base(self):
        self.ensure_one()
        return window_action(
            self.env, 'rma_billing.rma_installed_base_action',
            [('partner_id', '=', self.commercial_partner_id.id)],
            {'search_default_installed': 1})
