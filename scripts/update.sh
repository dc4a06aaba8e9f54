#!/usr/bin/env bash
# make update: upgrade (-u) the repo addons in $DB, installing (-i) any new one.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
db_exists "$DB" || die "database $DB does not exist (make run creates it)"
say "updating $(addons names) in $DB"
exec "$ROOT/scripts/odoo" -c "$CONF" -d "$DB" -i "$(addons names)" -u "$(addons names)" --stop-after-init --log-level=warn
