# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = 'account.move.line'

    # Set on the journal items of RMA stock moves and RMA invoices, so an
    # accountant can trace every amount back to its RMA.
    rma_id = fields.Many2one('rma.order', string='RMA', index=True,
                             readonly=True)
    rma_line_id = fields.Many2one('rma.order.line', string='RMA Line',
                                  index=True, readonly=True)
