# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The RMA: its parties and terms, lines, state machine and the rules that
gate each step. Stock (pickings, processing) is in rma_order_stock.py,
billing in rma_order_billing.py, prices in rma_order_pricing.py, the
external reference's uniqueness in rma_order_client_ref.py."""
import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..selections import BILLING_MODES
from ..tools import (RmaValidationError, check_input_values, chunked,
                     narrow_reads)


class RmaOrder(models.Model):
    _name = 'rma.order'
    _description = 'Return Merchandise Authorization'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date desc, id desc'

    # Identification ---------------------------------------------------------
    name = fields.Char(
        string='Reference', required=True, copy=False, readonly=True,
        index=True, default='/')
    client_ref = fields.Char(
        string='External Reference', copy=False, index=True,
        track_visibility='onchange',
        help="The integrator's or the customer's own reference. Unique per "
             "company, so a client that retries a create can find the RMA "
             "it already made.")
    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now,
        states={'draft': [('readonly', False)]}, copy=False)
    state = fields.Selection([
        ('draft', 'Draft'),
        ('confirmed', 'Confirmed'),
        ('done', 'Done'),
        ('cancel', 'Cancelled'),
    ], default='draft', required=True, readonly=True, copy=False,
        index=True, track_visibility='onchange')

    # Parties ----------------------------------------------------------------
    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True,
        readonly=True, states={'draft': [('readonly', False)]},
        track_visibility='onchange')
    commercial_partner_id = fields.Many2one(
        related='partner_id.commercial_partner_id', store=True, readonly=True)
    partner_invoice_id = fields.Many2one(
        'res.partner', string='Bill-to Address', required=True,
        readonly=True, states={'draft': [('readonly', False)]},
        help='Invoices and credit notes of this RMA are addressed here.')
    partner_shipping_id = fields.Many2one(
        'res.partner', string='Ship-to Address', required=True,
        readonly=True, states={'draft': [('readonly', False)]},
        help='Replacements are shipped to, and returns collected from, '
             'this address.')
    user_id = fields.Many2one(
        'res.users', string='Salesperson', index=True,
        default=lambda self: self.env.user, track_visibility='onchange')
    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        states={'draft': [('readonly', False)]},
        default=lambda self: self.env['res.company']._company_default_get(
            'rma.order'))

    # Commercial terms -------------------------------------------------------
    warehouse_id = fields.Many2one(
        'stock.warehouse', required=True, readonly=True,
        states={'draft': [('readonly', False)]},
        default=lambda self: self._default_warehouse_id())
    pricelist_id = fields.Many2one(
        'product.pricelist', readonly=True,
        states={'draft': [('readonly', False)]},
        help='Prices of lines without an origin sale line come from here.')
    currency_id = fields.Many2one(
        'res.currency', compute='_compute_currency_id', store=True,
        readonly=True)
    fiscal_position_id = fields.Many2one(
        'account.fiscal.position', readonly=True,
        states={'draft': [('readonly', False)]})
    payment_term_id = fields.Many2one(
        'account.payment.term', readonly=True,
        states={'draft': [('readonly', False)]})
    sale_id = fields.Many2one(
        'sale.order', string='Origin Sale Order', index=True, readonly=True,
        states={'draft': [('readonly', False)]},
        domain="[('partner_id.commercial_partner_id', '=', "
               "commercial_partner_id), ('state', 'in', ('sale', 'done'))]")
    reason_id = fields.Many2one(
        'rma.reason', string='Return Reason', track_visibility='onchange')
    billing_mode = fields.Selection(
        BILLING_MODES, required=True, readonly=True,
        states={'draft': [('readonly', False)],
                'confirmed': [('readonly', False)]},
        track_visibility='onchange',
        help='Net: issues and receipts on one document, a credit note when '
             'credits win. Separate: an invoice for the issues and a credit '
             'note for the receipts. Defaults from the customer, then the '
             'company.')
    advance_exchange = fields.Boolean(
        readonly=True, states={'draft': [('readonly', False)]},
        track_visibility='onchange',
        help='Ship the replacements before the returned goods arrive. '
             'Without it, issue lines wait until every receipt line is '
             'received.')
    note = fields.Text(string='Notes')

    line_ids = fields.One2many(
        'rma.order.line', 'order_id', string='Lines', copy=True,
        readonly=True, states={'draft': [('readonly', False)],
                               'confirmed': [('readonly', False)]})

    # Rules: each flag drives its button and gates its server method; the
    # matching _get_*_blocker says why not, and _check_* raises it.
    can_be_confirmed = fields.Boolean(compute='_compute_can_be')
    can_be_processed = fields.Boolean(
        compute='_compute_can_be',
        help='Confirmed, with goods still to ship or receive.')
    can_be_invoiced = fields.Boolean(
        compute='_compute_can_be',
        help='Confirmed or done, with shipped or received goods not billed '
             'yet.')
    can_be_cancelled = fields.Boolean(compute='_compute_can_be')
    can_be_reset = fields.Boolean(compute='_compute_can_be')

    _sql_constraints = [
        ('name_company_uniq', 'unique (name, company_id)',
         'The RMA reference must be unique per company.'),
        ('client_ref_company_uniq', 'unique (client_ref, company_id)',
         'Another RMA of this company already has this external reference.'),
    ]

    # Defaults and computes --------------------------------------------------
    @api.model
    def _default_warehouse_id(self):
        company = self.env['res.company']._company_default_get('rma.order')
        return self.env['stock.warehouse'].search(
            [('company_id', '=', company.id)], limit=1)

    @api.depends('pricelist_id.currency_id', 'company_id.currency_id')
    def _compute_currency_id(self):
        for rma in self:
            rma.currency_id = (rma.pricelist_id.currency_id
                               or rma.company_id.currency_id)

    @api.depends('state', 'line_ids', 'line_ids.qty_open',
                 'line_ids.qty_to_invoice')
    def _compute_can_be(self):
        is_manager = self.env.user.has_group('rma_billing.group_rma_manager')
        for rma in self:
            rma.can_be_confirmed = not rma._get_confirm_blocker()
            rma.can_be_processed = not rma._get_process_blocker() and any(
                line.qty_open > 0 and not line._is_charge_only()
                for line in rma.line_ids)
            rma.can_be_invoiced = not rma._get_invoice_blocker() and any(
                line.qty_to_invoice > 0 for line in rma.line_ids)
            rma.can_be_cancelled = not rma._get_cancel_blocker(is_manager)
            rma.can_be_reset = not rma._get_reset_blocker()

    # Constraints and onchanges ----------------------------------------------
    @api.constrains('company_id', 'warehouse_id', 'sale_id', 'partner_id')
    def _check_company(self):
        # sudo: the other company's records are invisible to the user, who
        # must get this message rather than an access error
        for rma in self.sudo():
            if rma.warehouse_id.company_id != rma.company_id:
                raise RmaValidationError(_(
                    'RMA %s: warehouse %s belongs to another company; choose '
                    'a warehouse of %s.') % (
                    rma.name, rma.warehouse_id.name, rma.company_id.name))
            if rma.sale_id and rma.sale_id.company_id != rma.company_id:
                raise RmaValidationError(_(
                    'RMA %s: sale order %s belongs to another company.') % (
                    rma.name, rma.sale_id.name))
            partner_company = rma.partner_id.company_id
            if partner_company and partner_company != rma.company_id:
                raise RmaValidationError(_(
                    'RMA %s: customer %s belongs to company %s; use a '
                    'customer of %s.') % (
                    rma.name, rma.partner_id.display_name,
                    partner_company.name, rma.company_id.name))

    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        if self.partner_id:
            self.update(self._partner_defaults(self.partner_id,
                                               self.company_id))

    @api.onchange('sale_id')
    def _onchange_sale_id(self):
        if self.sale_id:
            self.update(dict(self._sale_defaults(self.sale_id),
                             partner_id=self.sale_id.partner_id.id))

    # Defaults shared by onchanges and create (XML-RPC runs no onchange) -----
    @api.model
    def _sale_defaults(self, sale):
        """Values an RMA takes from its origin sale order."""
        return {
            'partner_invoice_id': sale.partner_invoice_id.id,
            'partner_shipping_id': sale.partner_shipping_id.id,
            'user_id': sale.user_id.id,
            'pricelist_id': sale.pricelist_id.id,
            'payment_term_id': sale.payment_term_id.id,
            'fiscal_position_id': sale.fiscal_position_id.id,
            'warehouse_id': sale.warehouse_id.id,
        }

    @api.model
    def _partner_defaults(self, partner, company):
        """Values an RMA takes from its customer."""
        company = company or self.env.user.company_id
        addr = partner.address_get(['invoice', 'delivery'])
        commercial = partner.commercial_partner_id
        return {
            'partner_invoice_id': addr['invoice'],
            'partner_shipping_id': addr['delivery'],
            'pricelist_id': commercial.property_product_pricelist.id,
            'payment_term_id': commercial.property_payment_term_id.id,
            'fiscal_position_id': self.env[
                'account.fiscal.position'].with_context(
                force_company=company.id).get_fiscal_position(
                partner.id, addr['delivery']),
            'billing_mode': (commercial.rma_billing_mode
                             or company.rma_billing_mode or 'net'),
            'advance_exchange': company.rma_advance_exchange,
        }

    # CRUD -------------------------------------------------------------------
    @api.model
    def _own_vals(self, vals):
        """A copy of ``vals`` and of its inline line values: this create
        and Odoo's (which sets order_id in each line's dict) change them,
        and Odoo replays the caller's very arguments when it retries a
        call after a serialisation conflict."""
        vals = dict(vals)
        if isinstance(vals.get('line_ids'), (list, tuple)):
            vals['line_ids'] = [
                tuple(command[:2]) + (dict(command[2]),) +
                tuple(command[3:])
                if isinstance(command, (list, tuple)) and len(command) > 2
                and isinstance(command[2], dict) else command
                for command in vals['line_ids']]
        return vals

    @api.model
    def create(self, vals):
        vals = self._own_vals(vals)
        if not vals.get('partner_id'):
            raise UserError(_(
                'An RMA needs a customer: set the Customer (partner_id).'))
        partner = self.env['res.partner'].browse(vals['partner_id'])
        if not partner.exists():
            raise UserError(_(
                'An RMA needs an existing customer: partner_id %s does not '
                'exist.') % vals['partner_id'])
        check_input_values(self, vals, lambda: _('New RMA'))
        company = self.env['res.company'].browse(
            vals.get('company_id')) if vals.get('company_id') else \
            self.env['res.company']._company_default_get('rma.order')
        self._check_new_lines(vals.get('line_ids'), company,
                              lambda index: _('New RMA, line %s') % index)
        # '' and None are "no reference" (SQL lets many NULLs coexist)
        vals['client_ref'] = vals.get('client_ref') or False
        self._check_client_ref_free(vals['client_ref'], company)
        defaults = self._partner_defaults(partner, company)
        if vals.get('sale_id'):
            defaults.update(self._sale_defaults(
                self.env['sale.order'].browse(vals['sale_id'])))
        for key, value in defaults.items():
            if key not in vals and value:
                vals[key] = value
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].with_context(
                force_company=company.id).next_by_code('rma.order') or '/'
        guard = self._client_ref_race_guard([(vals['client_ref'], company)])
        try:
            return super(RmaOrder, self).create(vals)
        except psycopg2.IntegrityError as error:
            # a concurrent create took the reference after the check above
            self._raise_client_ref_race(error, guard)
            raise

    @api.model
    def _check_new_lines(self, commands, companies, label):
        """Check the lines created inline, (0, 0, vals) in ``commands``,
        before their RMA is created or written: a refusal then names "New
        RMA, line <n>" rather than the number the RMA would have had, and
        comes before any other addon's line defaults read a bad id.
        ``label(n)`` names the n-th command."""
        Line = self.env['rma.order.line']
        for index, command in enumerate(commands or [], 1):
            if isinstance(command, (list, tuple)) and len(command) > 2 and \
                    command[0] == 0 and isinstance(command[2], dict):
                check_input_values(Line, command[2],
                                   lambda index=index: label(index),
                                   companies=companies)
        return True

    @api.multi
    def write(self, vals):
        def names():
            return ', '.join(self.mapped('name'))
        vals = self._own_vals(vals)
        check_input_values(self, vals, lambda: _('RMA %s') % names())
        if vals.get('line_ids'):
            self._check_new_lines(
                vals['line_ids'], self.env['res.company'].browse(
                    vals['company_id']) if vals.get('company_id')
                else self.mapped('company_id'),
                lambda index: _('RMA %s, new line') % names())
        refs = []
        if 'client_ref' in vals or 'company_id' in vals:
            if 'client_ref' in vals:
                vals = dict(vals, client_ref=vals['client_ref'] or False)
            for rma in self:
                ref = vals.get('client_ref', rma.client_ref)
                if ref and len(self) > 1 and 'client_ref' in vals:
                    raise UserError(_(
                        'External reference %s can belong to one RMA only; '
                        'write it on a single RMA.') % ref)
                company = self.env['res.company'].browse(
                    vals['company_id']) if vals.get('company_id') \
                    else rma.company_id
                rma._check_client_ref_free(ref, company, exclude=rma)
                refs.append((ref, company))
        guard = self._client_ref_race_guard(refs)
        try:
            return super(RmaOrder, self).write(vals)
        except psycopg2.IntegrityError as error:
            # a concurrent transaction took the reference after the check
            self._raise_client_ref_race(error, guard, exclude=self)
            raise

    @api.multi
    def unlink(self):
        if any(rma.state not in ('draft', 'cancel') for rma in self):
            raise UserError(_(
                'Only draft or cancelled RMAs can be deleted; cancel %s '
                'first.') % ', '.join(self.filtered(
                    lambda r: r.state not in ('draft', 'cancel')
                ).mapped('name')))
        return super(RmaOrder, self).unlink()

    # Actions (thin UI wrappers) ---------------------------------------------
    @api.multi
    def action_confirm(self):
        """Check the lines, create the transfers, confirm."""
        self._check_can_confirm()
        self._launch_stock()
        # a chunk at a time: the state change recomputes the lines' stored
        # figures and tracks the RMAs, which read them all at once otherwise
        for chunk in chunked(self):
            chunk.write({'state': 'confirmed'})
        return True

    @api.multi
    def action_cancel(self):
        """Cancel what did not move and the pending documents."""
        self._check_can_cancel()
        self._cancel_stock()
        self._cancel_pending_documents()
        self.write({'state': 'cancel'})
        return True

    @api.multi
    def action_draft(self):
        self._check_can_reset()
        self.write({'state': 'draft'})
        return True

    # State machine ----------------------------------------------------------
    @api.multi
    def _lock_rows(self):
        """Serialise billing and processing of the same RMAs: a second
        concurrent call waits, then fails on the changed rows and is retried
        by Odoo against the committed state, so nothing is billed twice."""
        if self.ids:
            self.env.cr.execute(
                'SELECT id FROM rma_order WHERE id IN %s FOR UPDATE',
                (tuple(self.ids),))
        return True

    @api.multi
    def _update_state(self):
        """Close the RMAs whose work is over (every line processed and
        billed); reopen the done ones that have something to bill again
        (their pending invoice was cancelled or deleted)."""
        closing = self.filtered(
            lambda r: r.state == 'confirmed' and r._is_complete())
        reopening = self.filtered(
            lambda r: r.state == 'done' and not r._is_complete())
        # Between confirmed and done no quantity changes (both count as
        # agreed): spare the lines' quantities, and all that depends on
        # them, a recomputation per state change.
        Line = self.env['rma.order.line']
        quantities = [Line._fields['qty_done'], Line._fields['qty_open']]
        with self.env.protecting(quantities,
                                 (closing | reopening).mapped('line_ids')):
            closing.write({'state': 'done'})
            reopening.write({'state': 'confirmed'})
        return True

    @api.multi
    def _is_complete(self):
        self.ensure_one()
        return all(line.qty_open <= 0 and line.qty_to_invoice <= 0
                   for line in narrow_reads(self.line_ids))
