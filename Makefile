# secpanel — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: setup demo serve test lint chromium wrk bench load clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	mkdir -p var
	$(BIN)/secpanel collectstatic --noinput -v 0
	$(BIN)/secpanel migrate --noinput -v 0
	$(BIN)/secpanel demo-data
	$(BIN)/secpanel generate
	$(BIN)/secpanel report --panel-meeting 68 --edition public,panel --format html,pdf,docx --out var/out
	@echo
	@echo "The compiled Panel paper (public and Panel editions) is in var/out/."
	@echo "secpanel is serving on http://127.0.0.1:8000/"
	@echo "Demo logins (password: secpanel-demo): party, ssc.member, ssc.chair, ops.member,"
	@echo "  tabasc.member, tag.member, pma.member, panel.member, panel.chair, red.recipient,"
	@echo "  auditor; with two-factor: secas, secas.ops, admin (code: $(BIN)/secpanel demo-totp secas)"
	@echo
	$(BIN)/secpanel serve

# Debian's Chromium drives the browser tests; install it when missing (never `playwright install`).
chromium:
	@command -v /usr/bin/chromium >/dev/null || ($(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy secpanel
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=secpanel.config.settings.test \
		$(BIN)/python manage.py makemigrations --check --dry-run
	SECPANEL_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		DJANGO_SETTINGS_MODULE=secpanel.config.settings.production \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# Two workers (pytest-xdist), a module at a time (conftest.py `pytest_xdist_make_scheduler`).
test: setup chromium lint
	$(BIN)/pytest -n 2 --no-loadscope-reorder

# A decade of business (1,000,000 generated records, built once into var/bench/) under wrk,
# SQLite then PostgreSQL; figures and their baselines written into README.md.
bench: setup wrk
	$(BIN)/python bench/run.py --database sqlite \
		--database $${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres} --readme

# Debian's wrk drives the benchmark's HTTP load; LibreOffice is the paper's baseline.
wrk:
	@command -v wrk >/dev/null && command -v soffice >/dev/null || ($(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk \
		libreoffice-writer-nogui >/dev/null)

# The production server under 50 readers and 10 writers for 60 s, on SQLite then PostgreSQL
# ($LOAD_POSTGRES_URL names the server; a scratch database is made next to it); README figures.
load: setup
	$(BIN)/python bench/load.py --readers 50 --writers 10 --duration 60 --readme

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache
