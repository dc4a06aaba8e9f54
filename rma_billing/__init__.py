from . import models
from . import report
from . import rpc_retry
from .hooks import post_init_hook

rpc_retry.install()
