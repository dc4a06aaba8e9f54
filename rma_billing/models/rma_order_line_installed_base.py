# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A returned lot/serial against the customer's installed base: the line's
warning when it is not installed there, and the companies' block mode that
refuses such receipts at confirmation."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    installed_base_warning = fields.Char(
        compute='_compute_installed_base_warning',
        help='Receipts: the lot/serial number is not installed at this '
             'customer (see the installed base).')

    @api.depends('line_type', 'lot_id', 'order_id.partner_id')
    def _compute_installed_base_warning(self):
        lines = self.filtered(
            lambda l: l.line_type == 'receipt' and l.lot_id and
            l.order_id.company_id.rma_installed_base_check != 'none')
        installed, returned_by = set(), set()
        if lines:
            # either still installed, or already returned by this very line;
            # sudo: the lines' own companies and customers only, and only
            # a warning (with the line's lot and customer) comes out
            entries = self.env['rma.installed.base'].sudo().search_read([
                ('company_id', 'in', lines.mapped('company_id').ids),
                '|', ('state', '=', 'installed'),
                ('return_rma_line_id', 'in', lines.ids),
                ('lot_id', 'in', lines.mapped('lot_id').ids),
                ('partner_id', 'in',
                 lines.mapped('order_id.commercial_partner_id').ids)],
                ['partner_id', 'lot_id', 'state', 'return_rma_line_id'])
            for entry in entries:
                if entry['state'] == 'installed':
                    installed.add((entry['partner_id'][0],
                                   entry['lot_id'][0]))
                else:
                    returned_by.add(entry['return_rma_line_id'][0])
        for line in lines:
            partner = line.order_id.commercial_partner_id
            if (partner.id, line.lot_id.id) not in installed and \
                    line.id not in returned_by:
                line.installed_base_warning = _(
                    'Lot/serial %s is not in the installed base of %s.') % (
                    line.lot_id.name, partner.display_name)

    # Constraints and onchanges ----------------------------------------------
    @api.multi
    def _check_installed_base(self):
        """Companies in block mode refuse receipts of lots/serials the
        customer does not have installed."""
        blocked = self.filtered(
            lambda l: l.installed_base_warning and
            l.order_id.company_id.rma_installed_base_check == 'block')
        if blocked:
            raise UserError(_(
                'Unknown lot/serial numbers on return:\n%s\nCorrect the '
                'lot/serial number, or ask an RMA Manager to relax the '
                'installed base check in the RMA settings.') % '\n'.join(
                _('RMA %s, line "%s": %s') % (
                    line.order_id.name, line.product_id.display_name,
                    line.installed_base_warning) for line in blocked))
        return True
