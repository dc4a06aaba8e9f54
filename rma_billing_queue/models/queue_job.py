# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class QueueJob(models.Model):
    _inherit = 'queue.job'

    rma_billing_batch_id = fields.Many2one(
        'rma.billing.batch', string='RMA Billing Batch', index=True,
        readonly=True, ondelete='set null')
