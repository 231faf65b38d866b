"""The workbench on a fresh PostgreSQL database, for the benchmarks that drive it (linkcheck.py, conflicts.py)."""

from __future__ import annotations

import os

SERVER = "postgres://postgres@127.0.0.1:5432"


def fresh_database(name: str) -> None:
    """Drop the benchmark's database (left from the last run, for a look) and make it again, empty."""
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")
    connection.close()


def start_django(name: str, **environment: str) -> None:
    """Django on that database with the project's own settings (DEBUG on, quiet logs), migrated."""
    os.environ.update(DATABASE_URL=f"{SERVER}/{name}", DJANGO_SETTINGS_MODULE="factcheck.settings", DEBUG="true",
                      **environment)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
