#!/usr/bin/env bash
# make ui-test: Debian's chromium (headless, through chromedriver) drives a real Odoo
# server started here on a throwaway database, running the flows in ui_tests/.
# Screenshots: .local/screenshots/. KEEP_DB=1 keeps the database.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/apt.sh" /usr/bin/chromium=chromium /usr/bin/chromedriver=chromium-driver
"$ROOT/scripts/prepare.sh"
"$ROOT/scripts/lessc.sh" --required
cd "$ROOT"
names=$(addons names)
throwaway_db rma_ui
uidb=$THROWAWAY_DB
say "installing $names in $uidb (log: .local/logs/ui-install.log)"
logged "$LOGS/ui-install.log" "installing $names" "$ROOT/scripts/odoo" -c "$CONF" \
    -d "$uidb" -i "$names" --without-demo=all --stop-after-init --log-level=warn

port=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
say "serving $uidb on http://127.0.0.1:$port (log: .local/logs/ui-server.log)"
"$ROOT/scripts/odoo" -c "$CONF" -d "$uidb" --db-filter="^$uidb\$" --http-interface=127.0.0.1 \
    --http-port="$port" --workers=0 --max-cron-threads=0 --log-level=warn \
    >"$LOGS/ui-server.log" 2>&1 &
server=$!
stop_server() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    _drop_throwaway_db
}
trap stop_server EXIT
for _ in $(seq 120); do
    "$VENV/bin/python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/web/login', timeout=5)" \
        2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { tail -n 25 "$LOGS/ui-server.log" >&2; die "the Odoo server stopped"; }
    sleep 0.5
done

mkdir -p "$LOCAL/screenshots"
say "running the browser flows in ui_tests/ (screenshots: .local/screenshots/)"
UI_URL="http://127.0.0.1:$port" UI_DB=$uidb UI_SCREENSHOTS=$LOCAL/screenshots \
    "$VENV/bin/pytest" -p no:cacheprovider -p no:odoo -W ignore::DeprecationWarning \
    -q "$ROOT/ui_tests" "$@"
