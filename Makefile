# Meridian — `make run` serves the CMS with demo content; `make test` runs the suite.
# Both create .venv and install everything on first use.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-stack stack lint format bench check install clean

$(BIN)/python:
	$(shell command -v $(PYTHON) >/dev/null 2>&1 && echo $(PYTHON) || echo python3) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	bash .ci/system-packages
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --site-url http://127.0.0.1:$(PORT)
	WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

check: $(STAMP)
	$(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .

test: check
	$(BIN)/pytest -n $${PYTEST_WORKERS:-auto} --dist loadfile -m "not flushes_db and not stack" $(PYTEST_ARGS)
	$(BIN)/pytest -n $${PYTEST_WORKERS:-auto} --dist loadfile -m "flushes_db and not stack" $(PYTEST_ARGS)

# The multi-node tests: they start PostgreSQL, Redis, two app nodes, a worker and
# Varnish themselves (deploy/stack.py), on free loopback ports.
test-stack: $(STAMP)
	$(BIN)/pytest -p no:xdist -m stack tests/stack $(PYTEST_ARGS)

# PostgreSQL, Redis, two gunicorn nodes, a task worker and Varnish, with the demo;
# prints the URLs; Ctrl-C stops everything. Data stays in .stack/ between runs.
stack: $(STAMP)
	$(BIN)/python -m deploy.stack

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.stack

clean:
	rm -rf $(VENV) db.sqlite3 media static
