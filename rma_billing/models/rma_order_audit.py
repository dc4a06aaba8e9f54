# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The audit trail: who changed an RMA's terms and its lines' prices, fees
and quantities, and who allowed a credit above the price paid. Odoo 11's
mail.thread tracks a record's own fields only, so a line's tracked changes
are posted on its RMA, with the same tracking values."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

# Line fields whose changes are logged on the RMA.
TRACKED_LINE_FIELDS = ('line_type', 'product_uom_qty', 'price_unit',
                       'discount', 'tax_ids', 'restocking_fee_mode',
                       'restocking_fee_value', 'credit_override_user_id')
OVERRIDE_FIELDS = ('credit_override_user_id', 'credit_override_date')
# Context value of the audit's own writes: an object, so that no client
# (XML-RPC context) can pass it to stamp an override or skip the audit.
AUDIT_WRITE = object()


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    # the commercial terms that set prices and taxes
    pricelist_id = fields.Many2one(track_visibility='onchange')
    fiscal_position_id = fields.Many2one(track_visibility='onchange')
    payment_term_id = fields.Many2one(track_visibility='onchange')
    warehouse_id = fields.Many2one(track_visibility='onchange')


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    credit_override_user_id = fields.Many2one(
        'res.users', string='Credit Above Paid Allowed By', readonly=True,
        copy=False,
        help='The RMA Manager who saved a credit per unit above what the '
             'customer paid on the origin sale line (set by the server).')
    credit_override_date = fields.Datetime(
        string='Credit Above Paid Allowed On', readonly=True, copy=False)

    @api.model
    def create(self, vals):
        self._check_override_vals(vals)
        line = super(RmaOrderLine, self).create(vals)
        line._stamp_credit_override()
        return line

    @api.multi
    def write(self, vals):
        self._check_override_vals(vals)
        context = self.env.context
        track = not context.get('tracking_disable') and \
            context.get('rma_audit_in_write') is not AUDIT_WRITE and any(
                name in vals for name in TRACKED_LINE_FIELDS)
        initial = self._audit_values() if track else {}
        res = super(RmaOrderLine, self).write(vals)
        if {'price_unit', 'discount', 'sale_line_id', 'line_type',
                'product_uom'} & set(vals):
            # tracked with this write's changes, in one message
            self.with_context(rma_audit_in_write=AUDIT_WRITE)\
                ._stamp_credit_override()
        if track:
            self._post_line_tracking(initial)
        return res

    # Credit override --------------------------------------------------------
    @api.model
    def _check_override_vals(self, vals):
        if self.env.context.get('rma_credit_override_stamp') is AUDIT_WRITE:
            return True
        given = [name for name in OVERRIDE_FIELDS if name in vals]
        if given:
            raise UserError(_(
                'Fields %s are set by the server when an RMA Manager saves '
                'a credit above the price paid; do not send them.') %
                ', '.join(given))
        return True

    @api.multi
    def _sold_net_price_unit(self):
        """What the customer paid per unit of this line's unit on the
        origin sale line, after discount (None without one)."""
        self.ensure_one()
        sale_line = self.sale_line_id
        if not sale_line:
            return None
        sold = sale_line.price_unit * (1 - sale_line.discount / 100.0)
        return sale_line.product_uom._compute_price(sold, self.product_uom)

    @api.multi
    def _is_credit_above_paid(self):
        self.ensure_one()
        if self.line_type != 'receipt' or not self.sale_line_id:
            return False
        return float_compare(
            self._net_price_unit(), self._sold_net_price_unit(),
            precision_digits=self.currency_id.decimal_places) > 0

    @api.multi
    def _stamp_credit_override(self):
        """Record who allowed a credit above the price paid (only an RMA
        Manager gets past _check_credit_price) and when; clear it once the
        credit is back within the price paid."""
        allowed = self.filtered(lambda l: l._is_credit_above_paid())
        stamp = self.with_context(rma_credit_override_stamp=AUDIT_WRITE)
        new = stamp.browse(allowed.ids).filtered(
            lambda l: l.credit_override_user_id != self.env.user)
        if new:
            new.write({'credit_override_user_id': self.env.user.id,
                       'credit_override_date': fields.Datetime.now()})
        cleared = stamp.browse((self - allowed).ids).filtered(
            'credit_override_user_id')
        if cleared:
            cleared.write(dict.fromkeys(OVERRIDE_FIELDS, False))
        return True

    # Tracking on the RMA ----------------------------------------------------
    @api.multi
    def _audit_values(self):
        return {line.id: {name: line[name] for name in TRACKED_LINE_FIELDS}
                for line in self}

    @api.multi
    def _post_line_tracking(self, initial):
        """One note per changed line on its RMA, carrying Odoo's tracking
        values (old -> new, author and date on the message)."""
        Tracking = self.env['mail.tracking.value']
        infos = self.fields_get(list(TRACKED_LINE_FIELDS))
        for line in self:
            values = []
            for name in TRACKED_LINE_FIELDS:
                old, new = initial[line.id][name], line[name]
                if old == new or not (old or new):
                    continue
                info = infos[name]
                if info['type'] == 'many2many':
                    # Odoo's tracking has no many2many: their names as text
                    vals = {'field': name, 'field_desc': info['string'],
                            'field_type': 'char',
                            'old_value_char': ', '.join(old.mapped('name')),
                            'new_value_char': ', '.join(new.mapped('name'))}
                else:
                    vals = Tracking.create_tracking_values(old, new, name,
                                                           info)
                if vals:
                    values.append((0, 0, vals))
            if values:
                line.order_id.message_post(
                    body=_('Line "%s" changed.') % (
                        line.product_id.display_name),
                    subtype='mail.mt_note', tracking_value_ids=values)
        return True
