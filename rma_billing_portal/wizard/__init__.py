from . import rma_request_refuse
