from . import test_rma_commission
from . import test_commission_refusals
