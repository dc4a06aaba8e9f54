#!/usr/bin/env bash
# make backup-test: throwaway database with rma_billing -> an RMA with its posted
# credit note and an attachment -> make backup's code -> restore under another
# name -> compare (scripts/backup_check.py).
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
throwaway_db rma_backup
logged "$LOGS/backup-test-install.log" "installing rma_billing" "$ROOT/scripts/odoo" -c "$CONF" \
    -d "$THROWAWAY_DB" -i rma_billing --without-demo=all --stop-after-init --log-level=warn
"$VENV/bin/python" "$ROOT/scripts/backup_check.py" -c "$CONF" -d "$THROWAWAY_DB"
