from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from claims.models import Article, Claim
from claims.services import claim_create, conflict_create
from sources.services import citation_create
from tests.factories import TEXT, ArticleFactory, claim_at, figure_at

pytestmark = pytest.mark.django_db

SHELLS = "Nach Angaben des Verteidigungsministers lieferte Nordkorea bis zu fünf Millionen Artilleriegeschosse."
CONTAINERS = "US-Beamte zählten fast 7.000 Container."
TRADE = "2023 stieg das Handelsvolumen auf 29 Millionen Dollar."


@pytest.fixture
def corpus():
    article = ArticleFactory(publisher="Nachrichten Beispiel")
    shells = claim_at(article, SHELLS, speaker="Shin Won-sik")
    figure_at(shells, "bis zu fünf Millionen Artilleriegeschosse", value=5_000_000, low=0, high=5_000_000,
              qualifier="up_to", unit="Artilleriegeschosse")
    containers = claim_at(article, CONTAINERS)
    figure_at(containers, "fast 7.000 Container", value=7000, high=7000, qualifier="almost", unit="Container")
    trade = claim_at(article, TRADE)
    figure_at(trade, "29 Millionen Dollar", value=29_000_000, kind="money", unit="USD", as_of="2023")
    figure_at(trade, "2023", value="2023")
    other = ArticleFactory(publisher="World Herald Example", language="en", text="Almost 7,000 containers.")
    claim_at(other, "Almost 7,000 containers.")
    return article


def test_anonymous_reads_need_a_login(api, corpus):
    response = api.get("/api/claims/")
    assert response.status_code == 401
    with override_settings(FACTCHECK_PUBLIC_API=True):
        assert api.get("/api/claims/").status_code == 200
        assert api.post("/api/sources/", {"url": "https://a.example/"}).status_code == 401


def test_a_user_without_a_role_reads_but_cannot_write(api_as, victor, corpus):
    client = api_as(victor)
    assert client.get("/api/articles/").status_code == 200
    assert client.post("/api/sources/", {"url": "https://a.example/"}).status_code == 403
    assert client.post(f"/api/articles/{corpus.pk}/claims/", {"start": 0, "end": 5}).status_code == 403


def test_token_from_the_management_command_authenticates(api, alice, corpus, capsys):
    call_command("drf_create_token", "alice")
    token = capsys.readouterr().out.split()[2]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/articles/").status_code == 200


def test_an_editor_posts_an_article_verbatim_and_numbers_its_claims(api_as, alice):
    client = api_as(alice)
    text = "  Fast 7.000 Container.\r\n\r\nMehr als 1.000 Container.  \n"
    response = client.post("/api/articles/", {"title": "T", "text": text, "extract": False}, format="json")
    assert response.status_code == 201, response.data
    article_id = response.data["id"]
    assert Article.objects.get(pk=article_id).text == text
    for quote, number in (("Fast 7.000 Container.", 1), ("Mehr als 1.000 Container.", 2)):
        start = text.index(quote)
        made = client.post(f"/api/articles/{article_id}/claims/", {"start": start, "end": start + len(quote)})
        assert made.status_code == 201, made.data
        assert (made.data["number"], made.data["text"], made.data["ref"]) == (number, quote, f"{article_id}-{number}")
    listed = client.get(f"/api/articles/{article_id}/claims/")
    assert [c["number"] for c in listed.data["results"]] == [2, 1]


@pytest.mark.parametrize(
    ("span", "field", "message"),
    [
        ({"start": 5, "end": len(TEXT) + 1}, "end", "outside the article text"),
        ({"start": 20, "end": 10}, "end", "must end after it starts"),
        ({"start": -1, "end": 10}, "start", "greater than or equal to 0"),
        ({"start": "x", "end": 10}, "start", "valid integer"),
    ],
)
def test_a_bad_span_gets_a_400_with_a_field_message(api_as, alice, span, field, message):
    article = ArticleFactory()
    response = api_as(alice).post(f"/api/articles/{article.pk}/claims/", span, format="json")
    assert response.status_code == 400
    assert message in str(response.data[field])
    assert not Claim.objects.exists()


