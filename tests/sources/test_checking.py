"""Checks recorded in the database: history, health, schedule, evidence and the hand-out of due sources."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from sources import checking, selectors, services
from sources.models import Citation, FigureStatus, Source, SourceCheck
from tests import workers
from tests.factories import ArticleFactory, ClaimFactory, claim_at, figure_at
from tests.simweb import SimWeb

from .conftest import STAND_INS


@pytest.fixture(autouse=True)
def fetch_settings(settings):
    settings.FACTCHECK_FETCH_ALLOW_NETWORKS = STAND_INS
    settings.FACTCHECK_FETCH_DEADLINE = 3.0


def cite(url: str, expected: str = "7.000") -> Citation:
    claim = ClaimFactory()
    return services.citation_create(claim=claim, url=url, expected=expected, check=False)


def check_now(*sources: Source):
    lease, ids = services.sources_lease(queryset=Source.objects.filter(id__in=[s.id for s in sources]))
    return lease, checking.check_leased(ids, lease)


def test_a_good_check_is_recorded_with_its_evidence(db, web):
    citation = cite(web.url("/page/a"))
    lease, counts = check_now(citation.source)
    source = Source.objects.get(pk=citation.source_id)
    check = SourceCheck.objects.get(source=source)
    assert counts == {"ok": 1}
    assert (check.lease, check.outcome, check.http_status, check.method) == (lease, "ok", 200, "GET")
    assert check.content_type.startswith("text/html") and check.content_length > 0 and len(check.content_hash) == 64
    assert (source.status, source.lease, source.failure_count) == ("ok", None, 0)
    assert timedelta(days=5) < source.next_check_at - timezone.now() < timedelta(days=9)
    assert source.title == "Seite a"
    assert "fast 7.000 Container" in source.snapshot.text
    citation.refresh_from_db()
    assert citation.figure_status == FigureStatus.FOUND


def test_the_check_history_cannot_be_rewritten(db, web):
    citation = cite(web.url("/page/a"))
    check_now(citation.source)
    with pytest.raises(DatabaseError), transaction.atomic():
        SourceCheck.objects.update(outcome="broken")
    assert SourceCheck.objects.get().outcome == "ok"


def test_a_slot_is_recorded_once_even_if_run_again(db, web):
    citation = cite(web.url("/page/a"))
    lease, _ = check_now(citation.source)
    assert checking.check_leased([citation.source_id], lease) == {}
    assert SourceCheck.objects.count() == 1


def test_results_of_a_taken_over_claim_are_dropped(db, web):
    cite(web.url("/page/a"))
    lease, ids = services.sources_lease(queryset=Source.objects.all())
    Source.objects.update(lease=uuid.uuid4())  # "re-check now" took it over meanwhile
    assert checking.check_leased(ids, lease) == {}
    assert not SourceCheck.objects.exists()


def test_a_changed_page_without_the_figure_says_gone(db, web):
    web.pages["bericht"] = "Bis März wurden fast 7.000 Container gezählt."
    citation = cite(web.url("/page/bericht"))
    check_now(citation.source)
    web.pages["bericht"] = "Bis März wurden rund 6.000 Container gezählt."
    Source.objects.update(next_check_at=timezone.now())
    check_now(citation.source)
    citation.refresh_from_db()
    source = citation.source
    source.refresh_from_db()
    latest = SourceCheck.objects.filter(source=source).first()
    assert (citation.figure_status, latest.changed) == (FigureStatus.GONE, True)
    assert source.changed_at is not None
    assert "6.000" in source.snapshot.text


def test_without_a_quote_the_claims_figures_are_looked_for(db, web):
    web.pages["en"] = "U.S. officials said nearly 7,000 containers had arrived."
    claim = claim_at(ArticleFactory(), "US-Beamte zählten fast 7.000 Container.")
    figure_at(claim, "fast 7.000 Container", value=7000)
    citation = services.citation_create(claim=claim, url=web.url("/page/en"), check=False)
    check_now(citation.source)
    citation.refresh_from_db()
    assert citation.figure_status == FigureStatus.FOUND


def test_transient_failures_come_back_soon_with_backoff(db, web):
    citation = cite(web.url("/status/500"))
    delays = []
    for _ in range(3):
        Source.objects.update(next_check_at=timezone.now())
        check_now(citation.source)
        source = Source.objects.get()
        delays.append(source.next_check_at - source.last_checked_at)
    assert delays[0] < timedelta(minutes=20)
    assert delays[0] < delays[1] < delays[2]
    assert (source.status, source.retry_count, source.failure_count, source.is_dead) == ("server_error", 3, 3, False)


def test_retry_after_is_honoured(db, web):
    citation = cite(web.url("/status/429?retry=7200"))
    check_now(citation.source)
    source = Source.objects.get(pk=citation.source_id)
    assert source.status == "rate_limited"
    assert source.next_check_at - source.last_checked_at >= timedelta(seconds=7200)
    assert source.failure_count == 0  # being asked to wait says nothing about the page


def test_a_reserved_name_is_recorded_as_blocked_for_a_week(db, fake_dns):
    citation = cite("http://wiki.localhost/seite")
    check_now(citation.source)
    source = Source.objects.get(pk=citation.source_id)
    assert (source.status, source.retry_count, source.failure_count) == ("blocked", 0, 0)
    assert source.next_check_at - source.last_checked_at > timedelta(days=5)  # a week, less the jitter
    assert fake_dns.asked == []


def test_a_source_is_dead_only_after_failures_spread_over_days(db, web):
    citation = cite(web.url("/status/404"))
    for _ in range(3):
        Source.objects.update(next_check_at=timezone.now())
        check_now(citation.source)
    assert not Source.objects.get().is_dead  # three failures within minutes are not enough
    Source.objects.update(first_failure_at=timezone.now() - timedelta(days=4), next_check_at=timezone.now())
    check_now(citation.source)
    assert Source.objects.get().is_dead
    web.pages["back"] = "Wieder da."
    Source.objects.update(url=web.url("/page/back"), next_check_at=timezone.now())
    check_now(citation.source)
    source = Source.objects.get()
    assert (source.is_dead, source.failure_count, source.status) == (False, 0, "ok")


def test_a_bot_wall_is_never_dead(db, web):
    citation = cite(web.url("/botwall/403"))
    Source.objects.update(failure_count=5, first_failure_at=timezone.now() - timedelta(days=30))
    check_now(citation.source)
    source = Source.objects.get()
    assert (source.status, source.is_dead) == ("bot_wall", False)


def test_the_sweeper_hands_out_due_sources_once(db, web, django_capture_on_commit_callbacks):
    due = [cite(web.url(f"/page/d{i}")).source for i in range(3)]
    later = cite(web.url("/page/later")).source
    Source.objects.filter(pk=later.pk).update(next_check_at=timezone.now() + timedelta(days=1))
    held = cite(web.url("/page/held", host="127.0.0.3")).source
    Source.objects.filter(pk=held.pk).update(lease=uuid.uuid4(), leased_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sources_sweep() == 3
    assert sorted(SourceCheck.objects.values_list("source_id", flat=True)) == sorted(s.pk for s in due)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sources_sweep() == 0


def test_the_sweeper_leaves_a_host_alone_while_a_batch_holds_it(db, web, django_capture_on_commit_callbacks):
    busy = [cite(web.url(f"/page/b{i}")).source for i in range(2)]
    free = cite(web.url("/page/free", host="127.0.0.3")).source
    Source.objects.filter(pk=busy[0].pk).update(lease=uuid.uuid4(), leased_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sources_sweep() == 1
    assert list(SourceCheck.objects.values_list("source_id", flat=True)) == [free.pk]


def test_the_sweeper_hands_out_at_most_a_batch_per_host(db, web, settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_CHECK_BATCH = 3
    for i in range(5):
        cite(web.url(f"/page/m{i}"))
    cite(web.url("/page/other", host="127.0.0.3"))
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.sources_sweep() == 4  # three of the first host, one of the other
    assert len(callbacks) == 2


def test_batches_never_split_a_host(db):
    sizes = {"a.example.org": 5, "b.example.org": 2, "c.example.org": 1, "d.example.org": 2}
    ids = [services.source_get_or_create(url=f"https://{domain}/{i}")[0].pk
           for domain, n in sizes.items() for i in range(n)]
    batches = selectors.by_host(ids, 3)
    domains = [{Source.objects.get(pk=pk).domain for pk in batch} for batch in batches]
    assert sorted(pk for batch in batches for pk in batch) == sorted(ids)
    for domain in sizes:
        assert sum(domain in seen for seen in domains) == 1, (domain, domains)
    assert sorted(len(batch) for batch in batches) == [2, 3, 5]  # a large host is a batch of its own


def test_the_sweeper_takes_back_a_lost_claim(db, web, settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_CHECK_LEASE_SECONDS = 60
    source = cite(web.url("/page/lost")).source
    Source.objects.filter(pk=source.pk).update(lease=uuid.uuid4(), leased_at=timezone.now() - timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sources_sweep() == 1
    assert SourceCheck.objects.filter(source=source).count() == 1


def test_a_new_citation_is_checked_at_once(db, web, django_capture_on_commit_callbacks):
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        citation = services.citation_create(claim=claim, url=web.url("/page/neu"), expected="7.000")
    citation.refresh_from_db()
    assert citation.figure_status == FigureStatus.FOUND
    assert citation.source.checks.count() == 1


def test_recheck_now_checks_a_source_that_is_not_due(db, web, django_capture_on_commit_callbacks):
    source = cite(web.url("/page/x")).source
    Source.objects.update(next_check_at=timezone.now() + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sources_recheck(source_ids=[source.pk]).queued == 1
    assert source.checks.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_citation_changed_while_its_page_is_checked_joins_that_check_and_is_judged_after_it(require_postgres):
    with SimWeb(["127.0.0.2"], latency=1.0) as slow:
        old = cite(slow.url("/page/a"), expected="7.000")
        lease, ids = services.sources_lease(queryset=Source.objects.filter(pk=old.source_id))
        checker = threading.Thread(target=in_own_connection(checking.check_leased), args=(ids, lease))
        checker.start()
        assert workers.wait_for(lambda: slow.stats.paths["/page/a"], seconds=10), "the page was never asked for"
        # While the page is on the wire: one citation now expects another quote, and a new one is added.
        Citation.objects.filter(pk=old.pk).update(expected="9.999")  # only in a script: not on the page
        services.citations_look_again(citation_ids=[old.pk])
        new = services.citation_create(claim=ClaimFactory(), url=old.source.url, expected="Container")
        checker.join(30)
        assert slow.stats.paths["/page/a"] == 1, "the re-check fetched the page a second time"
        old.refresh_from_db()
        new.refresh_from_db()
        source = Source.objects.get(pk=old.source_id)
        # The check in flight judged the old quote: that verdict is dropped, and the page is due again.
        assert (old.figure_status, new.figure_status, source.lease) == ("", "", None)
        assert source.next_check_at <= timezone.now() and source.checks.count() == 1
        assert services.sources_sweep() == 1  # runs the check inline (no broker here)
        assert slow.stats.paths["/page/a"] == 2
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.figure_status, new.figure_status) == (FigureStatus.GONE, FigureStatus.FOUND)


def in_own_connection(function):
    def run(*args):
        try:
            function(*args)
        finally:
            connection.close()

    return run


# --- commands --------------------------------------------------------------------------------------------

def test_import_sources_merges_duplicates(db, tmp_path):
    Source.objects.create(url="https://www.nytimes.example/2024/03/containers")
    path = tmp_path / "urls.txt"
    path.write_text("# from the desk\nhttps://www.nytimes.example/2024/03/containers?utm_source=x\n\n"
                    "https://WWW.Reuters.example/world/veto\nhttps://www.reuters.example/world/veto\n")
    out = StringIO()
    call_command("import_sources", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"created": 1, "known": 1, "repeated": 1}
    assert Source.objects.count() == 2


def test_import_sources_with_a_bad_line_stores_nothing(db, tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("https://ok.example.org/a\nftp://files.example.org/b\nnot a url\n")
    with pytest.raises(CommandError, match=r"2 bad lines, nothing imported:\nline 2: Only http"):
        call_command("import_sources", str(path))
    assert not Source.objects.exists()


def test_an_impossible_host_name_is_refused_with_its_reason_everywhere(db, tmp_path, api_as, alice, client):
    long_label = "https://" + "a" * 64 + ".example.org/x"
    reason = "has a label longer than 63 characters"
    response = api_as(alice).post("/api/sources/", {"url": long_label})
    assert response.status_code == 400 and reason in str(response.data["url"])
    claim = ClaimFactory()
    response = api_as(alice).post(f"/api/claims/{claim.ref}/citations/", {"url": "https://a..example.org/"})
    assert response.status_code == 400 and "empty label" in str(response.data["url"])
    client.force_login(alice)
    page = client.post("/admin/sources/source/add/", {"url": "http://intranet/wiki", "title": "", "publisher": ""})
    assert page.status_code == 200 and "is a single label" in page.content.decode()
    path = tmp_path / "urls.txt"
    path.write_text(f"https://ok.example.org/a\n{long_label}\n")
    with pytest.raises(CommandError, match=f"1 bad lines, nothing imported:\nline 2: .*{reason}"):
        call_command("import_sources", str(path))
    assert not Source.objects.exists()


@pytest.mark.parametrize(("content", "message"), [(b"", "is empty"), (b"\x00\x01", "binary"),
                                                  (b"# only a comment\n", "no URLs")])
def test_import_sources_refuses_bad_files(db, tmp_path, content, message):
    path = tmp_path / "urls.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_sources", str(path))


def test_check_sources_json_reports_every_check(db, web):
    for path in ["/page/a", "/page/b", "/status/404", "/redirect/2"]:
        cite(web.url(path))
    Source.objects.filter(url__endswith="/page/b").update(next_check_at=timezone.now() + timedelta(days=1))
    out = StringIO()
    call_command("check_sources", "--due", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["checked"] == 3 and report["by_status"] == {"broken": 1, "ok": 1, "redirected": 1}
    assert isinstance(report["seconds"], float)
    out = StringIO()
    call_command("check_sources", "--all", "--json", stdout=out)
    assert json.loads(out.getvalue())["checked"] == 4
    assert SourceCheck.objects.count() == 7


def test_check_sources_leaves_a_host_a_worker_is_checking_to_that_worker(db, web):
    held, other_page, elsewhere = (cite(web.url(path, host=host)).source for path, host in [
        ("/page/a", "127.0.0.2"), ("/page/b", "127.0.0.2"), ("/page/c", "127.0.0.3")])
    # A worker's batch holds one page of the host: the host is busy until that batch is recorded.
    Source.objects.filter(pk=held.pk).update(lease=uuid.uuid4(), leased_at=timezone.now())
    out = StringIO()
    call_command("check_sources", "--all", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["checked"], report["left_to_workers"]) == (1, 1)
    assert list(SourceCheck.objects.values_list("source", flat=True)) == [elsewhere.pk]
    assert Source.objects.get(pk=other_page.pk).lease is None  # not taken, so the next sweep hands it out


def test_check_sources_in_processes_needs_postgresql(db, settings):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("this is about the SQLite default; on PostgreSQL --processes is allowed")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("check_sources", "--all", "--processes", "2")


def test_a_page_with_an_umlaut_in_its_url_has_not_moved(db, web):
    citation = cite(web.url("/page/grüße"))
    check_now(citation.source)
    source = Source.objects.get()
    assert (source.status, source.final_url) == ("ok", "")
