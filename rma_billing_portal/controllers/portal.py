# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""My Returns in the customer portal, and the return request form of a
delivered sale order, built like sale's and account's portal pages."""
from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import (
    CustomerPortal, get_records_pager, pager as portal_pager)


class RmaCustomerPortal(CustomerPortal):

    def _prepare_portal_layout_values(self):
        values = super(RmaCustomerPortal, self)._prepare_portal_layout_values()
        values['rma_count'] = request.env['rma.order'].search_count(
            self._get_rma_domain())
        return values

    def _get_rma_domain(self):
        # the record rule limits portal users to their commercial partner;
        # staff browsing their own portal see their own company's returns
        partner = request.env.user.partner_id.commercial_partner_id
        return [('commercial_partner_id', '=', partner.id)]

    def _rma_check_access(self, rma_id, access_token=None):
        """The RMA as sudo, if the user may read it or holds its token;
        NotFound otherwise (whether it exists or not is not told)."""
        rma = request.env['rma.order'].browse(rma_id)
        # sudo: returned only after the record rules or the token allowed
        # this very RMA (checked below)
        rma_sudo = rma.sudo()
        if not rma_sudo.exists():
            raise NotFound()
        try:
            rma.check_access_rights('read')
            rma.check_access_rule('read')
        except (AccessError, MissingError):
            if not access_token or not rma_sudo.access_token or \
                    not consteq(rma_sudo.access_token, access_token):
                raise NotFound()
        return rma_sudo

    def _order_check_returnable(self, order_id):
        """The sale order as sudo, if the logged-in user may read it (by the
        sale portal's own rule); NotFound otherwise."""
        try:
            order = self._order_check_access(order_id)
        except (AccessError, MissingError):
            raise NotFound()
        if not order.exists():
            raise NotFound()
        return order

    # My Returns -------------------------------------------------------------
    @http.route(['/my/rmas', '/my/rmas/page/<int:page>'], type='http',
                auth='user', website=True)
    def portal_my_rmas(self, page=1, sortby=None, **kw):
        values = self._prepare_portal_layout_values()
        Rma = request.env['rma.order']
        domain = self._get_rma_domain()
        searchbar_sortings = {
            'date': {'label': _('Date'), 'order': 'date desc, id desc'},
            'name': {'label': _('Reference'), 'order': 'name desc'},
            'state': {'label': _('Status'), 'order': 'state, id desc'},
        }
        sortby = sortby if sortby in searchbar_sortings else 'date'
        pager = portal_pager(
            url='/my/rmas', url_args={'sortby': sortby},
            total=Rma.search_count(domain), page=page,
            step=self._items_per_page)
        rmas = Rma.search(domain, order=searchbar_sortings[sortby]['order'],
                          limit=self._items_per_page, offset=pager['offset'])
        request.session['my_rmas_history'] = rmas.ids[:100]
        values.update({
            # sudo: the RMAs the user's own search (record rules) found
            'rmas': rmas.sudo(),
            'page_name': 'rma',
            'pager': pager,
            'default_url': '/my/rmas',
            'searchbar_sortings': searchbar_sortings,
            'sortby': sortby,
        })
        return request.render('rma_billing_portal.portal_my_rmas', values)

    @http.route(['/my/rmas/<int:rma_id>'], type='http', auth='public',
                website=True)
    def portal_rma_page(self, rma_id, access_token=None, **kw):
        rma = self._rma_check_access(rma_id, access_token)
        values = {
            'rma': rma,
            'page_name': 'rma',
            'documents': rma._portal_posted_documents(),
            'message': kw.get('message'),
        }
        if access_token:
            values['no_breadcrumbs'] = True
            values['access_token'] = access_token
        values.update(get_records_pager(
            request.session.get('my_rmas_history', []), rma))
        return request.render('rma_billing_portal.portal_rma_page', values)

    # Return request ---------------------------------------------------------
    @http.route(['/my/orders/<int:order_id>/return'], type='http',
                auth='user', methods=['GET'], website=True)
    def portal_rma_request_form(self, order_id, **kw):
        order = self._order_check_returnable(order_id)
        return self._render_request_form(order)

    @http.route(['/my/orders/<int:order_id>/return'], type='http',
                auth='user', methods=['POST'], website=True)
    def portal_rma_request_submit(self, order_id, **post):
        order = self._order_check_returnable(order_id)
        try:
            qty_by_line, reason = self._parse_request_form(order, post)
            # a savepoint: a refused request writes nothing at all
            with request.env.cr.savepoint():
                rma_id = request.env['rma.order'].sudo().create_portal_request(
                    order, qty_by_line, reason,
                    post.get('comment', '').strip(),
                    partner=request.env.user.partner_id)
        except UserError as error:
            return self._render_request_form(order, error=error.name,
                                             post=post)
        return request.redirect('/my/rmas/%s?message=requested' % rma_id)

    def _parse_request_form(self, order, post):
        """({sale line: qty}, rma.reason) from the form; UserError when a
        value cannot be read."""
        qty_by_line = {}
        for line in order.order_line:
            raw = (post.get('qty_%s' % line.id) or '').strip()
            if not raw:
                continue
            try:
                qty = float(raw.replace(',', '.'))
            except ValueError:
                raise UserError(_(
                    '"%s": "%s" is not a quantity; enter a number.') % (
                    line.name, raw))
            qty_by_line[line] = qty
        # sudo: reasons are public choices of the form, read-only
        reason = request.env['rma.reason'].sudo().browse()
        if (post.get('reason_id') or '').isdigit():
            reason = reason.browse(int(post['reason_id'])).exists()
        return qty_by_line, reason

    def _render_request_form(self, order, error=None, post=None):
        lines = order.order_line.filtered(
            lambda l: l.product_id.type != 'service' or l.qty_invoiced)
        values = self._prepare_portal_layout_values()
        values.update({
            'order': order,
            'sales_order': order,
            'page_name': 'rma_request',
            'lines': lines,
            'returnable': lines._get_rma_returnable_qty(),
            # sudo: the reasons are the form's public choices
            'reasons': request.env['rma.reason'].sudo().search([]),
            'error': error,
            'post': post or {},
        })
        return request.render('rma_billing_portal.portal_rma_request', values)
