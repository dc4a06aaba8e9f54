#!/usr/bin/env bash
# make lint: flake8 (setup.cfg) on the repo addons, scripts/ and bench/, examples/, ui_tests/ when
# present; pylint with the pylint-odoo mandatory checks (.pylintrc) on the addons.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
IFS=, read -ra names <<<"$(addons names)"
paths=("${names[@]}" scripts)
for d in bench examples ui_tests; do if [[ -d $d ]]; then paths+=("$d"); fi; done
say "flake8 ${paths[*]}"
"$VENV/bin/flake8" "${paths[@]}"
say "pylint ${names[*]}"
"$VENV/bin/pylint" --rcfile=.pylintrc "${names[@]}"
