# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may run an RMA's steps: each public step writes the RMA, so it
first checks the user may write these very RMAs (access rights and the
company rules). A user without the right gets Odoo's access error before
any transfer, document or message is made, whichever record the step
would have touched first."""
from odoo import api, models


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    @api.multi
    def _check_step_access(self):
        self.check_access_rights('write')
        self.check_access_rule('write')
        return True

    @api.multi
    def action_confirm(self):
        self._check_step_access()
        return super(RmaOrder, self).action_confirm()

    @api.multi
    def action_cancel(self):
        self._check_step_access()
        return super(RmaOrder, self).action_cancel()

    @api.multi
    def action_draft(self):
        self._check_step_access()
        return super(RmaOrder, self).action_draft()

    @api.multi
    def process_all(self):
        self._check_step_access()
        # take the rows first: a concurrent step waits here, before any
        # work, and its retry (Odoo's, on the serialisation error) is cheap
        self._lock_rows()
        return super(RmaOrder, self).process_all()

    @api.multi
    def create_invoices(self):
        self._check_step_access()
        self._lock_rows()
        return super(RmaOrder, self).create_invoices()


class RmaOrderLine(models.Model):
    _inherit = 'rma.order.line'

    @api.multi
    def process_quantity(self, qty):
        orders = self.mapped('order_id')
        orders._check_step_access()
        orders._lock_rows()
        return super(RmaOrderLine, self).process_quantity(qty)
