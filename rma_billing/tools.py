# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers shared by the RMA models."""
from odoo import _
from odoo.exceptions import MissingError, UserError, ValidationError
from odoo.models import BaseModel

# Models whose records carry a company yet are shared by every company
# unless the given record rule is active: Odoo 11 ships the "Product
# multi-company" rule disabled, so an RMA may take a product of another
# company (its line defaults pick the taxes of the RMA's company).
SHARED_UNLESS_RULE = {
    'product.product': 'product.product_comp_rule',
    'product.template': 'product.product_comp_rule',
}


# Batch methods go through many RMAs in chunks of this many, each chunk with
# its own prefetch: on every cache miss Odoo 11 reads the field for, and so
# scans, the record's whole prefetch set, which makes one batch of N records
# quadratic in N.
BATCH_CHUNK = 50

# PostgreSQL's first version with plan_cache_mode (see plan_for_growing_tables)
PLAN_CACHE_MODE_VERSION = 120000


def plan_for_growing_tables(cr):
    """Plan this transaction's foreign-key checks for the tables as they are
    now. PostgreSQL plans each check once per connection and keeps the
    plan: made while the RMA tables were small (a young database, a
    batch's first RMAs), it scans the whole table, so every row a batch
    writes scans all the RMAs and lines written before it, and the batch
    becomes quadratic. Each check is then planned anew (a short planning
    per check). The setting holds until the transaction ends (for the rest
    of the caller's work too: it changes plans, never results);
    PostgreSQL 12 and later."""
    if cr._cnx.server_version >= PLAN_CACHE_MODE_VERSION:
        cr.execute("SET LOCAL plan_cache_mode = force_custom_plan")


def chunked(records, size=None):
    """``records`` in recordsets of ``size`` (default BATCH_CHUNK), each
    with its own prefetch."""
    size = size or BATCH_CHUNK
    ids = records.ids
    for start in range(0, len(ids), size):
        yield records.browse(ids[start:start + size])


def narrow_reads(records):
    """``records`` reading only the fields asked for. Odoo 11 reads a field
    missing from the cache with every other column of every record in the
    prefetch set: once a recomputation rewrote a few fields of an RMA's
    lines, each of them read back cost a read of all their columns (about
    0.6 ms per line). For reading only: computed fields are cached per
    context, so what a compute method assigns through these records is
    not seen through the caller's."""
    return records.with_context(prefetch_fields=False)


class RmaValidationError(ValidationError, UserError):
    """A constraint violation that is also a UserError. Odoo 11's XML-RPC
    layer sends a UserError's message as a clean fault (code 2) but a bare
    ValidationError as a server traceback (code 1): integrators must get
    the message."""


def check_input_values(records, vals, label, companies=None):
    """Refuse, with a clear message, what the ORM would turn into a server
    traceback over XML-RPC (or store as is):

    - a selection value that is not one of the field's keys;
    - a number that is not a number;
    - a many2one id, or a many2many id or command, that is malformed, of a
      record that does not exist, or of a record of another company than
      ``companies`` (default: the companies the records are, or will be,
      of; see ``input_companies``).

    ``label()`` names the record(s) in the message."""
    for name, value in vals.items():
        field = records._fields.get(name)
        if not field:
            continue
        if field.type in ('many2one', 'many2many'):
            ids = _input_ids(records, field, value, label)
            if ids:
                if companies is None:
                    companies = input_companies(records, vals)
                _check_targets(records, field, ids, label, companies)
            continue
        if field.type in ('float', 'integer', 'monetary'):
            try:
                float(value or 0.0)
                continue
            except (TypeError, ValueError):
                raise UserError(_(
                    '%s: %s (field %s) must be a number, got %r.') % (
                    _who(records, label), field.string, name, value))
        if field.type != 'selection' or not isinstance(field.selection, list):
            continue
        keys = [key for key, _label in field.selection]
        if value in keys or (not value and not field.required):
            continue
        raise UserError(_(
            '%s: %r is not a valid %s (field %s); use one of: %s.') % (
            _who(records, label), value, field.string, name, ', '.join(keys)))
    return True


def input_companies(records, vals):
    """The companies ``vals`` are written for: the company set in ``vals``,
    else the one of the parent set in ``vals`` when ``company_id`` is
    related to it (an RMA line's, from its RMA), else the records', else,
    on create, the default company. Empty when the model has no company."""
    Company = records.env['res.company']
    field = records._fields.get('company_id')
    if not field or field.type != 'many2one' or \
            field.comodel_name != 'res.company':
        return Company
    # A value that is no id gives no company (its own check refuses it).
    # sudo: only reads the companies to compare; grants nothing.
    path = field.related
    if path and path[0] in vals:
        parent_id = _as_id(vals[path[0]])
        parents = records.env[records._fields[path[0]].comodel_name].browse(
            [parent_id] if parent_id else []).sudo().exists()
        return parents.mapped('.'.join(path[1:]))
    if not path and vals.get('company_id'):
        company_id = _as_id(vals['company_id'])
        return Company.browse([company_id] if company_id else []).exists()
    if records:
        # sudo: the company of the records being written, read to compare
        return records.sudo().mapped('company_id')
    if path:
        return Company
    return Company._company_default_get(records._name)


