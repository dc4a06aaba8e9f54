from . import test_http_smoke
from . import test_rma_core
from . import test_rma_billing
from . import test_installed_base
from . import test_rma_accounting
from . import test_concurrency
from . import test_multi_company
from . import test_xmlrpc_inputs
