#!/usr/bin/env bash
# lessc (less@3, npm) in .local/node for the web client's styles; Odoo finds it through
# bin_path in .local/odoo.conf. Without it the web client renders unstyled.
# --required: fail instead of warning (the browser test needs the styles).
source "$(dirname "$0")/lib.sh"
required=0
[[ ${1:-} == --required ]] && required=1
fail() {
    [[ $required == 1 ]] && die "$1"
    echo "warning: $1: the web client will be unstyled" >&2
    exit 0
}
[[ -x $LOCAL/node/node_modules/.bin/lessc ]] && exit 0
command -v npm >/dev/null || fail "npm not found (apt-get install npm)"
say "installing lessc (npm install less@3) for the web client's styles"
npm install --prefix "$LOCAL/node" --no-audit --no-fund less@3 >"$LOGS/npm.log" 2>&1 ||
    fail "npm install less@3 failed (see .local/logs/npm.log)"
