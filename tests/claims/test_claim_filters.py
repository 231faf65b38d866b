"""Claims citing no source and claims with a suggested contradiction, found in the API and the claims admin;
the admin's "Export as CSV" exports what the list holds with its filters and search."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from sources.services import citation_create
from tests.factories import ArticleFactory, claim_at, figure_at

TEXT = ("Nordkorea lieferte bis zu fünf Millionen Granaten. US-Beamte zählten fast 7.000 Container. "
        "2023 stieg das Handelsvolumen auf 29 Millionen Dollar.")
OTHER = "Nordkorea lieferte drei Millionen Granaten. Es waren 7.000 Container."


@pytest.fixture
def desk(db, rita) -> dict[str, str]:
    """shells: contradicted by a suggestion nobody decided, cites a page; boxes: its contradiction dismissed, no
    citation; trade: no conflict, no citation; rival: the other side of the open suggestion, cites a page."""
    article, other = ArticleFactory(text=TEXT), ArticleFactory(text=OTHER)
    shells = claim_at(article, "Nordkorea lieferte bis zu fünf Millionen Granaten.")
    boxes = claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    trade = claim_at(article, "2023 stieg das Handelsvolumen auf 29 Millionen Dollar.")
    rival = claim_at(other, "Nordkorea lieferte drei Millionen Granaten.")
    counted = claim_at(other, "Es waren 7.000 Container.")
    services.conflict_create(figure_a=figure_at(shells, "fünf Millionen", value=5_000_000),
                             figure_b=figure_at(rival, "drei Millionen", value=3_000_000), kind="contradiction")
    dismissed = services.conflict_create(figure_a=figure_at(boxes, "7.000", value=7000),
                                         figure_b=figure_at(counted, "7.000", value=7001), kind="contradiction")
    services.conflict_decide(conflict=dismissed, user=rita, status="dismissed", note="Gerundet.")
    services.conflict_create(figure_a=figure_at(trade, "29 Millionen", value=29_000_000),
                             figure_b=figure_at(counted, "Container", value=7000, kind="count"), kind="series")
    for claim in (shells, rival, counted):
        citation_create(claim=claim, url=f"https://wire.example/{claim.pk}", check=False)
    return {"shells": shells.ref, "boxes": boxes.ref, "trade": trade.ref, "rival": rival.ref,
            "counted": counted.ref}


def refs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {claim["ref"] for claim in response.json()["results"]}


def test_the_api_finds_claims_citing_nothing_and_those_citing(api_as, victor, desk):
    client = api_as(victor)
    assert refs(client.get("/api/claims/", {"cited": "false"})) == {desk["boxes"], desk["trade"]}
    assert refs(client.get("/api/claims/", {"cited": "true"})) == {desk["shells"], desk["rival"], desk["counted"]}


def test_the_api_finds_claims_with_an_undecided_contradiction(api_as, victor, desk):
    client = api_as(victor)
    # Both sides of the open suggestion; not the dismissed one's, not the series'.
    assert refs(client.get("/api/claims/", {"suggested_contradiction": "true"})) == {desk["shells"], desk["rival"]}
    assert refs(client.get("/api/claims/", {"suggested_contradiction": "false"})) == {
        desk["boxes"], desk["trade"], desk["counted"]}
    both = client.get("/api/claims/", {"suggested_contradiction": "true", "cited": "true", "status": "unreviewed"})
    assert refs(both) == {desk["shells"], desk["rival"]}


@pytest.mark.parametrize("value", ["", "maybe"])
def test_the_new_filters_take_true_or_false(api_as, victor, desk, value):
    response = api_as(victor).get("/api/claims/", {"cited": value})
    assert response.status_code == 400 and "cited" in response.json()


@pytest.mark.parametrize(("query", "expected"), [
    ({"cited": "no"}, {"boxes", "trade"}),
    ({"cited": "yes"}, {"shells", "rival", "counted"}),
    ({"contradiction": "suggested"}, {"shells", "rival"}),
    ({"contradiction": "none"}, {"boxes", "trade", "counted"}),
    ({"contradiction": "suggested", "cited": "no"}, set()),
])
def test_the_admin_lists_claims_by_citation_and_contradiction_without_distinct(client, alice, desk, query, expected):
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/admin/claims/claim/", query)
    assert page.status_code == 200
    assert {claim.ref for claim in page.context["cl"].result_list} == {desk[name] for name in expected}
    # The list's own queries (the choices of the outlet and unit filters read their distinct values).
    listed = [query["sql"] for query in queries.captured_queries if 'FROM "claims_claim"' in query["sql"]]
    assert listed and not [sql for sql in listed if "DISTINCT" in sql]


def exported(response) -> set[str]:
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(body))
    return {row[header.index("ref")] for row in rows}


def test_export_from_the_list_exports_what_the_list_holds(client, alice, desk):
    client.force_login(alice)
    everything = set(desk.values())
    assert exported(client.get("/admin/claims/claim/export/")) == everything
    assert exported(client.get("/admin/claims/claim/export/", {"cited": "no"})) == {desk["boxes"], desk["trade"]}
    assert exported(client.get("/admin/claims/claim/export/", {"contradiction": "suggested", "q": "Granaten"})) == {
        desk["shells"], desk["rival"]}
    # The link above the list carries the list's filters, and says so.
    page = client.get("/admin/claims/claim/", {"cited": "no"}).content.decode()
    assert 'href="/admin/claims/claim/export/?cited=no"' in page and "Export these claims as CSV" in page
    assert "Export all as CSV" in client.get("/admin/claims/claim/").content.decode()


def test_export_with_a_filter_it_cannot_read_goes_back_to_the_list(client, alice, desk):
    client.force_login(alice)
    response = client.get("/admin/claims/claim/export/", {"article__nonsense": "1"})
    assert response.status_code == 302 and response["Location"] == "/admin/claims/claim/?e=1"


def test_export_needs_the_right_to_view_claims(client, desk, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(nobody)
    assert client.get("/admin/claims/claim/export/").status_code == 403
