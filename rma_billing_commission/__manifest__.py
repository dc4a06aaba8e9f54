# Copyright 2026 rma_billing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    'name': 'RMA Billing - Sales Commissions',
    'summary': 'Salesperson commissions on RMAs: charges earn, credits claw '
               'back, settled with the sales commission settlements',
    'version': '11.0.1.0.0',
    'category': 'Sales',
    'website': 'https://github.com/rma-billing/rma_billing',
    'author': 'rma_billing contributors',
    'maintainers': ['rma-billing'],
    'license': 'AGPL-3',  # extends OCA sale_commission (AGPL-3)
    'development_status': 'Alpha',
    'installable': True,
    'auto_install': True,
    'depends': [
        'rma_billing',
        'sale_commission',
    ],
    'data': [
        'security/ir.model.access.csv',
        'security/rma_security.xml',
        'views/rma_order_line_agent_views.xml',
        'views/rma_order_views.xml',
        'views/rma_order_line_views.xml',
        'views/res_config_settings_views.xml',
    ],
}
