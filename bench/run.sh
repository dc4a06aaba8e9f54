#!/usr/bin/env bash
# make bench: cached template db (the one make test builds) -> throwaway copy with
# rma_billing installed, no demo -> bench/bench.py -> drop. See bench/README.md.
# BENCH_SIZES=3,6,12 (RMAs per size), BENCH_ITEMS=1,5 (items per RMA),
# BENCH_BILLING=net|separate, KEEP_DB=1, BENCH_BIG=1 (adds N = 10,000 x 1). Then the chart.
# BENCH_LINES=50,100,200 first runs bench/bench_lines.py, BENCH_HOT_QUANTS=4000
# bench/hot_quants.py with that many updates (BENCH_SIZES=none: only those).
source "$(dirname "$0")/../scripts/lib.sh"
"$ROOT/scripts/prepare.sh"
cd "$ROOT"
# Same template as make test, so either command builds it once.
throwaway_db rma_bench
benchdb=$THROWAWAY_DB

say "installing rma_billing in $benchdb (log: .local/logs/bench-install.log)"
logged "$LOGS/bench-install.log" "installing rma_billing" "$ROOT/scripts/odoo" -c "$CONF" \
    -d "$benchdb" -i rma_billing --without-demo=all --stop-after-init --log-level=warn

if [[ -n ${BENCH_LINES:-} ]]; then
    say "one RMA of $BENCH_LINES lines vs Odoo's own (bench/bench_lines.py)"
    "$VENV/bin/python" "$ROOT/bench/bench_lines.py" -c "$CONF" -d "$benchdb"
fi
if [[ -n ${BENCH_HOT_QUANTS:-} ]]; then
    say "one quant updated $BENCH_HOT_QUANTS times in a transaction (bench/hot_quants.py)"
    "$VENV/bin/python" "$ROOT/bench/hot_quants.py" -c "$CONF" -d "$benchdb" \
        --updates "$BENCH_HOT_QUANTS"
fi
[[ ${BENCH_SIZES:-} != none ]] || exit 0
say "benchmark (sizes ${BENCH_SIZES:-default}; results in bench/results/)"
"$VENV/bin/python" "$ROOT/bench/bench.py" -c "$CONF" -d "$benchdb"
"$VENV/bin/python" "$ROOT/bench/chart.py"
