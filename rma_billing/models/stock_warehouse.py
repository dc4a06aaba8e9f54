# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class StockWarehouse(models.Model):
    _inherit = 'stock.warehouse'

    rma_return_route_id = fields.Many2one(
        'stock.location.route', string='RMA Return Route', readonly=True,
        copy=False,
        help="Brings RMA returns from the customer to the return location "
             "through this warehouse's reception steps; kept in line with "
             "them automatically.")

    @api.multi
    def _rma_return_location(self):
        """Where returned goods end up: the company's RMA return location,
        else the warehouse's stock."""
        self.ensure_one()
        return self.company_id.rma_return_location_id or self.lot_stock_id

    @api.multi
    def _rma_return_routings(self):
        """Steps of a return, from the customer on: Odoo's own reception
        steps of this warehouse (input, quality control, stock), ending in
        the return location instead of stock."""
        self.ensure_one()
        customers = self._get_partner_locations()[0]
        destination = self._rma_return_location()
        steps = self.get_routes_dict()[self.id][self.reception_steps]
        if not steps:
            return [self.Routing(customers, destination, self.in_type_id)]
        routings = [self.Routing(customers, steps[0].from_loc,
                                 self.in_type_id)] + steps[:-1]
        last = steps[-1]
        return routings + [self.Routing(last.from_loc, destination,
                                        last.picking_type)]

    @api.multi
    def _prepare_rma_return_rule_vals(self, routing, first):
        self.ensure_one()
        return {
            'name': _('%s: RMA return %s > %s') % (
                self.code, routing.from_loc.name, routing.dest_loc.name),
            'action': 'move',
            'location_src_id': routing.from_loc.id,
            'location_id': routing.dest_loc.id,
            'picking_type_id': routing.picking_type.id,
            # the first step takes the goods from the customer; each later
            # one waits for the step before it
            'procure_method': 'make_to_stock' if first else 'make_to_order',
            'warehouse_id': self.id,
            'company_id': self.company_id.id,
        }

    @api.multi
    def _rma_return_routes(self):
        """{warehouse: its RMA return route}, created or brought in line
        with the warehouse's reception steps and the return location.
        Rules that no longer match are archived (moves keep their rule)."""
        result = {}
        # sudo: routes and rules are warehouse configuration, which RMA
        # users may not edit; only this warehouse's own RMA route changes
        for warehouse in self.sudo():
            route = warehouse.rma_return_route_id
            if not route:
                route = route.create({
                    'name': _('%s: RMA Returns') % warehouse.name,
                    'company_id': warehouse.company_id.id,
                    'product_selectable': False,
                    'sequence': 100,
                })
                warehouse.rma_return_route_id = route
            wanted = [
                warehouse._prepare_rma_return_rule_vals(routing, index == 0)
                for index, routing in enumerate(
                    warehouse._rma_return_routings())]
            rules = route.pull_ids
            current = {(r.location_src_id.id, r.location_id.id,
                        r.picking_type_id.id, r.procure_method) for r in rules}
            if current != {(v['location_src_id'], v['location_id'],
                            v['picking_type_id'], v['procure_method'])
                           for v in wanted}:
                rules.write({'active': False})
                for vals in wanted:
                    rules.create(dict(vals, route_id=route.id))
            # handed back with the caller's own rights, not the superuser's
            result[self.browse(warehouse.id)] = route.sudo(self.env.uid)
        return result
