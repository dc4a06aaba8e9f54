# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'RMA Billing - Customer Portal',
    'summary': 'Customers request returns of delivered orders and follow '
               'their RMAs in My Account, with an e-mail at each step',
    'version': '11.0.1.0.0',
    'category': 'Sales',
    'website': 'https://github.com/rma-billing/rma_billing',
    'author': 'rma_billing contributors',
    'maintainers': ['rma-billing'],
    'license': 'LGPL-3',
    'development_status': 'Alpha',
    'installable': True,
    'auto_install': True,
    'depends': [
        'rma_billing',
        'portal',
    ],
    'data': [
        'security/ir.model.access.csv',
        'security/rma_portal_security.xml',
        'data/mail_template_data.xml',
        'wizard/rma_request_refuse_views.xml',
        'views/rma_order_views.xml',
        'views/rma_portal_templates.xml',
        'views/sale_portal_templates.xml',
    ],
}
