from . import test_rma_commission
