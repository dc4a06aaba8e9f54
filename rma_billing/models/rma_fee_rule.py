# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Restocking-fee rules: ordered conditions on a return (company, reason,
product, customer, days since delivery) giving its fee; the first rule
that matches wins, else the category's or company's default. The line
shows the rule; a fee typed by hand is an override, told on the RMA."""
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp

from ..selections import FEE_MODES, REASON_CATEGORIES, RETURN_CONDITIONS
from ..tools import RmaValidationError

# What a rule looks at on a return line: changing it matches again.
RULE_INPUTS = ('line_type', 'product_id', 'lot_id', 'sale_line_id',
               'reason_id', 'condition')
FEE_FIELDS = ('restocking_fee_mode', 'restocking_fee_value')
# Context value of the rules' own writes: an object, so that no client
# (XML-RPC context) can pass it.
RULE_WRITE = object()


class RmaFeeRule(models.Model):
    _name = 'rma.fee.rule'
    _description = 'RMA Restocking Fee Rule'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help='Rules are tried in this order; the first that '
                         'matches gives the fee.')
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', string='Company', index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'rma.fee.rule'),
        help='Empty: every company.')
    # Conditions: an empty one matches everything.
    reason_ids = fields.Many2many(
        'rma.reason', string='Return Reasons',
        help="The line's reason, else the RMA's.")
    reason_category = fields.Selection(
        REASON_CATEGORIES,
        help="Category of the line's reason, else of the RMA's.")
    condition = fields.Selection(
        RETURN_CONDITIONS, string='Condition of the Goods',
        help='As recorded on the return line. Recorded after the goods '
             'arrived, it gives the fee as long as nothing of the line is '
             'billed yet.')
    product_ids = fields.Many2many('product.product', string='Products')
    categ_ids = fields.Many2many(
        'product.category', string='Product Categories',
        help='Their sub-categories included.')
    partner_ids = fields.Many2many(
        'res.partner', string='Customers',
        help='Companies: their contacts and addresses included.')
    partner_category_ids = fields.Many2many(
        'res.partner.category', string='Customer Tags',
        help='A tag of the customer or of its company.')
    days_from = fields.Integer(
        string='Delivered at Least (days)',
        help='Matches returns delivered this many days or more before the '
             "RMA's date (inclusive).")
    days_to = fields.Integer(
        string='Delivered at Most (days)',
        help='Matches returns delivered this many days or less before the '
             "RMA's date (inclusive); 0: no upper limit. With either limit "
             'set, a return whose delivery is unknown does not match.')
    # Result
    fee_mode = fields.Selection(
        FEE_MODES, string='Restocking Fee', required=True, default='percent')
    fee_value = fields.Float(
        string='Fee Rate / Amount', digits=dp.get_precision('Product Price'),
        help="Percentage (15 for 15 %) or amount per returned unit, in the "
             "company's currency (converted at the RMA's date).")
    note = fields.Text()

    @api.constrains('fee_mode', 'fee_value', 'days_from', 'days_to')
    def _check_result(self):
        for rule in self:
            if rule.fee_mode == 'percent' and \
                    not 0.0 <= rule.fee_value <= 100.0:
                raise RmaValidationError(_(
                    'Fee rule "%s": a percentage must be between 0 and 100 '
                    '(got %s).') % (rule.name, rule.fee_value))
            if rule.fee_mode == 'fixed' and rule.fee_value < 0:
                raise RmaValidationError(_(
                    'Fee rule "%s": a fixed fee cannot be negative (got '
                    '%s).') % (rule.name, rule.fee_value))
            if rule.days_from < 0 or rule.days_to < 0 or (
                    rule.days_to and rule.days_to < rule.days_from):
                raise RmaValidationError(_(
                    'Fee rule "%s": days since delivery go from %s to %s; '
                    'use limits of 0 or more, the upper one (0: none) not '
                    'below the lower one.') % (
                    rule.name, rule.days_from, rule.days_to))

    # Matching ---------------------------------------------------------------
    @api.model
    def _match_lines(self, lines):
        """{line: first matching rule (or an empty recordset)} for these
        return lines: the rules are read once for the batch and tried in
        memory."""
        companies = lines.mapped('order_id.company_id')
        # sudo: the rules of these lines' companies, read to price them
        # (any RMA user's returns follow them, readable or not)
        rules = self.sudo().search([
            '|', ('company_id', '=', False),
            ('company_id', 'in', companies.ids)])
        dates = lines._rma_delivery_dates() if rules.filtered(
            lambda r: r.days_from or r.days_to) else {}
        result = {}
        for line in lines:
            facts = line._fee_rule_facts(dates.get(line))
            result[line] = next(
                (rule for rule in rules if rule._matches(facts)),
                self.browse())
        return result

    @api.multi
    def _matches(self, facts):
        """Whether this rule applies to a return described by ``facts``
        (see rma.order.line._fee_rule_facts)."""
        self.ensure_one()
        if self.company_id and self.company_id != facts['company']:
            return False
        if self.reason_ids and facts['reason'] not in self.reason_ids:
            return False
        if self.reason_category and \
                self.reason_category != facts['reason_category']:
            return False
        if self.condition and self.condition != facts['condition']:
            return False
        if self.product_ids and facts['product'] not in self.product_ids:
            return False
        if self.categ_ids and not set(self.categ_ids.ids) & \
                facts['categories']:
            return False
        if self.partner_ids and not set(self.partner_ids.ids) & \
                facts['partners']:
            return False
        if self.partner_category_ids and not set(
                self.partner_category_ids.ids) & facts['tags']:
            return False
        if self.days_from or self.days_to:
            days = facts['days']
            if days is None or days < self.days_from or (
                    self.days_to and days > self.days_to):
                return False
        return True

    @api.multi
    def _fee_values(self, order):
        """The line values this rule gives on ``order``."""
        self.ensure_one()
        value = self.fee_value
        if self.fee_mode == 'fixed':
            value = order._to_rma_currency(value)
        elif self.fee_mode == 'none':
            value = 0.0
        return {'fee_rule_id': self.id, 'restocking_fee_mode': self.fee_mode,
                'restocking_fee_value': value}


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    @api.multi
    def write(self, vals):
        res = super(RmaOrder, self).write(vals)
        if set(vals) & {'reason_id', 'partner_id', 'date'}:
            self.mapped('line_ids')._apply_fee_rules()
        return res


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    fee_rule_id = fields.Many2one(
        'rma.fee.rule', string='Fee Rule', readonly=True, copy=False,
        ondelete='set null',
        help='The rule that gave this return its restocking fee (empty: '
             "the category's or company's default).")
    fee_overridden = fields.Boolean(
        string='Fee Set by Hand', readonly=True, copy=False,
        help='The restocking fee differs from what the rules give; rules '
             'no longer change it.')

    @api.multi
    def _fee_rule_facts(self, delivered):
        """What the fee rules look at on this line."""
        self.ensure_one()
        order = self.order_id
        partner = order.partner_id
        categories, categ = set(), self.product_id.categ_id
        while categ:
            categories.add(categ.id)
            categ = categ.parent_id
        reason = self._rma_reason()
        return {
            'company': order.company_id,
            'reason': reason,
            'reason_category': reason.category,
            'condition': self.condition,
            'product': self.product_id,
            'categories': categories,
            'partners': {partner.id, partner.commercial_partner_id.id},
            'tags': set((partner.category_id |
                         partner.commercial_partner_id.category_id).ids),
            'days': self._days_since(delivered),
        }

    @api.model
    def _fee_rule_values(self, lines):
        """{line: fee values} for these lines: the first matching rule's,
        else the category's or company's default (no rule)."""
        returns = lines.filtered(
            lambda l: l.line_type == 'receipt' and l.product_id)
        matched = self.env['rma.fee.rule']._match_lines(returns)
        result = {}
        for line in returns:
            rule = matched[line]
            if rule:
                result[line] = rule._fee_values(line.order_id)
            else:
                result[line] = dict(self._restocking_fee_defaults(
                    line.order_id, line.product_id), fee_rule_id=False)
        return result

    @api.multi
    def _apply_fee_rules(self, inspected=False):
        """Give these lines the fee of the rules, unless it was set by
        hand or the pricing is locked; ``inspected`` (the condition of the
        goods was recorded): also received lines with nothing billed yet,
        since their fee is billed only from now on. Returns True."""
        lines = self.filtered(
            lambda l: not l.fee_overridden and (not l.price_locked or (
                inspected and not l.invoice_line_ids.filtered(
                    lambda i: i.invoice_id.state != 'cancel'))))
        Line = self.with_context(rma_fee_rule_write=RULE_WRITE)
        for line, vals in self._fee_rule_values(lines).items():
            current = {'fee_rule_id': line.fee_rule_id.id,
                       'restocking_fee_mode': line.restocking_fee_mode,
                       'restocking_fee_value': line.restocking_fee_value}
            if current != vals:
                # the rules' own write: neither tracked nor an override
                super(RmaOrderLine, Line.browse(line.id)).write(vals)
        return True

    @api.multi
    def _check_price_lock(self, vals):
        if self.env.context.get('rma_fee_rule_write') is RULE_WRITE:
            vals = {key: value for key, value in vals.items()
                    if key not in FEE_FIELDS + ('fee_rule_id',)}
        return super(RmaOrderLine, self)._check_price_lock(vals)

    @api.multi
    def _differs_from_rules(self, vals):
        self.ensure_one()
        precision = dp.get_precision('Product Price')(self.env.cr)[1]
        return vals['restocking_fee_mode'] != self.restocking_fee_mode or \
            round(vals['restocking_fee_value'] - self.restocking_fee_value,
                  precision) != 0.0

    # Defaults, onchange, tracking -------------------------------------------
    @api.model
    def _create_defaults(self, order, vals):
        defaults = super(RmaOrderLine, self)._create_defaults(order, vals)
        if vals.get('line_type', 'receipt') != 'receipt':
            return defaults
        draft = self.new(dict(defaults, order_id=order.id, **{
            key: value for key, value in vals.items()
            if key in RULE_INPUTS + FEE_FIELDS}))
        rule_vals = self._fee_rule_values(draft).get(draft)
        if not rule_vals:
            return defaults
        if 'restocking_fee_mode' in vals:
            # typed with the line: an override when the rules say otherwise
            defaults['fee_rule_id'] = rule_vals['fee_rule_id']
            defaults['fee_overridden'] = draft._differs_from_rules(rule_vals)
        else:
            defaults.update(rule_vals)
        return defaults

    @api.onchange('line_type', 'product_id', 'reason_id', 'lot_id',
                  'sale_line_id', 'condition')
    def _onchange_line_type_fee(self):
        res = super(RmaOrderLine, self)._onchange_line_type_fee()
        if self.line_type == 'receipt' and self.product_id and \
                not self.fee_overridden and not self.price_locked:
            self.update(self._fee_rule_values(self).get(self, {}))
        return res

    @api.model
    def _price_locked_fields(self):
        return super(RmaOrderLine, self)._price_locked_fields() + (
            'fee_rule_id',)

    @api.multi
    def write(self, vals):
        if not set(vals) & set(FEE_FIELDS + RULE_INPUTS):
            return super(RmaOrderLine, self).write(vals)
        before = {line: line._fee_label() for line in self}
        res = super(RmaOrderLine, self).write(vals)
        if set(vals) & set(FEE_FIELDS):
            self._track_fee_override(before)
        else:
            self._apply_fee_rules(inspected='condition' in vals)
        return res

    @api.multi
    def _track_fee_override(self, before):
        """A fee typed by hand: flag it when the rules say otherwise and
        tell it on the RMA's chatter."""
        returns = self.filtered(lambda l: l.line_type == 'receipt')
        rule_values = self._fee_rule_values(returns)
        for line in returns:
            old, new = before[line], line._fee_label()
            overridden = line._differs_from_rules(rule_values[line])
            flags = {'fee_overridden': overridden,
                     'fee_rule_id': rule_values[line]['fee_rule_id']}
            if flags != {'fee_overridden': line.fee_overridden,
                         'fee_rule_id': line.fee_rule_id.id}:
                super(RmaOrderLine, line.with_context(
                    rma_fee_rule_write=RULE_WRITE)).write(flags)
            if old == new:
                continue
            rule = self.env['rma.fee.rule'].browse(
                rule_values[line]['fee_rule_id'])
            line.order_id.message_post(body=_(
                'Restocking fee of line "%s" changed by %s: %s → %s (%s).'
            ) % (line.product_id.display_name, self.env.user.name, old, new,
                 (_('overrides rule "%s"') if overridden
                  else _('as rule "%s"')) % rule.name if rule else (
                     _('overrides the default') if overridden
                     else _('the default'))))
        return True

    @api.multi
    def _fee_label(self):
        self.ensure_one()
        if self.restocking_fee_mode == 'percent':
            return '%s %%' % self.restocking_fee_value
        if self.restocking_fee_mode == 'fixed':
            return _('%s per unit') % self.restocking_fee_value
        return _('no fee')
