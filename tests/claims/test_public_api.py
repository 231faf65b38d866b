"""The public projection (claims.public): what an anonymous client reads when FACTCHECK_PUBLIC_API is on.

Every endpoint an anonymous client may read is listed with every field it answers with; a field that is not
listed fails the test, so nothing of the desk's work (names, notes, checks, versions, admin links) leaks by being
added to a staff serializer. Which endpoints stay closed is in the permission matrix (tests/test_permissions.py,
ANONYMOUS_WHEN_PUBLIC).
"""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from claims import roles, services
from claims.models import Claim
from sources import recording
from sources.fetching import batch, schedule
from sources.models import Source
from sources.services import citation_create, sources_lease
from tests.factories import ArticleFactory, UserFactory, claim_at, figure_at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_api")]

CONTAINERS = "US-Beamte zählten fast 7.000 Container."
TRADE = "2023 stieg das Handelsvolumen auf 29 Millionen Dollar."
SHELLS = "Nach Angaben des Verteidigungsministers lieferte Nordkorea bis zu fünf Millionen Artilleriegeschosse."

# Things only the desk may know; none of them may show up anywhere in a public answer.
REVIEWER = "ruth-reviewer"
CONFLICT_NOTE = "Interne Notiz: Zoll-Quelle anrufen"
CHECK_DETAIL = "tls handshake to 203.0.113.9 timed out"
CHAIN_URL = "https://zoll.example/redirected-hop"
UNPUBLISHED_QUOTE = TRADE  # in review: not published yet
UNREVIEWED_QUOTE = SHELLS
# Field names of the staff serializers that the public projection leaves out.
STAFF_ONLY = {"reviewer", "decided_by", "decided_at", "note", "details", "detail", "redirect_chain", "admin_url",
              "version", "citations", "figure_status", "source_status", "source_dead", "source_checked_at",
              "score", "origin", "explanation", "created_at", "updated_at", "start", "end"}

CLAIM_FIELDS = {
    "ref", "article", "number", "text", "prefix", "suffix", "speaker", "status", "verdict_note", "review_url",
    "reviewed_at",
    "appearance", "appearance.title", "appearance.url", "appearance.publisher", "appearance.author",
    "appearance.published", "appearance.language",
    "figures[]", *(f"figures[].{name}" for name in
                   ("text", "kind", "value", "low", "high", "unit", "qualifier", "as_of")),
}
ARTICLE_LD = {"@type", "url", "headline", "inLanguage", "datePublished", "author", "author.@type", "author.name",
              "publisher", "publisher.@type", "publisher.name"}
CLAIM_REVIEW_FIELDS = {
    "@context", "@type", "identifier", "url", "claimReviewed", "reviewBody", "datePublished",
    "author", "author.@type", "author.name",
    "itemReviewed", "itemReviewed.@type", "itemReviewed.author", "itemReviewed.author.@type",
    "itemReviewed.author.name", "itemReviewed.datePublished", "itemReviewed.appearance",
    *(f"itemReviewed.appearance.{name}" for name in ARTICLE_LD),
    "reviewRating", *(f"reviewRating.{name}" for name in
                      ("@type", "ratingValue", "worstRating", "bestRating", "alternateName")),
    "additionalProperty[]", *(f"additionalProperty[].{name}" for name in
                              ("@type", "name", "value", "maxValue", "unitText", "observationDate",
                               "valueReference[]")),
    *(f"additionalProperty[].valueReference[].{name}" for name in
      ("@type", "propertyID", "status", "name", "value", "unitText", "subjectOf")),
    *(f"additionalProperty[].valueReference[].subjectOf.{name}" for name in ARTICLE_LD - {"author", "author.@type",
                                                                                          "author.name"}),
}


@pytest.fixture
def public_api():
    with override_settings(FACTCHECK_PUBLIC_API=True):
        yield


