#!/usr/bin/env bash
# make run: create $DB with demo data if absent, then serve it on $PORT (foreground).
source "$(dirname "$0")/lib.sh"
PORT=${PORT:-8069}
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$PORT" && die "port $PORT is in use: stop the other server or run make run PORT=$((PORT + 1))"
"$ROOT/scripts/prepare.sh"

"$ROOT/scripts/lessc.sh"
command -v wkhtmltopdf >/dev/null ||
    echo "warning: wkhtmltopdf not found (apt-get install wkhtmltopdf): reports print as HTML only, no PDF" >&2

if ! db_exists "$DB"; then
    say "creating database $DB with demo data (about 1-2 min, log: .local/logs/init-$DB.log)"
    if ! "$ROOT/scripts/odoo" -c "$CONF" -d "$DB" --stop-after-init --log-level=warn \
            -i "$(addons names),l10n_generic_coa" >"$LOGS/init-$DB.log" 2>&1; then
        tail -n 25 "$LOGS/init-$DB.log" >&2
        "$(pg_bin dropdb)" --if-exists "$DB"
        die "creating database $DB failed (full log: .local/logs/init-$DB.log)"
    fi
fi
say "serving http://localhost:$PORT (database $DB, login admin/admin; Ctrl-C stops)"
# Workers: queue_job's runner (in the main process) hands each job to a worker over
# HTTP; 2 channels of jobs (scripts/conf.sh) + 1 worker left for the users.
exec "$ROOT/scripts/odoo" -c "$CONF" -d "$DB" --db-filter="^$DB\$" --workers="${WORKERS:-3}" \
    --http-interface=0.0.0.0 --http-port="$PORT" --pidfile="$LOCAL/odoo-$PORT.pid"
