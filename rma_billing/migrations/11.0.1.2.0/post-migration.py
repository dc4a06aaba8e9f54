# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""1.2: reasons have a category. The shipped reasons are noupdate data, so
an update leaves the new column at its default ('other'): give them the
category of their data file, unless someone changed it already."""

SHIPPED = {
    'rma_reason_defective': 'defective',
    'rma_reason_wrong_item': 'wrong_item',
    'rma_reason_upgrade': 'upgrade',
    'rma_reason_not_needed': 'not_needed',
}


def migrate(cr, version):
    if not version:
        return
    for xmlid, category in SHIPPED.items():
        cr.execute("""
            UPDATE rma_reason r SET category = %s
              FROM ir_model_data d
             WHERE d.module = 'rma_billing' AND d.name = %s
               AND d.model = 'rma.reason' AND d.res_id = r.id
               AND r.category = 'other'
        """, (category, xmlid))
    # lines store their reason's category
    cr.execute("""
        UPDATE rma_order_line l SET reason_category = r.category
          FROM rma_order o, rma_reason r
         WHERE o.id = l.order_id
           AND r.id = COALESCE(l.reason_id, o.reason_id)
           AND l.reason_category IS DISTINCT FROM r.category
    """)
