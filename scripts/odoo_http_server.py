"""pytest plugin: serve Odoo's HTTP/XML-RPC in-process so HttpCase works.

pytest-odoo loads the Odoo config in pytest_cmdline_main but never starts the HTTP
server, and odoo.tests.common.HttpCase builds its XML-RPC proxies from the module
globals HOST/PORT when each test case is *instantiated*. So, before collection, pick
a free local port, point those globals at it and spawn Odoo's threaded WSGI server
(a daemon thread, gone when pytest exits). A running `make run` on 8069 is never hit.
Load with: PYTHONPATH=scripts pytest -p odoo_http_server ...
"""
import socket

import odoo


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def pytest_sessionstart(session):
    if not odoo.tools.config.get('db_name'):
        return  # pytest-odoo not configured: nothing to serve
    import odoo.tests.common as common
    from odoo.service import server, wsgi_server

    port = _free_port()
    odoo.tools.config['http_interface'] = common.HOST = '127.0.0.1'
    odoo.tools.config['http_port'] = common.PORT = port
    server.ThreadedServer(wsgi_server.application).http_spawn()
