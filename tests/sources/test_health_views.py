"""Source health where people look: the REST API and the admin."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from common.palette import HEALTH_COLOURS
from sources import recording
from sources.fetching import batch, pages, schedule
from sources.models import FigureStatus, Outcome, Source, SourceCheck
from sources.services import citation_create, sources_lease
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def record(source: Source, outcome: str, *, http_status=None, detail="", text="", figures=None) -> uuid.UUID:
    """A finished check, written by the real recorder (no network needed for views)."""
    lease, _ = sources_lease(queryset=Source.objects.filter(pk=source.pk))
    result = batch.Result(source.pk, timezone.now(), 0.1, outcome, http_status=http_status, detail=detail,
                          text_z=pages.pack(text) if text else b"", content_hash="ab" * 32 if text else "",
                          figures=figures or {})
    recording.record([result], lease, schedule.Intervals())
    return lease


@pytest.fixture
def cited():
    claim = ClaimFactory()
    good = citation_create(claim=claim, url="https://nyt-archive.example/containers", expected="7.000", check=False)
    gone = citation_create(claim=ClaimFactory(), url="https://wire.example/veto", expected="März", check=False)
    record(good.source, "ok", http_status=200, text="fast 7.000 Container", figures={good.pk: FigureStatus.FOUND})
    record(gone.source, "ok", http_status=200, text="im April", figures={gone.pk: FigureStatus.GONE})
    record(gone.source, "broken", http_status=404)
    return good, gone


def test_sources_filter_by_status_and_figure_gone(api_as, victor, cited):
    good, gone = cited
    broken = api_as(victor).get("/api/sources/?status=broken").json()["results"]
    assert [s["id"] for s in broken] == [gone.source_id]
    assert broken[0]["failure_count"] == 1 and broken[0]["figure_gone"] is True
    fine = api_as(victor).get("/api/sources/?status=ok&figure_gone=false").json()["results"]
    assert [s["id"] for s in fine] == [good.source_id]


def test_a_bad_status_filter_is_a_400(api_as, victor, cited):
    response = api_as(victor).get("/api/sources/?status=fine")
    assert response.status_code == 400
    assert "status" in response.json()


def test_the_check_history_is_listed_newest_first(api_as, victor, cited):
    _, gone = cited
    checks = api_as(victor).get(f"/api/sources/{gone.source_id}/checks/").json()["results"]
    assert [c["outcome"] for c in checks] == ["broken", "ok"]
    assert set(checks[0]) >= {"checked_at", "http_status", "redirect_chain", "final_url", "content_hash", "changed"}


def test_claims_show_each_citations_figure_status(api_as, victor, cited):
    good, _ = cited
    claim = api_as(victor).get(f"/api/claims/{good.claim.ref}/").json()
    citation = claim["citations"][0]
    assert (citation["figure_status"], citation["source_status"], citation["source_dead"]) == ("found", "ok", False)


def test_recheck_now_needs_an_editor(api, api_as, alice, victor, cited, django_capture_on_commit_callbacks):
    good, _ = cited
    url = f"/api/sources/{good.source_id}/recheck/"
    assert api.post(url).status_code == 401
    assert api_as(victor).post(url).status_code == 403
    with django_capture_on_commit_callbacks() as callbacks:
        response = api_as(alice).post(url)
    assert (response.status_code, response.json()) == (
        202, {"queued": 1, "checking": 0, "waiting": 0, "detail": "1 source queued for a check now."})
    assert len(callbacks) == 1  # the batch is sent once the claim is committed
    source = Source.objects.get(pk=good.source_id)
    assert source.lease is not None and source.next_check_at <= timezone.now()


def test_a_recheck_of_a_source_being_checked_starts_no_second_check(api_as, alice, cited,
                                                                    django_capture_on_commit_callbacks):
    good, _ = cited
    lease, _ = sources_lease(queryset=Source.objects.filter(pk=good.source_id))  # a batch holds it
    with django_capture_on_commit_callbacks() as callbacks:
        response = api_as(alice).post(f"/api/sources/{good.source_id}/recheck/")
    assert response.status_code == 202
    assert response.json() == {"queued": 0, "checking": 1, "waiting": 0, "detail": (
        "1 is already being checked; that check stands, no second one is started.")}
    assert callbacks == [] and Source.objects.get(pk=good.source_id).lease == lease


def test_a_recheck_waits_while_a_batch_holds_the_host(api_as, alice, cited, django_capture_on_commit_callbacks):
    good, _ = cited
    sibling = citation_create(claim=ClaimFactory(), url="https://nyt-archive.example/other", check=False).source
    Source.objects.filter(pk=sibling.pk).update(next_check_at=timezone.now() + timedelta(days=3))
    sources_lease(queryset=Source.objects.filter(pk=good.source_id))  # a batch holds the host
    with django_capture_on_commit_callbacks() as callbacks:
        response = api_as(alice).post(f"/api/sources/{sibling.pk}/recheck/")
    assert (response.status_code, response.json()["queued"], response.json()["waiting"]) == (202, 0, 1)
    assert "1 waits while another check of its host runs" in response.json()["detail"]
    sibling.refresh_from_db()
    assert callbacks == [] and sibling.lease is None and sibling.next_check_at <= timezone.now()


def test_recheck_of_a_missing_source_is_a_404(api_as, alice):
    assert api_as(alice).post("/api/sources/999999/recheck/").status_code == 404


def test_the_admin_lists_sources_with_health_and_filters(client, alice, cited):
    client.force_login(alice)
    page = client.get("/admin/sources/source/").content.decode()
    assert "Broken (404/410) ×1" in page and ">OK<" in page and "figure gone" in page
    filtered = client.get("/admin/sources/source/?figure=gone").content.decode()
    assert "https://wire.example/veto" in filtered and "https://nyt-archive.example/containers" not in filtered
    by_domain = client.get("/admin/sources/source/?domain=wire.example").content.decode()
    assert "https://wire.example/veto" in by_domain and "https://nyt-archive.example/containers" not in by_domain


def test_the_admin_source_page_shows_history_and_snapshot(client, alice, cited):
    _, gone = cited
    client.force_login(alice)
    page = client.get(f"/admin/sources/source/{gone.source_id}/change/").content.decode()
    assert "Check history" in page and page.count("Broken (404/410)") >= 2
    assert "im April" in page


def test_the_admin_recheck_action(client, alice, cited, django_capture_on_commit_callbacks):
    client.force_login(alice)
    ids = list(Source.objects.values_list("id", flat=True))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/admin/sources/source/", {"action": "recheck_now", "_selected_action": ids},
                               follow=True)
    assert "2 sources queued for a check now." in response.content.decode()
    assert len(callbacks) == 1
    assert not Source.objects.filter(lease=None).exists()


def test_the_claim_page_shows_figure_status_and_source_health(client, alice, cited):
    good, _ = cited
    client.force_login(alice)
    page = client.get(f"/admin/claims/claim/{good.claim_id}/change/").content.decode()
    assert "Figure still there" in page and ">OK<" in page


def test_hostile_page_text_is_shown_as_text(client, alice):
    citation = citation_create(claim=ClaimFactory(), url="https://evil.example/x", check=False)
    record(citation.source, "ok", http_status=200, text='<script>alert(1)</script>"><img src=x onerror=alert(2)>',
           detail="<b>bold</b>")
    Source.objects.filter(pk=citation.source_id).update(title="<script>alert(3)</script>")
    client.force_login(alice)
    page = client.get(f"/admin/sources/source/{citation.source_id}/change/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page
    listing = client.get("/admin/sources/source/").content.decode()
    assert "<script>alert(3)" not in listing


def test_a_dead_source_says_so(client, alice):
    citation = citation_create(claim=ClaimFactory(), url="https://gone.example/x", check=False)
    for _ in range(3):
        record(citation.source, "broken", http_status=404)
    Source.objects.update(first_failure_at=timezone.now() - timedelta(days=4))
    record(citation.source, "broken", http_status=404)
    client.force_login(alice)
    assert "dead (Broken (404/410))" in client.get("/admin/sources/source/").content.decode()
    assert SourceCheck.objects.filter(source=citation.source).count() == 4


def test_the_history_shows_this_sources_checks_when_others_are_newer(client, alice, cited):
    good, gone = cited
    for _ in range(25):
        record(good.source, "ok", http_status=200)
    client.force_login(alice)
    page = client.get(f"/admin/sources/source/{gone.source_id}/change/").content.decode()
    assert page.count("Broken (404/410)") >= 2  # the badge and its own 404 check in the history


def test_editing_a_citations_quote_in_the_admin_forgets_the_old_verdict(client, alice, cited,
                                                                       django_capture_on_commit_callbacks):
    good, _ = cited
    client.force_login(alice)
    data = {"claim": good.claim_id, "source": good.source_id, "role": "cites", "expected": "99.999 Panzer"}
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/admin/sources/citation/{good.pk}/change/", data)
    assert response.status_code == 302
    good.refresh_from_db()
    assert (good.figure_status, good.figure_checked_at) == ("", None)
    assert len(callbacks) == 1  # and the source is checked again at once


def test_every_outcome_has_a_badge_in_the_dashboards_colour():
    """The badges' colours live in a stylesheet (no inline style under the CSP), the chart's in HEALTH_COLOURS."""
    css = (Path(__file__).resolve().parents[2] / "sources/static/sources/health.css").read_text()
    rules = dict(re.findall(r"^\.(health-[\w-]+|figure-[\w-]+) \{ background: (#[0-9a-f]{6}); \}$", css, re.M))
    assert {outcome.value: rules.get(f"health-{outcome.value}") for outcome in Outcome} == HEALTH_COLOURS
    assert {f"figure-{status.value}" for status in FigureStatus if status} <= rules.keys()


def test_a_viewer_refused_a_recheck_learns_nothing_of_which_sources_exist(client, alice, cited):
    viewer = UserFactory(username="vera", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_source"))
    client.force_login(viewer)
    good, _ = cited
    for pk in (good.source_id, Source.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000):
        assert client.post(f"/admin/sources/source/{pk}/recheck/").status_code == 403, pk
    assert not Source.objects.exclude(lease=None).exists()
    client.force_login(alice)  # an editor may re-check: for her a missing source is a 404
    assert client.post("/admin/sources/source/999999/recheck/").status_code == 404
