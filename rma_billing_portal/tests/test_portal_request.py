# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Return requests on the server side: the Requested state and its rules,
approval and refusal, and the customer e-mails with their amounts. A
delivered sale of 5 x 200; the company takes a 10 % restocking fee, so
returning 2 credits 400 less a 40 fee: 360 net, untaxed."""
import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError

from odoo.addons.rma_billing.tests.common import RmaCase
from odoo.addons.rma_billing.tools import RmaValidationError


class TestPortalRequest(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestPortalRequest, cls).setUpClass()
        cls.customer.email = 'buyer@example.com'
        cls.company.write({'rma_restocking_fee_mode': 'percent',
                           'rma_restocking_fee_value': 10.0,
                           'email': 'returns@example.com'})
        cls.company._rma_restocking_fee_product().taxes_id = [(6, 0, [])]
        cls.reason = cls.env['rma.reason'].create({'name': 'Broken on arrival'})

    def setUp(self):
        super(TestPortalRequest, self).setUp()
        self.sale = self._create_delivered_sale(self.product_a, 5.0, 200.0)
        self.sale_line = self.sale.order_line

    def _request(self, qty, sale_line=None, comment='It rattles'):
        rma_id = self.env['rma.order'].create_portal_request(
            self.sale, {sale_line or self.sale_line: qty}, self.reason,
            comment)
        return self.env['rma.order'].browse(rma_id)

    def _mails(self, rma, subject_part):
        return rma.message_ids.filtered(
            lambda m: subject_part in (m.subject or ''))

    def _template(self, name):
        return self.env.ref('rma_billing_portal.mail_template_rma_%s' % name)

    def _render(self, name, rma):
        return self._template(name).generate_email(
            rma.id, fields=['subject', 'body_html', 'partner_to'])

    # Request ---------------------------------------------------------------
    def test_request_priced_like_staff_rmas(self):
        rma = self._request(2.0)
        self.assertEqual((rma.state, rma.portal_requested,
                          rma.customer_notify, rma.sale_id,
                          rma.customer_comment, rma.reason_id),
                         ('requested', True, True, self.sale, 'It rattles',
                          self.reason))
        line = rma.line_ids
        self.assertEqual(
            (line.line_type, line.sale_line_id, line.product_uom_qty,
             line.price_unit, line.restocking_fee_mode, line.reason_id),
            ('receipt', self.sale_line, 2.0, 200.0, 'percent', self.reason))
        self.assertEqual((rma.amount_credit, rma.amount_restocking_fee,
                          rma.amount_net), (400.0, 40.0, -360.0))
        # nothing moves before approval
        self.assertFalse(rma.picking_ids)
        self.assertFalse(line.move_ids)
        self.assertIn(self.customer, rma.message_partner_ids)
        mail = self._mails(rma, 'we received your return request')
        self.assertEqual(mail.partner_ids, self.customer)  # e-mailed

    def test_request_received_mail_renders_amounts(self):
        rma = self._request(2.0)
        mail = self._render('requested', rma)
        self.assertEqual(mail['partner_ids'], [self.customer.id])
        self.assertIn(rma.name, mail['subject'])
        body = mail['body_html']
        for text in ('Router A', '2.0', '400.00', '40.00',
                     'Net credit to you (untaxed)', '360.00',
                     'Broken on arrival', self.sale.name,
                     '/my/rmas/%s?access_token=%s' % (rma.id,
                                                      rma.access_token)):
            self.assertIn(text, body)

    def test_request_above_delivered_is_refused(self):
        count = self.env['rma.order'].search_count([])
        with self.assertRaisesRegex(RmaValidationError,
                                    'at most 5.0 Unit.*not 6.0'):
            self._request(6.0)
        self._request(2.0)
        # requested quantities count as returned
        with self.assertRaisesRegex(RmaValidationError, 'at most 3.0'):
            self._request(4.0)
        self.assertEqual(self.env['rma.order'].search_count([]), count + 1)

    def test_late_request_is_refused_as_a_late_return(self):
        """The company's return window applies to customers as to RMA
        users, with the same message; a customer is never a manager."""
        self.company.rma_return_window_days = 30
        delivered = fields.Date.from_string(fields.Date.today()) - \
            timedelta(days=45)
        self.sale.picking_ids.mapped('move_lines').write(
            {'date': fields.Date.to_string(delivered) + ' 10:00:00'})
        count = self.env['rma.order'].search_count([])
        with self.assertRaisesRegex(
                UserError, 'this return is 15 days late: delivered on %s, '
                'returns are accepted for 30 days' % delivered), \
                self.cr.savepoint():  # as the portal's request does
            self._request(1.0)
        self.assertEqual(self.env['rma.order'].search_count([]), count)
        self.company.rma_return_window_days = 45
        self.assertEqual(self._request(1.0).state, 'requested')

    def test_request_bad_input_is_refused(self):
        with self.assertRaisesRegex(UserError, 'at least one line'):
            self._request(0.0)
        with self.assertRaisesRegex(UserError, 'reason'):
            self.env['rma.order'].create_portal_request(
                self.sale, {self.sale_line: 1.0},
                self.env['rma.reason'])
        other_sale = self._create_delivered_sale(self.product_b, 1.0, 400.0)
        with self.assertRaisesRegex(UserError, 'not a line of order'):
            self._request(1.0, sale_line=other_sale.order_line)

    def test_requested_cannot_confirm_process_or_bill(self):
        rma = self._request(2.0)
        self.assertEqual((rma.can_be_confirmed, rma.can_be_processed,
                          rma.can_be_invoiced, rma.can_be_approved),
                         (False, False, False, True))
        for method in ('action_confirm', 'process_all', 'create_invoices'):
            with self.assertRaisesRegex(UserError, 'approve it first'):
                getattr(rma, method)()
        self.assertEqual(rma.state, 'requested')

    def test_portal_user_cannot_approve(self):
        rma = self._request(2.0)
        portal = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Buyer', 'login': 'rma_portal_buyer',
                'partner_id': self.customer.id,
                'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        with self.assertRaisesRegex(UserError, 'Only RMA users'):
            rma.sudo(portal).approve_requests()
        self.assertEqual(rma.state, 'requested')

    # Approval and refusal --------------------------------------------------
    def test_approve_confirms_and_sends_instructions(self):
        rma = self._request(2.0)
        self.assertIs(rma.approve_requests(), True)
        self.assertEqual(rma.state, 'confirmed')
        receipt = self._picking(rma, 'incoming')
        self.assertEqual(receipt.move_lines.product_uom_qty, 2.0)
        self.assertEqual(len(self._mails(rma, 'approved')), 1)
        body = self._render('approved', rma)['body_html']
        for text in ('How to return the goods', rma.name,
                     self.warehouse.partner_id.name, '360.00'):
            self.assertIn(text, body)
        with self.assertRaisesRegex(UserError, 'only requested RMAs'):
            rma.approve_requests()

    def test_refuse_tells_why_and_frees_the_quantity(self):
        rma = self._request(5.0)
        with self.assertRaisesRegex(UserError, 'reason is required'):
            rma.refuse_requests('  ')
        self.assertEqual(rma.state, 'requested')
        wizard = self.env['rma.request.refuse'].create({
            'rma_ids': [(6, 0, rma.ids)],
            'reason': 'The warranty period is over.'})
        wizard.action_refuse()
        self.assertEqual((rma.state, rma.refuse_reason),
                         ('cancel', 'The warranty period is over.'))
        body = self._render('refused', rma)['body_html']
        self.assertIn('The warranty period is over.', body)
        self.assertEqual(len(self._mails(rma, 'refused')), 1)
        # the refused quantity may be requested again
        self.assertEqual(self._request(5.0).line_ids.product_uom_qty, 5.0)

    # Later steps -----------------------------------------------------------
    def test_received_and_credited_mails(self):
        rma = self._request(2.0)
        rma.approve_requests()
        rma.process_all()
        self.assertEqual(rma.line_ids.qty_done, 2.0)
        received = self._mails(rma, 'we received the goods')
        self.assertEqual(len(received), 1)
        self.assertIn('2.0 Unit(s) received', received.body)
        invoice = self.env['account.invoice'].browse(rma.create_invoices())
        self.assertEqual((invoice.type, invoice.amount_untaxed,
                          invoice.amount_total), ('out_refund', 360.0, 360.0))
        self.assertFalse(self._mails(rma, 'credited'))  # a draft: not yet
        invoice.action_invoice_open()
        billed = self._mails(rma, 'credited')
        self.assertEqual(len(billed), 1)
        self.assertIn(invoice.number, billed.body)
        self.assertIn('untaxed $\xa0360.00, total $\xa0360.00', billed.body)
        self.assertIn(self.customer, billed.partner_ids)
        # the document itself (tests render the report's HTML)
        self.assertEqual(billed.attachment_ids.mapped('name'),
                         ['%s.pdf' % invoice.number.replace('/', '_')])
        self.assertIn(invoice.number.encode(), base64.b64decode(
            billed.attachment_ids.datas))

    def test_staff_rmas_send_no_customer_mail(self):
        """RMAs typed by staff keep their behaviour: no customer e-mail
        unless staff tick E-mail the Customer."""
        rma = self._create_confirm([self._line(
            'receipt', self.product_a, 1.0, sale_line_id=self.sale_line.id)])
        rma.process_all()
        self.assertFalse(rma.customer_notify)
        self.assertFalse(self._mails(rma, 'we received the goods'))
