"""Real Celery workers checking sources from Redis into PostgreSQL, and what happens when things break.

The database is the truth: a worker killed mid-batch gets its message redelivered and the rerun writes only
what was missing; a flushed Redis loses messages but no schedule, and the sweeper hands the sources out again.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from io import StringIO

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from factcheck.celery import app as celery_app
from sources import selectors, services
from sources.models import Citation, Source, SourceCheck
from sources.tasks import check_batch
from tests import workers
from tests.factories import ClaimFactory
from tests.rawweb import RawWeb, answer
from tests.simweb import SimWeb

from .conftest import STAND_INS

FETCH_ENV = {"FACTCHECK_FETCH_ALLOW_NETWORKS": STAND_INS, "FACTCHECK_FETCH_PER_HOST": "2",
             "CELERY_VISIBILITY_TIMEOUT": "3"}


@pytest.fixture
def broker(require_postgres, require_redis):
    """Tests' own Redis database (15), emptied, with tasks sent for real instead of run inline."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    celery_app.conf.task_always_eager = False
    try:
        yield client
    finally:
        celery_app.conf.task_always_eager = True
        client.flushdb()


@pytest.fixture
def slow_web():
    with SimWeb(["127.0.0.2"], latency=0.4) as web:
        yield web


def checks_per_source() -> dict[int, int]:
    return dict(SourceCheck.objects.values_list("source").annotate(n=Count("id")).values_list("source", "n"))


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_is_redelivered_and_records_each_source_once(broker, slow_web):
    sources = [services.source_get_or_create(url=slow_web.url(f"/page/p{i}"))[0] for i in range(12)]
    lease, ids = services.sources_lease(queryset=Source.objects.all())
    check_batch.delay(ids, str(lease))
    first = workers.start(settings.CELERY_FETCH_QUEUE, settings.CELERY_BROKER_URL, **FETCH_ENV)
    started = workers.wait_for(lambda: SourceCheck.objects.count() >= 2, seconds=60)
    log = workers.kill(first)
    done_before = SourceCheck.objects.count()
    assert started, f"the first worker recorded nothing; its log:\n{log}"
    assert done_before < len(sources), "the batch finished before the kill; the test proves nothing"

    # Redis hands an unacknowledged message out again once its visibility timeout has passed.
    time.sleep(int(FETCH_ENV["CELERY_VISIBILITY_TIMEOUT"]) + 0.5)
    second = workers.start(settings.CELERY_FETCH_QUEUE, settings.CELERY_BROKER_URL, **FETCH_ENV)
    finished = workers.wait_for(lambda: SourceCheck.objects.count() >= len(sources), seconds=90)
    log = workers.stop(second)
    assert finished, f"the redelivered batch did not finish; the second worker's log:\n{log}"
    assert "sources.check_batch" in log and "succeeded" in log
    assert checks_per_source() == {s.pk: 1 for s in sources}
    assert set(SourceCheck.objects.values_list("lease", flat=True)) == {lease}
    assert not Source.objects.exclude(lease=None).exists()


@pytest.mark.django_db(transaction=True)
def test_after_redis_is_flushed_the_sweeper_hands_due_sources_out_again(broker, web, settings):
    sources = [services.source_get_or_create(url=web.url(f"/page/f{i}"))[0] for i in range(5)]
    assert services.sources_sweep() == 5
    assert broker.llen(settings.CELERY_FETCH_QUEUE) == 1  # one batch message
    broker.flushdb()  # Redis restarted empty: the message is gone, the claims in PostgreSQL are not

    assert services.sources_sweep() == 0  # held, and the lease has not run out
    Source.objects.update(leased_at=Source.objects.first().leased_at - lease_and_a_bit())
    assert services.sources_sweep() == 5
    worker = workers.start(settings.CELERY_FETCH_QUEUE, settings.CELERY_BROKER_URL, **FETCH_ENV)
    finished = workers.wait_for(lambda: SourceCheck.objects.count() >= len(sources), seconds=60)
    log = workers.stop(worker)
    assert finished, f"the worker did not check the re-queued sources; its log:\n{log}"
    assert checks_per_source() == {s.pk: 1 for s in sources}
    assert set(Source.objects.values_list("status", flat=True)) == {"ok"}


PAGE = b"<html><head><title>Bericht</title></head><body><p>fast 7.000 Container</p></body></html>"
# Each answer carries header bytes that are not UTF-8, as real servers send them.
HOSTILE = {
    "/etag": answer(headers=[b'ETag: "\xff\xfe"'], body=PAGE),
    "/last-modified": answer(headers=[b"Last-Modified: Mo, 03 M\xe4r 2024 10:00:00 GMT"], body=PAGE),
    "/content-type": answer(content_type=b"text/html; charset=utf-8; name=\xe4\xf6", body=PAGE),
    "/location": answer(status=b"302 Found", headers=[b"Location: /ziel/M\xe4rz"]),
    "/ziel/M%E4rz": answer(body=PAGE),
}


