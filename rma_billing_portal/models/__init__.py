from . import rma_order
from . import rma_order_line
from . import sale_order_line
from . import stock_move
from . import account_invoice
