# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Printed documents: the RMA report and Odoo's invoice report on an RMA
invoice (labels, totals, RMA reference, kind of each line), as HTML and,
where wkhtmltopdf is installed, as PDF."""
import io
import shutil
import tempfile
import unittest

from lxml import html as lxml_html
from PyPDF2 import PdfFileReader

from odoo.addons.base.ir.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.tools import config

from .common import RmaCase


def _wkhtmltopdf():
    try:
        return _get_wkhtmltopdf_bin()
    except IOError:
        return None


def _texts(document, xpath):
    return [' '.join(node.text_content().split())
            for node in document.xpath(xpath)]


class TestRmaDocuments(RmaCase):

    @classmethod
    def setUpClass(cls):
        super(TestRmaDocuments, cls).setUpClass()
        cls.broken = cls.env['rma.reason'].create(
            {'name': 'Cracked casing', 'category': 'defective'})
        cls.lot = cls.env['stock.production.lot'].create(
            {'name': 'FW-DOC-1', 'product_id': cls.product_serial.id})
        cls.tax = cls.env['account.tax'].create({
            'name': 'Doc VAT 10%', 'amount': 10.0, 'type_tax_use': 'sale',
            'amount_type': 'percent', 'description': 'VAT10'})
        cls.rma = cls._rma()
        cls.rma.process_all()
        cls.rma.create_invoices()
        cls.invoice = cls.rma.invoice_ids
        # Compile the report styles once (lessc), not in every test: each
        # test rolls back what it wrote, generated styles included.
        cls.env.ref('rma_billing.action_report_rma_order').render_qweb_html(
            cls.rma.ids)

    @classmethod
    def _rma(cls):
        """Returned: 1 serial firewall at 1000, damaged, 15 % fee, and
        2 routers at 500 with 10 % tax; issued: 1 switch at 400, 10 % tax.
        Untaxed: 400 - 2000 + 150 = -1450; taxes 40 - 100 = -60."""
        rma = cls.env['rma.order'].create({
            'partner_id': cls.customer.id, 'line_ids': [
                cls._line('receipt', cls.product_serial, 1,
                          lot_id=cls.lot.id, reason_id=cls.broken.id,
                          condition='damaged', restocking_fee_mode='percent',
                          restocking_fee_value=15.0),
                cls._line('receipt', cls.product_a, 2, condition='unopened',
                          tax_ids=[(6, 0, cls.tax.ids)]),
                cls._line('issue', cls.product_b, 1,
                          tax_ids=[(6, 0, cls.tax.ids)])],
            'client_ref': 'DOC-REF-7', 'advance_exchange': True,
            'note': 'Pack the firewall in its original box.'})
        # the RMA's figures before anything is billed
        cls.amounts = (rma.amount_net, rma.amount_tax, rma.amount_total)
        rma.action_confirm()
        return rma

    def _html(self, xmlid, records):
        report = self.env.ref(xmlid)
        content, kind = report.render_qweb_html(records.ids)
        self.assertEqual(kind, 'html')
        return lxml_html.fromstring(content)

    def test_rma_report_html(self):
        rma = self.rma
        self.assertEqual(self.amounts, (-1450.0, -60.0, -1510.0))
        self.assertEqual((rma.amount_net, rma.amount_tax, rma.amount_total),
                         (-1450.0, -60.0, -1510.0))
        doc = self._html('rma_billing.action_report_rma_order', rma)
        title = _texts(doc, '//h2')
        self.assertEqual(title, ['Return Merchandise Authorization %s'
                                 % rma.name])
        self.assertEqual(_texts(doc, '//h4'), [
            'Returned Goods (credited)',
            'Issued Goods and Services (charged)', 'Terms'])
        receipts = [row for row in _texts(
            doc, "//table[contains(@class, 'o_rma_receipt')]/tbody/tr")]
        self.assertEqual(len(receipts), 2)
        self.assertIn('Firewall S FW-DOC-1 Cracked casing Damaged 1.000',
                      receipts[0])
        self.assertIn('150.00', receipts[0])
        self.assertIn('1,000.00', receipts[0])
        self.assertIn('Router A Unopened 2.000', receipts[1])
        self.assertIn('VAT10', receipts[1])
        issues = _texts(
            doc, "//table[contains(@class, 'o_rma_issue')]/tbody/tr")
        self.assertEqual(len(issues), 1)
        self.assertIn('Switch B', issues[0])
        totals = [' '.join(row.split()).replace('\xa0', ' ') for row in
                  _texts(doc, "//table[contains(@class, 'o_rma_totals')]"
                              "//tr")]
        symbol = self.company.currency_id.symbol
        # Odoo writes the minus sign with a zero-width no-break space
        amounts = [row.replace(symbol, '').replace('\ufeff', '').strip()
                   for row in totals]
        self.assertEqual([' '.join(a.split()) for a in amounts], [
            'Charges 400.00', 'Credits - 2,000.00', 'Restocking Fees 150.00',
            'Net (untaxed) -1,450.00', 'Taxes -60.00',
            'Net Total -1,510.00'])
        terms = ' '.join(_texts(doc, "//div[@name='terms']"))
        self.assertIn('billed on one document', terms)
        self.assertIn('Replacements ship before the returned goods arrive',
                      terms)
        self.assertIn('Pack the firewall in its original box.', terms)
        info = ' '.join(_texts(doc, "//div[@name='rma_info']"))
        self.assertIn('DOC-REF-7', info)
        self.assertIn(self.customer.name, ' '.join(
            _texts(doc, "//div[@name='invoice_address']")))

    def test_invoice_report_html(self):
        rma, invoice = self.rma, self.invoice
        self.assertEqual((invoice.type, invoice.amount_untaxed,
                          invoice.amount_total),
                         ('out_refund', 1450.0, 1510.0))
        doc = self._html('account.account_invoices', invoice)
        info = _texts(doc, "//div[@name='rma_reference']")
        self.assertEqual(info, ['RMA: %s' % rma.name])
        heads = _texts(doc, "//table[@name='invoice_line_table']/thead//th")
        self.assertEqual(heads[:2], ['Description', 'Kind'])
        rows = doc.xpath("//table[@name='invoice_line_table']/tbody/tr")
        kinds = sorted(' '.join(row.xpath('td')[1].text_content().split())
                       for row in rows if row.xpath('td')[1].text_content()
                       .strip())
        self.assertEqual(kinds, ['Issued', 'Restocking fee',
                                 'Returned (credit)', 'Returned (credit)'])
        total = ' '.join(_texts(doc, "//tr[td/strong='Total']"))
        self.assertIn('1,510.00', total)

    def test_other_invoices_unchanged(self):
        revenue = self.env.ref('account.data_account_type_revenue')
        income = self.env['account.account'].search([
            ('company_id', '=', self.company.id),
            ('user_type_id', '=', revenue.id)], limit=1)
        invoice = self.env['account.invoice'].create({
            'partner_id': self.customer.id, 'invoice_line_ids': [(0, 0, {
                'name': 'Router A', 'product_id': self.product_a.id,
                'quantity': 1, 'price_unit': 500.0,
                'account_id': income.id})]})
        doc = self._html('account.account_invoices', invoice)
        self.assertFalse(doc.xpath("//div[@name='rma_reference']"))
        self.assertNotIn('Kind', _texts(
            doc, "//table[@name='invoice_line_table']/thead//th"))

    @unittest.skipUnless(_wkhtmltopdf(), 'wkhtmltopdf is not installed')
    def test_pdf(self):
        """Both documents through wkhtmltopdf (Odoo prints HTML instead
        while testing, unless it has a directory to write reports to)."""
        rma, invoice = self.rma, self.invoice
        self.env['ir.config_parameter'].set_param(
            'report.url', 'http://127.0.0.1:%s' % config['http_port'])
        options = config.options
        previous = options.get('test_report_directory')
        options['test_report_directory'] = tempfile.mkdtemp()
        try:
            pdfs = [self.env.ref(xmlid).render_qweb_pdf(records.ids)
                    for xmlid, records in (
                        ('rma_billing.action_report_rma_order', rma),
                        ('account.account_invoices', invoice))]
        finally:
            shutil.rmtree(options['test_report_directory'])
            options['test_report_directory'] = previous
        for content, kind in pdfs:
            # one page per record (PyPDF2 cannot read wkhtmltopdf's text;
            # the HTML tests above check the content)
            self.assertEqual((kind, content[:5]), ('pdf', b'%PDF-'))
            self.assertEqual(PdfFileReader(io.BytesIO(content)).numPages, 1)
