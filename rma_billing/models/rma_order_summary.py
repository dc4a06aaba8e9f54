# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What RMAs bill, as plain data for integrators (XML-RPC)."""
from odoo import models


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    def get_billing_summary(self):
        """Integrator read (XML-RPC): what these RMAs bill, as plain data.
        Returns {str(id): {id, name, client_ref, state, billing_mode,
        invoice_status, currency, amount_charge, amount_credit,
        amount_restocking_fee, amount_net, lines: [...], invoices: [...]}}
        (XML-RPC dict keys must be strings). Amounts are untaxed, from the
        customer's view; invoice amounts are those of the documents."""
        result = {}
        for rma in self:
            result[str(rma.id)] = {
                'id': rma.id,
                'name': rma.name,
                'client_ref': rma.client_ref or False,
                'state': rma.state,
                'billing_mode': rma.billing_mode,
                'invoice_status': rma.invoice_status,
                'currency': rma.currency_id.name,
                'amount_charge': rma.amount_charge,
                'amount_credit': rma.amount_credit,
                'amount_restocking_fee': rma.amount_restocking_fee,
                'amount_net': rma.amount_net,
                'amount_tax': rma.amount_tax,
                'amount_total': rma.amount_total,
                'amount_net_company': rma.amount_net_company,
                'company_currency': rma.company_id.currency_id.name,
                'lines': [{
                    'id': line.id,
                    'line_type': line.line_type,
                    'product_id': line.product_id.id,
                    'product': line.product_id.display_name,
                    'product_uom_qty': line.product_uom_qty,
                    'qty_done': line.qty_done,
                    'qty_invoiced': line.qty_invoiced,
                    'qty_to_invoice': line.qty_to_invoice,
                    'price_unit': line.price_unit,
                    'price_subtotal': line.price_subtotal,
                    'price_total': line.price_total,
                    'restocking_fee_amount': line.restocking_fee_amount,
                    'billed_amount': line.billed_amount,
                    'billed_fee_amount': line.billed_fee_amount,
                    'price_locked': line.price_locked,
                } for line in rma.line_ids],
                'invoices': [{
                    'id': invoice.id,
                    'number': invoice.number or False,
                    'type': invoice.type,
                    'state': invoice.state,
                    'amount_untaxed': invoice.amount_untaxed,
                    'amount_tax': invoice.amount_tax,
                    'amount_total': invoice.amount_total,
                    'amount_total_signed': invoice.amount_total_signed,
                    'currency': invoice.currency_id.name,
                    'residual': invoice.residual,
                } for invoice in rma.invoice_ids.sorted('id')],
            }
        return result
