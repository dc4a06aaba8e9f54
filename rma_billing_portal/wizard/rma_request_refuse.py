# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RmaRequestRefuse(models.TransientModel):
    _name = 'rma.request.refuse'
    _description = 'Refuse Return Requests'

    rma_ids = fields.Many2many('rma.order', string='RMAs', required=True)
    reason = fields.Text(
        required=True,
        help='Shown to the customer in the portal and in the e-mail.')

    @api.multi
    def action_refuse(self):
        self.ensure_one()
        self.rma_ids.refuse_requests(self.reason)
        return {'type': 'ir.actions.act_window_close'}