@pytest.mark.django_db(transaction=True)
def test_header_bytes_that_are_not_utf8_cost_no_other_source_of_the_batch(broker, web):
    with RawWeb("127.0.0.3", HOSTILE) as raw:
        # Cited, so each page is read (GET) and its ETag and Last-Modified are kept for the next check.
        hostile = {path: cite(raw.url(path)) for path in HOSTILE if not path.startswith("/ziel")}
        others = [cite(web.url(f"/page/h{i}")) for i in range(4)]
        every = [s.pk for s in [*hostile.values(), *others]]
        assert services.sources_recheck(source_ids=every).queued == 8  # in one batch
        assert broker.llen(settings.CELERY_FETCH_QUEUE) == 1
        worker = workers.start(settings.CELERY_FETCH_QUEUE, settings.CELERY_BROKER_URL, **FETCH_ENV)
        finished = workers.wait_for(lambda: SourceCheck.objects.count() >= 8, seconds=30)
        log = workers.stop(worker)
    assert finished, f"the batch was not recorded; the worker's log:\n{log}"
    assert checks_per_source() == {s.pk: 1 for s in [*hostile.values(), *others]}
    assert not Source.objects.exclude(lease=None).exists()
    assert set(Source.objects.filter(pk__in=[s.pk for s in others]).values_list("status", flat=True)) == {"ok"}
    assert set(Citation.objects.values_list("figure_status", flat=True)) == {"found"}
    content_type = SourceCheck.objects.get(source=hostile["/content-type"])
    assert content_type.outcome == "ok"
    assert content_type.content_type == "text/html; charset=utf-8; name=\ufffd\ufffd"
    assert [(s.status, s.etag, s.last_modified) for s in Source.objects.filter(
        pk__in=[hostile["/etag"].pk, hostile["/last-modified"].pk])] == [("ok", "", "")] * 2
    moved = Source.objects.get(pk=hostile["/location"].pk)
    assert (moved.status, moved.final_url) == ("redirected", raw.url("/ziel/M%E4rz"))


def cite(url: str) -> Source:
    return services.citation_create(claim=ClaimFactory(), url=url, expected="7.000", check=False).source


@pytest.mark.django_db(transaction=True)
def test_rechecks_keep_the_host_limit_across_workers_and_never_fetch_a_page_twice(broker, api_as, root):
    with SimWeb(["127.0.0.2", "127.0.0.3"], latency=1.5) as web:
        sources = [services.source_get_or_create(url=web.url(f"/page/r{i}"))[0] for i in range(4)]
        Source.objects.update(next_check_at=timezone.now() + timedelta(days=3))  # only re-checks make them due
        # Four worker processes: four batches for one host would run side by side.
        worker = workers.start(settings.CELERY_FETCH_QUEUE, settings.CELERY_BROKER_URL, processes=4, **FETCH_ENV)
        try:
            # The worker is up once it has checked a page on another host (a remote-control ping would leave
            # a channel behind that hangs the next test's fork).
            warm_up = services.source_get_or_create(url=web.url("/page/warm-up", host="127.0.0.3"))[0]
            services.sources_recheck(source_ids=[warm_up.pk])
            assert workers.wait_for(lambda: warm_up.checks.exists(), seconds=60), "the worker did not start"
            client = api_as(root)  # groups are gone in a flushed transactional test: no editor persona
            answers = [(s.pk, client.post(f"/api/sources/{s.pk}/recheck/")) for _ in range(3) for s in sources]
            # Beat's part: sweep until every page is checked.
            finished = workers.wait_for(lambda: services.sources_sweep() >= 0 and all_checked(sources), seconds=90)
        finally:
            log = workers.stop(worker)
        peak, fetched = max(web.stats.peak.values()), dict(web.stats.paths)
    assert finished, f"the re-checked sources were not all checked; the worker's log:\n{log}"
    assert peak <= int(FETCH_ENV["FACTCHECK_FETCH_PER_HOST"]), f"{peak} requests at once on one host"
    assert [fetched[f"/page/r{i}"] for i in range(4)] == [1, 1, 1, 1]
    assert [checks_per_source()[s.pk] for s in sources] == [1, 1, 1, 1]
    # What the desk was told: the first page went at once, its repeats joined that check, the others waited.
    assert {response.status_code for _, response in answers} == {202}
    first, *others = [response.json() for pk, response in answers if pk == sources[0].pk]
    assert (first["queued"], [answer["checking"] for answer in others]) == (1, [1, 1])
    assert {response.json()["waiting"] for pk, response in answers if pk != sources[0].pk} == {1}


def all_checked(sources: list[Source]) -> bool:
    return SourceCheck.objects.filter(source__in=sources).count() >= len(sources)


def lease_and_a_bit():
    return selectors.lease_time() * 1.1


@pytest.mark.django_db(transaction=True)
def test_check_sources_in_two_processes_checks_each_once_within_the_host_limit(require_postgres, settings):
    settings.FACTCHECK_FETCH_ALLOW_NETWORKS = STAND_INS
    with SimWeb(["127.0.0.2", "127.0.0.3"], latency=0.05) as web:
        for i in range(40):
            services.source_get_or_create(url=web.url(f"/page/p{i}", host=("127.0.0.2", "127.0.0.3")[i % 2]))
        out = StringIO()
        call_command("check_sources", "--all", "--processes", "2", "--json", stdout=out)
        peak = max(web.stats.peak.values())
    assert json.loads(out.getvalue())["checked"] == 40
    assert set(checks_per_source().values()) == {1} and len(checks_per_source()) == 40
    assert peak <= settings.FACTCHECK_FETCH_PER_HOST
