# The two commands of the README: `make run` (set up and serve the demo on SQLite) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: setup run serve test lint test-sqlite test-postgres bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PIP) install -q -r requirements-dev.txt
	touch $@

## setup: create .venv, install, migrate, load the demo (prints the demo accounts)
setup: $(VENV)/.installed
	-@bin/install-system-packages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py loaddemo
	$(PY) manage.py publish_site

## run: setup, then serve http://127.0.0.1:8000 (granian, WSGI)
run: setup serve

serve:
	@echo "Serving http://$(HOST):$(PORT)/  (后台工作台: http://$(HOST):$(PORT)/manage/ ; Ctrl-C to stop)"
	$(VENV)/bin/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 2 --blocking-threads 2 --no-ws gongkai.wsgi:application

## test: ruff, then the whole suite on SQLite, then on PostgreSQL when DATABASE_URL points to one
test: $(VENV)/.dev-installed
	-@bin/install-system-packages
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(MAKE) --no-print-directory test-sqlite
	@case "$${DATABASE_URL:-}" in \
	  postgres*) $(MAKE) --no-print-directory test-postgres ;; \
	  *) echo "DATABASE_URL does not point to PostgreSQL: the PostgreSQL run is skipped." ;; \
	esac

test-sqlite:
	@echo "=== test suite on SQLite ==="
	env -u DATABASE_URL $(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres:
	@echo "=== test suite on PostgreSQL ($${DATABASE_URL}) ==="
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) staticfiles var db.sqlite3*
