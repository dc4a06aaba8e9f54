from . import res_company
from . import res_config_settings
from . import rma_order_line
from . import rma_order_line_agent
from . import account_invoice
