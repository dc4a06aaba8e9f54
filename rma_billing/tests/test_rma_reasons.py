# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reason categories, the condition of returned goods and the company rule
that receipts must say why they come back (also over XML-RPC)."""
import xmlrpc.client

from odoo.exceptions import UserError
from odoo.tests import common

from .common import RmaCase, RmaHttpCase


class TestRmaReasons(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestRmaReasons, cls).setUpClass()
        Reason = cls.env['rma.reason']
        cls.broken = Reason.create({'name': 'Broken screen',
                                    'category': 'defective'})
        cls.late = Reason.create({'name': 'Arrived too late',
                                  'category': 'not_needed'})

    def _moves(self):
        return self.env['stock.move'].search_count([
            ('rma_line_id.order_id.partner_id', '=', self.customer.id)])

    def test_categories_of_the_shipped_reasons(self):
        self.assertEqual(
            [self.env.ref('rma_billing.rma_reason_%s' % xmlid).category
             for xmlid in ('defective', 'wrong_item', 'upgrade',
                           'not_needed', 'transit_damage')],
            ['defective', 'wrong_item', 'upgrade', 'not_needed',
             'transit_damage'])
        self.assertEqual(
            self.env['rma.reason'].create({'name': 'Misc'}).category,
            'other')

    def test_line_category_from_its_reason_else_the_rma(self):
        rma = self._create_rma([
            self._line('receipt', self.product_a, reason_id=self.broken.id,
                       condition='damaged'),
            self._line('receipt', self.product_b, condition='unopened'),
        ], reason_id=self.late.id)
        first, second = rma.line_ids
        self.assertEqual(
            [(line.reason_category, line.condition)
             for line in rma.line_ids],
            [('defective', 'damaged'), ('not_needed', 'unopened')])
        # stored: follows the reason's category and the RMA's reason
        self.late.category = 'upgrade'
        self.assertEqual(second.reason_category, 'upgrade')
        rma.reason_id = False
        self.assertFalse(second.reason_category)
        self.assertEqual(first.reason_category, 'defective')
        self.assertEqual(self.env['rma.order.line'].search(
            [('order_id', '=', rma.id), ('reason_category', '=',
                                         'defective')]), first)

    def test_reason_optional_by_default(self):
        self.assertFalse(self.company.rma_reason_required)
        rma = self._create_confirm([self._line('receipt', self.product_a)])
        self.assertEqual(rma.state, 'confirmed')

    def test_required_reason_refuses_confirmation(self):
        self.company.rma_reason_required = True
        rma = self._create_rma([
            self._line('issue', self.product_a),
            self._line('receipt', self.product_b, condition='opened'),
            self._line('receipt', self.product_a, reason_id=self.broken.id),
        ])
        before = self._moves()
        with self.assertRaises(UserError) as cm:
            rma.action_confirm()
        self.assertEqual(cm.exception.name, (
            'Returns need a reason in company %s:\n'
            'RMA %s, line "Switch B"\n'
            'Set the Reason on each receipt line, or the Return Reason of '
            'the RMA.') % (self.company.name, rma.name))
        self.assertEqual((rma.state, self._moves()), ('draft', before))
        # the RMA's reason covers the lines without their own
        rma.reason_id = self.late
        rma.action_confirm()
        self.assertEqual(rma.state, 'confirmed')
        self.assertTrue(self._receipt(rma).mapped('move_ids'))

    def test_required_reason_on_lines_added_after_confirmation(self):
        self.company.rma_reason_required = True
        rma = self._create_confirm([
            self._line('receipt', self.product_a, reason_id=self.broken.id)])
        before = self._moves()
        with self.assertRaises(UserError) as cm, self.cr.savepoint():
            rma.write({'line_ids': [self._line('receipt', self.product_b)]})
        self.assertIn('RMA %s, line "Switch B"' % rma.name,
                      cm.exception.name)
        self.assertEqual((len(rma.line_ids), self._moves()), (1, before))
        rma.write({'line_ids': [self._line(
            'receipt', self.product_b, reason_id=self.late.id)]})
        self.assertEqual(len(rma.line_ids.mapped('move_ids')), 2)

    def test_issues_need_no_reason(self):
        self.company.rma_reason_required = True
        rma = self._create_confirm([self._line('issue', self.product_a)])
        self.assertEqual(rma.state, 'confirmed')

    def test_setting_on_the_settings_screen(self):
        settings = self.env['res.config.settings'].create(
            {'rma_reason_required': True})
        settings.execute()
        self.assertTrue(self.company.rma_reason_required)


@common.at_install(False)
@common.post_install(True)
class TestRmaReasonsXmlRpc(RmaHttpCase):

    def test_required_reason_refused_over_xmlrpc(self):
        self.company.rma_reason_required = True
        self.env.cr.commit()  # pylint: disable=invalid-commit
        rma_id = self.rpc('rma.order', 'create', {
            'partner_id': self.customer.id,
            'line_ids': [(0, 0, {'line_type': 'receipt',
                                 'product_id': self.product_b.id,
                                 'condition': 'unopened'})]})
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            self.rpc('rma.order', 'action_confirm', [rma_id])
        fault = cm.exception
        self.assertEqual(fault.faultCode, 2, fault.faultString)
        self.assertNotIn('Traceback', fault.faultString)
        self.assertIn('Returns need a reason in company', fault.faultString)
        self.assertIn('line "API Switch"', fault.faultString)
        rma = self.rpc('rma.order', 'read', [rma_id],
                       ['state', 'picking_ids'])[0]
        self.assertEqual((rma['state'], rma['picking_ids']), ('draft', []))
        reason = self.env['rma.reason'].create(
            {'name': 'API reason', 'category': 'wrong_item'})
        self.env.cr.commit()  # pylint: disable=invalid-commit
        line_id = self.rpc('rma.order.line', 'search',
                           [('order_id', '=', rma_id)])
        self.rpc('rma.order.line', 'write', line_id,
                 {'reason_id': reason.id})
        self.assertIs(self.rpc('rma.order', 'action_confirm', [rma_id]), True)
        self.assertEqual(self.rpc('rma.order.line', 'read', line_id,
                                  ['reason_category', 'condition']),
                         [{'id': line_id[0], 'reason_category': 'wrong_item',
                           'condition': 'unopened'}])
