"""Real Celery worker processes for tests: they take tasks from Redis and write to the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start(queue: str, redis_url: str, pool: str = "solo", **env: str) -> subprocess.Popen:
    """A worker on `queue`; `pool="prefork"` (one child) where time limits matter: the solo pool has none."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings_test",
                   "DATABASE_URL": database_url(), "REDIS_URL": redis_url, **env}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-Q", queue, "--pool", pool, "--concurrency", "1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.terminate()
    return process.communicate(timeout=30)[0]


def kill(process: subprocess.Popen) -> str:
    """SIGKILL, as when a machine dies: no warm shutdown, no message handed back."""
    os.killpg(process.pid, signal.SIGKILL)
    return process.communicate(timeout=30)[0]


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False
