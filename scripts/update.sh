#!/usr/bin/env bash
# make update: upgrade (-u) the repo addons installed in $DB and install (-i) new ones.
# (-i on an installed addon would reinstall it: demo data replayed, noupdate data reset.)
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/prepare.sh"
db_exists "$DB" || die "database $DB does not exist (make run creates it)"
names=$(addons names)
installed=$("$(pg_bin psql)" -d "$DB" -XtAq -c "SELECT string_agg(name, ',') FROM \
ir_module_module WHERE state = 'installed' AND name = ANY(string_to_array('$names', ','))")
new=$(comm -23 <(tr , '\n' <<<"$names" | sort) <(tr , '\n' <<<"$installed" | sort) | paste -sd,)
args=()
if [[ -n $installed ]]; then args+=(-u "$installed"); fi
if [[ -n $new ]]; then args+=(-i "$new"); fi
say "updating ${installed:-nothing}${new:+; installing $new} in $DB"
exec "$ROOT/scripts/odoo" -c "$CONF" -d "$DB" "${args[@]}" --stop-after-init --log-level=warn
