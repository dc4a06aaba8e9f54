# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The external reference (client_ref) of an RMA is unique per company, so
an integrator that retries a create finds the RMA it already made: the
refusal names the RMA holding it, also when two creates race."""
from contextlib import closing

from psycopg2 import errorcodes

from odoo import _, api, models, sql_db
from odoo.exceptions import UserError


class RmaOrder(models.Model):
    _inherit = 'rma.order'

    @api.model
    def _check_client_ref_free(self, client_ref, company, exclude=None):
        """External references are unique per company (also an SQL
        constraint, whose message would reach XML-RPC clients as a
        traceback): say which RMA holds it, so a retrying client knows it
        already succeeded."""
        if not client_ref:
            return True
        domain = [('client_ref', '=', client_ref),
                  ('company_id', '=', company.id)]
        if exclude:
            domain.append(('id', 'not in', exclude.ids))
        # sudo: the holder may be outside the user's record rules; only its
        # name and id are told
        holder = self.sudo().search(domain, limit=1)
        if holder:
            raise UserError(self._client_ref_used_message() % (
                client_ref, holder.name, holder.id, company.name))
        return True

    @api.model
    def _client_ref_used_message(self):
        """The refusal of a reference another RMA holds, to fill with the
        reference, the holder's name and id and the company's name."""
        return _(
            'External reference %s is already used by %s (id %s) of '
            'company %s; search rma.order by client_ref before creating '
            'or retrying.')

    @api.model
    def _client_ref_race_guard(self, refs):
        """What _raise_client_ref_race needs, gathered before the insert or
        update (after a failed one, the transaction runs no query, not
        even a translation's): the message and, for each (client_ref,
        company) to be written with a reference, (reference, company id,
        company name)."""
        refs = [(ref, company.id, company.name) for ref, company in refs
                if ref]
        return (self._client_ref_used_message() if refs else None, refs)

    @api.model
    def _raise_client_ref_race(self, error, guard, exclude=None):
        """``error`` rejected an insert or update: when it is the unique
        constraint on (client_ref, company_id), raise the message of
        _check_client_ref_free. That check passed, but a concurrent
        transaction took the reference since: Odoo's REPEATABLE READ
        snapshot hides its row, so look it up in a new transaction, which
        sees it (PostgreSQL reports the violation only once that
        transaction committed). ``guard``: see _client_ref_race_guard."""
        message, refs = guard
        if not refs or error.pgcode != errorcodes.UNIQUE_VIOLATION or \
                error.diag.constraint_name != '%s_client_ref_company_uniq' % (
                    self._table):
            return
        # A connection of its own (in test mode registry.cursor() would
        # hand back the request's cursor). Read-only, rolled back on close;
        # tells only the holder's name and id, like the check above.
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as cr:
            for client_ref, company_id, company_name in refs:
                cr.execute(
                    'SELECT id, name FROM rma_order WHERE client_ref = %s '
                    'AND company_id = %s AND id NOT IN %s ORDER BY id '
                    'LIMIT 1', (client_ref, company_id,
                                tuple(exclude.ids if exclude else [0])))
                row = cr.fetchone()
                if row:
                    raise UserError(message % (
                        client_ref, row[1], row[0], company_name))
