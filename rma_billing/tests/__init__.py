from . import test_http_smoke
from . import test_rma_core
from . import test_rma_billing
