#!/usr/bin/env bash
# make bench: cached template db (the one make test builds) -> throwaway copy with
# rma_billing installed, no demo -> bench/bench.py -> drop. See bench/README.md.
# BENCH_SIZES=3,6,12 (RMAs per size), BENCH_BILLING=net|separate, KEEP_DB=1.
source "$(dirname "$0")/../scripts/lib.sh"
"$ROOT/scripts/prepare.sh"
cd "$ROOT"
deps=$(addons deps),l10n_generic_coa
createdb=$(pg_bin createdb) dropdb=$(pg_bin dropdb)
filestore=$LOCAL/data/filestore

# Same template (name and recipe) as scripts/test.sh, so either command builds it once.
tpl=rma_tpl_$(echo "$deps" | cat - requirements*.txt constraints.txt | sha256sum | cut -c1-10)
if ! db_exists "$tpl"; then
    say "building template database $tpl: $deps (once, about 1 min)"
    if db_exists "${tpl}_tmp"; then "$dropdb" "${tpl}_tmp"; fi
    logged "$LOGS/template.log" "template database" "$ROOT/scripts/odoo" -c "$CONF" \
        -d "${tpl}_tmp" -i "$deps" --without-demo=all --stop-after-init --log-level=warn
    psql_q "ALTER DATABASE \"${tpl}_tmp\" RENAME TO \"$tpl\""
    rm -rf "${filestore:?}/$tpl"
    if [[ -d $filestore/${tpl}_tmp ]]; then mv "$filestore/${tpl}_tmp" "$filestore/$tpl"; fi
fi

benchdb=rma_bench_$(date +%Y%m%d%H%M%S)_$$
cleanup() {
    if [[ ${KEEP_DB:-0} == 1 ]]; then say "kept database $benchdb"; return; fi
    "$dropdb" --if-exists "$benchdb" || true
    rm -rf "${filestore:?}/$benchdb"
}
trap cleanup EXIT
"$createdb" -T "$tpl" "$benchdb"
if [[ -d $filestore/$tpl ]]; then cp -a "$filestore/$tpl" "$filestore/$benchdb"; fi

say "installing rma_billing in $benchdb (log: .local/logs/bench-install.log)"
logged "$LOGS/bench-install.log" "installing rma_billing" "$ROOT/scripts/odoo" -c "$CONF" \
    -d "$benchdb" -i rma_billing --without-demo=all --stop-after-init --log-level=warn

say "benchmark (sizes ${BENCH_SIZES:-default}; results in bench/results/)"
"$VENV/bin/python" "$ROOT/bench/bench.py" -c "$CONF" -d "$benchdb"
