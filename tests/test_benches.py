"""The benchmarks still run: a tiny run of each end to end, its own checks on, its timings ignored.

bench/conflicts.py loads its data with COPY column by column (bench/loading.py), so a migration that adds a column
without a default breaks it silently until the next time someone measures (it did, after issue 13). Run at 2,000
figures it takes about 15 s and checks that incremental detection and the full recompute agree. Each benchmark runs
as a module from the repository root, as bench/README.md says.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_conflict_bench_runs_end_to_end(require_postgres):
    run = subprocess.run(
        [sys.executable, "-m", "bench.conflicts", "--figures", "2000", "--new-claims", "10",
         "--naive-claims", "1", "--derive-claims", "200", "--check", "5"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert ", 0 differ" in run.stdout and "full recompute again, nothing changed" in run.stdout
    assert "nightly recompute, nothing due" in run.stdout and "figures due" in run.stdout


def test_the_web_ingest_bench_runs_end_to_end(require_postgres):
    run = subprocess.run([sys.executable, "-m", "bench.webingest", "--articles", "10"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "ingest by URL" in run.stdout and "trafilatura alone" in run.stdout


def test_the_lookups_bench_runs_and_old_and_new_shapes_agree(require_postgres):
    # The bench exits 1 if a claim's or an article's conflicts differ between the old query shape and the new.
    run = subprocess.run(
        [sys.executable, "-m", "bench.lookups", "--figures", "2000", "--conflicts", "5000", "--requests",
         "2"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "API: conflicts of a claim" in run.stdout and "admin: desk dashboard" in run.stdout


def test_the_warc_storage_bench_runs_and_keeps_one_record_per_version(require_postgres):
    # The bench exits 1 if a source holds other than its first capture and one record per change.
    run = subprocess.run(
        [sys.executable, "-m", "bench.warc_storage", "--database", "factcheck_bench_warc_smoke",
         "--sources", "20", "--checks", "4", "--changes", "1", "--hosts", "2", "--page-kb", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "changed fetches (stored)" in run.stdout and "every check (not stored)" in run.stdout


@pytest.mark.skipif(shutil.which("wrk") is None, reason="bench/scale.py drives the API with wrk (.ci/run installs it)")
def test_the_scale_bench_serves_every_endpoint_and_page(require_postgres):
    # The bench exits 1 if this checkout answers any endpoint or admin page with anything but 200 on its data.
    run = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--database", "factcheck_bench_scale_smoke", "--claims",
         "2000", "--conflicts", "3000", "--sources", "300", "--seconds", "1", "--admin-requests", "1", "--objects",
         "5", "--before", ""], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "claims ?text= figure" in run.stdout and "admin page (logged in)" in run.stdout


def test_the_alerts_bench_delivers_every_alert_through_a_worker(require_postgres, require_redis):
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings
    from django.db import connection

    # The tests' own Redis database and a database named after the tests' own: nothing of anyone else's is touched.
    redis = urlunsplit(urlsplit(require_redis)._replace(path=f"/{settings.TEST_REDIS_DB}"))
    database = f"{connection.settings_dict['NAME']}_alerts_bench"
    run = subprocess.run([sys.executable, "-m", "bench.alerts", "--rounds", "2", "--burst", "5",
                          "--database", database], env={**os.environ, "REDIS_URL": redis},
                         cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "not delivered within 150 s: 0; signatures that did not verify: 0" in run.stdout
