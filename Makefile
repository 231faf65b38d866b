PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: demo test venv lint clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# The workbench on the embedded default: a SQLite file, tasks run inline, no Redis needed.
# The logins come last, once the server listens (serve_demo); the loading's task log is kept to warnings.
demo: venv
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true LOG_LEVEL=WARNING $(PY) manage.py load_demo
	DEBUG=true $(PY) manage.py serve_demo 127.0.0.1:$(PORT)

# The whole suite. DATABASE_URL / REDIS_URL point it at PostgreSQL and Redis (CI does).
test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 .demo-password staticfiles .pytest_cache
