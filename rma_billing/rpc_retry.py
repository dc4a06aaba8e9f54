# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo 11's XML-RPC retry of a serialisation conflict, made safe.

``odoo.service.model.check`` calls ``execute`` again when PostgreSQL
reports a conflict, but unlike the web client's retry (``http.py``'s
``checked_call``, which clears the environment first) it keeps the
thread's environments: the failed attempt's cache and fields to recompute
are carried into the retry, whose recomputation then runs on the failed
attempt's closed cursor ("Unable to use a closed cursor", a traceback).
And when the conflict outlasts the 5 retries, the client gets the
PostgreSQL error as a traceback (fault 1).

Installed once per server process when rma_billing is imported: each
attempt starts from fresh environments, as a new request does, and a
conflict Odoo gives up on is answered as a clear, retryable refusal
(fault 2). Nothing else in the call path changes.
"""
import logging

from psycopg2 import OperationalError

import odoo
from odoo.exceptions import UserError
from odoo.service import model as service_model
from odoo.tools.translate import _

_logger = logging.getLogger(__name__)


class ConcurrencyConflict(UserError):
    """A conflict with another transaction that outlasted Odoo's retries:
    nothing was written and calling again is safe."""


def _execute_cr_fresh(cr, uid, obj, method, *args, **kw):
    # Every attempt, the retries included, gets new environments: nothing
    # of a failed attempt (cache, pending recomputations) reaches it.
    odoo.api.Environment.reset()
    return _execute_cr_fresh.original(cr, uid, obj, method, *args, **kw)


def _execute_conflict_fault(db, uid, obj, method, *args, **kw):
    try:
        return _execute_conflict_fault.original(
            db, uid, obj, method, *args, **kw)
    except OperationalError as error:
        if error.pgcode not in service_model.PG_CONCURRENCY_ERRORS_TO_RETRY:
            raise
        _logger.info('%s.%s: conflict outlasted the retries, refused as '
                     'retryable', obj, method)
        raise ConcurrencyConflict(_(
            'Other users were changing the same records at the same moment '
            '(%s.%s, tried %d times). Nothing was saved: call again.') % (
            obj, method, service_model.MAX_TRIES_ON_CONCURRENCY_FAILURE + 1))


def install():
    """Wrap Odoo's XML-RPC execute path, once per process."""
    for name, wrapper in (('execute_cr', _execute_cr_fresh),
                          ('execute', _execute_conflict_fault)):
        current = getattr(service_model, name)
        if getattr(current, 'rma_billing_wrapped', False):
            continue
        wrapper.original = current
        wrapper.rma_billing_wrapped = True
        setattr(service_model, name, wrapper)
