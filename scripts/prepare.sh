#!/usr/bin/env bash
# Everything run/test/update need: .venv, the database server, .local/odoo.conf.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/venv.sh"
"$ROOT/scripts/pg.sh" start
"$ROOT/scripts/conf.sh"
