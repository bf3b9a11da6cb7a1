# CPEG Portal. The two commands a newcomer needs:
#   make run    install, migrate, load the demo, serve the portal with a Celery worker
#   make test   install, lint, check migrations, run the whole test suite
# Every set-up step is a file target, so a second run redoes only what has changed.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
PORT ?= 8000
# The address the portal's e-mails link to: where make run and make dev serve it.
PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),$(BIN)/uv)

# make run and make test serve and test the demo profile (plain HTTP on this machine).
# DATABASE_URL and REDIS_URL are passed through when set; without them, SQLite and
# kombu's filesystem transport need no server.
DEMO_ENV = PORTAL_PROFILE=demo SECRET_KEY="$$(cat var/secret_key)"

.PHONY: help run dev test lint typecheck install install-dev assets lock clean

help:
	@echo "make run    serve the demo portal at http://127.0.0.1:$(PORT)/ with a Celery worker"
	@echo "make test   lint, check migrations and run the whole test suite"
	@echo "make dev    like run, with Django's reloading development server and DEBUG on"
	@echo "make lock   recompile requirements*.txt from requirements*.in"

# --- installing --------------------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv installs the whole set in seconds (pip takes a minute). When uv is not on PATH it is
# installed into the virtual environment with pip, once.
$(BIN)/uv: | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python $(if $(shell command -v uv 2>/dev/null),,$(BIN)/uv)
	$(UV) pip install --quiet --python $(BIN)/python -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python $(if $(shell command -v uv 2>/dev/null),,$(BIN)/uv)
	$(UV) pip install --quiet --python $(BIN)/python -r requirements.txt -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# GOV.UK Frontend compiled with the portal's settings (its own typeface, asset paths).
static/build/portal.css: frontend/portal.scss node_modules/.installed
	npm run --silent build

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

# The demo's settings for `manage.py` typed by hand after `make run` (read by settings.py
# only when PORTAL_PROFILE is not set in the environment).
var/demo.env: var/secret_key
	@printf 'PORTAL_PROFILE=demo\nSECRET_KEY=%s\n' "$$(cat var/secret_key)" > $@
	@chmod 600 $@

var/static/staticfiles.json: static/build/portal.css $(shell find static -type f -not -path 'static/build/*') $(VENV)/.runtime-installed var/secret_key
	$(DEMO_ENV) $(MANAGE) collectstatic --noinput --verbosity 0

install: $(VENV)/.runtime-installed
install-dev: $(VENV)/.dev-installed
assets: static/build/portal.css

# --- running -----------------------------------------------------------------------------

run: install var/static/staticfiles.json var/secret_key var/demo.env
	@$(DEMO_ENV) $(MANAGE) migrate --noinput --verbosity 0
	@$(DEMO_ENV) $(MANAGE) seed_demo
	@echo
	@echo "CPEG Portal is at http://127.0.0.1:$(PORT)/  (Ctrl-C stops the web server and the worker)"
	@echo "Demo logins: manager, officer, committee, and secretary-<borough>, chair-<borough>,"
	@echo "police-<borough>, council-<borough> (e.g. secretary-barnet). Password: Engage-2011"
	@echo
	@trap 'kill 0' INT TERM; \
	export $(DEMO_ENV) DEBUG=false PORTAL_BASE_URL="$(PORTAL_BASE_URL)"; \
	$(BIN)/celery -A cpeg_portal --quiet worker --loglevel=WARNING --concurrency=1 & \
	$(BIN)/gunicorn cpeg_portal.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - & \
	wait -n; kill 0

dev: install assets var/secret_key var/demo.env
	@$(DEMO_ENV) $(MANAGE) migrate --noinput --verbosity 0
	@$(DEMO_ENV) $(MANAGE) seed_demo
	@trap 'kill 0' INT TERM; \
	export $(DEMO_ENV) DEBUG=true PORTAL_BASE_URL="$(PORTAL_BASE_URL)"; \
	$(BIN)/celery -A cpeg_portal worker --loglevel=INFO --concurrency=1 & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) & \
	wait -n; kill 0

# --- checking ----------------------------------------------------------------------------

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev var/secret_key
	$(DEMO_ENV) $(BIN)/mypy

# The suite runs on one pytest-xdist worker per CPU (PYTEST_WORKERS=0 runs it in one
# process), each file on one worker (see tests/conftest.py).
PYTEST_WORKERS ?= auto

test: lint typecheck assets var/secret_key
	$(DEMO_ENV) $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest --numprocesses $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lock: $(BIN)/uv
	$(UV) pip compile --quiet --python-version 3.11 requirements.in -o requirements.txt
	$(UV) pip compile --quiet --python-version 3.11 requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf $(VENV) node_modules static/build var
