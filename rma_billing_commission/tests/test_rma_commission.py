# Copyright 2026 rma_billing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import _, fields
from odoo.exceptions import UserError

from odoo.addons.rma_billing.tests.common import RmaCase


class RmaCommissionCase(RmaCase):
    """A sale of 1,000 (5 x 200) at 10 % earns 100; the RMA credits 400 of
    it (2 returned) and charges a 150 replacement."""

    @classmethod
    def setUpClass(cls):
        super(RmaCommissionCase, cls).setUpClass()
        Commission = cls.env['sale.commission']
        cls.commission_10 = Commission.create({
            'name': '10 %', 'commission_type': 'fixed', 'fix_qty': 10.0})
        cls.commission_20 = Commission.create({
            'name': '20 %', 'commission_type': 'fixed', 'fix_qty': 20.0})
        cls.agent = cls._create_agent('Agent Smith', cls.commission_10)
        cls.agent_2 = cls._create_agent('Agent Jones', cls.commission_20)
        cls.customer.agents = [(6, 0, cls.agent.ids)]
        cls.fee_product = cls.company._rma_restocking_fee_product()
        cls.fee_product.taxes_id = [(6, 0, [])]

    @classmethod
    def _create_agent(cls, name, commission):
        return cls.env['res.partner'].create({
            'name': name, 'agent': True, 'supplier': True, 'customer': False,
            'commission': commission.id, 'settlement': 'monthly'})

    def _posted_sale(self, product=None, qty=5.0, price=200.0, agents=None):
        """A delivered sale, invoiced and posted; ``agents`` [(agent,
        commission)] on its line, else the customer's."""
        line = {'product_id': (product or self.product_a).id,
                'product_uom_qty': qty, 'price_unit': price,
                'tax_id': [(6, 0, [])]}
        if agents is not None:
            line['agents'] = [(0, 0, {'agent': a.id, 'commission': c.id})
                              for a, c in agents]
        sale = self.env['sale.order'].create({
            'partner_id': self.customer.id, 'order_line': [(0, 0, line)]})
        sale.action_confirm()
        self._validate_picking(sale.picking_ids)
        invoice = self.env['account.invoice'].browse(
            sale.action_invoice_create())
        invoice.action_invoice_open()
        return sale

    def _billed_rma(self, sale, mode='net', charge=150.0, **receipt):
        """The RMA of the example, processed and billed (drafts)."""
        rma = self._create_confirm([
            self._line('receipt', self.product_a, 2.0,
                       sale_line_id=sale.order_line.id, **receipt),
            self._line('issue', self.product_b, 1.0, price_unit=charge)],
            billing_mode=mode)
        rma.process_all()
        invoices = self.env['account.invoice'].browse(rma.create_invoices())
        return rma, invoices

    def _settle(self, agent=None):
        """Run OCA's settle wizard up to next month; the agent's total."""
        agent = agent or self.agent
        self.env['sale.commission.make.settle'].create({
            'date_to': fields.Date.to_string(
                date.today() + relativedelta(months=1)),
            'agents': [(6, 0, agent.ids)],
        }).action_settle()
        settlements = self.env['sale.commission.settlement'].search(
            [('agent', '=', agent.id)])
        return sum(settlements.mapped('total'))

    def _agent_amounts(self, invoice):
        """(kind, quantity, agent commission) per invoice line."""
        return sorted((line.rma_line_kind, line.quantity, sum(
            line.agents.mapped('amount'))) for line in invoice.invoice_line_ids)

    @staticmethod
    def _agents(line):
        return [(a.agent, a.commission) for a in line.agents]


