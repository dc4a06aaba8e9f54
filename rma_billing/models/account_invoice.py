# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..selections import RMA_LINE_KINDS
from ..tools import (RmaValidationError, narrow_reads,
                     plan_for_growing_tables, window_action)

# create_invoices' own context value: the quantities are checked once
# all its documents exist (see _check_rma_quantity)
DEFER_QUANTITY_CHECK = object()


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    rma_id = fields.Many2one(
        'rma.order', string='RMA', index=True, readonly=True, copy=False,
        help='The RMA this invoice or credit note bills; while it is a '
             'draft it is the pending invoice where RMA prices, taxes and '
             'commissions are changed.')

    @api.multi
    def action_invoice_open(self):
        if self.filtered('rma_id'):
            # posting writes rows that point to RMAs and their lines
            plan_for_growing_tables(self.env.cr)
        return super(AccountInvoice, self).action_invoice_open()

    @api.multi
    def action_invoice_cancel(self):
        res = super(AccountInvoice, self).action_invoice_cancel()
        self.mapped('rma_id')._update_state()
        return res

    @api.multi
    def invoice_validate(self):
        res = super(AccountInvoice, self).invoice_validate()
        # Rule 6, in the posting's transaction: an error undoes both.
        self.env['rma.installed.base']._apply_invoices(
            self.filtered('rma_id'))
        self.filtered(
            lambda i: i.rma_id and i.type == 'out_refund'
        )._rma_reconcile_with_sales()
        return res

    @api.multi
    def _rma_reconcile_with_sales(self):
        """An RMA credit note pays back the open sale invoices of what it
        credits: reconciled with them, in their currency (Odoo books the
        exchange difference when the rate moved in between)."""
        for refund in self:
            sales = refund.mapped(
                'invoice_line_ids.rma_line_id.sale_line_id.invoice_lines.'
                'invoice_id').filtered(
                lambda i: i.type == 'out_invoice' and i.state == 'open' and
                i.account_id == refund.account_id and
                i.currency_id == refund.currency_id and
                i.commercial_partner_id == refund.commercial_partner_id)
            if not sales:
                continue
            (refund.move_id | sales.mapped('move_id')).mapped(
                'line_ids').filtered(
                lambda l: l.account_id == refund.account_id and
                not l.reconciled).reconcile()
        return True

    @api.multi
    def action_cancel(self):
        posted = self.filtered(
            lambda i: i.rma_id and i.state in ('open', 'paid'))
        if posted:
            self.env['rma.installed.base']._revert_invoices(posted)
        return super(AccountInvoice, self).action_cancel()

    @api.multi
    def unlink(self):
        rmas = self.mapped('rma_id')
        res = super(AccountInvoice, self).unlink()
        rmas._update_state()
        return res

    # Posting: receivable, sales at gross, discounts, RMA links ------------
    @api.model
    def invoice_line_move_line_get(self):
        res = super(AccountInvoice, self).invoice_line_move_line_get()
        if not self.rma_id:
            return res
        lines = {line.id: line for line in self.invoice_line_ids}
        discounts = []
        for vals in res:
            line = lines.get(vals.get('invl_id'))
            if not line or not line.rma_line_id:
                continue
            vals['rma_line_id'] = line.rma_line_id.id
            if line.discount:
                discounts.append(self._rma_split_discount(line, vals))
        return res + discounts

    @api.model
    def _rma_split_discount(self, line, vals):
        """Book the line at its gross price and its discount on the sales
        discount account, instead of netting it into sales."""
        gross = line.invoice_line_tax_ids.compute_all(
            line.price_unit, self.currency_id, line.quantity,
            product=line.product_id, partner=self.partner_id,
        )['total_excluded'] if line.invoice_line_tax_ids else \
            self.currency_id.round(line.price_unit * line.quantity)
        discount = vals['price'] - gross
        vals['price'] = gross
        account = line.product_id.categ_id._rma_sales_discount_account(
            self.company_id)
        return dict(
            vals, price=discount, price_unit=0.0,
            name=_('Discount: %s') % vals['name'],
            account_id=self.fiscal_position_id.map_account(account).id)

    @api.model
    def _anglo_saxon_sale_move_lines(self, i_line):
        # RMA goods already hit cost of goods sold when they moved.
        if i_line.rma_line_id:
            return []
        return super(AccountInvoice, self)._anglo_saxon_sale_move_lines(
            i_line)

    @api.model
    def line_get_convert(self, line, part):
        res = super(AccountInvoice, self).line_get_convert(line, part)
        if line.get('rma_line_id'):
            res['rma_line_id'] = line['rma_line_id']
        return res

    @api.multi
    def finalize_invoice_move_lines(self, move_lines):
        move_lines = super(AccountInvoice, self).finalize_invoice_move_lines(
            move_lines)
        if self.rma_id:
            for command in move_lines:
                command[2]['rma_id'] = self.rma_id.id
        return move_lines

    @api.multi
    def _rma_auto_post(self):
        """Post these RMA documents, one at a time as Odoo posts fastest,
        when their company posts automatically; a document above the
        company's limit stays pending, with a note on its RMA saying why."""
        to_post = self.browse()
        for invoice in self.filtered(lambda i: i.state == 'draft'):
            company = invoice.company_id
            if not company.rma_auto_post:
                continue
            limit = invoice.rma_id._to_rma_currency(
                company.rma_auto_post_limit)
            if limit and float_compare(
                    invoice.amount_total, limit,
                    precision_rounding=invoice.currency_id.rounding) > 0:
                invoice.rma_id.message_post(body=_(
                    '%s stays pending for review: its total %s is above the '
                    'automatic posting limit of %s.') % (
                    invoice.display_name, invoice.amount_total, limit))
                continue
            to_post |= invoice
        for invoice in to_post:
            invoice.action_invoice_open()
        return True

    @api.multi
    def _rma_window_action(self):
        """Window action on these RMA invoices/credit notes."""
        return window_action(
            self.env, 'account.action_invoice_tree1',
            [('id', 'in', self.ids)],
            {'default_type': 'out_invoice', 'type': 'out_invoice'},
            records=self, form_xmlid='account.invoice_form')