def test_bad_article_payloads_get_field_messages(api_as, alice):
    client = api_as(alice)
    response = client.post("/api/articles/", {"title": "T", "text": "", "language": "xx"}, format="json")
    assert response.status_code == 400
    assert set(response.data) >= {"text", "language"}
    assert client.post("/api/articles/", "not json", content_type="application/json").status_code == 400
    assert not Article.objects.exists()


def test_claim_by_reference(api_as, victor, corpus):
    client = api_as(victor)
    response = client.get(f"/api/claims/{corpus.pk}-1/")
    assert response.status_code == 200
    assert response.data["speaker"] == "Shin Won-sik"
    figure = response.data["figures"][0]
    assert (figure["value"], figure["low"], figure["high"], figure["qualifier"]) == (5_000_000, 0, 5_000_000, "up_to")
    assert client.get(f"/api/claims/{corpus.pk}-99/").status_code == 404
    assert client.get("/api/claims/abc/").status_code == 404


def refs(response) -> list[str]:
    assert response.status_code == 200, response.data
    return sorted(c["ref"] for c in response.data["results"])


def test_claim_filters(api_as, victor, corpus):
    client = api_as(victor)
    a = corpus.pk
    assert refs(client.get("/api/claims/", {"unit": "container"})) == [f"{a}-2"]
    assert refs(client.get("/api/claims/", {"kind": "money"})) == [f"{a}-3"]
    assert refs(client.get("/api/claims/", {"value_min": 1_000_000})) == [f"{a}-1", f"{a}-3"]
    assert refs(client.get("/api/claims/", {"value_min": 1000, "value_max": 10000})) == [f"{a}-2"]
    # One figure must meet every condition: the trade claim's money figure is not a count.
    assert refs(client.get("/api/claims/", {"kind": "count", "value_min": 10_000_000})) == []
    assert refs(client.get("/api/claims/", {"article": a, "text": "handelsvolumen"})) == [f"{a}-3"]
    assert len(refs(client.get("/api/claims/", {"publisher": "world herald example"}))) == 1
    assert len(refs(client.get("/api/claims/", {"status": ["unreviewed", "false"]}))) == 4
    assert client.get("/api/claims/", {"status": "bogus"}).status_code == 400
    assert client.get("/api/claims/", {"value_min": "viel"}).status_code == 400


def edit(client, url: str, changes: dict):
    """A PATCH as a client makes it: read the claim, send the changes with the version read."""
    return client.patch(url, {**changes, "version": client.get(url).data["version"]}, format="json")


def test_only_a_reviewer_sets_a_verdict_over_the_api(api_as, alice, rita, corpus):
    url = f"/api/claims/{corpus.pk}-2/"
    verdict = {"status": "false", "verdict_note": "Es waren mehr als 7.000."}
    assert edit(api_as(alice), url, verdict).status_code == 403
    assert edit(api_as(rita), url, {"status": "false"}).status_code == 400
    assert edit(api_as(rita), url, verdict).status_code == 400  # not in review yet
    assert edit(api_as(rita), url, {"status": "in_review"}).status_code == 200
    response = edit(api_as(rita), url, verdict)
    assert (response.status_code, response.data["status"], response.data["reviewer"]) == (200, "false", "rita")
    assert edit(api_as(alice), url, {"speaker": "US-Beamte"}).status_code == 200


def test_sources_are_merged_by_normalised_url_and_bad_schemes_refused(api_as, alice):
    client = api_as(alice)
    first = client.post("/api/sources/", {"url": "HTTPS://UN-Press.example/x?utm_source=a"})
    again = client.post("/api/sources/", {"url": "https://un-press.example/x"})
    assert (first.status_code, again.status_code, again.data["id"]) == (201, 200, first.data["id"])
    bad = client.post("/api/sources/", {"url": "file:///etc/passwd"})
    assert bad.status_code == 400 and "Only http and https" in str(bad.data["url"])


