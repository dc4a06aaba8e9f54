# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api


def post_init_hook(cr, registry):
    """Companies that already have a chart of accounts get their default RMA
    accounts at install time."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env['res.company'].search([])._rma_setup_accounts()
