#!/usr/bin/env bash
# make test: cached template db of the dependencies -> throwaway copy with the repo
# addons installed -> pytest-odoo on every repo addon. KEEP_DB=1 keeps the copy.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
cd "$ROOT"
names=$(addons names)
deps=$(addons deps),l10n_generic_coa
createdb=$(pg_bin createdb) dropdb=$(pg_bin dropdb)
filestore=$LOCAL/data/filestore

# Template: rebuilt only when the dependencies or the pinned packages change.
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

testdb=rma_test_$(date +%Y%m%d%H%M%S)_$$
cleanup() {
    if [[ ${KEEP_DB:-0} == 1 ]]; then say "kept database $testdb"; return; fi
    "$dropdb" --if-exists "$testdb" || true
    rm -rf "${filestore:?}/$testdb"
}
trap cleanup EXIT
"$createdb" -T "$tpl" "$testdb"
if [[ -d $filestore/$tpl ]]; then cp -a "$filestore/$tpl" "$filestore/$testdb"; fi

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
