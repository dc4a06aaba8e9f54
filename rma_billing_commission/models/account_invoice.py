# Copyright 2026 rma_billing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountInvoiceLine(models.Model):
    _inherit = 'account.invoice.line'

    def _prepare_agents_vals(self, vals=None):
        """RMA invoice lines take the agents of their RMA line (also for
        "Recompute lines agents" on the pending invoice), not the
        customer's."""
        if self:
            rma_line, kind = self.rma_line_id, self.rma_line_kind
        else:
            rma_line = self.env['rma.order.line'].browse(
                (vals or {}).get('rma_line_id'))
            kind = (vals or {}).get('rma_line_kind')
        if not rma_line:
            return super(AccountInvoiceLine, self)._prepare_agents_vals(
                vals=vals)
        return rma_line._prepare_invoice_agents_vals(kind)


class AccountInvoiceLineAgent(models.Model):
    _inherit = 'account.invoice.line.agent'

    # sale_commission 11.0 depends on the price only: a commission changed
    # on the pending invoice would keep the old amount and be settled so
    @api.depends('object_id.price_subtotal', 'commission')
    def _compute_amount(self):
        """An RMA line billed with a negative quantity (a credit on an
        invoice, a charge or fee on a credit note) gets the commission of
        its positive amount, negated: net-amount and section commissions
        would otherwise floor a clawback to 0."""
        negative = self.filtered(
            lambda a: a.object_id.rma_line_id and a.object_id.quantity < 0)
        res = super(AccountInvoiceLineAgent, self - negative)._compute_amount()
        for agent_line in negative:
            inv_line = agent_line.object_id
            amount = -(agent_line._get_commission_amount(
                agent_line.commission, -inv_line.price_subtotal,
                inv_line.product_id, -inv_line.quantity) or 0.0)
            # credit notes negate, as sale_commission does
            if 'refund' in agent_line.invoice.type:
                amount = -amount
            agent_line.amount = amount
        return res
