# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = 'res.company'

    rma_billing_chunk_size = fields.Integer(
        string='RMAs per Background Job', default=50,
        help='Background billing bills this many RMAs per job, each job in '
             'its own transaction: a failure loses at most one chunk, which '
             'is retried; larger chunks mean fewer jobs but longer '
             'transactions.')

    @api.constrains('rma_billing_chunk_size')
    def _check_rma_billing_chunk_size(self):
        for company in self:
            if company.rma_billing_chunk_size < 1:
                raise ValidationError(_(
                    'Company %s: background billing needs at least 1 RMA '
                    'per job (got %s).') % (
                    company.name, company.rma_billing_chunk_size))
