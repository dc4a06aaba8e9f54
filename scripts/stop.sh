#!/usr/bin/env bash
# make stop: stop the Odoo servers started by make run (pidfiles) and the cluster.
source "$(dirname "$0")/lib.sh"
for pidfile in "$LOCAL"/odoo-*.pid; do
    [[ -f $pidfile ]] || continue
    pid=$(cat "$pidfile")
    if kill "$pid" 2>/dev/null; then
        say "stopping Odoo (pid $pid)"
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -f "$pidfile"
done
"$ROOT/scripts/pg.sh" stop