@pytest.fixture
def desk(db) -> Claim:
    """A published claim with everything staff-only the desk keeps around it: its reviewer, a confirmed
    contradiction with the reviewer's note, a citation whose source was checked (a failure's detail and a
    redirect chain); and, next to it, a claim in review and one not yet reviewed."""
    ruth = UserFactory(username=REVIEWER, roles=[roles.REVIEWER])
    article = ArticleFactory(title="Nordkorea liefert Granaten", url="https://nachrichten.example/nordkorea",
                             published=date(2024, 6, 19), author="Erika Muster")
    claim = claim_at(article, CONTAINERS, speaker="US-Beamte")
    counted = figure_at(claim, "fast 7.000 Container", value=7000, high=7000, qualifier="almost",
                        unit="Container", as_of="2024")
    herald = ArticleFactory(text="Officials counted 7,500 containers.", language="en", title="Containers counted",
                            publisher="World Herald Example", url="https://herald.example/containers",
                            published=date(2024, 6, 20))
    other = figure_at(claim_at(herald, "Officials counted 7,500 containers."), "7,500 containers", value=7500,
                      unit="Container")
    conflict = services.conflict_create(figure_a=counted, figure_b=other, kind="contradiction")
    services.conflict_decide(conflict=conflict, user=ruth, status="confirmed", note=CONFLICT_NOTE)
    citation = citation_create(claim=claim, url="https://zoll.example/bericht", expected="7.000", check=False)
    lease, _ = sources_lease(queryset=Source.objects.filter(pk=citation.source_id))
    result = batch.Result(citation.source_id, timezone.now(), 0.2, "timeout", detail=CHECK_DETAIL,
                          chain=[{"url": CHAIN_URL, "status": 301}], figures={citation.pk: "gone"})
    recording.record([result], lease, schedule.Intervals())
    services.claim_update(claim=claim, user=ruth, changes={"status": "in_review"})
    services.claim_update(claim=claim_at(article, UNPUBLISHED_QUOTE), user=ruth, changes={"status": "in_review"})
    claim_at(article, UNREVIEWED_QUOTE)
    return services.claim_update(claim=claim, user=ruth,
                                 changes={"status": "supported", "verdict_note": "Der Zoll zählte 7.000.",
                                          "review_url": "https://faktencheck.example/container"})


def fields(data: Any, path: str = "") -> set[str]:
    """Every field of a JSON answer as a path: "appearance.title", "figures[].value"."""
    if isinstance(data, dict):
        found = set()
        for key, value in data.items():
            name = f"{path}.{key}" if path else key
            found |= fields(value, name) if isinstance(value, list) else {name} | fields(value, name)
        return found
    if isinstance(data, list):
        name = f"{path}[]"
        return {name}.union(*(fields(item, name) for item in data))
    return set()


def assert_public(body: bytes, found: set[str], expected: set[str]) -> None:
    staff = {name for name in found if name.rpartition(".")[2].removesuffix("[]") in STAFF_ONLY}
    assert not staff, f"staff-only fields in a public answer: {sorted(staff)}"
    assert found == expected, f"unexpected: {sorted(found - expected)}, missing: {sorted(expected - found)}"
    text = body.decode()
    for secret in (REVIEWER, CONFLICT_NOTE, CHECK_DETAIL, CHAIN_URL, UNPUBLISHED_QUOTE, UNREVIEWED_QUOTE,
                   "/admin/", "zoll.example/bericht"):
        assert secret not in text, f"{secret!r} in a public answer"


def test_the_claims_list_holds_published_claims_and_public_fields_only(api, desk):
    response = api.get("/api/claims/")
    assert response.status_code == 200, response.data
    assert [claim["ref"] for claim in response.json()["results"]] == [desk.ref]
    assert_public(response.content, fields(response.json()),
                  {"next", "previous", "results[]", *(f"results[].{name}" for name in CLAIM_FIELDS)})


def test_a_published_claim_shows_public_fields_only(api, desk):
    response = api.get(f"/api/claims/{desk.ref}/")
    assert response.status_code == 200, response.data
    assert_public(response.content, fields(response.json()), CLAIM_FIELDS)
    data = response.json()
    assert (data["status"], data["verdict_note"], data["speaker"]) == ("supported", "Der Zoll zählte 7.000.",
                                                                        "US-Beamte")
    assert data["appearance"] == {"title": "Nordkorea liefert Granaten", "url": "https://nachrichten.example/nordkorea",
                                  "publisher": "Nachrichten Beispiel", "author": "Erika Muster",
                                  "published": "2024-06-19", "language": "de"}
    assert data["figures"] == [{"text": "fast 7.000 Container", "kind": "count", "value": 7000, "low": None,
                                "high": 7000, "unit": "Container", "qualifier": "almost", "as_of": "2024"}]


