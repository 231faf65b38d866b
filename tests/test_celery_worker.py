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
    with workers.serving(settings.CELERY_TASK_DEFAULT_QUEUE, require_redis) as process:
        yield process


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


@pytest.mark.django_db(transaction=True)
def test_a_worker_extracts_a_long_article_the_api_accepted(worker, api_as, root, settings):
    from tests.claims.test_ingest_scaling import one_figure_sentences

    settings.FACTCHECK_EXTRACT_IN_REQUEST_CHARS = 1_000
    response = api_as(root).post("/api/articles/", {"title": "T", "text": one_figure_sentences(100)}, format="json")
    assert response.status_code == 202 and response.data["extraction_status"] == "pending"
    article = Article.objects.get(pk=response.data["id"])
    done = workers.wait_for(lambda: Article.objects.get(pk=article.pk).extraction_status == "done", seconds=60)
    output = workers.stop(worker)
    assert done, f"the worker did not extract the article; its log:\n{output}"
    assert "claims.extract_claims" in output and "succeeded" in output
    assert article.claims.count() == 100


@pytest.mark.django_db(transaction=True)
def test_an_extraction_past_its_time_limit_is_stopped_and_recorded(require_postgres, require_redis):
    from claims import services, tasks
    from tests.claims.test_ingest_scaling import one_figure_sentences

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    celery_app.conf.task_always_eager = False
    try:
        # Some seconds of work on any machine: 20,000 claims and figures with their history rows.
        article = services.article_ingest_later(title="T", text=one_figure_sentences(20_000))
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)  # its message carries the deployment's limits
        # The limits travel in the message; this one gives the extraction a second. Prefork: solo has no limits.
        tasks.extract_claims_task.apply_async([article.pk], soft_time_limit=1, time_limit=31)
        process = workers.start(queue, require_redis, processes=1)
        failed = workers.wait_for(lambda: Article.objects.get(pk=article.pk).extraction_status == "failed", seconds=90)
        output = workers.stop(process)
    finally:
        celery_app.conf.task_always_eager = True
    assert failed, f"the extraction was not stopped; the worker's log:\n{output}"
    article.refresh_from_db()
    assert article.extraction_message == (
        "Extraction took longer than 1 s (FACTCHECK_EXTRACT_SECONDS) and was stopped; nothing was stored.")
    assert not article.claims.exists()
