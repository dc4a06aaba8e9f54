#!/usr/bin/env bash
# CI check: the cluster make run serves from (scripts/pg.sh, or $PGHOST) writes
# durably, and make run's database $DB (a fresh one named <DB>_durability_check when
# $DB does not exist; created like run.sh creates it, by Odoo) commits synchronously.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
db=$DB
if ! db_exists "$db"; then
    db=${DB}_durability_check
    trap '"$(pg_bin dropdb)" --if-exists "$db" 2>/dev/null' EXIT
    "$(pg_bin dropdb)" --if-exists "$db" 2>/dev/null
    # Odoo creates make run's database itself (run.sh: odoo -d $DB -i ...)
    "$VENV/bin/python" -c "import odoo, sys; odoo.tools.config.parse_config(['-c', sys.argv[1]]); \
odoo.service.db._create_empty_database(sys.argv[2])" "$CONF" "$db"
fi
bad=0
for setting in fsync full_page_writes synchronous_commit; do
    value=$("$(pg_bin psql)" -d "$db" -XtAq -c "SHOW $setting")
    echo "$db: $setting = $value"
    [[ $value == on ]] || bad=1
done
[[ $bad == 0 ]] || die "database $db is not durable"
