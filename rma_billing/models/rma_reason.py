# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..selections import REASON_CATEGORIES


class RmaReason(models.Model):
    _name = 'rma.reason'
    _description = 'RMA Reason'
    _order = 'sequence, name'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category = fields.Selection(
        REASON_CATEGORIES, required=True, default='other', index=True,
        help='Groups the reasons in the RMA analysis and the fee rules.')
    description = fields.Text(translate=True)

    _sql_constraints = [
        ('name_uniq', 'unique (name)', 'An RMA reason with this name already exists.'),
    ]