def test_sources_are_found_by_their_domain_in_any_case(api_as, alice):
    client = api_as(alice)
    wanted = client.post("/api/sources/", {"url": "https://UN-Press.example/x"}).data["id"]
    client.post("/api/sources/", {"url": "https://press.example/y"})
    for domain in ("un-press.example", " UN-Press.EXAMPLE "):
        assert [row["id"] for row in client.get("/api/sources/", {"domain": domain}).data["results"]] == [wanted]
    assert client.get("/api/sources/", {"domain": "nowhere.example"}).data["results"] == []


def test_citations_and_figures_are_added_to_a_claim(api_as, alice, corpus):
    client = api_as(alice)
    ref = f"{corpus.pk}-2"
    cited = client.post(f"/api/claims/{ref}/citations/", {"url": "https://nyt-archive.example/a", "expected": "7,000"})
    assert cited.status_code == 201, cited.data
    assert client.post(f"/api/claims/{ref}/citations/", {"url": "https://nyt-archive.example/a"}).status_code == 400
    start = TEXT.index("7.000")
    figure = {"start": start, "end": start + 5, "kind": "count", "value": 7000}
    assert client.post(f"/api/claims/{ref}/figures/", figure, format="json").status_code == 201
    wrong = {"start": 0, "end": 4, "kind": "count", "value": 1}
    assert client.post(f"/api/claims/{ref}/figures/", wrong, format="json").status_code == 400
    date = {"start": start, "end": start + 5, "kind": "date", "value": "2024-13"}
    assert "date_value" in client.post(f"/api/claims/{ref}/figures/", date, format="json").data


def test_conflicts_refuse_self_pairs_and_only_reviewers_decide(api_as, alice, rita, corpus):
    one, two = (f.pk for f in corpus.claims.get(number=3).figures.order_by("pk"))
    client = api_as(alice)
    assert client.post("/api/conflicts/", {"figure_a": one, "figure_b": one}).status_code == 400
    made = client.post("/api/conflicts/", {"figure_a": two, "figure_b": one, "kind": "series"})
    assert made.status_code == 201, made.data
    assert [f["id"] for f in made.data["figures"]] == [one, two]
    assert made.data["figures"][0]["article"] == corpus.pk and made.data["figures"][0]["claim"] == 3
    assert client.post("/api/conflicts/", {"figure_a": one, "figure_b": two}).status_code == 400
    decide = f"/api/conflicts/{made.data['id']}/decide/"
    assert client.post(decide, {"status": "confirmed"}).status_code == 403
    assert api_as(rita).post(decide, {"status": "confirmed"}).data["status"] == "confirmed"
    assert len(client.get("/api/conflicts/", {"article": corpus.pk, "status": "confirmed"}).data["results"]) == 1


def containers_claims(article: Article, count: int) -> list[Claim]:
    """`count` claims on CONTAINERS, each reaching one character further: one span is one claim."""
    start = article.text.index(CONTAINERS)
    return [claim_create(article=article, start=start, end=start + len(CONTAINERS) + n) for n in range(count)]


def test_page_size_is_capped_and_pages_follow_a_cursor(api_as, victor):
    article = ArticleFactory()
    containers_claims(article, 7)
    client = api_as(victor)
    with override_settings(FACTCHECK_API_MAX_PAGE_SIZE=5):
        first = client.get("/api/claims/", {"page_size": 1000})
        assert len(first.data["results"]) == 5
        rest = client.get(first.data["next"])
        assert len(rest.data["results"]) == 2
    assert len(client.get("/api/claims/", {"page_size": 3}).data["results"]) == 3


@pytest.mark.parametrize("path", ["/api/claims/", "/api/articles/", "/api/sources/", "/api/conflicts/",
                                  "/api/articles/{article}/claims/"])
