# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

RMA_LINE_KINDS = [
    ('charge', 'Issued'),
    ('credit', 'Returned (credit)'),
    ('fee', 'Restocking fee'),
]


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    rma_id = fields.Many2one(
        'rma.order', string='RMA', index=True, readonly=True, copy=False,
        help='The RMA this invoice or credit note bills; while it is a '
             'draft it is the pending invoice where RMA prices, taxes and '
             'commissions are changed.')

    @api.multi
    def action_invoice_cancel(self):
        res = super(AccountInvoice, self).action_invoice_cancel()
        self.mapped('rma_id')._update_state()
        return res

    @api.multi
    def unlink(self):
        rmas = self.mapped('rma_id')
        res = super(AccountInvoice, self).unlink()
        rmas._update_state()
        return res

    @api.multi
    def _rma_window_action(self):
        """Window action on these RMA invoices/credit notes."""
        action = self.env.ref('account.action_invoice_tree1').read()[0]
        action['domain'] = [('id', 'in', self.ids)]
        action['context'] = {'default_type': 'out_invoice',
                             'type': 'out_invoice'}
        if len(self) == 1:
            action['views'] = [
                (self.env.ref('account.invoice_form').id, 'form')]
            action['res_id'] = self.id
        return action


class AccountInvoiceLine(models.Model):
    _inherit = 'account.invoice.line'

    rma_line_id = fields.Many2one(
        'rma.order.line', string='RMA Line', index=True, readonly=True,
        copy=False, ondelete='restrict')
    rma_line_kind = fields.Selection(
        RMA_LINE_KINDS, string='RMA', readonly=True, copy=False,
        help='Issued: goods shipped on an RMA, charged. Returned (credit): '
             'goods returned, credited. Restocking fee: billed on a return.')

    @api.constrains('quantity', 'uom_id', 'rma_line_id')
    def _check_rma_quantity(self):
        """The pending invoice may change prices, not bill more than
        moved."""
        for rma_line in self.mapped('rma_line_id'):
            if float_compare(rma_line.qty_invoiced, rma_line.qty_done,
                             precision_rounding=rma_line.product_uom.rounding
                             ) > 0:
                raise ValidationError(_(
                    'RMA %s, line "%s": invoices would bill %s but only %s '
                    'were shipped or received. Lower the invoiced '
                    'quantity.') % (
                    rma_line.order_id.name, rma_line.product_id.display_name,
                    rma_line.qty_invoiced, rma_line.qty_done))
