#!/usr/bin/env bash
# make test: cached template db of the dependencies -> throwaway copy with the repo
# addons installed -> pytest-odoo on every repo addon. KEEP_DB=1 keeps the copy.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
cd "$ROOT"
names=$(addons names)
throwaway_db rma_test
testdb=$THROWAWAY_DB

say "installing $names in $testdb (log: .local/logs/test-install.log)"
logged "$LOGS/test-install.log" "installing $names" "$ROOT/scripts/odoo" -c "$CONF" \
    -d "$testdb" -i "$names" --without-demo=all --stop-after-init --log-level=warn
grep -E ' (WARNING|ERROR|CRITICAL) ' "$LOGS/test-install.log" >&2 || true

say "running pytest on ${names//,/ }"
# pytest-odoo reads HOST/PORT/USER/PASSWORD (Docker-style) as db settings: hide them.
rc=0
env -u HOST -u PORT -u USER -u PASSWORD PYTHONPATH="$ROOT/scripts" \
    "$VENV/bin/pytest" -p odoo_http_server --odoo-config="$CONF" --odoo-database="$testdb" \
    -p no:cacheprovider -W ignore::DeprecationWarning ${names//,/ } || rc=$?
[[ $rc == 5 ]] && die "pytest collected no tests"
exit "$rc"
