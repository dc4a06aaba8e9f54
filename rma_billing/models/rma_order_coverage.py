# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Coverage of an issue line's charge: billable, warranty (nothing while
the item is under warranty), service contract (its coverage percentage)
or goodwill (nothing, granted by an RMA Manager). The covered share is a
discount on the charge: the invoice shows the item's value and what was
waived. It is fixed with the price lock."""
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..selections import COVERAGES
from ..tools import RmaValidationError

# What the covered share depends on: changing it computes it again.
COVERAGE_INPUTS = ('coverage', 'product_id', 'lot_id', 'sale_line_id',
                   'line_type')
COVERAGE_FIELDS = ('coverage_percent', 'coverage_note', 'contract_id')


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    @api.multi
    def write(self, vals):
        res = super(RmaOrder, self).write(vals)
        if set(vals) & {'partner_id', 'date', 'company_id'}:
            self.mapped('line_ids')._update_coverage()
        return res

    def get_billing_summary(self):
        result = super(RmaOrder, self).get_billing_summary()
        lines = self.mapped('line_ids')
        by_id = {line.id: line for line in lines}
        for summary in result.values():
            for vals in summary['lines']:
                line = by_id[vals['id']]
                vals.update(coverage=line.coverage,
                            coverage_percent=line.coverage_percent,
                            fee_rule_id=line.fee_rule_id.id)
        return result


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    coverage = fields.Selection(
        COVERAGES, default='billable', required=True, index=True,
        help='Issue lines: who pays the charge. Warranty: nothing while '
             'the item is under warranty (warranty months of the product '
             'or its category, from its delivery). Service contract: the '
             "coverage of the customer's contract. Goodwill: nothing "
             '(RMA Managers only). The covered share is shown as a '
             'discount on the invoice.')
    coverage_percent = fields.Float(
        string='Covered (%)', readonly=True, copy=False,
        digits=dp.get_precision('Discount'),
        help='Share of the charge the coverage waives, fixed with the '
             'price lock.')
    coverage_note = fields.Char(
        readonly=True, copy=False,
        help='Why the charge is covered, or why not.')
    contract_id = fields.Many2one(
        'rma.service.contract', string='Service Contract', readonly=True,
        copy=False, ondelete='restrict')

    # Rules ------------------------------------------------------------------
    @api.constrains('coverage', 'line_type')
    def _check_coverage(self):
        for line in self:
            if line.coverage != 'billable' and line.line_type != 'issue':
                raise RmaValidationError(_(
                    'RMA %s, line "%s": only issue lines carry a coverage '
                    '(warranty, contract, goodwill); set it to "Billable" '
                    'on receipt lines.') % (
                    line.order_id.name, line.product_id.display_name))

    @api.model
    def _check_goodwill(self, vals, label):
        if vals.get('coverage') == 'goodwill' and not self.env.user.has_group(
                'rma_billing.group_rma_manager'):
            raise UserError(_(
                'RMA %s: only an RMA Manager can grant goodwill (charge '
                'nothing); choose another coverage or ask an RMA Manager.'
            ) % label)
        return True

    @api.multi
    def _check_write(self, vals):
        super(RmaOrderLine, self)._check_write(vals)
        for line in self:
            if line.coverage != vals.get('coverage', line.coverage):
                self._check_goodwill(vals, '%s, line "%s"' % (
                    line.order_id.name, line.product_id.display_name))
        return True

    @api.model
    def _price_locked_fields(self):
        return super(RmaOrderLine, self)._price_locked_fields() + (
            'coverage',)

    # The covered share ------------------------------------------------------
    @api.model
    def _coverage_values(self, lines):
        """{line: {coverage_percent, coverage_note, contract_id}}: the
        share of the charge the line's coverage waives, and why."""
        warranty = lines.filtered(lambda l: l.coverage == 'warranty')
        contract = lines.filtered(lambda l: l.coverage == 'contract')
        dates = warranty._rma_delivery_dates() if warranty else {}
        contracts = self.env['rma.service.contract']._find_for_lines(
            contract) if contract else {}
        result = {}
        for line in lines:
            vals = {'coverage_percent': 0.0, 'coverage_note': False,
                    'contract_id': False}
            if line.coverage == 'goodwill':
                vals.update(coverage_percent=100.0,
                            coverage_note=_('Goodwill: not charged.'))
            elif line.coverage == 'warranty':
                vals.update(line._warranty_coverage(dates.get(line)))
            elif line.coverage == 'contract':
                found = contracts[line]
                if found:
                    vals.update(
                        coverage_percent=found.coverage_percent,
                        contract_id=found.id,
                        coverage_note=_('Service contract %s covers %s %%.')
                        % (found.name, found.coverage_percent))
                else:
                    vals['coverage_note'] = _(
                        'Not covered: no service contract of %s covers %s '
                        'on %s; charged in full.') % (
                        line.order_id.commercial_partner_id.display_name,
                        line.product_id.display_name,
                        line._rma_reference_date())
            result[line] = vals
        return result

    @api.multi
    def _warranty_months(self):
        self.ensure_one()
        product = self.product_id
        return product.rma_warranty_months or \
            product.categ_id.rma_warranty_months

    @api.multi
    def _warranty_coverage(self, delivered):
        """Under warranty (100 %) while the RMA's date is at most the
        delivery date plus the warranty months (that day included)."""
        self.ensure_one()
        months = self._warranty_months()
        product = self.product_id.display_name
        if not months:
            return {'coverage_note': _(
                'Not covered: %s has no warranty (set warranty months on '
                'the product or its category); charged in full.') % product}
        if not delivered:
            return {'coverage_note': _(
                'Not covered: no delivery of %s to %s is recorded (installed '
                'base, serial or sale line), so its warranty cannot be '
                'counted; charged in full.') % (
                product, self.order_id.commercial_partner_id.display_name)}
        end = delivered + relativedelta(months=months)
        if self._rma_reference_date() > end:
            return {'coverage_note': _(
                'Not covered: delivered on %s, the %s-month warranty ended on '
                '%s; charged in full.') % (delivered, months, end)}
        return {'coverage_percent': 100.0, 'coverage_note': _(
            'Under warranty until %s (delivered on %s, %s months).') % (
            end, delivered, months)}

    @api.multi
    def _update_coverage(self):
        """Compute the covered share of these lines again, unless their
        pricing is locked. Returns True."""
        lines = self.filtered(lambda l: not l.price_locked)
        for line, vals in self._coverage_values(lines).items():
            current = {'coverage_percent': line.coverage_percent,
                       'coverage_note': line.coverage_note,
                       'contract_id': line.contract_id.id}
            if current != vals:
                # our own write, past the refusal of write() below
                super(RmaOrderLine, line).write(vals)
        return True

    @api.depends('coverage_percent')
    def _compute_amounts(self):
        return super(RmaOrderLine, self)._compute_amounts()

    @api.multi
    def _invoice_discount(self):
        """The charge's discount on the invoice: the line's discount and
        then the covered share, rounded as the invoice stores it."""
        self.ensure_one()
        if not self.coverage_percent:
            return self.discount or 0.0
        paid = (1.0 - (self.discount or 0.0) / 100.0) * \
            (1.0 - self.coverage_percent / 100.0)
        digits = dp.get_precision('Discount')(self.env.cr)[1]
        return float_round(100.0 * (1.0 - paid), precision_digits=digits)

    @api.multi
    def _net_price_unit(self):
        self.ensure_one()
        if not self.coverage_percent:
            return super(RmaOrderLine, self)._net_price_unit()
        return self.price_unit * (1.0 - self._invoice_discount() / 100.0)

    @api.multi
    def _prepare_invoice_line_vals(self, kind, qty, doc_sign):
        vals = super(RmaOrderLine, self)._prepare_invoice_line_vals(
            kind, qty, doc_sign)
        if kind == 'charge' and self.coverage_percent:
            vals['discount'] = self._invoice_discount()
            vals['name'] = '%s\n%s' % (vals['name'], self.coverage_note)
        return vals

    # Defaults and CRUD ------------------------------------------------------
    @api.model
    def _create_defaults(self, order, vals):
        defaults = super(RmaOrderLine, self)._create_defaults(order, vals)
        if vals.get('coverage', 'billable') == 'billable':
            return defaults
        self._check_goodwill(vals, _('%s, new line') % order.name)
        draft = self.new(dict(defaults, order_id=order.id, **{
            key: value for key, value in vals.items()
            if key in COVERAGE_INPUTS}))
        defaults.update(self._coverage_values(draft)[draft])
        return defaults

    @api.model
    def create(self, vals):
        given = [f for f in COVERAGE_FIELDS if f in vals]
        if given:
            raise UserError(_(
                'RMA %s, new line: %s follow the coverage; set the coverage '
                '(field coverage) instead.') % (
                self.env['rma.order'].browse(vals.get('order_id')).name,
                ', '.join(given)))
        return super(RmaOrderLine, self).create(vals)

    @api.multi
    def write(self, vals):
        given = [f for f in COVERAGE_FIELDS if f in vals]
        if given:
            raise UserError(_(
                'RMA %s: %s follow the coverage; set the coverage (field '
                'coverage) instead.') % (
                ', '.join(sorted(set(self.mapped('order_id.name')))),
                ', '.join(given)))
        res = super(RmaOrderLine, self).write(vals)
        if set(vals) & set(COVERAGE_INPUTS):
            self._update_coverage()
        return res

    @api.onchange('coverage', 'product_id', 'lot_id', 'sale_line_id')
    def _onchange_coverage(self):
        if not self.price_locked:
            self.update(self._coverage_values(self)[self])
