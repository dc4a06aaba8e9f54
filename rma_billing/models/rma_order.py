# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..tools import RmaValidationError, check_input_values
from .rma_order_line import INVOICE_STATUS

BILLING_MODES = [
    ('net', 'Net (one document)'),
    ('separate', 'Separate invoice and credit note'),
]


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

    # Lines and documents ----------------------------------------------------
    line_ids = fields.One2many(
        'rma.order.line', 'order_id', string='Lines', copy=True,
        readonly=True, states={'draft': [('readonly', False)],
                               'confirmed': [('readonly', False)]})
    procurement_group_id = fields.Many2one(
        'procurement.group', readonly=True, copy=False)
    picking_ids = fields.One2many(
        'stock.picking', 'rma_id', string='Transfers', readonly=True)
    picking_count = fields.Integer(compute='_compute_picking_count')
    invoice_ids = fields.One2many(
        'account.invoice', 'rma_id', string='Invoices', readonly=True,
        copy=False)
    invoice_count = fields.Integer(compute='_compute_invoice_count')
    invoice_status = fields.Selection(
        INVOICE_STATUS, compute='_compute_invoice_status', store=True,
        index=True)

    # Totals (untaxed) -------------------------------------------------------
    amount_charge = fields.Monetary(
        string='Charges', compute='_compute_amounts', store=True,
        help='Issued goods, charged to the customer.')
    amount_credit = fields.Monetary(
        string='Credits', compute='_compute_amounts', store=True,
        help='Returned goods, credited to the customer.')
    amount_restocking_fee = fields.Monetary(
        string='Restocking Fees', compute='_compute_amounts', store=True)
    amount_net = fields.Monetary(
        string='Net Amount', compute='_compute_amounts', store=True,
        help='Charges - credits + restocking fees. Negative: the customer '
             'gets a credit note.')
    can_ship_issues = fields.Boolean(
        compute='_compute_can_ship_issues',
        help='Issues may ship: advance exchange, or every receipt received.')

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

    @api.multi
    def _compute_picking_count(self):
        data = self.env['stock.picking'].read_group(
            [('rma_id', 'in', self.ids)], ['rma_id'], ['rma_id'])
        counts = {d['rma_id'][0]: d['rma_id_count'] for d in data}
        for rma in self:
            rma.picking_count = counts.get(rma.id, 0)

    @api.multi
    def _compute_invoice_count(self):
        data = self.env['account.invoice'].read_group(
            [('rma_id', 'in', self.ids)], ['rma_id'], ['rma_id'])
        counts = {d['rma_id'][0]: d['rma_id_count'] for d in data}
        for rma in self:
            rma.invoice_count = counts.get(rma.id, 0)

    @api.depends('line_ids.invoice_status')
    def _compute_invoice_status(self):
        for rma in self:
            statuses = set(rma.line_ids.mapped('invoice_status'))
            if 'to invoice' in statuses:
                rma.invoice_status = 'to invoice'
            elif statuses == {'invoiced'}:
                rma.invoice_status = 'invoiced'
            else:
                rma.invoice_status = 'no'

    @api.depends('line_ids.price_subtotal', 'line_ids.line_type',
                 'line_ids.restocking_fee_amount')
    def _compute_amounts(self):
        for rma in self:
            charge = credit = fee = 0.0
            for line in rma.line_ids:
                if line.line_type == 'issue':
                    charge += line.price_subtotal
                else:
                    credit += line.price_subtotal
                    fee += line.restocking_fee_amount
            rma.amount_charge = charge
            rma.amount_credit = credit
            rma.amount_restocking_fee = fee
            rma.amount_net = charge - credit + fee

    @api.depends('advance_exchange', 'line_ids.qty_done',
                 'line_ids.product_uom_qty', 'line_ids.line_type')
    def _compute_can_ship_issues(self):
        for rma in self:
            receipts = rma.line_ids.filtered(
                lambda l: l.line_type == 'receipt')
            rma.can_ship_issues = rma.advance_exchange or all(
                line.qty_open <= 0 for line in receipts)

    # Constraints and onchanges ----------------------------------------------
    @api.model
    def _check_client_ref_free(self, client_ref, company, exclude=None):
        """External references are unique per company (also an SQL
        constraint, whose message would reach XML-RPC clients as a
        traceback): say which RMA holds it, so a retrying client knows it
        already succeeded."""
        if not client_ref:
            return True
        domain = [('client_ref', '=', client_ref),
                  ('company_id', '=', company.id)]
        if exclude:
            domain.append(('id', 'not in', exclude.ids))
        holder = self.sudo().search(domain, limit=1)
        if holder:
            raise UserError(_(
                'External reference %s is already used by %s (id %s) of '
                'company %s; search rma.order by client_ref before creating '
                'or retrying.') % (
                client_ref, holder.name, holder.id, company.name))
        return True

    @api.constrains('company_id', 'warehouse_id', 'sale_id', 'partner_id')
    def _check_company(self):
        # sudo: the other company's records are invisible to the user
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
        """Values an RMA takes from its customer (also used by create, since
        onchanges do not run over XML-RPC)."""
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
    def create(self, vals):
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
        return super(RmaOrder, self).create(vals)

    @api.multi
    def write(self, vals):
        check_input_values(self, vals, lambda: _('RMA %s') % ', '.join(
            self.mapped('name')))
        if 'client_ref' in vals or 'company_id' in vals:
            if 'client_ref' in vals:
                vals = dict(vals, client_ref=vals['client_ref'] or False)
            for rma in self:
                ref = vals.get('client_ref', rma.client_ref)
                if ref and len(self) > 1 and 'client_ref' in vals:
                    raise UserError(_(
                        'External reference %s can belong to one RMA only; '
                        'write it on a single RMA.') % ref)
                rma._check_client_ref_free(
                    ref, self.env['res.company'].browse(
                        vals['company_id']) if vals.get('company_id')
                    else rma.company_id, exclude=rma)
        return super(RmaOrder, self).write(vals)

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
        self._check_can_confirm()
        self._create_pickings()
        self.write({'state': 'confirmed'})
        return True

    @api.multi
    def action_cancel(self):
        self._check_can_cancel()
        moves = self.mapped('line_ids.move_ids').filtered(
            lambda m: m.state not in ('done', 'cancel'))
        moves._action_cancel()
        self._cancel_pending_documents()
        self.write({'state': 'cancel'})
        return True

    @api.multi
    def action_draft(self):
        if any(rma.state != 'cancel' for rma in self):
            raise UserError(_('Only cancelled RMAs can be reset to draft.'))
        if self.mapped('line_ids.move_ids').filtered(
                lambda m: m.state == 'done'):
            raise UserError(_(
                'Goods of these RMAs already moved; create a new RMA '
                'instead of resetting this one.'))
        self.write({'state': 'draft'})
        return True

    @api.multi
    def process_all(self):
        """Ship or receive every open quantity of these RMAs now. Receipts
        go first, so issues that wait for them can follow in the same
        call. Returns True (XML-RPC)."""
        self._check_can_process()
        lines = self.mapped('line_ids').filtered(lambda l: l.qty_open > 0)
        receipts = lines.filtered(lambda l: l.line_type == 'receipt')
        issues = lines - receipts
        if receipts:
            receipts._process({line: line.qty_open for line in receipts})
        if issues:
            issues._process({line: line.qty_open for line in issues})
        return True

    @api.multi
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
                    'residual': invoice.residual,
                } for invoice in rma.invoice_ids.sorted('id')],
            }
        return result

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
        action = self.env.ref('account.action_account_moves_all_a').read()[0]
        action['domain'] = [('rma_id', 'in', self.ids)]
        action['context'] = {}
        action['views'] = [
            (self.env.ref('rma_billing.account_move_line_view_tree_rma').id,
             'tree'), (False, 'pivot'), (False, 'form')]
        return action

    @api.multi
    def action_view_pickings(self):
        self.ensure_one()
        action = self.env.ref('stock.action_picking_tree_all').read()[0]
        action['domain'] = [('rma_id', 'in', self.ids)]
        action['context'] = {'default_rma_id': self.id}
        if len(self.picking_ids) == 1:
            action['views'] = [(self.env.ref('stock.view_picking_form').id,
                                'form')]
            action['res_id'] = self.picking_ids.id
        return action

    # Validation helpers -----------------------------------------------------
    @api.multi
    def _check_can_confirm(self):
        for rma in self:
            if rma.state != 'draft':
                raise UserError(_(
                    'RMA %s is %s; only draft RMAs can be confirmed.') % (
                    rma.name, rma._state_label()))
            if not rma.line_ids:
                raise UserError(_(
                    'RMA %s has no lines: add at least one issue or receipt '
                    'line before confirming.') % rma.name)
            rma.line_ids._check_processable_product()
        self.mapped('line_ids')._check_installed_base()

    @api.multi
    def _check_can_process(self):
        for rma in self:
            if rma.state != 'confirmed':
                raise UserError(_(
                    'RMA %s is %s; only confirmed RMAs can ship or receive '
                    'goods.') % (rma.name, rma._state_label()))

    @api.multi
    def _check_can_invoice(self):
        for rma in self:
            if rma.state not in ('confirmed', 'done'):
                raise UserError(_(
                    'RMA %s is %s; only confirmed or done RMAs can be '
                    'invoiced.') % (rma.name, rma._state_label()))
        return True

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
    def _check_can_cancel(self):
        is_manager = self.env.user.has_group('rma_billing.group_rma_manager')
        for rma in self:
            if rma.state == 'cancel':
                raise UserError(_('RMA %s is already cancelled.') % rma.name)
            if rma.state == 'done' and not is_manager:
                raise UserError(_(
                    'RMA %s is done; only an RMA Manager can cancel it.')
                    % rma.name)

    def _waiting_receipts_message(self):
        self.ensure_one()
        waiting = self.line_ids.filtered(
            lambda l: l.line_type == 'receipt' and l.qty_open > 0)
        return _(
            'RMA %s ships its replacements only after the return arrives: '
            '%s still to receive. Receive the returned goods first, or tick '
            'Advance Exchange on the RMA.') % (
            self.name, ', '.join(waiting.mapped('product_id.display_name')))

    def _state_label(self):
        return dict(self._fields['state']._description_selection(
            self.env))[self.state]

    # Stock ------------------------------------------------------------------
    @api.multi
    def _get_return_location(self):
        self.ensure_one()
        return (self.company_id.rma_return_location_id
                or self.warehouse_id.lot_stock_id)

    @api.multi
    def _prepare_procurement_group_vals(self):
        self.ensure_one()
        return {'name': self.name, 'partner_id': self.partner_shipping_id.id,
                'move_type': 'direct'}

    @api.multi
    def _prepare_picking_vals(self, line_type, lines):
        """One picking per RMA and direction: issues leave the warehouse
        stock for the customer, receipts come back to the return
        location."""
        self.ensure_one()
        customer_location = self.partner_shipping_id.property_stock_customer
        if line_type == 'issue':
            picking_type = self.warehouse_id.out_type_id
            location, location_dest = (self.warehouse_id.lot_stock_id,
                                       customer_location)
        else:
            picking_type = self.warehouse_id.in_type_id
            location, location_dest = (customer_location,
                                       self._get_return_location())
        vals = {
            'rma_id': self.id,
            'origin': self.name,
            'partner_id': self.partner_shipping_id.id,
            'company_id': self.company_id.id,
            'picking_type_id': picking_type.id,
            'location_id': location.id,
            'location_dest_id': location_dest.id,
            'move_type': 'direct',
        }
        vals['move_lines'] = [
            (0, 0, line._prepare_stock_move_vals(vals)) for line in lines]
        return vals

    @api.multi
    def _create_pickings(self):
        """Create, in one go, the delivery and receipt pickings of these
        RMAs, with a move per line linked back through rma_line_id. (Odoo
        11's create() takes one dict: one call per picking, moves inline.)"""
        picking_vals = []
        for rma in self:
            rma.procurement_group_id = self.env['procurement.group'].create(
                rma._prepare_procurement_group_vals())
            by_type = OrderedDict((('receipt', []), ('issue', [])))
            for line in rma.line_ids.filtered(
                    lambda l: not l._is_charge_only()):
                by_type[line.line_type].append(line)
            for line_type, lines in by_type.items():
                if lines:
                    picking_vals.append(rma._prepare_picking_vals(
                        line_type, self.env['rma.order.line'].concat(*lines)))
        Picking = self.env['stock.picking']
        pickings = Picking.concat(*[Picking.create(v) for v in picking_vals])
        if pickings:
            pickings.action_confirm()
            # reserves stock for issues; receipts from customers need none
            pickings.action_assign()
        return pickings

    @api.multi
    def _update_state(self):
        """Close RMAs whose work is over (see _is_complete), reopen those
        that have something to bill again."""
        self.filtered(
            lambda r: r.state == 'confirmed' and r._is_complete()
        ).write({'state': 'done'})
        self._reopen_incomplete()
        return True

    @api.multi
    def _is_complete(self):
        """Every line fully processed and billed."""
        self.ensure_one()
        return all(line.qty_open <= 0 and line.qty_to_invoice <= 0
                   for line in self.line_ids)

    @api.multi
    def _reopen_incomplete(self):
        """A done RMA whose pending invoice got cancelled has something to
        bill again."""
        self.filtered(
            lambda r: r.state == 'done' and not r._is_complete()
        ).write({'state': 'confirmed'})
        return True

    @api.multi
    def _cancel_pending_documents(self):
        self.mapped('invoice_ids').filtered(
            lambda i: i.state == 'draft').action_invoice_cancel()
        return True

    # Billing ----------------------------------------------------------------
    @api.multi
    def create_invoices(self):
        """Bill what was shipped or received and is not billed yet, for
        all these RMAs at once: in net mode one document per RMA (a credit
        note when credits win), in separate mode an invoice for issues and
        a credit note for receipts. Returns the new account.invoice ids
        ([] when there is nothing to bill)."""
        self._check_can_invoice()
        self._lock_rows()
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
        # lines inline; taxes are then computed once for all documents.
        invoices = Invoice.concat(*[Invoice.create(v) for v in documents])
        if invoices:
            invoices.compute_taxes()
            self._update_state()
        return invoices.ids

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
    def _get_invoice_groups(self):
        """[(document type, lines)] to bill now for this RMA."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda l: l.qty_to_invoice > 0)
        if not lines:
            return []
        issues = lines.filtered(lambda l: l.line_type == 'issue')
        receipts = lines - issues
        if self.billing_mode == 'separate':
            return [(t, ls) for t, ls in (('out_invoice', issues),
                                          ('out_refund', receipts)) if ls]
        net = sum(
            line.qty_to_invoice * (line._net_price_unit() if line in issues
                                   else line._fee_price_unit() -
                                   line._net_price_unit())
            for line in lines)
        precision = self.currency_id.decimal_places
        doc_type = 'out_invoice' if float_compare(
            net, 0.0, precision_digits=precision) >= 0 else 'out_refund'
        return [(doc_type, lines)]

    @api.multi
    def _get_sale_journal(self):
        self.ensure_one()
        journal = self.env['account.journal'].search([
            ('type', '=', 'sale'), ('company_id', '=', self.company_id.id)],
            limit=1)
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
                line_vals.append(line._prepare_invoice_line_vals(
                    'fee', qty, doc_sign))
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
