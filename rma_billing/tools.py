# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers shared by the RMA models."""
from odoo import _
from odoo.exceptions import UserError, ValidationError


class RmaValidationError(ValidationError, UserError):
    """A constraint violation that is also a UserError. Odoo 11's XML-RPC
    layer sends a UserError's message as a clean fault (code 2) but a bare
    ValidationError as a server traceback (code 1): integrators must get
    the message."""


def check_input_values(records, vals, label):
    """Refuse a selection value that is not one of the field's keys, or a
    number that is not a number, with a clear message (the ORM would raise
    a ValueError: a server traceback over XML-RPC). ``label()`` names the
    record(s) in the message."""
    for name, value in vals.items():
        field = records._fields.get(name)
        if not field:
            continue
        if field.type in ('float', 'integer', 'monetary'):
            try:
                float(value or 0.0)
                continue
            except (TypeError, ValueError):
                raise UserError(_(
                    '%s: %s (field %s) must be a number, got %r.') % (
                    label(), field.string, name, value))
        if field.type != 'selection' or not isinstance(field.selection, list):
            continue
        keys = [key for key, _label in field.selection]
        if value in keys or (not value and not field.required):
            continue
        raise UserError(_(
            '%s: %r is not a valid %s (field %s); use one of: %s.') % (
            label(), value, field.string, name, ', '.join(keys)))
    return True


def count_by(model, field, ids):
    """{id: how many ``model`` records have that id in ``field``}, in one
    query (the smart buttons' counters)."""
    data = model.read_group([(field, 'in', ids)], [field], [field])
    return {d[field][0]: d['%s_count' % field] for d in data}


def window_action(env, xmlid, domain, context=None, records=None,
                  form_xmlid=None):
    """The window action ``xmlid`` restricted to ``domain``; when
    ``records`` is a single record, opened on it in the form view
    ``form_xmlid``."""
    action = env.ref(xmlid).read()[0]
    action['domain'] = domain
    action['context'] = context or {}
    if records is not None and len(records) == 1:
        action['views'] = [(env.ref(form_xmlid).id, 'form')]
        action['res_id'] = records.id
    return action
