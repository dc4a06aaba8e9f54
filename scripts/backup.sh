#!/usr/bin/env bash
# make backup: $DB (make run's, rma_demo by default) -> FILE (default
# .local/backups/<DB>_<UTC time>.zip) in Odoo's dump format (database + filestore).
# make restore FILE=x.zip [DB=name]: a new database from such a zip (never overwrites).
source "$(dirname "$0")/lib.sh"
action=${1:?usage: backup.sh backup|restore}
"$ROOT/scripts/prepare.sh"
case $action in
backup)
    file=${FILE:-$LOCAL/backups/${DB}_$(date -u +%Y%m%d_%H%M%S).zip}
    mkdir -p "$(dirname "$file")"
    say "backing up database $DB to $file"
    "$VENV/bin/python" "$ROOT/scripts/db_backup.py" -c "$CONF" backup "$DB" "$file" >/dev/null
    say "done: $(du -h "$file" | cut -f1) $file"
    ;;
restore)
    [[ -n ${FILE:-} ]] || die "usage: make restore FILE=<backup.zip> [DB=<new database>]"
    say "restoring $FILE as database $DB"
    "$VENV/bin/python" "$ROOT/scripts/db_backup.py" -c "$CONF" restore "$DB" "$FILE" >/dev/null
    say "done: make run DB=$DB serves it"
    ;;
*) die "usage: backup.sh backup|restore" ;;
esac
