# User-facing commands; the work is done by the scripts in scripts/.
# Variables: DB (rma_demo), PORT (8069), PGPORT (54329), KEEP_DB=1, PYTHON, PG_BINDIR, FILE,
# PGHOST/PGPORT/PGUSER/PGPASSWORD (use an existing PostgreSQL server).
export DB PORT PGPORT KEEP_DB PYTHON PG_BINDIR FILE

.PHONY: run test ui-test lint update stop clean bench venv help backup restore backup-test load-test crash-test
help:
	@echo "make run | test | ui-test | lint | update | stop | clean | bench | backup | restore FILE=... | backup-test | load-test | crash-test   (see README.md)"

run:
	@scripts/run.sh

test:
	@scripts/test.sh

ui-test:
	@scripts/ui_test.sh

lint: venv
	@scripts/lint.sh

update:
	@scripts/update.sh

stop:
	@scripts/stop.sh

clean:
	@scripts/clean.sh

bench: venv
	@if [ -x bench/run.sh ]; then bench/run.sh; \
	elif [ -f bench/bench.py ]; then scripts/prepare.sh && .venv/bin/python bench/bench.py; \
	else echo "bench/ does not exist yet"; fi

venv:
	@scripts/venv.sh

backup:
	@scripts/backup.sh backup

restore:
	@scripts/backup.sh restore

backup-test:
	@scripts/backup_test.sh

load-test:
	@bench/load_test.sh

crash-test:
	@scripts/crash_test.sh
