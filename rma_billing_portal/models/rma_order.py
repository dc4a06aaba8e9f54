# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Returns requested by customers in the portal: the Requested state, its
approval and refusal, the portal's access token and the customer e-mails
sent from the RMA's chatter at each step."""
import logging
import uuid

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.rma_billing.tools import RmaValidationError

_logger = logging.getLogger(__name__)

RMA_USER_GROUP = 'rma_billing.group_rma_user'


class RmaOrder(models.Model):
    _name = 'rma.order'
    _inherit = ['rma.order', 'portal.mixin']

    state = fields.Selection(selection_add=[('requested', 'Requested')])
    # the customer reads RMAs in the portal: internal notes stay internal
    note = fields.Text(groups='base.group_user')
    access_token = fields.Char(
        'Security Token', copy=False, default=lambda self: str(uuid.uuid4()),
        help='Opens this RMA in the portal without logging in (shared '
             'links, e-mails).')
    portal_requested = fields.Boolean(
        string='Requested in the Portal', readonly=True, copy=False,
        help='The customer asked for this return in the portal.')
    customer_comment = fields.Text(
        readonly=True, copy=False,
        help='What the customer wrote with the request.')
    refuse_reason = fields.Text(
        string='Refusal Reason', readonly=True, copy=False,
        track_visibility='onchange',
        help='Why the request was refused; shown to the customer.')
    customer_notify = fields.Boolean(
        string='E-mail the Customer', copy=False,
        track_visibility='onchange',
        help='Send the customer an e-mail at each step (approved, goods '
             'received, credited or invoiced). On for portal requests.')
    can_be_approved = fields.Boolean(compute='_compute_can_be_approved')

    @api.depends('state')
    def _compute_can_be_approved(self):
        for rma in self:
            rma.can_be_approved = not rma._get_approve_blocker()

    @api.multi
    def _compute_portal_url(self):
        res = super(RmaOrder, self)._compute_portal_url()
        for rma in self:
            rma.portal_url = '/my/rmas/%s' % rma.id
        return res

    def _init_column(self, column_name):
        """Existing RMAs each get their own token (the default would give
        them all the same one), as sale orders do."""
        if column_name != 'access_token':
            return super(RmaOrder, self)._init_column(column_name)
        self.env.cr.execute(
            "UPDATE rma_order SET access_token = md5(md5(random()::varchar "
            "|| id::varchar) || clock_timestamp()::varchar)::uuid::varchar "
            "WHERE access_token IS NULL")
        return None

    # Portal request ---------------------------------------------------------
    @api.model
    def create_portal_request(self, sale, qty_by_sale_line, reason,
                              comment='', partner=None):
        """Create the RMA a customer requests in the portal, in state
        Requested: a receipt line per sale line of ``qty_by_sale_line``
        ({sale.order.line: qty}), priced as staff-made RMAs are (the sale
        line's price, the company's restocking fee). Refuses quantities
        above what was delivered and not yet returned or requested.
        ``partner``, the contact who asks (default: the order's customer),
        gets the e-mails. Returns the new rma.order id."""
        self._check_portal_request(sale, qty_by_sale_line, reason)
        if not partner or partner.commercial_partner_id != \
                sale.partner_id.commercial_partner_id:
            partner = sale.partner_id
        lines = [(0, 0, self.env['rma.order.line']._prepare_portal_line_vals(
            sale_line, qty, reason))
            for sale_line, qty in qty_by_sale_line.items() if qty > 0]
        rma = self.create({
            'partner_id': partner.id,
            'company_id': sale.company_id.id,
            'sale_id': sale.id,
            'reason_id': reason.id,
            'state': 'requested',
            'portal_requested': True,
            'customer_notify': True,
            'customer_comment': comment or False,
            'line_ids': lines,
        })
        # a customer is never a manager: late returns are refused with the
        # message staff get (the transaction rolls the RMA back)
        rma.line_ids._check_return_window(is_manager=False)
        rma.message_subscribe(partner_ids=partner.ids)
        rma._notify_customer('rma_billing_portal.mail_template_rma_requested')
        return rma.id

    @api.model
    def _check_portal_request(self, sale, qty_by_sale_line, reason):
        if sale.state not in ('sale', 'done'):
            raise UserError(_(
                'Order %s is not confirmed: only delivered orders can be '
                'returned.') % sale.name)
        if not reason:
            raise UserError(_('Choose the reason of the return.'))
        if not any(qty > 0 for qty in qty_by_sale_line.values()):
            raise UserError(_(
                'Enter the quantity to return on at least one line.'))
        returnable = self.env['sale.order.line'].concat(
            *qty_by_sale_line)._get_rma_returnable_qty()
        for sale_line, qty in qty_by_sale_line.items():
            if sale_line.order_id != sale:
                raise UserError(_('Line %s is not a line of order %s.') % (
                    sale_line.id, sale.name))
            if qty < 0:
                raise UserError(_(
                    '"%s": the quantity cannot be negative.') % sale_line.name)
            if float_compare(qty, returnable[sale_line.id],
                             precision_rounding=sale_line.product_uom.rounding
                             ) > 0:
                raise RmaValidationError(_(
                    '"%s": you can return at most %s %s (delivered and not '
                    'returned yet), not %s.') % (
                    sale_line.name, returnable[sale_line.id],
                    sale_line.product_uom.name, qty))
        return True

    # Approval ---------------------------------------------------------------
    @api.multi
    def approve_requests(self):
        """Accept the customer's requests: the RMAs are confirmed at once, so
        the return transfer exists and the customer gets the return
        instructions. Returns True (XML-RPC)."""
        self._check_can_approve()
        self.write({'state': 'draft'})
        self.action_confirm()
        for rma in self:
            rma._notify_customer(
                'rma_billing_portal.mail_template_rma_approved')
        return True

    @api.multi
    def refuse_requests(self, reason):
        """Refuse the customer's requests, telling them ``reason``; the RMAs
        are cancelled, which frees the quantities. Returns True."""
        self._check_can_approve()
        if not (reason or '').strip():
            raise UserError(_(
                'Tell the customer why: the refusal reason is required.'))
        self.write({'state': 'cancel', 'refuse_reason': reason.strip()})
        for rma in self:
            rma._notify_customer(
                'rma_billing_portal.mail_template_rma_refused')
        return True

    @api.multi
    def action_refuse_request(self):
        self._check_can_approve()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Refuse Return Request'),
            'res_model': 'rma.request.refuse',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_rma_ids': [(6, 0, self.ids)]},
        }

    # Rules ------------------------------------------------------------------
    def _get_approve_blocker(self):
        self.ensure_one()
        if self.state != 'requested':
            return _('RMA %s is %s; only requested RMAs can be approved or '
                     'refused.') % (self.name, self._state_label())
        return ''

    def _requested_blocker(self):
        return _('RMA %s is a customer request: approve it first.') % (
            self.name)

    def _get_confirm_blocker(self):
        if self.state == 'requested':
            return self._requested_blocker()
        return super(RmaOrder, self)._get_confirm_blocker()

    def _get_process_blocker(self):
        if self.state == 'requested':
            return self._requested_blocker()
        return super(RmaOrder, self)._get_process_blocker()

    def _get_invoice_blocker(self):
        if self.state == 'requested':
            return self._requested_blocker()
        return super(RmaOrder, self)._get_invoice_blocker()

    @api.multi
    def _check_can_approve(self):
        if not self.env.user.has_group(RMA_USER_GROUP):
            raise UserError(_(
                'Only RMA users can approve or refuse return requests.'))
        return self._raise_blockers(
            rma._get_approve_blocker() for rma in self)

    # Portal access and customer e-mails -------------------------------------
    @api.multi
    def get_access_action(self, access_uid=None):
        """Customers who follow a link to the RMA land on its portal page."""
        self.ensure_one()
        # sudo: only whether that user is a portal user (share)
        user = self.env['res.users'].sudo().browse(access_uid) \
            if access_uid else self.env.user
        if user.share:
            return {
                'type': 'ir.actions.act_url',
                'url': self._get_portal_url(),
                'target': 'self',
                'res_id': self.id,
            }
        return super(RmaOrder, self).get_access_action(access_uid)

    @api.multi
    def _get_portal_url(self):
        self.ensure_one()
        # sudo: the token of this RMA, for the link sent to its customer
        return '/my/rmas/%s?access_token=%s' % (
            self.id, self.sudo().access_token)

    @api.multi
    def _notify_customer(self, template_xmlid, attachments=None):
        """Post the customer e-mail ``template_xmlid`` in the chatter of
        the RMAs that notify their customer, with ``attachments``
        (ir.attachment). Like message_post_with_template, but extra
        attachments survive the template's own, and as a comment the
        e-mail also shows in the portal's chatter."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        for rma in self.filtered('customer_notify'):
            if not template:
                continue
            composer = self.env['mail.compose.message'].with_context(
                default_composition_mode='comment', default_model=rma._name,
                default_res_id=rma.id, default_template_id=template.id,
            ).create({'message_type': 'comment'})
            values = composer.onchange_template_id(
                template.id, 'comment', rma._name, rma.id)['value']
            if attachments:
                values['attachment_ids'] = values.get(
                    'attachment_ids', []) + [(4, a.id) for a in attachments]
            composer.write(values)
            composer.send_mail()
        return True

    # Helpers for the e-mails and the portal page ----------------------------
    @api.multi
    def _portal_posted_documents(self):
        """Invoices and credit notes the customer can see (posted)."""
        self.ensure_one()
        return self.invoice_ids.filtered(
            lambda i: i.state in ('open', 'paid')).sorted('id')
