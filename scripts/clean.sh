#!/usr/bin/env bash
# make clean: stop everything, remove .venv, .local (with the cluster, also when
# .local/pg is a symlink to a directory outside the checkout) and caches.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/stop.sh"
if [[ -L $PG ]]; then rm -rf "$(readlink -f "$PG")"; fi
rm -rf "$VENV" "$LOCAL"
find "$ROOT" \( -name __pycache__ -o -name .pytest_cache \) -type d -prune -exec rm -rf {} +