class TestRmaCommission(RmaCommissionCase):

    def test_defaults_from_sale_line_else_customer(self):
        sale = self._posted_sale(agents=[(self.agent_2, self.commission_20)])
        rma = self._create_rma([
            self._line('receipt', self.product_a, 2.0,
                       sale_line_id=sale.order_line.id),
            self._line('issue', self.product_b, 1.0, price_unit=150.0)])
        self.assertEqual(self._agents(self._receipt(rma)),
                         [(self.agent_2, self.commission_20)])
        self.assertEqual(self._agents(self._issue(rma)),
                         [(self.agent, self.commission_10)])
        # expected commission: a credit claws back, a charge earns
        self.assertEqual(self._receipt(rma).agents.amount, -80.0)
        self.assertEqual(self._issue(rma).agents.amount, 15.0)
        self.assertEqual(self._receipt(rma).commission_status,
                         '1 commission agent')
        # explicit agents win; explicitly none stays none
        rma.write({'line_ids': [
            self._line('issue', self.product_b, 1.0, agents=[(0, 0, {
                'agent': self.agent_2.id,
                'commission': self.commission_10.id})]),
            self._line('issue', self.product_a, 1.0, agents=[])]})
        self.assertEqual(self._agents(rma.line_ids[2]),
                         [(self.agent_2, self.commission_10)])
        self.assertFalse(rma.line_ids[3].agents)

    def test_onchange_agents(self):
        sale = self._posted_sale(agents=[(self.agent_2, self.commission_20)])
        rma = self._create_rma([])
        line = self.env['rma.order.line'].new({
            'order_id': rma.id, 'line_type': 'issue',
            'product_id': self.product_b.id})
        line._onchange_commission_agents()
        self.assertEqual(line.agents.mapped('agent'), self.agent)
        line.sale_line_id = sale.order_line
        line._onchange_commission_agents()
        self.assertEqual(line.agents.mapped('agent'), self.agent_2)
        self.assertEqual(line.agents.mapped('commission'), self.commission_20)

    def test_net_settlement(self):
        sale = self._posted_sale()
        self.assertEqual(sale.order_line.invoice_lines.agents.amount, 100.0)
        rma, invoice = self._billed_rma(sale)
        # 150 charged - 400 credited: a credit note, every sign flipped
        self.assertEqual(invoice.type, 'out_refund')
        self.assertEqual(self._agent_amounts(invoice), [
            ('charge', -1.0, 15.0), ('credit', 2.0, -40.0)])
        self.assertEqual(invoice.commission_total, -25.0)
        invoice.action_invoice_open()
        self.assertEqual(self._settle(), 75.0)
        self.assertEqual(self._receipt(rma).billed_commission, -40.0)
        self.assertEqual(self._issue(rma).billed_commission, 15.0)

    def test_separate_settlement(self):
        sale = self._posted_sale()
        rma, invoices = self._billed_rma(sale, mode='separate')
        invoice = invoices.filtered(lambda i: i.type == 'out_invoice')
        refund = invoices - invoice
        self.assertEqual(self._agent_amounts(invoice),
                         [('charge', 1.0, 15.0)])
        self.assertEqual(self._agent_amounts(refund),
                         [('credit', 2.0, -40.0)])
        invoices.action_invoice_open()
        self.assertEqual(self._settle(), 75.0)

    def test_net_invoice_credit_line_claws_back(self):
        """Net mode where the charge wins: the credit is a negative line of
        an invoice."""
        sale = self._posted_sale()
        rma, invoice = self._billed_rma(sale, charge=500.0)
        self.assertEqual(invoice.type, 'out_invoice')
        self.assertEqual(self._agent_amounts(invoice), [
            ('charge', 1.0, 50.0), ('credit', -2.0, -40.0)])
        invoice.action_invoice_open()
        self.assertEqual(self._settle(), 110.0)

    def test_net_amount_commission_claws_back(self):
        """A net-amount commission (price - cost) claws back the margin of
        the return, not 0, on a negative line."""
        commission = self.env['sale.commission'].create({
            'name': '10 % of margin', 'fix_qty': 10.0,
            'amount_base_type': 'net_amount'})
        product = self._create_product('Cable C', 200.0, 50.0)
        self.env['stock.quant']._update_available_quantity(
            product, self.stock_location, 10.0)
        sale = self._posted_sale(product, agents=[(self.agent_2, commission)])
        # 5 x (200 - 50) at 10 %
        self.assertEqual(sale.order_line.invoice_lines.agents.amount, 75.0)
        rma = self._create_confirm([
            self._line('receipt', product, 2.0,
                       sale_line_id=sale.order_line.id),
            self._line('issue', self.product_b, 1.0, price_unit=500.0)])
        rma.process_all()
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual(invoice.type, 'out_invoice')
        credit = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'credit')
        self.assertEqual(credit.quantity, -2.0)
        self.assertEqual(credit.agents.amount, -30.0)  # 2 x (200 - 50)
        invoice.action_invoice_open()
        self.assertEqual(self._settle(self.agent_2), 45.0)

    def test_draft_not_settled_until_posted(self):
        sale = self._posted_sale()
        rma, invoice = self._billed_rma(sale)
        self.assertEqual(invoice.state, 'draft')
        self.assertEqual(self._settle(), 100.0)
        self.assertEqual(rma.line_ids.mapped('billed_commission'), [0.0, 0.0])
        self.assertFalse(any(invoice.invoice_line_ids.mapped('any_settled')))
        invoice.action_invoice_open()
        # the same period's settlement gets the RMA's lines
        self.assertEqual(self._settle(), 75.0)
        self.assertEqual(len(self.env['sale.commission.settlement'].search(
            [('agent', '=', self.agent.id)])), 1)

    def test_posting_error_rolls_back_commission(self):
        """Commissions move with the posting, in its transaction: a
        posting that fails leaves nothing billed or settleable."""
        sale = self._posted_sale()
        rma, invoice = self._billed_rma(sale)
        Invoice = type(invoice)
        validate = Invoice.invoice_validate

        def validate_then_fail(invoices):
            validate(invoices)
            self.assertEqual(self._issue(rma).billed_commission, 15.0)
            raise UserError(_('Posting failed after validation'))

        with patch.object(Invoice, 'invoice_validate', validate_then_fail):
            with self.assertRaisesRegex(
                    UserError, 'Posting failed after validation'), \
                    self.env.cr.savepoint():
                invoice.action_invoice_open()
        self.env.clear()
        self.assertEqual(invoice.state, 'draft')
        self.assertEqual(rma.line_ids.mapped('billed_commission'), [0.0, 0.0])
        self.assertEqual(self._settle(), 100.0)

    def test_cancelled_invoice_not_settled(self):
        sale = self._posted_sale()
        rma, invoice = self._billed_rma(sale)
        invoice.action_invoice_cancel()
        self.assertEqual(self._settle(), 100.0)
        self.assertEqual(rma.line_ids.mapped('billed_commission'), [0.0, 0.0])

    def test_edit_on_pending_invoice_is_settled(self):
        sale = self._posted_sale()
        rma, invoice = self._billed_rma(sale)
        charge = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'charge')
        charge.agents.write({'commission': self.commission_20.id})
        self.assertEqual(charge.agents.amount, 30.0)
        # the RMA line keeps its own commission
        self.assertEqual(self._issue(rma).agents.commission,
                         self.commission_10)
        invoice.action_invoice_open()
        self.assertEqual(self._issue(rma).billed_commission, 30.0)
        self.assertEqual(self._settle(), 90.0)  # 100 - 40 + 30

    def test_agents_price_locked(self):
        sale = self._posted_sale()
        rma, invoice = self._billed_rma(sale)
        line = self._issue(rma)
        agent_line = line.agents
        before = self._snapshot(agent_line)
        with self.assertRaisesRegex(UserError, 'pending invoice'):
            line.write({'agents': [(1, agent_line.id, {
                'commission': self.commission_20.id})]})
        with self.assertRaisesRegex(UserError, 'pricing is locked'):
            line.write({'agents': [(0, 0, {
                'agent': self.agent_2.id,
                'commission': self.commission_20.id})]})
        with self.assertRaisesRegex(UserError, 'pricing is locked'):
            agent_line.write({'commission': self.commission_20.id})
        with self.assertRaisesRegex(UserError, 'pricing is locked'):
            agent_line.unlink()
        with self.assertRaisesRegex(UserError, 'pricing is locked'):
            self.env['rma.order.line.agent'].create({
                'object_id': line.id, 'agent': self.agent_2.id,
                'commission': self.commission_20.id})
        self.assertEqual(self._snapshot(agent_line), before)
        # unchanged values go through (the web client resends them)
        line.write({'agents': [(4, agent_line.id), (1, agent_line.id, {
            'commission': self.commission_10.id})]})
        line.write({'agents': [(6, 0, agent_line.ids)]})
        # the pending invoice's agents stay editable
        inv_agent = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_id == line).agents
        inv_agent.write({'agent': self.agent_2.id})
        self.assertEqual(inv_agent.agent, self.agent_2)

    def test_agents_editable_before_lock(self):
        rma = self._create_rma([
            self._line('issue', self.product_b, 1.0, price_unit=150.0)])
        line = rma.line_ids
        line.write({'agents': [(1, line.agents.id, {
            'commission': self.commission_20.id})]})
        self.assertEqual(line.agents.amount, 30.0)
        line.agents.unlink()
        self.assertEqual(line.commission_status, 'No commission agents')

    def test_recompute_agents_on_pending_invoice(self):
        """"Recompute lines agents" restores the RMA line's agents, not the
        customer's."""
        sale = self._posted_sale(agents=[(self.agent_2, self.commission_20)])
        rma, invoice = self._billed_rma(sale)
        credit = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'credit')
        credit.agents.write({'commission': self.commission_10.id})
        invoice.recompute_lines_agents()
        self.assertEqual(credit.agents.agent, self.agent_2)
        self.assertEqual(credit.agents.commission, self.commission_20)
        self.assertEqual(credit.agents.amount, -80.0)

    def test_fee_commission_setting(self):
        fee = {'restocking_fee_mode': 'percent', 'restocking_fee_value': 10.0}
        sale = self._posted_sale(qty=10.0, price=100.0)  # 1,000 -> 100
        self.assertFalse(self.company.rma_commission_on_fee)
        rma, invoice = self._billed_rma(sale, **fee)
        fee_line = invoice.invoice_line_ids.filtered(
            lambda l: l.rma_line_kind == 'fee')
        self.assertEqual(fee_line.price_subtotal, -20.0)  # 2 x 10, refund
        self.assertFalse(fee_line.agents)
        invoice.action_invoice_open()
        self.assertEqual(self._settle(), 95.0)  # 100 - 20 + 15 (no fee)

        # set_values(), not execute(): that also installs modules
        self.env['res.config.settings'].create(
            {'rma_commission_on_fee': True}).set_values()
        self.assertTrue(self.company.rma_commission_on_fee)
        rma, invoice = self._billed_rma(sale, **fee)
        self.assertEqual(invoice.type, 'out_refund')
        self.assertEqual(self._agent_amounts(invoice), [
            ('charge', -1.0, 15.0), ('credit', 2.0, -20.0),
            ('fee', -2.0, 2.0)])
        invoice.action_invoice_open()
        # the fee's commission is billed on the returned line too
        self.assertEqual(self._receipt(rma).billed_commission, -18.0)
        self.assertEqual(self._settle(), 92.0)  # 95 - 20 + 15 + 2
