# User-facing commands; the work is done by the scripts in scripts/.
# Variables: DB (rma_demo), PORT (8069), PGPORT (54329), KEEP_DB=1, PYTHON, PG_BINDIR,
# PGHOST/PGPORT/PGUSER/PGPASSWORD (use an existing PostgreSQL server).
export DB PORT PGPORT KEEP_DB PYTHON PG_BINDIR

.PHONY: run test lint update stop clean bench venv help crash-test
help:
	@echo "make run | test | lint | update | stop | clean | bench | crash-test   (see README.md)"

run:
	@scripts/run.sh

test:
	@scripts/test.sh

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

crash-test:
	@scripts/crash_test.sh
