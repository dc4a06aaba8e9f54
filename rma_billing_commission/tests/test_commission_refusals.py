# Copyright 2026 rma_billing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The commission refusal of the README's "What the addon refuses": the
agents of a locked RMA line, however they are edited, are refused with
the price lock's message and stay as they were."""
from odoo.exceptions import UserError

from odoo.addons.rma_billing.tests.test_rma_refusals import RefusalMixin

from .test_rma_commission import RmaCommissionCase


class TestCommissionRefusals(RefusalMixin, RmaCommissionCase):

    COUNTED = RefusalMixin.COUNTED + ('rma.order.line.agent',
                                      'account.invoice.line.agent')

    def test_agents_of_a_locked_line(self):
        sale = self._posted_sale()
        rma, invoice = self._billed_rma(sale)
        line = self._issue(rma)
        agent_line = line.agents
        self.assertTrue(line.price_locked)
        names = ['object_id', 'agent', 'commission', 'amount']
        before = self._read(line.agents, names)
        message = (
            'RMA %s, line "Switch B": pricing is locked because goods were '
            'already shipped or received (Agents & commissions cannot change '
            'here). Change prices, taxes or commission on the pending '
            'invoice %s before it is posted.' % (
                rma.name, invoice.display_name))
        edits = [
            (line.write, {'agents': [(1, agent_line.id, {
                'commission': self.commission_20.id})]}),
            (line.write, {'agents': [(0, 0, {
                'agent': self.agent_2.id,
                'commission': self.commission_20.id})]}),
            (line.write, {'agents': [(5, 0, 0)]}),
            (agent_line.write, {'commission': self.commission_20.id}),
            (agent_line.unlink,),
            (self.env['rma.order.line.agent'].create, {
                'object_id': line.id, 'agent': self.agent_2.id,
                'commission': self.commission_20.id}),
        ]
        for edit in edits:
            with self.subTest(edit=edit):
                self.assertRefused(UserError, message, *edit)
                line.invalidate_cache()
                self.assertEqual(line.agents, agent_line)
                self.assertEqual(self._read(line.agents, names), before)
