#!/usr/bin/env bash
# make load-test: throwaway database with rma_billing -> users, customers, delivered
# sales and shared RMAs (bench/load_test.py setup) -> Odoo with several workers on
# 127.0.0.1 -> concurrent XML-RPC clients for a bounded time -> report and checks.
# LOAD_SECONDS (180), LOAD_CLIENTS (8), LOAD_WORKERS (4), LOAD_MAX_RMAS (per client,
# 200), KEEP_DB=1. Exit status 1 when a check fails or a call got a traceback.
source "$(dirname "$0")/../scripts/lib.sh"
"$ROOT/scripts/prepare.sh"
cd "$ROOT"
throwaway_db rma_load
db=$THROWAWAY_DB
say "installing rma_billing in $db (log: .local/logs/load-install.log)"
logged "$LOGS/load-install.log" "installing rma_billing" "$ROOT/scripts/odoo" -c "$CONF" \
    -d "$db" -i rma_billing --without-demo=all --stop-after-init --log-level=warn
clients=${LOAD_CLIENTS:-8}
"$VENV/bin/python" "$ROOT/bench/load_test.py" setup -c "$CONF" -d "$db" --clients "$clients" \
    >"$LOCAL/load-setup.json"

free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
log=$LOGS/load-server.log
: >"$log"
say "serving $db on 127.0.0.1:$port with ${LOAD_WORKERS:-4} workers (log: ${log#"$ROOT"/})"
"$ROOT/scripts/odoo" -c "$CONF" -d "$db" \
    --db-filter="^$db\$" --http-interface=127.0.0.1 --http-port="$port" \
    --longpolling-port="$(free_port)" --workers="${LOAD_WORKERS:-4}" --max-cron-threads=0 \
    --limit-time-real=600 --limit-time-cpu=300 --log-level=info --logfile="$log" &
server=$!
stop_server() { kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; _drop_throwaway_db; }
trap stop_server EXIT
rc=0
"$VENV/bin/python" "$ROOT/bench/load_test.py" run -c "$CONF" -d "$db" --port "$port" \
    --setup "$LOCAL/load-setup.json" --clients "$clients" --seconds "${LOAD_SECONDS:-180}" \
    --max-rmas "${LOAD_MAX_RMAS:-200}" --server-log "$log" || rc=$?
exit "$rc"
