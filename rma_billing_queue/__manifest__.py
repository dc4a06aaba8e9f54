# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'RMA Billing - Background Billing (queue_job)',
    'summary': 'Bill thousands of RMAs in the background: one job and one '
               'transaction per chunk, on OCA queue_job',
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
        'queue_job',
    ],
    'data': [
        'security/ir.model.access.csv',
        'data/ir_cron.xml',
        'views/rma_billing_batch_views.xml',
        'views/rma_order_views.xml',
        'views/res_config_settings_views.xml',
    ],
}
