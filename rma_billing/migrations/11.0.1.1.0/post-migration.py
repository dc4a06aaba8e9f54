# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""1.1: pickings get their RMA from the procurement group (a related field):
give the groups of existing RMAs their RMA, so the link survives."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE procurement_group g SET rma_id = r.id
          FROM rma_order r
         WHERE r.procurement_group_id = g.id AND g.rma_id IS NULL
    """)
