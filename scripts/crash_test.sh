#!/usr/bin/env bash
# make crash-test: background billing survives kill -9. On a throwaway database:
# CRASH_RMAS (200) confirmed, processed RMAs billed in the background in chunks of
# CRASH_CHUNK (10); a real Odoo server (prefork workers + queue_job runner) bills
# them; it is killed with SIGKILL (with its workers) once a fifth of the jobs are
# done; the stale jobs are requeued as queue_job's README says, the server restarts
# and finishes the queue; scripts/crash_test.py check then proves every RMA billed
# exactly once, no document without lines, qty_invoiced = documents, entries
# balanced. Port: CRASH_PORT (8169, +1 for longpolling).
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
cd "$ROOT"
RMAS=${CRASH_RMAS:-200}
CHUNK=${CRASH_CHUNK:-10}
PORT=${CRASH_PORT:-8169}
started=$SECONDS
throwaway_db rma_crash
db=$THROWAWAY_DB
log=$LOGS/crash-test-server.log
driver() { "$VENV/bin/python" "$ROOT/scripts/crash_test.py" -c "$CONF" "$@" "$db"; }
say "installing rma_billing_queue in $db"
logged "$LOGS/crash-install.log" "installing rma_billing_queue" "$ROOT/scripts/odoo" -c "$CONF" \
    -d "$db" -i rma_billing_queue --without-demo=all --stop-after-init --log-level=warn
say "setup: $RMAS RMAs, chunks of $CHUNK"
"$VENV/bin/python" "$ROOT/scripts/crash_test.py" -c "$CONF" setup "$db" "$RMAS" "$CHUNK"

server_pid=
server_started=
start_server() {
    server_started=$SECONDS
    # own process group (setsid), so kill -9 takes the workers down with it
    setsid "$ROOT/scripts/odoo" -c "$CONF" -d "$db" --db-filter="^$db\$" --workers=2 \
        --max-cron-threads=0 --http-port="$PORT" --longpolling-port=$((PORT + 1)) \
        --log-level=info >>"$log" 2>&1 &
    server_pid=$!
}
stop_server() {
    [[ -n $server_pid ]] || return 0
    kill -"${1:-TERM}" -- -"$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
}
trap 'stop_server KILL; _drop_throwaway_db' EXIT
jobs_done() { driver progress | tail -n 1; }

: >"$log"
start_server
say "server $server_pid billing in the background (log: ${log#"$ROOT"/})"
read -r done total failed < <(jobs_done)
while ((done < total / 5 || done < 1)); do
    sleep 1
    read -r done total failed < <(jobs_done)
    ((SECONDS - server_started < 300)) || die "no progress: $done/$total jobs done (see $log)"
done
stop_server KILL
read -r done total failed < <(jobs_done)
say "kill -9 after $done/$total jobs"
((done < total)) || die "every job was done before the crash: raise CRASH_RMAS"
driver requeue
start_server
say "restarted ($server_pid): finishing the queue"
while ((done < total)); do
    ((failed == 0)) || die "$failed jobs failed (see $log)"
    ((SECONDS - server_started < 600)) || die "queue not finished: $done/$total (see $log)"
    sleep 2
    read -r done total failed < <(jobs_done)
done
stop_server TERM
grep -E "rma_billing_queue.*job [0-9]+/[0-9]+ done" "$log" | tail -n 2 | sed 's/^.*INFO/  log:/'
say "checking"
driver check || die "crash test FAILED"
say "crash test passed in $((SECONDS - started)) s"
