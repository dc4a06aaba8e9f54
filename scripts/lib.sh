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