class AccountInvoiceLine(models.Model):
    _inherit = 'account.invoice.line'

    rma_line_id = fields.Many2one(
        'rma.order.line', string='RMA Line', index=True, readonly=True,
        copy=False, ondelete='restrict')
    rma_line_kind = fields.Selection(
        RMA_LINE_KINDS, string='RMA', readonly=True, copy=False,
        help='Issued: goods shipped on an RMA, charged. Returned (credit): '
             'goods returned, credited. Restocking fee: billed on a return.')

    @api.multi
    def write(self, vals):
        if set(vals) & set(self._rma_posted_fields()):
            self._check_rma_not_posted()
        return super(AccountInvoiceLine, self).write(vals)

    @api.multi
    def unlink(self):
        self._check_rma_not_posted()
        return super(AccountInvoiceLine, self).unlink()

    @api.model
    def _rma_posted_fields(self):
        """What the RMA's billed figures are derived from."""
        return ('quantity', 'uom_id', 'price_unit', 'discount',
                'invoice_line_tax_ids', 'account_id', 'product_id',
                'rma_line_id', 'rma_line_kind')

    @api.multi
    def _check_rma_not_posted(self):
        """Posted means posted: the lines of a posted RMA document bill
        what its RMA shows as billed."""
        posted = self.filtered(
            lambda l: l.rma_line_id and
            l.invoice_id.state in ('open', 'paid'))
        if posted:
            invoice = posted[0].invoice_id
            raise UserError(_(
                '%s is posted: its lines bill RMA %s and cannot change. '
                'Cancel the document if its journal allows it (the RMA then '
                'bills again), or correct it with a new RMA.') % (
                invoice.number or invoice.display_name,
                invoice.rma_id.name))
        return True

    @api.constrains('quantity', 'uom_id', 'rma_line_id')
    def _check_rma_quantity(self):
        """The pending invoice may change prices, not bill more than
        moved."""
        # create_invoices checks its documents once they are all created:
        # here, per line created, it would recompute the billed figures of
        # every line again (quadratic in lines). An object, not a flag, so
        # that no client can skip the check through its context.
        if self.env.context.get('rma_defer_quantity_check') is \
                DEFER_QUANTITY_CHECK:
            return True
        # narrow: a line created in any invoice of the ERP comes here
        for rma_line in narrow_reads(self).mapped('rma_line_id'):
            if float_compare(rma_line.qty_invoiced, rma_line.qty_done,
                             precision_rounding=rma_line.product_uom.rounding
                             ) > 0:
                raise RmaValidationError(_(
                    'RMA %s, line "%s": invoices would bill %s but only %s '
                    'were shipped or received. Lower the invoiced '
                    'quantity.') % (
                    rma_line.order_id.name, rma_line.product_id.display_name,
                    rma_line.qty_invoiced, rma_line.qty_done))