def test_a_claimreview_shows_public_fields_only(api, desk):
    response = api.get(f"/api/claims/{desk.ref}/claimreview/")
    assert response.status_code == 200, response.content
    assert_public(response.content, fields(json.loads(response.content)), CLAIM_REVIEW_FIELDS)


def test_the_claimreview_feed_shows_public_fields_only(api, desk):
    response = api.get("/api/claims/claimreviews/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    lines = [json.loads(line) for line in body.decode().splitlines()]
    assert [line["identifier"] for line in lines] == [desk.ref]
    assert_public(body, fields(lines[0]), CLAIM_REVIEW_FIELDS)


@pytest.mark.parametrize("path", ["/api/claims/{ref}/", "/api/claims/{ref}/claimreview/"])
def test_claims_without_a_verdict_do_not_exist_for_the_public(api, desk, path):
    for claim in Claim.objects.exclude(pk=desk.pk):
        response = api.get(path.format(ref=claim.ref))
        # Not even the status shows: the answer is the one for a claim that does not exist.
        assert (response.status_code, response.json()) == (404, {"detail": "No Claim matches the given query."})


def test_filters_cannot_reach_claims_in_the_works(api, desk):
    for query in ({"status": "in_review"}, {"status": "unreviewed"}, {"text": "Handelsvolumen"}):
        assert api.get("/api/claims/", query).json()["results"] == []


def test_a_logged_in_reader_still_gets_the_desks_view(api_as, victor, desk):
    data = api_as(victor).get(f"/api/claims/{desk.ref}/").json()
    assert data["reviewer"] == REVIEWER and "citations" in data and "version" in data
    assert len(api_as(victor).get("/api/claims/").json()["results"]) == Claim.objects.count()


def test_the_public_list_costs_the_same_queries_for_any_page_size(api, rita):
    # Twelve claims need twelve spans: the same span again is the same claim (a double submit).
    quotes = [f"Bis zum {day}. Juni zählten US-Beamte fast 7.000 Container." for day in range(1, 13)]
    article = ArticleFactory(text=" ".join(quotes))
    for quote in quotes:
        claim = claim_at(article, quote)
        figure_at(claim, "7.000", value=7000)
        services.claim_update(claim=claim, user=rita, changes={"status": "in_review"})
        services.claim_update(claim=claim, user=rita, changes={"status": "false", "verdict_note": "Nein."})
    counts = []
    for size in (2, 10):
        with CaptureQueriesContext(connection) as queries:
            response = api.get("/api/claims/", {"page_size": size})
        assert response.status_code == 200 and len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_schema_describes_the_desks_view_whoever_asks(api, api_as, victor, desk):
    # The public projection is documented in the README; the schema stays one document for every reader.
    assert api.get("/api/schema/").content == api_as(victor).get("/api/schema/").content


@pytest.mark.parametrize("path", ["/api/claims/", "/api/claims/{ref}/"])
def test_the_browsable_api_shows_the_public_projection_too(api, desk, path):
    response = api.get(path.format(ref=desk.ref), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    html = response.content.decode()
    assert desk.text in html
    for secret in (REVIEWER, CONFLICT_NOTE, CHECK_DETAIL, UNPUBLISHED_QUOTE, "&quot;reviewer&quot;", "/admin/"):
        assert secret not in html, f"{secret!r} in the browsable API"


@pytest.mark.usefixtures("public_api")
@pytest.mark.parametrize("ordering", ["updated_at", "-created_at"])
def test_a_public_page_cursor_carries_no_edit_time(api, desk, ordering):
    # The cursor holds the last row's value of the ordering field: ordering by an edit time would publish it, so
    # the public is told which orderings it has.
    response = api.get("/api/claims/", {"ordering": ordering, "page_size": 1})
    assert response.status_code == 400
    message = response.json()["ordering"][0]
    assert "Order by id, number," in message and "created_at" not in message.replace(repr(ordering), "")
    ruth = desk.reviewer
    second = desk.article.claims.get(status="unreviewed")
    services.claim_update(claim=second, user=ruth, changes={"status": "in_review"})
    services.claim_update(claim=second, user=ruth, changes={"status": "false", "verdict_note": "Nein."})
    public = api.get("/api/claims/", {"ordering": "-number", "page_size": 1})
    cursor = parse_qs(urlsplit(public.json()["next"]).query)["cursor"][0]
    assert parse_qs(base64.b64decode(cursor).decode())["p"][0].isdigit()