def _who(records, label):
    """``label()``, or the model's name when ``label`` reads a record that
    does not exist (e.g. an RMA line given an unknown RMA)."""
    try:
        return label()
    except MissingError:
        return _('New %s') % records._description


def _bad_shape(records, field, value, label, expected):
    return UserError(_('%s: %s (field %s) must be %s, got %r.') % (
        _who(records, label), field.string, field.name, expected, value))


def _as_id(value):
    """``value`` as a record id, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _input_ids(records, field, value, label):
    """The ids of existing records ``value`` links on ``field`` (a many2one
    id, or many2many ids and commands); refuse malformed values. New
    records (dicts, (0, 0, vals)) are left to the ORM."""
    if not value or isinstance(value, dict):
        return []
    if isinstance(value, BaseModel):
        return [i for i in value._ids if isinstance(i, int)]
    if field.type == 'many2one':
        if isinstance(value, tuple):
            # Odoo's (id, name) pair
            value = value[0]
        record_id = _as_id(value)
        if record_id is None:
            raise _bad_shape(records, field, value, label, _(
                'the id of a %s record') % field.comodel_name)
        return [record_id]
    expected = _('a list of %s ids, or of commands such as (6, 0, ids) or '
                 '(4, id)') % field.comodel_name
    if not isinstance(value, (list, tuple)):
        raise _bad_shape(records, field, value, label, expected)
    ids = []
    for command in value:
        if isinstance(command, dict):
            continue
        if not isinstance(command, (list, tuple)):
            command = (4, command)
        try:
            code = command[0]
            if code in (0, 5):
                continue
            if code == 6:
                linked = list(command[2] or [])
            elif code in (1, 2, 3, 4):
                linked = [command[1]]
            else:
                raise _bad_shape(records, field, value, label, expected)
        except (IndexError, TypeError):
            raise _bad_shape(records, field, value, label, expected)
        for item in linked:
            record_id = _as_id(item)
            if record_id is None:
                raise _bad_shape(records, field, value, label, expected)
            ids.append(record_id)
    return ids


def _target_companies(target):
    """The companies ``target`` may be used in, or None when it may be used
    in any: a user's allowed companies, else the record's company."""
    fields = target._fields
    if 'company_ids' in fields and \
            fields['company_ids'].comodel_name == 'res.company':
        return target.company_ids
    field = fields.get('company_id')
    if not field or field.comodel_name != 'res.company' or \
            not target.company_id:
        return None
    rule = SHARED_UNLESS_RULE.get(target._name)
    if rule:
        rule = target.env.ref(rule, raise_if_not_found=False)
        if not rule or not rule.active:
            return None
    return target.company_id


def _check_targets(records, field, ids, label, companies):
    """Refuse ids of ``field`` that do not exist or whose record belongs to
    another company than ``companies``."""
    # exists() is a plain SQL lookup, blind to record rules: a record the
    # user may not read is not called unknown (the company check below
    # refuses it when it is of another company)
    targets = records.env[field.comodel_name].browse(
        list(dict.fromkeys(ids)))
    missing = targets - targets.exists()
    if missing:
        if len(missing) == 1:
            message = _('%s: %s (field %s): %s id %s does not exist.')
        else:
            message = _('%s: %s (field %s): %s ids %s do not exist.')
        raise UserError(message % (
            _who(records, label), field.string, field.name,
            field.comodel_name, ', '.join(str(i) for i in missing.ids)))
    if not companies:
        return
    # sudo: the records of another company are invisible to the user, who
    # must get this message rather than an access error. It cannot widen
    # access: it only reads their company (and a rule's active flag) to
    # decide a refusal, tells nothing but the company's name, and a value
    # that passes is written exactly as without this check, with the
    # user's own rights.
    for target in targets.sudo():
        allowed = _target_companies(target)
        if allowed is None or not companies - allowed:
            continue
        raise RmaValidationError(_(
            '%s: %s (field %s): %s id %s belongs to another company (%s), '
            'not to %s.') % (
            _who(records, label), field.string, field.name,
            field.comodel_name, target.id,
            ', '.join(allowed.mapped('name')) or _('none'),
            ', '.join((companies - allowed).mapped('name'))))


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
