# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's command line as a script file (odoo-bin), for the multi-worker
server of the load test: its prefork server respawns the longpolling
process by running this file again."""
import odoo

if __name__ == '__main__':
    odoo.cli.main()
