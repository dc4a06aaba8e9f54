#!/usr/bin/env bash
# Create/refresh .venv (Python 3.7) from the pinned requirements; fast when up to date.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

stamp=$VENV/.rma-stamp
hash=$(cat requirements*.txt constraints.txt scripts/prune_addons.py | sha256sum | cut -c1-16)
[[ -x $VENV/bin/python && $(cat "$stamp" 2>/dev/null) == "$hash" ]] && exit 0

is37() { [[ -n $1 ]] && "$1" -c 'import sys; assert sys.version_info[:2] == (3, 7)' 2>/dev/null; }
find_python() {
    local p root
    if [[ -n ${PYTHON:-} ]]; then
        is37 "$PYTHON" && echo "$PYTHON"
        return
    fi
    root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
    for p in "$(command -v python3.7 || true)" $(ls -d "$root"/versions/3.7.*/bin/python 2>/dev/null | sort -rV); do
        is37 "$p" && { echo "$p"; return; }
    done
    return 1
}
py=$(find_python) ||
    die "Python 3.7 not found${PYTHON:+ (PYTHON=$PYTHON is not a working 3.7)} (pyenv install 3.7, uv python install 3.7, or apt-get install python3.7; or set PYTHON=/path/to/python3.7)"
command -v pg_config >/dev/null ||
    die "pg_config not found, needed to build psycopg2 (apt-get install libpq-dev gcc)"

say "building .venv with $py (log: .local/logs/pip.log)"
log=$LOGS/pip.log
: >"$log"
pip_() {
    "$VENV/bin/python" -m pip --disable-pip-version-check "$@" >>"$log" 2>&1 ||
        die "pip install failed: $(grep -m1 -E 'Failed building wheel for|^ERROR:' "$log") (full log: .local/logs/pip.log)"
}
[[ -x $VENV/bin/python ]] || "$py" -m venv "$VENV" >>"$log" 2>&1 || die "python -m venv failed (see .local/logs/pip.log)"
pip_ install "setuptools<58" wheel
pip_ install -r requirements.txt -c constraints.txt
pip_ install --no-deps -r requirements-oca.txt
"$VENV/bin/python" scripts/prune_addons.py
echo "$hash" >"$stamp"
