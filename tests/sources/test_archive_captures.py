"""Archived captures through Memento: a web archive of ours on loopback, reached by a name the fake DNS gives."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core import checks
from django.utils import timezone

from sources import archive_captures, checking, services
from sources.fetching import memento
from sources.models import Citation, FigureStatus, Source
from tests.factories import ClaimFactory
from tests.mementoweb import MementoWeb

from .conftest import STAND_INS

ARCHIVE = "archive.memento-sim.net"
NEWS = "news.sim-web.net"
CITED = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fetch_settings(settings):
    settings.FACTCHECK_FETCH_ALLOW_NETWORKS = STAND_INS
    settings.FACTCHECK_FETCH_DEADLINE = 3.0


@pytest.fixture
def archive(fake_dns):
    """The archive on 127.0.0.2 and the news site on 127.0.0.3, both by name."""
    with MementoWeb(["127.0.0.2", "127.0.0.3"]) as sim:
        fake_dns.names[ARCHIVE] = ["127.0.0.2"]
        fake_dns.names[NEWS] = ["127.0.0.3"]
        yield sim


@pytest.fixture
def timemap(settings, archive):
    settings.FACTCHECK_MEMENTO_TIMEMAP = f"http://{ARCHIVE}:{archive.port}/timemap/link/{{url}}"
    return archive


def cite(url: str, when: datetime = CITED, expected: str = "7.000") -> Citation:
    citation = services.citation_create(claim=ClaimFactory(), url=url, expected=expected, check=False)
    Citation.objects.filter(pk=citation.pk).update(created_at=when)
    citation.refresh_from_db()
    return citation


def page(archive: MementoWeb, name: str = "bericht") -> str:
    return f"http://{NEWS}:{archive.port}/page/{name}"


def look_up(citation: Citation, *, force: bool = True) -> Citation:
    archive_captures.captures_find(citation_ids=[citation.pk], force=force)
    citation.refresh_from_db()
    return citation


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# --- Choosing the capture ---------------------------------------------------------------------------------

def test_the_capture_closest_before_the_citation_is_chosen(db, timemap):
    citation = cite(page(timemap))
    timemap.capture(citation.source.url, at(2019, 5, 1), at(2023, 11, 2), at(2024, 2, 28), at(2024, 3, 2),
                    at(2025, 1, 1))
    citation = look_up(citation)
    assert citation.archive_url == timemap.archived(at(2024, 2, 28), citation.source.url, f"{ARCHIVE}:{timemap.port}")
    assert (citation.archive_at, citation.archive_note, citation.archived_before) == (at(2024, 2, 28), "", True)
    assert citation.archive_checked_at is not None


def test_with_none_before_the_first_after_is_offered_and_said_so(db, timemap):
    citation = cite(page(timemap))
    timemap.capture(citation.source.url, at(2025, 1, 1), at(2024, 6, 1))
    citation = look_up(citation)
    assert citation.archive_at == at(2024, 6, 1) and not citation.archived_before
    assert citation.archive_note == memento.ONLY_AFTER


def test_a_page_the_archive_never_captured_says_so(db, timemap):
    citation = look_up(cite(page(timemap)))
    assert (citation.archive_url, citation.archive_at, citation.archive_note) == ("", None, memento.NO_CAPTURE)


def test_the_timegate_alone_finds_the_capture_before_through_its_neighbours(db, settings, archive):
    settings.FACTCHECK_MEMENTO_TIMEGATE = f"http://{ARCHIVE}:{archive.port}/timegate/{{url}}"
    citation = cite(page(archive))
    # The nearest capture is a day after the citation; the one before is its "prev memento".
    archive.capture(citation.source.url, at(2023, 1, 1), at(2024, 1, 10), at(2024, 3, 2))
    citation = look_up(citation)
    assert (citation.archive_at, citation.archived_before) == (at(2024, 1, 10), True)
    assert archive.count("timegate") == 1 and archive.count("timemap") == 0


def test_a_timemap_too_large_falls_back_to_the_timegate(db, settings, timemap):
    settings.FACTCHECK_MEMENTO_TIMEGATE = f"http://{ARCHIVE}:{timemap.port}/timegate/{{url}}"
    settings.FACTCHECK_MEMENTO_MAX_BYTES = 10_000
    citation = cite(page(timemap))
    timemap.capture(citation.source.url, at(2024, 1, 10))
    timemap.timemap_body = (b"<x>; rel=memento, " * 5_000, "application/link-format")
    citation = look_up(citation)
    assert citation.archive_at == at(2024, 1, 10)
    assert (timemap.count("timemap"), timemap.count("timegate")) == (1, 1)


# --- Hostile or broken archives ---------------------------------------------------------------------------

def test_a_huge_timemap_is_refused_cleanly(db, settings, timemap):
    settings.FACTCHECK_MEMENTO_MAX_BYTES = 10_000
    timemap.timemap_body = (b'<http://a/b>; rel="memento"; datetime="Mon, 01 Jan 2024 00:00:00 GMT",\n' * 2_000,
                            "application/link-format")
    citation = look_up(cite(page(timemap)))
    assert citation.archive_url == ""
    assert citation.archive_note == "the archive's answer is larger than 10,000 bytes"


@pytest.mark.parametrize(("body", "kind", "reason"), [
    (b"<html><body>Service unavailable</body></html>", "text/html", "is not a TimeMap (it is text/html)"),
    (b"\xff\xfe garbage ;;; rel=memento \"unterminated", "text/plain", "the archive's answer is not a TimeMap"),
])
def test_a_malformed_timemap_is_refused_cleanly(db, timemap, body, kind, reason):
    timemap.timemap_body = (body, kind)
    citation = look_up(cite(page(timemap)))
    assert citation.archive_url == "" and reason in citation.archive_note


def test_malformed_entries_are_skipped_and_the_good_ones_kept():
    text = "\n".join([
        '<http://arc.net/web/1/a>; rel="first memento"; datetime="Mon, 01 Jan 2024 00:00:00 GMT",',
        '<javascript:alert(1)>; rel="memento"; datetime="Tue, 02 Jan 2024 00:00:00 GMT",',
        '<http://arc.net/web/3/a>; rel="memento"; datetime="not a date",',
        '<http://arc.net/web/4/a>; rel="memento"; datetime="Thu, 04 Jan 2024 00:00:00 GMT',  # quote never closed
        '<http://arc.net/web/5/a b>; rel="memento"; datetime="Fri, 05 Jan 2024 00:00:00 GMT",',
        '<http://arc.net/web/6/a?x=1,2>; rel="memento"; datetime="Sat, 06 Jan 2024 00:00:00 GMT"; title="a, \\"b\\""',
        '<http://arc.net/web/7/a; rel="memento"; datetime="Sun, 07 Jan 2024 00:00:00 GMT",',  # link never closed
        '</web/8/a>; rel="last memento"; datetime="Mon, 08 Jan 2024 00:00:00 GMT"',
        '<ftp://arc.net/web/9/a>; rel="memento"; datetime="Tue, 09 Jan 2024 00:00:00 GMT"',
        '<http://arc.net/web/10/a>; rel="memento"; datetime="Tue, 09 Jan 2024 00:00:00 GMT',  # never closed, last
    ])
    found = memento.parse_timemap(text, "https://arc.net/timemap/link/a")
    assert [(m.url, m.at.day) for m in found] == [
        ("http://arc.net/web/1/a", 1), ("http://arc.net/web/6/a?x=1,2", 6), ("https://arc.net/web/8/a", 8)]


@pytest.mark.parametrize("text", ['<a>; x="' + "<" * 500_000, "<" * 1_000_000, "<a>" + ";" * 1_000_000,
                                  "<a>; " + " <" * 500_000, "<a>, " * 200_000, ("<" * 1000 + "\n") * 1000])
def test_a_hostile_timemap_costs_time_in_proportion_to_its_size(text):
    started = time.monotonic()
    try:
        assert memento.parse_timemap(text, "http://arc.net/") == []
    except memento.NotATimeMap:
        pass
    assert time.monotonic() - started < 2.0


def test_an_archive_on_an_internal_address_is_refused(db, settings, fake_dns, canary, archive):
    fake_dns.names["archive.intranet-sim.net"] = ["127.0.0.1"]
    citation = cite(page(archive))
    for endpoint in (f"http://archive.intranet-sim.net:{canary.port}/timemap/link/{{url}}",
                     f"http://10.0.0.7:{canary.port}/timemap/link/{{url}}",
                     f"http://127.0.0.1:{canary.port}/timemap/link/{{url}}"):
        settings.FACTCHECK_MEMENTO_TIMEMAP = endpoint
        citation = look_up(citation)
        assert citation.archive_url == ""
        assert citation.archive_note.startswith("the archive could not be asked (blocked)")
    assert canary.stats.as_dict()["requests"] == 0


def test_an_archive_endpoint_must_name_the_page(settings):
    settings.FACTCHECK_MEMENTO_TIMEMAP = "https://web.archive.org/web/timemap/link/"
    settings.FACTCHECK_SAVE_PAGE_NOW_URL = "file:///save/{url}"
    errors = [e for e in checks.run_checks() if e.id == "factcheck.E012"]
    assert [e.msg.split(" ")[0] for e in errors] == ["FACTCHECK_MEMENTO_TIMEMAP", "FACTCHECK_SAVE_PAGE_NOW_URL"]


# --- When lookups happen ------------------------------------------------------------------------------

def test_citations_in_doubt_are_the_dead_the_gone_and_the_changed(db):
    dead, gone, changed, fine = (cite(f"https://example.org/{n}") for n in ("dead", "gone", "changed", "fine"))
    Source.objects.filter(pk=dead.source_id).update(is_dead=True)
    Citation.objects.filter(pk=gone.pk).update(figure_status=FigureStatus.GONE)
    Source.objects.filter(pk__in=[changed.source_id, fine.source_id]).update(changed_at=CITED + timedelta(days=1))
    Citation.objects.filter(pk=fine.pk).update(created_at=CITED + timedelta(days=2))
    assert set(Citation.objects.in_doubt().values_list("id", flat=True)) == {dead.pk, gone.pk, changed.pk}


def test_a_check_that_finds_the_figure_gone_looks_up_the_capture_once(db, timemap, django_capture_on_commit_callbacks):
    timemap.pages["bericht"] = "Bis März wurden fast 7.000 Container gezählt."
    citation = cite(page(timemap), when=timezone.now())
    timemap.capture(citation.source.url, at(2020, 1, 1), timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        check_now(citation.source)  # the figure is there: nothing to look up
    assert timemap.count("timemap") == 0
    timemap.pages["bericht"] = "Bis März wurden rund 6.000 Container gezählt."
    for _ in range(2):  # the second check finds the same state: the capture found stands, the archive is not asked
        with django_capture_on_commit_callbacks(execute=True):
            check_now(citation.source)
    citation.refresh_from_db()
    assert citation.figure_status == FigureStatus.GONE and citation.archived_before
    assert citation.archive_url.startswith(f"http://{ARCHIVE}:{timemap.port}/web/")
    assert timemap.count("timemap") == 1


def test_without_an_archive_checks_look_nothing_up(db, archive, django_capture_on_commit_callbacks):
    archive.pages["bericht"] = "nichts"
    citation = cite(page(archive))
    with django_capture_on_commit_callbacks(execute=True):
        check_now(citation.source)
    citation.refresh_from_db()
    assert citation.figure_status == FigureStatus.GONE and citation.archive_checked_at is None
    assert archive.asked == []


def test_a_lookup_without_a_capture_from_before_is_retried_later_not_at_once(db, settings, timemap):
    citation = cite(page(timemap))
    look_up(citation, force=False)
    look_up(citation, force=False)
    assert timemap.count("timemap") == 1
    Citation.objects.filter(pk=citation.pk).update(archive_checked_at=timezone.now() - timedelta(hours=25))
    look_up(citation, force=False)
    assert timemap.count("timemap") == 2


def test_lookups_go_out_in_small_tasks(db, settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_MEMENTO_TIMEMAP = f"https://{ARCHIVE}/timemap/link/{{url}}"
    citations = [cite(f"https://example.org/{i}") for i in range(25)]
    Source.objects.update(is_dead=True)
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.captures_wanted(source_ids=[c.source_id for c in citations]) == 25
    assert len(callbacks) == 3


def check_now(source: Source) -> None:
    Source.objects.filter(pk=source.pk).update(next_check_at=timezone.now())
    lease, ids = services.sources_lease(queryset=Source.objects.filter(pk=source.pk))
    checking.check_leased(ids, lease)


# --- Save Page Now ------------------------------------------------------------------------------------

def test_save_page_now_off_sends_nothing(db, settings, archive, django_capture_on_commit_callbacks):
    settings.FACTCHECK_SAVE_PAGE_NOW_URL = f"http://{ARCHIVE}:{archive.port}/save/{{url}}"
    with django_capture_on_commit_callbacks(execute=True):
        citation = cite(page(archive))
    assert archive.count("save") == 0
    assert Source.objects.get(pk=citation.source_id).save_requested_at is None


def test_save_page_now_on_asks_once_when_first_cited(db, settings, archive, django_capture_on_commit_callbacks):
    settings.FACTCHECK_SAVE_PAGE_NOW = True
    settings.FACTCHECK_SAVE_PAGE_NOW_URL = f"http://{ARCHIVE}:{archive.port}/save/{{url}}"
    with django_capture_on_commit_callbacks(execute=True):
        citation = cite(page(archive))
    with django_capture_on_commit_callbacks(execute=True):
        cite(page(archive))  # cited again by another claim: not first cited
    assert archive.asked == [("save", citation.source.url)]
    assert Source.objects.get(pk=citation.source_id).save_requested_at is not None


# --- The desk -----------------------------------------------------------------------------------------

def test_the_admin_looks_up_and_shows_the_capture(db, client, alice, timemap, django_capture_on_commit_callbacks):
    citation = cite(page(timemap))
    timemap.capture(citation.source.url, at(2024, 2, 28))
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/sources/citation/", {"action": "look_up_archived",
                                                            "_selected_action": [citation.pk]}, follow=True)
    assert "An archived copy is being looked up for 1 citation." in response.content.decode()
    capture = timemap.archived(at(2024, 2, 28), citation.source.url, f"{ARCHIVE}:{timemap.port}")
    link = f'<a class="archived-copy" href="{capture}" rel="noopener noreferrer">archived copy from'
    for address in (f"/admin/claims/claim/{citation.claim_id}/change/",
                    f"/admin/sources/source/{citation.source_id}/change/", "/admin/sources/citation/"):
        assert link in client.get(address).content.decode(), address


def test_the_admin_says_why_there_is_no_capture(db, client, alice):
    citation = cite("https://example.org/a")
    Citation.objects.filter(pk=citation.pk).update(archive_checked_at=timezone.now(), archive_note=memento.NO_CAPTURE)
    client.force_login(alice)
    body = client.get(f"/admin/sources/source/{citation.source_id}/change/").content.decode()
    assert f"no archived copy: {memento.NO_CAPTURE}" in body.replace("&#x27;", "'")
    response = client.post("/admin/sources/citation/", {"action": "look_up_archived",
                                                        "_selected_action": [citation.pk]}, follow=True)
    assert "No archive is configured" in response.content.decode()