def test_query_count_does_not_grow_with_page_size(api_as, victor, path):
    article = ArticleFactory()
    claims = containers_claims(article, 12)
    figures = [figure_at(c, "7.000", value=7000) for c in claims]
    for index, claim in enumerate(claims):
        ArticleFactory()  # enough articles for a full page too
        citation_create(claim=claim, url=f"https://s{index}.example/")
        if index:
            conflict_create(figure_a=figures[index - 1], figure_b=figures[index], kind="series")
    client = api_as(victor)
    counts = []
    for size in (2, 10):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path.format(article=article.pk), {"page_size": size})
        assert response.status_code == 200 and len(response.data["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_schema_and_docs_are_served_without_a_cdn(api_as, client, victor):
    assert api_as(victor).get("/api/schema/").status_code == 200
    client.force_login(victor)
    docs = client.get("/api/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html


def test_api_root_lists_the_collections(api_as, victor):
    response = api_as(victor).get("/api/")
    assert set(response.data) == {"articles", "claims", "sources", "conflicts", "named-sources"}


def test_an_editor_can_neither_erase_a_verdict_nor_move_its_span(api_as, alice, rita, corpus):
    url = f"/api/claims/{corpus.pk}-2/"
    edit(api_as(rita), url, {"status": "in_review"})
    assert edit(api_as(rita), url, {"status": "supported", "verdict_note": "Belegt."}).status_code == 200
    editor = api_as(alice)
    assert edit(editor, url, {"status": "in_review", "verdict_note": ""}).status_code == 403
    assert edit(editor, url, {"start": TEXT.index("fast")}).status_code == 403
    reopened = edit(api_as(rita), url, {"status": "in_review"})
    assert (reopened.status_code, reopened.data["reviewer"], reopened.data["reviewed_at"]) == (200, None, None)


@pytest.mark.parametrize("path", [
    "/api/claims/999999999999999999999999-1/", "/api/articles/999999999999999999999/",
    "/api/claims/?article=99999999999999999999999", "/api/conflicts/?article=1e30",
])
def test_huge_numbers_are_a_clear_answer_not_a_500(api_as, victor, path):
    assert api_as(victor).get(path).status_code in (400, 404)


def test_huge_figure_ids_in_a_conflict_are_refused(api_as, alice):
    response = api_as(alice).post("/api/conflicts/", {"figure_a": 10**30, "figure_b": 1}, format="json")
    assert response.status_code == 400


def test_model_level_errors_use_drfs_non_field_errors(api_as, alice, corpus):
    one, two = (f.pk for f in corpus.claims.get(number=3).figures.order_by("pk"))
    client = api_as(alice)
    client.post("/api/conflicts/", {"figure_a": one, "figure_b": two})
    again = client.post("/api/conflicts/", {"figure_a": two, "figure_b": one, "kind": "series"})
    assert again.status_code == 400 and "already linked" in again.data["non_field_errors"][0]


def test_ordering_by_a_nullable_date_is_not_offered_to_cursor_pages(api_as, victor):
    for _ in range(3):
        ArticleFactory()
    client = api_as(victor)
    refused = client.get("/api/articles/", {"ordering": "published", "page_size": 2})
    assert refused.status_code == 400 and "Order by id, created_at" in refused.json()["ordering"][0]
    first = client.get("/api/articles/", {"ordering": "-created_at", "page_size": 2})
    assert client.get(first.data["next"]).status_code == 200


@pytest.mark.parametrize(("field", "sent"), [("value", "7.000"), ("value", "7,000"), ("low", "6.500"),
                                             ("high", "7,5"), ("value", True)])
def test_a_figure_value_that_reads_differently_in_german_and_english_is_refused(api_as, alice, corpus, field, sent):
    client = api_as(alice)
    start = TEXT.index("7.000")
    figure = {"start": start, "end": start + 5, "kind": "count", "value": 7000, field: sent}
    response = client.post(f"/api/claims/{corpus.pk}-2/figures/", figure, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not corpus.claims.get(number=2).figures.filter(start=start, end=start + 5).exists()


def test_a_figure_value_sent_as_plain_text_is_taken_as_written(api_as, alice, corpus):
    # Form data is text throughout: digits with a point for decimals read the same everywhere.
    start = TEXT.index("7.000")
    response = api_as(alice).post(f"/api/claims/{corpus.pk}-2/figures/",
                                  {"start": start, "end": start + 5, "kind": "count", "value": "7000", "low": "6999.5"})
    assert response.status_code == 201, response.data
    assert (response.data["value"], response.data["low"]) == (7000, 6999.5)
