from . import rma_analysis
from . import rma_return_rate
