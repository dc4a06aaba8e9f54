# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'RMA Billing',
    'summary': 'Bill Return Merchandise Authorizations: net or separate '
               'invoicing of issues and receipts, restocking fees, '
               'price lock and pending invoices',
    'version': '11.0.1.1.0',
    'category': 'Sales',
    'website': 'https://github.com/rma-billing/rma_billing',
    'author': 'rma_billing contributors',
    'maintainers': ['rma-billing'],
    'license': 'LGPL-3',
    'development_status': 'Alpha',
    'application': True,
    'installable': True,
    'depends': [
        'sale_stock',
        'stock_account',
        'account_invoicing',
    ],
    'data': [
        'security/rma_security.xml',
        'security/ir.model.access.csv',
        'data/ir_sequence_data.xml',
        'data/rma_reason_data.xml',
        'data/product_data.xml',
        'views/rma_order_views.xml',
        'views/rma_order_line_views.xml',
        'views/rma_installed_base_views.xml',
        'views/rma_reason_views.xml',
        'views/res_partner_views.xml',
        'views/sale_order_views.xml',
        'views/stock_picking_views.xml',
        'views/account_invoice_views.xml',
        'views/account_move_line_views.xml',
        'views/product_category_views.xml',
        'views/res_config_settings_views.xml',
        'views/menus.xml',
    ],
    'demo': ['demo/rma_demo.xml'],
    'post_init_hook': 'post_init_hook',
}
