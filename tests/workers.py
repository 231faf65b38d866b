"""Real Celery worker processes for tests: they take tasks from Redis and write to the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start(queue: str, redis_url: str, *, processes: int = 0, **env: str) -> subprocess.Popen:
    """One process (the solo pool), or with `processes` a prefork parent and that many children, as deployed."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings_test",
                   "DATABASE_URL": database_url(), "REDIS_URL": redis_url, **env}
    pool = ["--pool", "prefork", "--concurrency", str(processes)] if processes else ["--pool", "solo"]
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-Q", queue, *pool,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )


@contextmanager
def serving(queue: str, redis_url: str, **env: str) -> Iterator[subprocess.Popen]:
    """A worker on an emptied queue, with tasks sent to it rather than run in the test's process."""
    from factcheck.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    process = start(queue, redis_url, **env)
    app.conf.task_always_eager = False
    try:
        yield process
    finally:
        app.conf.task_always_eager = True
        stop(process)


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
