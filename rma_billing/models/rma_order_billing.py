# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Billing of an RMA: what is billable (processed, not billed yet), the
billed figures derived from the invoice lines, and create_invoices, which
bills it in net or separate mode. Prices, the price lock and the
restocking fee are in rma_order_pricing.py."""
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from ..selections import INVOICE_STATUS
from ..tools import (chunked, count_by, narrow_reads,
                     plan_for_growing_tables, window_action)
from .account_invoice import DEFER_QUANTITY_CHECK


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    invoice_ids = fields.One2many(
        'account.invoice', 'rma_id', string='Invoices', readonly=True,
        copy=False)
    invoice_count = fields.Integer(compute='_compute_invoice_count')
    invoice_status = fields.Selection(
        INVOICE_STATUS, compute='_compute_invoice_status', store=True,
        index=True)
    auto_invoice = fields.Boolean(
        string='Bill Automatically', track_visibility='onchange',
        default=lambda self: self.env['res.company']._company_default_get(
            'rma.order').rma_auto_invoice,
        help='Create the pending invoice or credit note as soon as something '
             'becomes billable (goods shipped or received, services at '
             'confirmation). Defaults from the company.')

    @api.multi
    def _compute_invoice_count(self):
        counts = count_by(self.env['account.invoice'], 'rma_id', self.ids)
        for rma in self:
            rma.invoice_count = counts.get(rma.id, 0)

    @api.depends('line_ids.invoice_status')
    def _compute_invoice_status(self):
        for rma in self:
            statuses = set(narrow_reads(rma.line_ids).mapped(
                'invoice_status'))
            if 'to invoice' in statuses:
                rma.invoice_status = 'to invoice'
            elif statuses == {'invoiced'}:
                rma.invoice_status = 'invoiced'
            else:
                rma.invoice_status = 'no'

    # Public API -------------------------------------------------------------
    @api.multi
    def create_invoices(self):
        """Bill what was shipped or received and is not billed yet, for
        all these RMAs at once: in net mode one document per RMA (a credit
        note when credits win), in separate mode an invoice for issues and
        a credit note for receipts. Returns the new account.invoice ids
        ([] when there is nothing to bill)."""
        self._check_can_invoice()
        self._lock_rows()
        plan_for_growing_tables(self.env.cr)
        invoice_ids = []
        for chunk in chunked(self):
            invoice_ids += chunk._create_invoices()
        return invoice_ids

    @api.multi
    def _create_invoices(self):
        """create_invoices for a chunk of checked, locked RMAs."""
        Invoice = self.env['account.invoice']
        journals = {}
        documents = []
        for rma in self:
            company = rma.company_id
            if company not in journals:
                journals[company] = rma._get_sale_journal()
            for doc_type, lines in rma._get_invoice_groups():
                documents.append(rma._prepare_invoice_vals(
                    doc_type, lines, journals[company]))
        # Odoo 11's create() takes one dict: one call per document, its
        # lines inline (it computes the document's taxes itself). The RMA
        # lines' billed figures, which every invoice line touches, are
        # computed once per document, not after each of its lines (nor
        # once for all documents: pending figures are then recomputed on
        # every read, quadratic in documents); the quantities are checked
        # once for all lines.
        creator = Invoice.with_context(
            rma_defer_quantity_check=DEFER_QUANTITY_CHECK)
        invoices = Invoice
        for vals in documents:
            with self.env.norecompute():
                invoices |= creator.create(vals)
            self.recompute()
        if invoices:
            invoices.mapped('invoice_line_ids')._check_rma_quantity()
            self._update_state()
        return invoices.ids

    # Hands-off billing ------------------------------------------------------
    @api.multi
    def action_confirm(self):
        res = super(RmaOrder, self).action_confirm()
        self._auto_invoice()  # services are billable once confirmed
        return res

    @api.multi
    def process_all(self):
        res = super(RmaOrder, self).process_all()
        self._auto_invoice()
        return res

    @api.multi
    def _auto_invoice(self):
        """Bill what became billable on the RMAs that bill automatically,
        in the caller's transaction (create_invoices never bills twice),
        and post what their company posts by itself. Returns the new
        invoice ids."""
        rmas = self.filtered(lambda r: r.auto_invoice and r.can_be_invoiced)
        if not rmas:
            return []
        invoices = self.env['account.invoice'].browse(rmas.create_invoices())
        invoices._rma_auto_post()
        return invoices.ids

    # Actions ----------------------------------------------------------------
    @api.multi
    def action_create_invoices(self):
        """Button and list action: bill what moved, show the documents."""
        invoice_ids = self.create_invoices()
        if not invoice_ids:
            raise UserError(self._nothing_to_invoice_message())
        return self.env['account.invoice'].browse(
            invoice_ids)._rma_window_action()

    @api.multi
    def action_view_invoices(self):
        self.ensure_one()
        return self.invoice_ids._rma_window_action()

    @api.multi
    def action_view_journal_items(self):
        """Every journal item of these RMAs: stock valuation and invoices."""
        action = window_action(self.env, 'account.action_account_moves_all_a',
                               [('rma_id', 'in', self.ids)])
        action['views'] = [
            (self.env.ref('rma_billing.account_move_line_view_tree_rma').id,
             'tree'), (False, 'pivot'), (False, 'form')]
        return action

    # Billing helpers --------------------------------------------------------
    @api.multi
    def _nothing_to_invoice_message(self):
        reasons = []
        for rma in self:
            if not any(line.qty_done for line in rma.line_ids):
                why = _('nothing was shipped or received yet; process the '
                        'goods first')
            else:
                why = _('everything shipped or received is already on an '
                        'invoice or credit note')
            reasons.append('%s: %s' % (rma.name, why))
        return _('Nothing to invoice.\n%s') % '\n'.join(reasons)

    @api.multi
    def _cancel_pending_documents(self):
        self.mapped('invoice_ids').filtered(
            lambda i: i.state == 'draft').action_invoice_cancel()
        return True

    @api.multi
    def _get_invoice_groups(self):
        """[(document type, lines)] to bill now for this RMA. A document is
        an invoice when what it bills, taxes included, is owed by the
        customer, else a credit note: never a negative total."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda l: l.qty_to_invoice > 0)
        if not lines:
            return []
        issues = lines.filtered(lambda l: l.line_type == 'issue')
        receipts = lines - issues
        if self.billing_mode == 'separate':
            # issues: an invoice; receipts: a credit note unless the taxed
            # fees outweigh the credits
            groups = [(issues, None), (receipts, 'out_refund')]
        else:
            groups = [(lines, 'out_invoice')]
        precision = self.currency_id.decimal_places
        result = []
        for group, when_zero in groups:
            if not group:
                continue
            if when_zero is None:
                result.append(('out_invoice', group))
                continue
            owed = float_compare(
                sum(line._taxed_owed() for line in group), 0.0,
                precision_digits=precision)
            result.append((when_zero if owed == 0 else 'out_invoice'
                           if owed > 0 else 'out_refund', group))
        return result

    @api.multi
    def _get_sale_journal(self):
        """The company's sales journal (Odoo's own default for invoices)."""
        self.ensure_one()
        journal = self.env['account.invoice'].with_context(
            type='out_invoice', company_id=self.company_id.id,
            default_journal_id=False)._default_journal()
        if not journal:
            raise UserError(_(
                'Company %s has no sales journal: create one in Invoicing > '
                'Configuration > Journals.') % self.company_id.name)
        return journal

    @api.multi
    def _prepare_invoice_vals(self, doc_type, lines, journal):
        """A customer invoice or credit note of this RMA with one line per
        charge, credit and restocking fee of ``lines``."""
        self.ensure_one()
        partner = self.partner_invoice_id.with_context(
            force_company=self.company_id.id)
        receivable = partner.property_account_receivable_id
        if not receivable:
            raise UserError(_(
                'RMA %s: bill-to %s has no receivable account; set one on '
                'the customer (Invoicing tab).') % (
                self.name, partner.display_name))
        doc_sign = -1 if doc_type == 'out_refund' else 1
        line_vals = []
        for line in lines:
            qty = line.qty_to_invoice
            kind = 'charge' if line.line_type == 'issue' else 'credit'
            line_vals.append(line._prepare_invoice_line_vals(
                kind, qty, doc_sign))
            if kind == 'credit' and line._fee_price_unit():
                line_vals.append(line._prepare_fee_invoice_line_vals(
                    qty, doc_sign))
        return {
            'type': doc_type,
            'rma_id': self.id,
            'origin': self.name,
            'name': self.client_ref or self.name,
            'partner_id': partner.id,
            'partner_shipping_id': self.partner_shipping_id.id,
            'account_id': self.fiscal_position_id.map_account(
                receivable).id,
            'journal_id': journal.id,
            'currency_id': self.currency_id.id,
            'company_id': self.company_id.id,
            'user_id': self.user_id.id,
            'payment_term_id': self.payment_term_id.id,
            'fiscal_position_id': self.fiscal_position_id.id,
            'comment': self.note,
            'invoice_line_ids': [(0, 0, vals) for vals in line_vals],
        }


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    @api.multi
    def process_quantity(self, qty):
        res = super(RmaOrderLine, self).process_quantity(qty)
        self.mapped('order_id')._auto_invoice()
        return res

    invoice_line_ids = fields.One2many(
        'account.invoice.line', 'rma_line_id', string='Invoice Lines',
        readonly=True, copy=False)
    qty_invoiced = fields.Float(
        compute='_compute_invoiced', store=True,
        digits=dp.get_precision('Product Unit of Measure'),
        help='Quantity on draft or posted invoices and credit notes '
             '(cancelled ones excluded).')
    qty_to_invoice = fields.Float(
        compute='_compute_invoiced', store=True,
        digits=dp.get_precision('Product Unit of Measure'),
        help='Processed but not yet billed: processed - invoiced.')
    invoice_status = fields.Selection(
        INVOICE_STATUS, compute='_compute_invoiced', store=True)
    billed_amount = fields.Monetary(
        compute='_compute_invoiced', store=True,
        help='What the invoices bill for this line, as the customer sees '
             'it: positive for a charge, negative for a credit (restocking '
             'fee apart).')
    billed_price_unit = fields.Float(
        compute='_compute_invoiced', store=True,
        digits=dp.get_precision('Product Price'),
        help='Net unit price actually billed, including edits made on the '
             'pending invoice.')
    billed_total = fields.Monetary(
        compute='_compute_invoiced', store=True,
        help='The billed amount, taxes included.')
    billed_fee_amount = fields.Monetary(
        compute='_compute_invoiced', store=True,
        help='Restocking fee billed so far (untaxed).')
    billed_fee_total = fields.Monetary(
        compute='_compute_invoiced', store=True,
        help='Restocking fee billed so far, taxes included.')

    @api.depends('invoice_line_ids.quantity',
                 'invoice_line_ids.price_subtotal',
                 'invoice_line_ids.price_total',
                 'invoice_line_ids.rma_line_kind',
                 'invoice_line_ids.invoice_id.state',
                 'invoice_line_ids.invoice_id.type',
                 'qty_done', 'qty_open')
    def _compute_invoiced(self):
        for line in self:
            qty = billed = total = fee = fee_total = 0.0
            for inv_line in line.invoice_line_ids:
                invoice = inv_line.invoice_id
                if invoice.state == 'cancel':
                    continue
                # customer's view: what they owe is positive
                doc_sign = -1 if invoice.type == 'out_refund' else 1
                amount = inv_line.price_subtotal * doc_sign
                if inv_line.rma_line_kind == 'fee':
                    fee += amount
                    fee_total += inv_line.price_total * doc_sign
                    continue
                kind_sign = -1 if inv_line.rma_line_kind == 'credit' else 1
                qty += inv_line.uom_id._compute_quantity(
                    inv_line.quantity, line.product_uom,
                    round=False) * doc_sign * kind_sign
                billed += amount
                total += inv_line.price_total * doc_sign
            line.qty_invoiced = qty
            line.qty_to_invoice = line.qty_done - qty
            line.billed_amount = billed
            line.billed_total = total
            line.billed_fee_amount = fee
            line.billed_fee_total = fee_total
            line.billed_price_unit = abs(billed) / qty if qty else 0.0
            rounding = line.product_uom.rounding or 0.01
            if float_compare(line.qty_to_invoice, 0.0,
                             precision_rounding=rounding) > 0:
                line.invoice_status = 'to invoice'
            elif qty and float_is_zero(line.qty_open,
                                       precision_rounding=rounding):
                line.invoice_status = 'invoiced'
            else:
                line.invoice_status = 'no'

    # Invoice lines ----------------------------------------------------------
    @api.multi
    def _taxed_owed(self):
        """What billing this line's quantity to invoice adds to the
        customer's debt, taxes included (a credit: negative)."""
        self.ensure_one()
        qty = self.qty_to_invoice
        goods = self._amounts(self._net_price_unit(), self._invoice_taxes(),
                              qty)[1]
        if self.line_type == 'issue':
            return goods
        return self._amounts(self._fee_price_unit(), self._fee_taxes(),
                             qty)[1] - goods

    @api.multi
    def _invoice_sign(self, kind, doc_sign):
        """Sign of an invoice line quantity: charges and fees raise what
        the customer owes, credits lower it; a credit note flips all."""
        return (-1 if kind == 'credit' else 1) * doc_sign

    @api.multi
    def _prepare_invoice_line_vals(self, kind, qty, doc_sign):
        """Invoice line of ``kind`` (charge or credit) for ``qty`` of this
        RMA line, taxes mapped by the fiscal position."""
        self.ensure_one()
        order = self.order_id
        return self._prepare_rma_invoice_line_vals(kind, self.product_id, {
            'name': '%s: %s' % (
                _('Issued') if kind == 'charge' else _('Returned (credit)'),
                self.name or self.product_id.display_name),
            'quantity': qty * self._invoice_sign(kind, doc_sign),
            'uom_id': self.product_uom.id,
            'price_unit': self.price_unit,
            'discount': self.discount,
            'invoice_line_tax_ids': [(6, 0, order.fiscal_position_id.map_tax(
                self.tax_ids, self.product_id, order.partner_invoice_id).ids)],
        })

    @api.multi
    def _prepare_rma_invoice_line_vals(self, kind, product, vals):
        """``vals`` of an invoice line of ``kind`` billing ``product`` for
        this RMA line, completed with what every such line carries: the
        link back, the product and its account."""
        self.ensure_one()
        return dict(vals, **{
            'rma_line_id': self.id,
            'rma_line_kind': kind,
            'sequence': self.sequence,
            'product_id': product.id,
            'account_id': self._get_invoice_account(product, kind).id,
        })

    @api.multi
    def _get_invoice_account(self, product, kind):
        """Income account of the product (or its category) through the
        fiscal position, or the category's sales returns account for
        credits; a clear error when none is set."""
        self.ensure_one()
        order = self.order_id
        company = order.company_id
        fpos = order.fiscal_position_id
        returns_account = product.categ_id.with_context(
            force_company=company.id).rma_sales_returns_account_id
        if kind == 'credit' and returns_account:
            return fpos.map_account(returns_account)
        account = self.env['account.invoice.line'].get_invoice_line_account(
            'out_invoice', product.with_context(force_company=company.id),
            fpos, company)
        if not account:
            raise UserError(_(
                'RMA %s: no income account for product "%s" (category "%s"). '
                'Set an income account on the product or its category.') % (
                order.name, product.display_name, product.categ_id.name))
        return account
