"""The desk dashboard: real counts, safe and well-formed SVG, who may see it, and a fixed query count."""

from __future__ import annotations

import itertools
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import charts, desk, services
from claims.models import Claim, Conflict, ReviewStatus
from sources import recording
from sources.fetching import batch, schedule
from sources.models import Source
from sources.selectors import checks_per_day, sources_by_health
from sources.services import source_get_or_create, sources_lease
from tests.factories import ArticleFactory, ClaimFactory, UserFactory, figure_at

pytestmark = pytest.mark.django_db

URL = "/admin/desk/"
SVG_NS = "{http://www.w3.org/2000/svg}"
XSS = "<script>alert(1)</script>"


def record(source: Source, outcome: str, when: datetime) -> None:
    """A finished check at `when`, written by the real recorder (it also sets the source's status)."""
    lease, _ = sources_lease(queryset=Source.objects.filter(pk=source.pk))
    recording.record([batch.Result(source.pk, when, 0.1, outcome)], lease, schedule.Intervals())


def source(name: str) -> Source:
    return source_get_or_create(url=f"https://{name}.example/page")[0]


def local(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def set_status(claims: list[Claim], status: str) -> None:
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(status=status, verdict_note="Checked.")


FRESH = itertools.count()


def conflict(claim_a: Claim, claim_b: Claim, kind: str = "contradiction") -> Conflict:
    # Fresh figures each time (one pair of figures has one conflict), told apart by their unit: the same figure
    # twice in a claim is one figure.
    unit = f"Granaten {next(FRESH)}"
    figures = [figure_at(claim, "fünf Millionen", value=5_000_000, unit=unit) for claim in (claim_a, claim_b)]
    return services.conflict_create(figure_a=figures[0], figure_b=figures[1], kind=kind)


def svgs(html: str) -> dict[str, ET.Element]:
    """Each chart on the page, by the id of its section, parsed as XML (which fails unless well-formed)."""
    found = re.findall(r'<section class="module[^"]*" id="([\w-]+)">\s*(<svg.*?</svg>)', html, re.S)
    return {section: ET.fromstring(svg) for section, svg in found}


def tooltips(svg: ET.Element) -> list[str]:
    return [title.text for title in svg.iter(f"{SVG_NS}title")][1:]  # the first is the chart's own title


# Counts


def test_claims_are_counted_in_every_status(client, alice):
    claims = [ClaimFactory() for _ in range(6)]
    set_status(claims[:2], ReviewStatus.IN_REVIEW)
    set_status(claims[2:5], ReviewStatus.FALSE)
    client.force_login(alice)
    chart = svgs(client.get(URL).text)["claims-by-status"]
    assert tooltips(chart) == ["Unreviewed: 1", "In review: 2", "Supported: 0", "Disputed: 0", "False: 3",
                               "Unverifiable: 0"]
    assert chart.get("aria-label").startswith("Claims by status: Unreviewed 1, In review 2, Supported 0")


def test_sources_are_counted_by_their_last_outcome_and_never_checked(client, rita):
    now = timezone.now()
    record(gone := source("gone"), "ok", now - timedelta(days=2))
    record(gone, "broken", now)
    record(source("fine"), "ok", now)
    record(source("walled"), "bot_wall", now)
    source("new")
    counts = {label: n for _, label, n in sources_by_health()}
    assert (counts["OK"], counts["Broken (404/410)"], counts["Bot wall"], counts["Never checked"]) == (1, 1, 1, 1)
    assert len(counts) == 14 and sum(counts.values()) == 4  # all thirteen outcomes and "never checked"
    client.force_login(rita)
    assert "Never checked: 1" in tooltips(svgs(client.get(URL).text)["sources-by-health"])


def test_checks_and_failures_are_counted_per_day_for_the_last_30_days(client, root):
    today = timezone.localdate()
    a, b = source("a"), source("b")
    record(a, "ok", timezone.now())
    record(b, "redirected", timezone.now())  # the page was read: not a failure
    record(a, "timeout", local(today - timedelta(days=3)))
    record(b, "broken", local(today - timedelta(days=3)))
    record(a, "disallowed", local(today - timedelta(days=29), 0, 30))  # the first of the 30 days
    record(b, "broken", local(today - timedelta(days=30), 23, 30))  # a minute too old
    record(a, "ok", local(today - timedelta(days=45)))
    days = checks_per_day(30)
    assert [row.day for row in days] == [today - timedelta(days=29 - n) for n in range(30)]
    counted = {row.day: (row.checks, row.failures) for row in days if row.checks}
    assert counted == {today: (2, 0), today - timedelta(days=3): (2, 2), today - timedelta(days=29): (1, 1)}
    client.force_login(root)
    page = client.get(URL)
    chart = svgs(page.text)["checks-per-day"]
    assert f"{today.isoformat()}: 2 Read" in tooltips(chart)
    assert f"{(today - timedelta(days=3)).isoformat()}: 2 Failed" in tooltips(chart)
    assert (page.context["check_total"], page.context["failure_total"]) == (5, 3)
    assert "Read (2)" in ET.tostring(chart, encoding="unicode") and "Failed (3)" in ET.tostring(chart, "unicode")


# Review queue and conflicts


def test_the_queue_lists_claims_in_review_then_contested_unreviewed_ones_oldest_first(client, alice):
    old, new = ClaimFactory(), ClaimFactory()
    set_status([old, new], ReviewStatus.IN_REVIEW)
    contested, quiet, dismissed, judged, other = (ClaimFactory() for _ in range(5))
    conflict(contested, judged)
    conflict(quiet, judged, kind="corroboration")  # agreeing figures are nothing to review
    services.conflict_decide(conflict=conflict(dismissed, judged), user=UserFactory(is_superuser=True),
                             status="dismissed")
    set_status([judged], ReviewStatus.SUPPORTED)
    Claim.objects.filter(pk=new.pk).update(created_at=timezone.now() - timedelta(days=9))
    Claim.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    queue = list(desk.review_queue())
    assert queue == [old, new, contested]
    assert [claim.contradictions for claim in queue] == [0, 0, 1]
    client.force_login(alice)
    html = client.get(URL).text
    for claim in queue:
        assert f'href="/admin/claims/claim/{claim.pk}/change/"' in html


def test_the_queue_shows_at_most_20_claims(alice):
    set_status([ClaimFactory() for _ in range(21)], ReviewStatus.IN_REVIEW)
    assert len(desk.review_queue()) == desk.QUEUE_SIZE == 20


def test_recent_conflicts_are_the_latest_10_suggested_or_confirmed(client, rita):
    first, second = ClaimFactory(article=ArticleFactory(title="Erster")), ClaimFactory()
    made = [conflict(first, second) for _ in range(12)]
    services.conflict_decide(conflict=made[-1], user=rita, status="dismissed")
    services.conflict_decide(conflict=made[-2], user=rita, status="confirmed")
    shown = list(desk.recent_conflicts())
    assert shown == made[-2::-1][:10]
    client.force_login(rita)
    html = client.get(URL).text
    assert f'href="/admin/claims/conflict/{made[-2].pk}/change/"' in html
    assert f'href="/admin/claims/conflict/{made[-1].pk}/change/"' not in html
    assert "«fünf Millionen» in" in html and "Erster" in html


def test_the_last_recompute_is_shown_with_what_it_did(client, rita):
    client.force_login(rita)

    def words() -> str:
        return " ".join(client.get(URL).text.split())

    assert "Last recompute" not in words()
    services.conflicts_recompute()
    assert "Last recompute: every figure matched, finished" in words()
    services.conflicts_recompute()
    assert "Last recompute: 0 figures due, finished" in words()


# Safety and well-formedness


def test_article_titles_are_escaped_in_the_queue_and_the_conflicts(client, alice):
    hostile = ClaimFactory(article=ArticleFactory(title=XSS))
    set_status([hostile], ReviewStatus.IN_REVIEW)
    conflict(hostile, ClaimFactory())
    client.force_login(alice)
    html = client.get(URL).text
    assert XSS not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2


def test_chart_labels_are_escaped_and_the_svg_is_well_formed():
    svg = charts.bars(f"Titles & {XSS}", [(XSS, 3, "#b02a37"), ('"quoted" & \'single\'', 1, "evil\" onload=\"x")])
    assert XSS not in svg and "onload=\"" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg" and root.get("role") == "img"
    assert root.get("aria-label") == f"Titles & {XSS}: {XSS} 3, \"quoted\" & 'single' 1"
    assert tooltips(root) == [f"{XSS}: 3", "\"quoted\" & 'single': 1"]
    rects = list(root.iter(f"{SVG_NS}rect"))
    assert rects[0].get("fill") == "#b02a37" and rects[1].get("class") == 'evil" onload="x'


def test_the_daily_chart_is_well_formed_with_a_tooltip_per_column():
    days = [date(2025, 3, 1) + timedelta(days=n) for n in range(30)]
    read, failed = [n % 4 for n in range(30)], [1 if n == 29 else 0 for n in range(30)]
    svg = charts.daily("Checks <per> day", days, {"Read": read, "Failed <b>": failed})
    root = ET.fromstring(svg)
    assert root.get("aria-label") == "Checks <per> day: Read 43, Failed <b> 1, 2025-03-01 to 2025-03-30"
    columns = [rect for rect in root.iter(f"{SVG_NS}rect") if rect.find(f"{SVG_NS}title") is not None]
    assert len(columns) == sum(1 for n in read if n) + 1
    assert "2025-03-30: 1 Failed <b>" in tooltips(root)
    labels = [text.text for text in root.iter(f"{SVG_NS}text")]
    assert "30 Mar" in labels and {"0", "1", "2", "3"} <= set(labels)  # today is labelled; the axis has ticks
    assert charts.daily("Checks <per> day", days, {"Read": read, "Failed <b>": failed}) == svg  # deterministic


def test_a_series_must_have_a_value_for_every_day():
    with pytest.raises(ValueError, match="2 values for 3 days"):
        charts.daily("x", [date(2025, 1, d) for d in (1, 2, 3)], {"Read": [1, 2]})


def test_the_axis_rounds_up_to_a_few_whole_steps():
    assert [charts._scale(n) for n in (1, 3, 7, 10, 45, 101, 999)] == [
        (1, 1), (3, 1), (8, 2), (10, 5), (60, 20), (150, 50), (1000, 500)]


def test_no_data_yet_when_everything_is_zero(client, alice):
    client.force_login(alice)
    html = client.get(URL).text
    charts_shown = svgs(html)
    assert set(charts_shown) == {"claims-by-status", "sources-by-health", "checks-per-day"}
    for svg in charts_shown.values():
        assert [t.text for t in svg.iter(f"{SVG_NS}text")][-1] == "No data yet"
        assert svg.get("aria-label").endswith(": no data yet")
    assert "Nothing waiting for review." in html and "No suggested or confirmed conflicts yet." in html
    assert "No data yet" in charts.bars("Empty", [("a", 0, "#000")]) and "No data yet" in charts.bars("Empty", [])


# Access


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == f"/admin/login/?next={URL}"


def test_victor_is_not_staff_so_the_admin_sends_him_to_log_in(client, victor):
    # admin_view treats a logged-in non-staff user like a visitor: to the login page, not a 403.
    client.force_login(victor)
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == f"/admin/login/?next={URL}"


def test_staff_without_view_claim_is_forbidden(client):
    client.force_login(UserFactory(username="stan"))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("persona", ["alice", "rita", "root"])
def test_the_desk_sees_the_dashboard(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 200
    assert "<h1>Desk dashboard</h1>" in response.text and 'id="nav-sidebar"' in response.text  # inside the admin


def test_the_admin_index_links_to_the_dashboard_for_the_desk_only(client, alice):
    client.force_login(alice)
    index = client.get("/admin/")
    assert index.status_code == 200 and f'href="{URL}"' in index.text
    assert 'href="/admin/claims/claim/"' in index.text  # the app list is still there
    client.force_login(UserFactory(username="stan"))
    assert f'href="{URL}"' not in client.get("/admin/").text


# Cost


def populate(count: int) -> None:
    """`count` claims in review, each with a contradiction and a cited source checked twice."""
    for _ in range(count):
        claim = ClaimFactory()
        set_status([claim], ReviewStatus.IN_REVIEW)
        conflict(claim, ClaimFactory())
        checked = source(f"s{uuid.uuid4().hex[:8]}")
        record(checked, "ok", timezone.now() - timedelta(days=count % 7))
        record(checked, "broken", timezone.now())


def test_the_page_costs_the_same_queries_for_3_or_30_claims(client, alice):
    client.force_login(alice)
    counts = []
    for total in (3, 30):
        populate(total - Claim.objects.filter(status=ReviewStatus.IN_REVIEW).count())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12
