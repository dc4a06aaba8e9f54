# Copyright 2026 rma_billing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class RmaOrderLineAgent(models.Model):
    _inherit = 'sale.commission.line.mixin'
    _name = 'rma.order.line.agent'
    _description = 'Agent and commission of an RMA line'

    object_id = fields.Many2one(
        comodel_name='rma.order.line', string='RMA Line', index=True)
    currency_id = fields.Many2one(
        related='object_id.currency_id', readonly=True)

    @api.depends('object_id.price_subtotal', 'object_id.line_type',
                 'object_id.product_uom_qty', 'commission')
    def _compute_amount(self):
        """Expected commission of the whole line: earned on an issue,
        clawed back (negative) on a receipt. Computed on the positive
        amount, so net-amount and section commissions apply as on sales."""
        for agent_line in self:
            line = agent_line.object_id
            amount = agent_line._get_commission_amount(
                agent_line.commission, line.price_subtotal, line.product_id,
                line.product_uom_qty) or 0.0
            agent_line.amount = -amount if line.line_type == 'receipt' \
                else amount

    @api.model
    def create(self, vals):
        self.env['rma.order.line'].browse(
            vals.get('object_id'))._check_agents_unlocked()
        return super(RmaOrderLineAgent, self).create(vals)

    @api.multi
    def write(self, vals):
        # the web client resends unchanged values: only changes are refused
        changed = self.filtered(lambda a: a._changed_by(vals))
        lines = changed.mapped('object_id')
        if changed and vals.get('object_id'):
            lines |= lines.browse(vals['object_id'])
        lines._check_agents_unlocked()
        return super(RmaOrderLineAgent, self).write(vals)

    @api.multi
    def unlink(self):
        self.mapped('object_id')._check_agents_unlocked()
        return super(RmaOrderLineAgent, self).unlink()

    @api.multi
    def _changed_by(self, vals):
        """Whether writing ``vals`` would change this agent line."""
        self.ensure_one()
        return any(
            self._fields[name].convert_to_cache(value, self) !=
            self._fields[name].convert_to_cache(self[name], self)
            for name, value in vals.items() if name in self._fields)
