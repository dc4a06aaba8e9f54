# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Selection lists shared by the RMA models and their settings (company,
category, customer), so settings never import business models."""

BILLING_MODES = [
    ('net', 'Net (one document)'),
    ('separate', 'Separate invoice and credit note'),
]
LINE_TYPES = [
    ('issue', 'Issue'),
    ('receipt', 'Receipt'),
]
FEE_MODES = [
    ('none', 'No fee'),
    ('percent', 'Percentage of the credit'),
    ('fixed', 'Fixed amount per unit'),
]
INVOICE_STATUS = [
    ('no', 'Nothing to Invoice'),
    ('to invoice', 'To Invoice'),
    ('invoiced', 'Fully Invoiced'),
]
# Kinds of the invoice lines an RMA line produces.
RMA_LINE_KINDS = [
    ('charge', 'Issued'),
    ('credit', 'Returned (credit)'),
    ('fee', 'Restocking fee'),
]
INSTALLED_BASE_CHECKS = [
    ('none', 'No check'),
    ('warn', 'Warn on the RMA line'),
    ('block', 'Refuse to confirm the RMA'),
]
COST_FALLBACKS = [
    ('current', 'Current cost'),
    ('refuse', 'Refuse and ask'),
]
FEE_TAXES = [
    ('line', 'Taxes of the returned goods'),
    ('product', 'Taxes of the restocking fee product'),
]
# Why goods come back (rma.reason.category) and in which state they arrive
# (rma.order.line.condition): the analysis and fee rules group by them.
REASON_CATEGORIES = [
    ('defective', 'Defective'),
    ('wrong_item', 'Wrong item'),
    ('not_needed', 'Not needed'),
    ('transit_damage', 'Damaged in transit'),
    ('upgrade', 'Upgrade'),
    ('other', 'Other'),
]
RETURN_CONDITIONS = [
    ('unopened', 'Unopened'),
    ('opened', 'Opened, as new'),
    ('used', 'Used'),
    ('damaged', 'Damaged'),
    ('incomplete', 'Incomplete'),
]
