# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Companies kept apart, as real users over XML-RPC: a user of company B
neither sees nor processes nor bills company A's RMAs, installed base,
journal items or settings; a user of both works in the company they have
switched to (Odoo 11's record rules follow the current company) and each
RMA bills in its own company's journal, accounts and taxes; records of
another company are refused with a message naming it."""
import xmlrpc.client

from odoo.tests import common

from .common import RmaHttpCase, create_user

PASSWORD = 'rma-company-secret'


@common.at_install(False)
@common.post_install(True)
class TestMultiCompanyXmlRpc(RmaHttpCase):

    maxDiff = None

    def setUp(self):
        super(TestMultiCompanyXmlRpc, self).setUp()
        env = self.env
        admin = env.user
        self.company_b = env['res.company'].create({
            'name': 'RMA Branch B', 'currency_id': self.company.currency_id.id,
            'rma_billing_mode': 'net'})
        admin.write({'company_ids': [(4, self.company_b.id)],
                     'company_id': self.company_b.id})
        env.ref('l10n_generic_coa.configurable_chart_template')\
            .try_loading_for_current_company()
        admin.company_id = self.company
        self.warehouse_b = env['stock.warehouse'].search(
            [('company_id', '=', self.company_b.id)])
        self.customer.company_id = self.company
        self.customer_b = env['res.partner'].create({
            'name': 'Branch customer', 'customer': True, 'is_company': True,
            'company_id': self.company_b.id})
        self.tax_a, self.tax_b = [env['account.tax'].create({
            'name': 'RMA sales tax 10 %% %s' % company.name,
            'amount': 10.0, 'type_tax_use': 'sale', 'company_id': company.id})
            for company in (self.company, self.company_b)]
        self.product_b.company_id = False  # shared by both companies
        self.user_b = create_user(env, 'rma_branch_clerk', self.company_b,
                                  password=PASSWORD)
        self.user_ab = create_user(
            env, 'rma_both_clerk', self.company, password=PASSWORD,
            company_ids=[(6, 0, [self.company.id, self.company_b.id])])
        # company A's RMA, billed and posted, and an installed base entry
        self.rma_a = env['rma.order'].create(self._vals(self.customer,
                                                        self.tax_a))
        self.rma_a.action_confirm()
        self.rma_a.process_all()
        self.invoice_a = env['account.invoice'].browse(
            self.rma_a.create_invoices())
        self.invoice_a.action_invoice_open()
        self.base_a = env['rma.installed.base'].create({
            'partner_id': self.customer.id, 'product_id': self.product_b.id,
            'company_id': self.company.id})
        env.cr.commit()  # pylint: disable=invalid-commit
        self.uid_b = self.xmlrpc_common.authenticate(
            self.db, 'rma_branch_clerk', PASSWORD, {})
        self.uid_ab = self.xmlrpc_common.authenticate(
            self.db, 'rma_both_clerk', PASSWORD, {})

    def _vals(self, customer, tax, **extra):
        return dict(extra, partner_id=customer.id, line_ids=[(0, 0, {
            'line_type': 'receipt', 'product_id': self.product_b.id,
            'product_uom_qty': 1, 'price_unit': 400.0,
            'tax_ids': [(6, 0, tax.ids)]})])

    def call(self, uid, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.db, uid, PASSWORD, model, method, list(args), kwargs)

    def assertFault(self, code, text, uid, model, method, *args):
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            self.call(uid, model, method, *args)
        fault = cm.exception
        self.assertEqual(fault.faultCode, code, fault.faultString)
        self.assertIn(text, fault.faultString)
        self.assertNotIn('Traceback', fault.faultString)

    def _bill_as(self, uid, vals):
        """create, confirm, process and bill as ``uid``: the document's
        company, journal, receivable, income account and taxes."""
        rma_id = self.call(uid, 'rma.order', 'create', vals)
        self.call(uid, 'rma.order', 'action_confirm', [rma_id])
        self.call(uid, 'rma.order', 'process_all', [rma_id])
        invoice_id, = self.call(uid, 'rma.order', 'create_invoices',
                                [rma_id])
        self.call(uid, 'account.invoice', 'action_invoice_open',
                  [invoice_id])
        invoice = self.env['account.invoice'].browse(invoice_id)
        return rma_id, {
            'company': invoice.company_id.name,
            'journal': invoice.journal_id.company_id.name,
            'receivable': invoice.account_id.company_id.name,
            'income': invoice.invoice_line_ids.mapped(
                'account_id.company_id.name'),
            'taxes': invoice.tax_line_ids.mapped('tax_id.company_id.name'),
            'journal items': sorted(set(invoice.move_id.line_ids.mapped(
                'account_id.company_id.name'))),
            'amounts': (invoice.type, invoice.amount_untaxed,
                        invoice.amount_tax, invoice.amount_total),
        }

    def test_company_b_user_cannot_reach_company_a(self):
        uid, a = self.uid_b, self.rma_a
        rma_b, books = self._bill_as(uid, self._vals(self.customer_b,
                                                     self.tax_b))
        self.assertEqual(books, {
            'company': 'RMA Branch B', 'journal': 'RMA Branch B',
            'receivable': 'RMA Branch B', 'income': ['RMA Branch B'],
            'taxes': ['RMA Branch B'], 'journal items': ['RMA Branch B'],
            'amounts': ('out_refund', 400.0, 40.0, 440.0)})
        # searches find company B's records only
        self.assertEqual(self.call(uid, 'rma.order', 'search', [
            ('id', 'in', [a.id, rma_b])]), [rma_b])
        self.assertEqual(self.call(uid, 'rma.order.line', 'search', [
            ('order_id', '=', a.id)]), [])
        self.assertEqual(self.call(uid, 'rma.installed.base', 'search', [
            ('id', '=', self.base_a.id)]), [])
        self.assertEqual(self.call(uid, 'account.move.line', 'search', [
            ('rma_id', '=', a.id)]), [])
        self.assertEqual(self.call(uid, 'account.invoice', 'search', [
            ('rma_id', '=', a.id)]), [])
        # and reading, processing, billing or cancelling A's is refused
        denied = 'security restrictions'
        for model, method, ids in (
                ('rma.order', 'read', a.ids),
                ('rma.order.line', 'read', a.line_ids.ids),
                ('rma.installed.base', 'read', self.base_a.ids),
                ('account.move.line', 'read',
                 self.invoice_a.move_id.line_ids[:1].ids),
                ('res.company', 'read', self.company.ids),
                ('rma.order', 'process_all', a.ids),
                ('rma.order', 'create_invoices', a.ids),
                ('rma.order', 'action_cancel', a.ids),
                ('rma.order.line', 'process_quantity', a.line_ids.ids)):
            args = [ids, 1.0] if method == 'process_quantity' else [ids]
            self.assertFault(4, denied, uid, model, method, *args)
        # company A's customer and tax are refused by name
        self.assertFault(
            2, 'res.partner id %s belongs to another company (%s), not to '
               'RMA Branch B' % (self.customer.id, self.company.name),
            uid, 'rma.order', 'create', self._vals(self.customer,
                                                   self.tax_b))
        self.assertFault(
            2, 'account.tax id %s belongs to another company (%s), not to '
               'RMA Branch B' % (self.tax_a.id, self.company.name),
            uid, 'rma.order', 'create', self._vals(self.customer_b,
                                                   self.tax_a))
        self.env['rma.order'].invalidate_cache()
        self.assertEqual((a.state, a.invoice_ids.state),
                         ('done', 'open'))

    def test_user_of_both_companies_bills_each_in_its_books(self):
        uid = self.uid_ab
        rma_a, books_a = self._bill_as(uid, self._vals(self.customer,
                                                       self.tax_a))
        self.assertEqual(set(books_a['journal items']) |
                         set(books_a['taxes']) | {books_a['journal']},
                         {self.company.name})
        # B's customer while working in A: refused, not billed in A
        self.assertFault(
            2, 'res.partner id %s belongs to another company (RMA Branch '
               'B), not to %s' % (self.customer_b.id, self.company.name),
            uid, 'rma.order', 'create', self._vals(self.customer_b,
                                                   self.tax_b))
        # the user switches to company B (their preferences)
        self.call(uid, 'res.users', 'write', [uid],
                  {'company_id': self.company_b.id})
        rma_b, books_b = self._bill_as(uid, self._vals(self.customer_b,
                                                       self.tax_b))
        self.assertEqual(books_b, {
            'company': 'RMA Branch B', 'journal': 'RMA Branch B',
            'receivable': 'RMA Branch B', 'income': ['RMA Branch B'],
            'taxes': ['RMA Branch B'], 'journal items': ['RMA Branch B'],
            'amounts': ('out_refund', 400.0, 40.0, 440.0)})
        self.assertEqual(self.call(uid, 'rma.order', 'search', [
            ('id', 'in', [rma_a, rma_b])]), [rma_b])
        # back in A, A's RMAs again
        self.call(uid, 'res.users', 'write', [uid],
                  {'company_id': self.company.id})
        self.assertEqual(
            sorted(self.call(uid, 'rma.order', 'search', [
                ('id', 'in', [rma_a, rma_b, self.rma_a.id])])),
            sorted([rma_a, self.rma_a.id]))

    def test_other_company_product_refused_when_products_are_kept_apart(
            self):
        rule = self.env.ref('product.product_comp_rule')
        rule.active = True
        self.product_b.company_id = self.company
        self.env.cr.commit()  # pylint: disable=invalid-commit
        self.assertFault(
            2, 'product.product id %s belongs to another company (%s), not '
               'to RMA Branch B' % (self.product_b.id, self.company.name),
            self.uid_b, 'rma.order', 'create',
            self._vals(self.customer_b, self.tax_b))
