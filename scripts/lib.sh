# Shared settings and helpers, sourced by the other scripts.
# shellcheck shell=bash
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=$ROOT/.venv
LOCAL=$ROOT/.local
LOGS=$LOCAL/logs
CONF=$LOCAL/odoo.conf
PG=$LOCAL/pg
DB=${DB:-rma_demo}
export PGPORT=${PGPORT:-54329} TZ=UTC

die() { echo "error: $*" >&2; exit 1; }
say() { echo "==> $*" >&2; }
mkdir -p "$LOGS"

# An existing server (PGHOST set by the user) or the private cluster's socket.
# Decided once by the first script; nested scripts inherit EXTERNAL_PG.
if [[ -z ${EXTERNAL_PG:-} ]]; then
    EXTERNAL_PG=0
    [[ -n ${PGHOST:-} ]] && EXTERNAL_PG=1
fi
export EXTERNAL_PG
if [[ $EXTERNAL_PG == 1 ]]; then
    export PGUSER=${PGUSER:-odoo}
else
    export PGHOST=$PG/run PGUSER=odoo
fi

# PostgreSQL binaries: $PG_BINDIR, pg_config --bindir, else PATH.
pg_bin() {
    local d
    for d in ${PG_BINDIR:-} "$(pg_config --bindir 2>/dev/null || true)"; do
        [[ -n $d && -x $d/$1 ]] && { echo "$d/$1"; return; }
    done
    command -v "$1" 2>/dev/null ||
        die "PostgreSQL '$1' not found (apt-get install postgresql, or set PG_BINDIR=<dir with $1>)"
}

psql_q() { "$(pg_bin psql)" -d postgres -XtAq -c "$1"; }
db_exists() { [[ $(psql_q "SELECT 1 FROM pg_database WHERE datname='$1'") == 1 ]]; }

# Repo addons (names|deps), comma-separated; see addons.py.
addons() { "$VENV/bin/python" "$ROOT/scripts/addons.py" "$1"; }

# Run a command logging to a file; on failure show the log's tail and die.
logged() {
    local log=$1 what=$2; shift 2
    if ! "$@" >"$log" 2>&1; then
        tail -n 25 "$log" >&2
        die "$what failed (full log: ${log#"$ROOT"/})"
    fi
}

# The one place that trades durability for speed: a throwaway database (test, bench,
# load test, template) commits without waiting for the WAL flush. A crash loses at
# most its last commits, never corrupts it or the cluster; the cluster itself and
# every other database (make run's) keep PostgreSQL's durable defaults.
fast_db() { psql_q "ALTER DATABASE \"$1\" SET synchronous_commit = off"; }

# A throwaway copy (name $1_<time>_<pid>, set in THROWAWAY_DB) of the cached template
# database of the repo addons' dependencies, dropped on exit unless KEEP_DB=1. The
# template is built once and rebuilt when the dependencies or the pinned packages change.
throwaway_db() {
    local deps tpl filestore=$LOCAL/data/filestore
    deps=$(addons deps),l10n_generic_coa
    tpl=rma_tpl_$(echo "$deps" | cat - "$ROOT"/requirements*.txt "$ROOT/constraints.txt" \
        | sha256sum | cut -c1-10)
    if ! db_exists "$tpl"; then
        say "building template database $tpl: $deps (once, about 1 min)"
        if db_exists "${tpl}_tmp"; then "$(pg_bin dropdb)" "${tpl}_tmp"; fi
        # created as Odoo creates a database (odoo.service.db), to mark it fast first
        "$(pg_bin createdb)" -E UTF8 -T template0 --lc-collate=C "${tpl}_tmp"
        fast_db "${tpl}_tmp"
        logged "$LOGS/template.log" "template database" "$ROOT/scripts/odoo" -c "$CONF" \
            -d "${tpl}_tmp" -i "$deps" --without-demo=all --stop-after-init --log-level=warn
        psql_q "ALTER DATABASE \"${tpl}_tmp\" RENAME TO \"$tpl\""
        rm -rf "${filestore:?}/$tpl"
        if [[ -d $filestore/${tpl}_tmp ]]; then mv "$filestore/${tpl}_tmp" "$filestore/$tpl"; fi
    fi
    THROWAWAY_DB=$1_$(date +%Y%m%d%H%M%S)_$$
    trap _drop_throwaway_db EXIT
    "$(pg_bin createdb)" -T "$tpl" "$THROWAWAY_DB"
    fast_db "$THROWAWAY_DB"
    if [[ -d $filestore/$tpl ]]; then cp -a "$filestore/$tpl" "$filestore/$THROWAWAY_DB"; fi
}
_drop_throwaway_db() {
    if [[ ${KEEP_DB:-0} == 1 ]]; then say "kept database $THROWAWAY_DB"; return; fi
    "$(pg_bin dropdb)" --if-exists "$THROWAWAY_DB" || true
    rm -rf "${LOCAL:?}/data/filestore/$THROWAWAY_DB"
}
