"""A real Celery worker process takes a task from Redis and writes to PostgreSQL."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from claims.models import Article
from factcheck.celery import app as celery_app
from tests import workers
from tests.factories import ArticleFactory


@pytest.fixture
def worker(require_postgres, require_redis):
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    process = workers.start(queue, require_redis)
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        workers.stop(process)


@pytest.mark.django_db(transaction=True)
def test_a_worker_marks_a_second_outlets_copy_as_duplicate(worker):
    first = ArticleFactory(text="Fast 7.000 Container wurden gezählt.")
    copy = ArticleFactory(text="Fast 7.000 Container\nwurden gezählt.")
    # The task was sent after commit; only the worker process can have written this.
    written = workers.wait_for(lambda: Article.objects.get(pk=copy.pk).duplicate_of_id == first.pk, seconds=60)
    output = workers.stop(worker)
    assert written, f"the worker did not mark the copy; its log:\n{output}"
    assert "claims.find_duplicate" in output and "succeeded" in output


@pytest.mark.django_db(transaction=True)
def test_a_worker_finds_the_conflict_a_new_article_brings(worker):
    from claims import services
    from claims.models import Conflict

    services.article_ingest(title="Russland und Nordkorea", language="de", text=(
        "Russland legte im März 2024 im UN-Sicherheitsrat sein Veto gegen die Verlängerung des Gremiums ein."))
    services.article_ingest(title="Russia and North Korea", language="en", text=(
        "In April 2024, Russia vetoed the extension of the UN Security Council's panel on North Korea."))
    # Detection was sent after each commit; only the worker process can have written the suggestion.
    found = workers.wait_for(lambda: Conflict.objects.filter(kind="contradiction").exists(), seconds=60)
    output = workers.stop(worker)
    assert found, f"the worker found no conflict; its log:\n{output}"
    assert "claims.detect_conflicts" in output and Conflict.objects.get().origin == "detected"


@pytest.mark.django_db(transaction=True)
def test_a_worker_child_over_the_memory_cap_is_replaced_after_its_task(require_postgres, require_redis, tmp_path):
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    # 1 KiB: every child is over it after its first task, so each task must run in a fresh child. Given as
    # NAME_FILE, which only the settings read: Celery's own command line would take CELERY_WORKER_* itself.
    (tmp_path / "cap").write_text("1")
    process = workers.start(queue, require_redis, processes=1,
                            CELERY_WORKER_MAX_MEMORY_PER_CHILD_FILE=str(tmp_path / "cap"))
    celery_app.conf.task_always_eager = False
    try:
        first = ArticleFactory(text="Fast 7.000 Container wurden gezählt.")
        copy = ArticleFactory(text="Fast 7.000 Container\nwurden gezählt.")
        written = workers.wait_for(lambda: Article.objects.get(pk=copy.pk).duplicate_of_id == first.pk, seconds=60)
    finally:
        celery_app.conf.task_always_eager = True
        output = workers.stop(process)
    assert written, f"the worker did not mark the copy; its log:\n{output}"
    children = set(re.findall(r"ForkPoolWorker-(\d+)\] Task \S+ succeeded", output))
    assert len(children) >= 2, f"one child ran every task; the cap did not reach the worker:\n{output}"
