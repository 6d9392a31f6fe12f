# Newsroom: the two commands are `make demo` and `make test`.
# Everything runs from a project-local virtualenv (.venv) on Python 3.13.

PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
# The demo runs in development mode against the embedded SQLite database.
DEMO_ENV := DEBUG=true
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo install setup run serve test test-postgres coverage screenshots lint format migrations-check clean

demo: setup ## Set everything up, seed the demo newsroom and serve it on 127.0.0.1:8000
	$(DEMO_ENV) $(PY) manage.py seed_demo --site http://$(HOST):$(PORT)
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

install: ## A server's virtualenv: requirements.txt only, no test, lint or browser tools (docs/deploying.md)
	@test -x $(PY) || $(MAKE) --no-print-directory venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt

setup: $(VENV)/.installed ## Create the virtualenv, install, migrate the SQLite database
	$(DEMO_ENV) $(PY) manage.py migrate --no-input

run: ## Serve the already set-up demo
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

serve: $(VENV)/.installed ## The production stack (nginx, gunicorn, worker) with DEBUG off on 127.0.0.1:8080
	.ci/system-packages nginx
	$(PY) deploy/serve.py --port $${SERVE_PORT:-8080}

# Two workers (the machines have two cores), each taking whole files, so a module-scoped stack
# (tests/deploy) or browser starts once. Coverage is its own target: tracing every line more than
# doubles the suite's time, which `make test` keeps under six minutes.
PYTEST := $(PY) -m pytest -n 2 --dist loadfile

test: $(VENV)/.installed ## Install and run every test, browser tests included
	.ci/system-packages chromium nginx postgresql
	$(PYTEST)

test-postgres: $(VENV)/.installed ## The same suite against the local PostgreSQL server
	.ci/system-packages chromium nginx postgresql
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newsroom} $(PYTEST)

coverage: $(VENV)/.installed ## The SQLite suite again, printing branch coverage (about twice as long)
	.ci/system-packages chromium nginx postgresql
	$(PYTEST) --cov --cov-report=term

screenshots: $(VENV)/.installed ## Run the browser tests and save their screenshots in docs/screenshots
	NEWSROOM_SCREENSHOTS=docs/screenshots $(PY) -m pytest tests/browser

lint: $(VENV)/.installed ## Every pre-commit hook over every file, and the migrations check
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/pre-commit run --all-files --show-diff-on-failure
	$(MAKE) migrations-check

format: $(VENV)/.installed ## Let the hooks fix what they can
	$(VENV)/bin/ruff check --fix .
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/pre-commit run --all-files || true

migrations-check: $(VENV)/.installed
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 var private-media

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(MAKE) --no-print-directory venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv:
	@python=$$(command -v pyenv >/dev/null && pyenv root)/versions/$(PYTHON_VERSION)/bin/python; \
	for candidate in "$$python" "$$HOME/.pyenv/versions/$(PYTHON_VERSION)/bin/python" python3.13; do \
		if command -v "$$candidate" >/dev/null 2>&1; then exec "$$candidate" -m venv $(VENV); fi; \
	done; \
	echo "Python $(PYTHON_VERSION) not found: install it (e.g. 'pyenv install $(PYTHON_VERSION)')." >&2; exit 1
