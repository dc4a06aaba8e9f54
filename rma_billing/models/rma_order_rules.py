# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rules of the RMA's steps: each _get_*_blocker says why a step is not
possible (empty: it is), drives its can_be_* flag (rma_order.py) and is
enforced by the matching _check_can_* in the step's server method. Other
concerns extend the blockers with super()."""
from odoo import _, api, models
from odoo.exceptions import UserError


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    def _get_confirm_blocker(self):
        self.ensure_one()
        if self.state != 'draft':
            return _('RMA %s is %s; only draft RMAs can be confirmed.') % (
                self.name, self._state_label())
        if not self.line_ids:
            return _('RMA %s has no lines: add at least one issue or receipt '
                     'line before confirming.') % self.name
        return ''

    def _get_process_blocker(self):
        self.ensure_one()
        if self.state != 'confirmed':
            return _('RMA %s is %s; only confirmed RMAs can ship or receive '
                     'goods.') % (self.name, self._state_label())
        return ''

    def _get_invoice_blocker(self):
        self.ensure_one()
        if self.state not in ('confirmed', 'done'):
            return _('RMA %s is %s; only confirmed or done RMAs can be '
                     'invoiced.') % (self.name, self._state_label())
        return ''

    def _get_cancel_blocker(self, is_manager):
        self.ensure_one()
        if self.state == 'cancel':
            return _('RMA %s is already cancelled.') % self.name
        if self.state == 'done' and not is_manager:
            return _('RMA %s is done; only an RMA Manager can cancel it.') % (
                self.name)
        return ''

    def _get_reset_blocker(self):
        self.ensure_one()
        if self.state != 'cancel':
            return _('RMA %s is %s; only cancelled RMAs can be reset to '
                     'draft.') % (self.name, self._state_label())
        if any(move.state == 'done' for move in self.line_ids.mapped(
                'move_ids')):
            return _('Goods of RMA %s already moved; create a new RMA '
                     'instead of resetting this one.') % self.name
        return ''

    @api.model
    def _raise_blockers(self, blockers):
        blockers = [b for b in blockers if b]
        if blockers:
            raise UserError('\n'.join(blockers))
        return True

    @api.multi
    def _check_can_confirm(self):
        self._raise_blockers(rma._get_confirm_blocker() for rma in self)
        self.mapped('line_ids')._check_can_confirm()
        return True

    @api.multi
    def _check_can_process(self):
        return self._raise_blockers(
            rma._get_process_blocker() for rma in self)

    @api.multi
    def _check_can_invoice(self):
        return self._raise_blockers(
            rma._get_invoice_blocker() for rma in self)

    @api.multi
    def _check_can_cancel(self):
        is_manager = self.env.user.has_group('rma_billing.group_rma_manager')
        return self._raise_blockers(
            rma._get_cancel_blocker(is_manager) for rma in self)

    @api.multi
    def _check_can_reset(self):
        return self._raise_blockers(rma._get_reset_blocker() for rma in self)

    def _state_label(self):
        return dict(self._fields['state']._description_selection(
            self.env))[self.state]
