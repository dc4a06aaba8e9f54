# Copyright 2026 rma_billing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

POSTED_STATES = ('open', 'paid')


class RmaOrderLine(models.Model):
    _inherit = ['rma.order.line', 'sale.commission.mixin']
    _name = 'rma.order.line'

    agents = fields.One2many(
        comodel_name='rma.order.line.agent',
        string='Agents & commissions',
        help='Agents earning commission on this line: a charge earns it, a '
             'credit claws it back. Default: the origin sale line\'s agents, '
             'else the customer\'s. Frozen with the price; change them on '
             'the pending invoice.')
    billed_commission = fields.Monetary(
        compute='_compute_billed_commission', store=True,
        help='Commission of the posted invoices and credit notes of this '
             'line (its restocking fees included when they earn some), as '
             'the agents settle it, with the edits made on the pending '
             'invoice: positive earned, negative clawed back.')

    # Computes ---------------------------------------------------------------
    @api.depends('invoice_line_ids.agents.amount',
                 'invoice_line_ids.invoice_id.state')
    def _compute_billed_commission(self):
        for line in self:
            line.billed_commission = sum(line.invoice_line_ids.filtered(
                lambda l: l.invoice_id.state in POSTED_STATES).mapped(
                'agents.amount'))

    # Onchanges --------------------------------------------------------------
    @api.onchange('sale_line_id', 'product_id')
    def _onchange_commission_agents(self):
        # a new origin sale line brings its agents, like its price; a line
        # without one gets the customer's when it has none yet
        if self.sale_line_id or not self.agents:
            self.agents = [(5, 0, 0)] + self._prepare_agents_vals()

    # CRUD -------------------------------------------------------------------
    @api.model
    def create(self, vals):
        # onchanges do not run over XML-RPC: default the agents here too
        # (an empty (6, 0, []) is what the web client sends for "none set")
        agents = vals.get('agents', [(6, 0, [])])
        if agents and agents[0][0] == 6 and not agents[0][2]:
            vals = dict(vals, agents=self._prepare_agents_vals(vals=vals))
        return super(RmaOrderLine, self).create(vals)

    # Commission hooks -------------------------------------------------------
    def _prepare_agents_vals(self, vals=None):
        """The origin sale line's agents (none if it had none), else the
        customer's."""
        res = super(RmaOrderLine, self)._prepare_agents_vals(vals=vals)
        if self:
            sale_line, partner = self.sale_line_id, self.order_id.partner_id
        else:
            # exists(): an unknown id gets rma_billing's own message later
            sale_line = self.env['sale.order.line'].browse(
                vals.get('sale_line_id')).exists()
            partner = self.env['rma.order'].browse(
                vals.get('order_id')).exists().partner_id
        if sale_line:
            return res + [(0, 0, {'agent': a.agent.id,
                                  'commission': a.commission.id})
                          for a in sale_line.agents]
        return res + self._prepare_agents_vals_partner(partner)

    @api.multi
    def _prepare_invoice_agents_vals(self, kind):
        """Agents of an invoice line of ``kind`` billing this line: the
        line's agents, restocking fees only when the company pays
        commission on them."""
        self.ensure_one()
        if kind == 'fee' and not self.company_id.rma_commission_on_fee:
            return []
        return [(0, 0, {'agent': a.agent.id, 'commission': a.commission.id})
                for a in self.agents]

    # Price lock -------------------------------------------------------------
    @api.model
    def _price_locked_fields(self):
        return super(RmaOrderLine, self)._price_locked_fields() + ('agents',)

    @api.multi
    def _price_field_changes(self, name, value):
        if name != 'agents':
            return super(RmaOrderLine, self)._price_field_changes(name, value)
        # the generic comparison sees one2many ids only, not an edited
        # commission on an existing agent line: read the commands
        current = set(self.agents.ids)
        for command in value or []:
            code = command[0]
            if code == 4 and command[1] in current or \
                    code == 5 and not current or \
                    code == 6 and set(command[2]) == current:
                continue
            if code == 1 and not self.agents.browse(
                    command[1])._changed_by(command[2]):
                continue
            return True
        return False

    @api.multi
    def _check_agents_unlocked(self):
        """Agent lines edited directly obey the price lock too."""
        return self._check_price_lock({'agents': [(0, 0, {})]})

    # Invoicing --------------------------------------------------------------
    @api.multi
    def _prepare_rma_invoice_line_vals(self, kind, product, vals):
        vals = super(RmaOrderLine, self)._prepare_rma_invoice_line_vals(
            kind, product, vals)
        # explicit, even empty: an invoice line created without agents
        # would get the customer's
        vals['agents'] = self._prepare_invoice_agents_vals(kind)
        return vals
