"""A real Celery worker process takes a task from Redis and writes to PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from claims.models import Article
from factcheck.celery import app as celery_app
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(require_postgres, require_redis):
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings_test",
           "DATABASE_URL": database_url(), "REDIS_URL": require_redis}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-Q", queue, "--pool", "solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        if process.poll() is None:
            stop(process)


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    return process.communicate(timeout=20)[0]


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_marks_a_second_outlets_copy_as_duplicate(worker):
    first = ArticleFactory(text="Fast 7.000 Container wurden gezählt.")
    copy = ArticleFactory(text="Fast 7.000 Container\nwurden gezählt.")
    # The task was sent after commit; only the worker process can have written this.
    written = wait_for(lambda: Article.objects.get(pk=copy.pk).duplicate_of_id == first.pk, seconds=60)
    output = stop(worker)
    assert written, f"the worker did not mark the copy; its log:\n{output}"
    assert "claims.find_duplicate" in output and "succeeded" in output
