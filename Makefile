PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: demo test venv lint clean messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# The workbench on the embedded default: a SQLite file, tasks run inline, no Redis needed.
# The logins come last, once the server listens (serve_demo); the loading's task log is kept to warnings.
# The demo's desk speaks German unless the browser or the language switch asks for English (LANGUAGE_CODE=en make demo).
demo: export LANGUAGE_CODE ?= de
demo: venv
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true LOG_LEVEL=WARNING $(PY) manage.py load_demo
	DEBUG=true $(PY) manage.py serve_demo 127.0.0.1:$(PORT)

# The whole suite. DATABASE_URL / REDIS_URL point it at PostgreSQL and Redis (CI does).
test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

# The German catalogue after strings changed: extract, translate the new entries in locale/de/LC_MESSAGES/django.po,
# then compile (the .mo is committed, so a clone runs without gettext; tests/test_translations.py checks both).
messages: venv
	DEBUG=true $(PY) manage.py makemessages --locale de --no-obsolete --ignore '.venv/*' --ignore 'tests/*' \
		--ignore 'bench/*' --ignore 'docker/*' --ignore 'staticfiles/*' --ignore 'test-artifacts/*'
	DEBUG=true $(PY) manage.py compilemessages --locale de --ignore '.venv/*'

lint: venv
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 .demo-password staticfiles .pytest_cache
