#!/usr/bin/env bash
# Private PostgreSQL cluster in .local/pg: pg.sh start|stop|status.
# Skipped when PGHOST points at an existing server.
source "$(dirname "$0")/lib.sh"
action=${1:-start}
if [[ $EXTERNAL_PG == 1 ]]; then
    [[ $action == start ]] && ! "$(pg_bin psql)" -d postgres -XtAq -c 'SELECT 1' >/dev/null &&
        die "cannot connect to PostgreSQL at PGHOST=$PGHOST PGPORT=$PGPORT as PGUSER=$PGUSER (check the server and PGPASSWORD)"
    exit 0
fi

# PostgreSQL refuses to run as root: use the postgres (else rma) system user.
as_pg() { "$@"; }
if [[ $(id -u) == 0 ]]; then
    pguser=postgres
    id -u postgres >/dev/null 2>&1 || {
        pguser=rma
        id -u rma >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin rma
    }
    as_pg() { (cd / && runuser -u "$pguser" -- "$@"); }
fi

pg_ctl=$(pg_bin pg_ctl)
# The real path: $PG may be a symlink the postgres user cannot traverse.
real() { readlink -f "$PG"; }
running() { [[ -d $PG/data ]] && as_pg "$pg_ctl" status -D "$(real)/data" >/dev/null 2>&1; }

case $action in
status) running && echo "running (socket $PG/run, port $PGPORT)" || echo "stopped" ;;
stop) if running; then as_pg "$pg_ctl" stop -D "$(real)/data" -m fast -s; fi ;;
start)
    if running; then
        # a cluster started by an older pg.sh keeps its fsync=off until restarted
        [[ $("$(pg_bin psql)" -d postgres -XtAq -c 'SHOW fsync' 2>/dev/null) == off ]] &&
            echo "warning: the cluster in .local/pg runs with fsync=off (started by an older" \
                "scripts/pg.sh): make stop, then make run, restarts it durably" >&2
        exit 0
    fi
    if [[ ! -e $PG ]]; then
        if [[ $(id -u) == 0 ]] && ! runuser -u "$pguser" -- test -x "$LOCAL"; then
            # The checkout is not reachable by $pguser (e.g. under a mode-700
            # mktemp dir): keep the cluster outside and link it.
            ext=/tmp/rma_billing-pg-$(echo -n "$ROOT" | sha256sum | cut -c1-10)
            mkdir -p -m 700 "$ext"
            ln -sfn "$ext" "$PG"
        else
            mkdir -p "$PG"
        fi
    fi
    mkdir -p "$PG"/{run,log}
    pgd=$(real)
    if [[ $(id -u) == 0 ]]; then chown -R "$pguser:" "$pgd"; fi
    if [[ ! -f $pgd/data/PG_VERSION ]]; then
        logged "$LOGS/initdb.log" initdb as_pg "$(pg_bin initdb)" -D "$pgd/data" -U odoo \
            --auth=trust -E UTF8 --locale=C.UTF-8
    fi
    # PostgreSQL's durable defaults (fsync, full_page_writes, synchronous_commit on):
    # this cluster holds make run's database. Throwaway test/bench databases trade
    # durability for speed per database, in lib.sh (fast_db), not here.
    as_pg "$pg_ctl" start -D "$pgd/data" -l "$pgd/log/postgresql.log" -w -s -o \
        "-k $pgd/run -p $PGPORT -c listen_addresses=''" ||
        die "PostgreSQL did not start (see $pgd/log/postgresql.log)"
    ;;
*) die "usage: pg.sh start|stop|status" ;;
esac
