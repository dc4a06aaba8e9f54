# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import logging

from odoo import api, models, tools

_logger = logging.getLogger(__name__)


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    @api.multi
    def invoice_validate(self):
        res = super(AccountInvoice, self).invoice_validate()
        for invoice in self.filtered(lambda i: i.rma_id.customer_notify):
            invoice.rma_id._notify_customer(
                'rma_billing_portal.mail_template_rma_billed',
                attachments=invoice._rma_portal_document())
        return res

    @api.multi
    def _rma_portal_document(self):
        """The posted document as the attachment of the customer e-mail:
        Odoo's invoice report. Without wkhtmltopdf on the server the
        e-mail goes without it (it links to the portal invoice page), so
        the posting never fails for want of a PDF."""
        self.ensure_one()
        report = self.env.ref('account.account_invoices')
        # (tests render the HTML version, as Odoo's report does for them)
        if report.get_wkhtmltopdf_state() != 'ok' and \
                not tools.config['test_enable']:
            _logger.warning('wkhtmltopdf is not installed: %s is e-mailed '
                            'without its PDF.', self.number)
            return self.env['ir.attachment']
        # sudo: the PDF of this posted document, attached to the mail to
        # its own customer
        content = report.sudo().render_qweb_pdf(self.ids)
        if isinstance(content, tuple):  # (document, format)
            content = content[0]
        name = '%s.pdf' % (self.number or '').replace('/', '_')
        return self.env['ir.attachment'].create({
            'name': name, 'datas_fname': name, 'type': 'binary',
            'datas': base64.b64encode(content),
            'res_model': 'mail.compose.message', 'res_id': 0,
        })
