"""Checks per hour are kept by a trigger (sources.models.CheckHour) on every path that writes checks: the ORM,
INSERT ... VALUES and COPY, clashes skipped; on PostgreSQL here and on SQLite in a child process."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db.models import Count, Q
from django.db.models.functions import TruncHour

from common import bulk
from sources.fetching import outcomes
from sources.models import CheckHour, Source, SourceCheck
from sources.recording import CHECK_FIELDS

ROOT = Path(__file__).resolve().parents[2]
OUTCOMES = ["ok", "redirected", "broken", "timeout", "bot_wall", "server_error"]


def test_the_triggers_good_outcomes_are_the_fetchers():
    # Migration 0008 writes them out: a change to outcomes.GOOD needs a migration that rewrites the trigger.
    assert outcomes.GOOD == {"ok", "redirected"}


def rows(sources: list[Source], count: int, rng: random.Random) -> list[dict]:
    start = datetime(2026, 11, 20, tzinfo=UTC)
    return [{"source_id": rng.choice(sources).pk, "lease": uuid.uuid4(),
             "checked_at": start + timedelta(minutes=rng.randrange(0, 60 * 24 * 3)), "seconds": 0.1,
             "method": "GET", "outcome": rng.choice(OUTCOMES), "detail": "", "http_status": 200,
             "redirect_chain": [], "final_url": "", "content_type": "", "content_length": None, "content_hash": "",
             "changed": None, "retry_after": None} for _ in range(count)]


def counted_from_checks() -> dict:
    return {row["hour"]: (row["n"], row["failed"]) for row in SourceCheck.objects.order_by()
            .annotate(hour=TruncHour("checked_at", tzinfo=UTC)).values("hour")
            .annotate(n=Count("id"), failed=Count("id", filter=~Q(outcome__in=outcomes.GOOD)))}


@pytest.mark.django_db(transaction=True)
def test_every_way_of_writing_checks_is_counted_once_per_hour():
    rng = random.Random(7)
    sources = [Source.objects.create(url=f"https://h{n}.example/seite") for n in range(20)]
    many = rows(sources, bulk.COPY_FROM + 10, rng)  # through COPY
    bulk.insert(SourceCheck, many, CHECK_FIELDS, unique=["source_id", "lease"])
    bulk.insert(SourceCheck, rows(sources, 40, rng), CHECK_FIELDS, unique=["source_id", "lease"])  # VALUES
    bulk.insert(SourceCheck, many[:30], CHECK_FIELDS, unique=["source_id", "lease"])  # clashes: nothing written
    SourceCheck.objects.create(**{**rows(sources, 1, rng)[0], "checked_at": datetime(2026, 11, 20, 5, 59, 59, 999999,
                                                                                      tzinfo=UTC)})
    kept = {row.hour: (row.checks, row.failures) for row in CheckHour.objects.all()}
    assert kept == counted_from_checks()
    assert sum(checks for checks, _ in kept.values()) == SourceCheck.objects.count() == bulk.COPY_FROM + 51
    assert CheckHour.objects.get(hour=datetime(2026, 11, 20, 5, tzinfo=UTC)).checks >= 1


SQLITE_RUN = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
import uuid
from datetime import UTC, datetime, timedelta
from sources.models import CheckHour, Source, SourceCheck
source = Source.objects.create(url="https://h.example/seite")
for minute, outcome in ((0, "ok"), (59, "broken"), (60, "timeout"), (61, "redirected")):
    SourceCheck.objects.create(source=source, lease=uuid.uuid4(), seconds=0.1, method="GET", outcome=outcome,
                               checked_at=datetime(2026, 11, 20, 5, tzinfo=UTC) + timedelta(minutes=minute))
print([(row.hour.isoformat(), row.checks, row.failures) for row in CheckHour.objects.all()])
"""


def test_on_sqlite_a_row_trigger_keeps_the_same_counts(tmp_path):
    environment = {key: value for key, value in os.environ.items() if not key.endswith("_URL")}
    environment.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", DEBUG="true",
                       DJANGO_SETTINGS_MODULE="factcheck.settings", LOG_LEVEL="WARNING")
    run = subprocess.run([sys.executable, "-c", SQLITE_RUN], cwd=ROOT, env=environment, capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip() == str([("2026-11-20T05:00:00+00:00", 2, 1), ("2026-11-20T06:00:00+00:00", 2, 1)])

