"""Recording check results: whatever a server sent is stored, one result never costs another, and a batch
that fails gives its sources back at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from sources import checking, recording, selectors, server_text, services
from sources.fetching import batch, outcomes, pages, schedule
from sources.models import Snapshot, Source, SourceCheck
from tests.simweb import SimWeb

from .conftest import STAND_INS

HASH = "a" * 64
# aiohttp's surrogate escapes for the header bytes ä ö, which are not UTF-8
ESCAPED = "\udce4\udcf6"


def leased(*paths: str) -> tuple:
    sources = [services.source_get_or_create(url=f"http://127.0.0.2/{path}")[0] for path in paths]
    lease, _ = services.sources_lease(queryset=Source.objects.filter(id__in=[s.id for s in sources]))
    return lease, sources


def good(source: Source, **fields) -> batch.Result:
    defaults = {"http_status": 200, "final_url": source.url, "content_type": "text/html", "content_length": 10,
                "content_hash": HASH, "text_z": pages.pack("fast 7.000 Container"), "title": "Seite"}
    return batch.Result(source.id, datetime.now(UTC), 0.1, outcomes.OK, **{**defaults, **fields})


def check_of(source: Source) -> SourceCheck:
    return SourceCheck.objects.get(source=source)


def on_check(name: str):
    return lambda source: getattr(check_of(source), name)


def on_source(name: str):
    return lambda source: getattr(Source.objects.get(pk=source.pk), name)


def on_both(read, other):
    return lambda source: (read(source), other(source))


HOP = {"url": "http://127.0.0.2/good", "status": 302}
HOSTILE = [
    ("content_type", f"text/html; name={ESCAPED}", on_check("content_type"), "text/html; name=\ufffd\ufffd"),
    ("etag", f'"{ESCAPED}"', on_source("etag"), '"\ufffd\ufffd"'),
    ("last_modified", f"Mo, 03 M{ESCAPED[0]}r 2024", on_source("last_modified"), "Mo, 03 M\ufffdr 2024"),
    ("detail", "kaputt\x00: " + ESCAPED + "x" * 600, on_check("detail"), ("kaputt: \ufffd\ufffd" + "x" * 600)[:500]),
    ("final_url", f"http://127.0.0.2/ziel/{ESCAPED}", on_both(on_check("final_url"), on_source("final_url")),
     ("http://127.0.0.2/ziel/\ufffd\ufffd",) * 2),
    ("chain", [{**HOP, "location": f"/z\x00{ESCAPED}"}], on_check("redirect_chain"),
     [{**HOP, "location": "/z\ufffd\ufffd"}]),
    ("title", "Gr\ud83d\x00" + "ü" * 400, on_both(on_source("title"), lambda s: Snapshot.objects.get(source=s).title),
     (("Gr\ufffd" + "ü" * 400)[:300],) * 2),
]


@pytest.mark.parametrize(("field", "value", "stored", "expected"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_every_string_a_server_chose_is_stored_and_the_rest_of_the_batch_too(db, field, value, stored, expected):
    lease, (hostile, plain) = leased("hostile", "plain")
    counts = recording.record([good(hostile, **{field: value}), good(plain)], lease, schedule.Intervals())
    assert counts == {"ok": 2}
    assert stored(hostile) == expected
    assert check_of(plain).outcome == "ok"
    assert not Source.objects.exclude(lease=None).exists()


def test_a_result_the_database_refuses_costs_only_itself(db):
    lease, sources = leased("a", "refused", "c")
    results = [good(sources[0]), good(sources[1], content_length=-1), good(sources[2])]  # a bug's value
    counts = recording.record(results, lease, schedule.Intervals())
    assert counts == {"ok": 2, "checker_error": 1}
    assert {check_of(s).outcome for s in (sources[0], sources[2])} == {"ok"}
    refused = check_of(sources[1])
    assert (refused.outcome, refused.content_length, refused.http_status) == ("checker_error", None, None)
    assert "could not be recorded" in refused.detail
    assert not Source.objects.exclude(lease=None).exists()
    assert Source.objects.get(pk=sources[1].pk).next_check_at > timezone.now()


def test_a_checker_error_never_counts_toward_dead_and_is_retried_hourly_then_daily(db):
    lease, (source,) = leased("crash")
    first_failure = timezone.now() - timedelta(days=10)
    Source.objects.filter(pk=source.pk).update(failure_count=2, first_failure_at=first_failure)
    delays = []
    for _ in range(7):
        result = batch.Result(source.id, datetime.now(UTC), 0.0, outcomes.CHECKER_ERROR, detail="TypeError")
        assert recording.record([result], lease, schedule.Intervals()) == {"checker_error": 1}
        row = Source.objects.get(pk=source.pk)
        delays.append(row.next_check_at - row.last_checked_at)
        lease, _ = services.sources_lease(queryset=Source.objects.filter(pk=source.pk))
    assert (row.status, row.failure_count, row.is_dead, row.retry_count) == ("checker_error", 2, False, 7)
    assert timedelta(minutes=45) < delays[0] < timedelta(minutes=75)
    assert delays[1] > delays[0] and timedelta(hours=19) < delays[-1] < timedelta(hours=29)


def test_a_failed_batch_gives_back_what_it_did_not_record_at_once(db, settings):
    settings.FACTCHECK_FETCH_ALLOW_NETWORKS = STAND_INS
    settings.FACTCHECK_FETCH_DEADLINE = 3.0
    with SimWeb(["127.0.0.2"]) as web:
        quick = services.source_get_or_create(url=web.url("/page/quick"))[0]
        slow = services.source_get_or_create(url=web.url("/hang"))[0]
        lease, ids = services.sources_lease(queryset=Source.objects.all())

        def broken_progress(count: int) -> None:  # a progress bar whose terminal went away
            raise BrokenPipeError("the terminal is gone")

        with pytest.raises(BrokenPipeError):
            checking.check_leased(ids, lease, progress=broken_progress)
    assert check_of(quick).outcome == "ok"
    released = Source.objects.get(pk=slow.pk)
    assert (released.lease, released.leased_at) == (None, None)
    assert not SourceCheck.objects.filter(source=slow).exists()
    wait = released.next_check_at - timezone.now()
    assert timedelta(minutes=10) < wait <= schedule.Intervals().retry_first
    assert not Source.objects.leased(selectors.lease_time()).exists()


def test_storable_is_total():
    text = "".join(map(chr, range(0xD700, 0xE100))) + "\x00a\x00"
    kept = server_text.storable(text, 10_000)
    kept.encode("utf-8")  # no surrogate left
    assert "\x00" not in kept and kept.endswith("a") and server_text.storable(None, 5) == ""
