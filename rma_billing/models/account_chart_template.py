# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountChartTemplate(models.Model):
    _inherit = 'account.chart.template'

    def _install_template(self, company, *args, **kwargs):
        # A chart installed after this module gets the RMA accounts too.
        res = super(AccountChartTemplate, self)._install_template(
            company, *args, **kwargs)
        company._rma_setup_accounts()
        return res
