# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    @api.multi
    def action_bill_in_background(self):
        """List action: bill the selected RMAs in background jobs and show
        the run's progress."""
        batch_ids = self.env['rma.billing.batch'].bill_in_background(self)
        if not batch_ids:
            raise UserError(self._nothing_to_invoice_message())
        action = self.env.ref(
            'rma_billing_queue.rma_billing_batch_action').read()[0]
        action['domain'] = [('id', 'in', batch_ids)]
        action['name'] = _('Background Billing')
        return action
