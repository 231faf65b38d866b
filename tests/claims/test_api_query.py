"""Query parameters are read as the schema states them: one value where one is expected, no empty values where
the schema has none, nothing silently dropped (common.api_query, common.api)."""

from __future__ import annotations

from base64 import b64encode
from urllib.parse import quote

import pytest

from tests.factories import ArticleFactory, claim_at, figure_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("url", "field"), [
    ("/api/claims/?language=", "language"),
    ("/api/articles/?language=", "language"),
    ("/api/claims/?article=", "article"),
    ("/api/claims/?status=", "status"),
    ("/api/conflicts/?min_score=", "min_score"),
    ("/api/articles/?published_after=", "published_after"),
    ("/api/sources/?is_dead=", "is_dead"),
    ("/api/claims/claimreviews/?since=", "since"),
])
def test_an_empty_value_is_a_400_where_the_schema_has_none(api_as, victor, url, field):
    response = api_as(victor).get(url)
    assert response.status_code == 400
    assert field in response.json()


def test_an_empty_text_filter_still_matches_everything(api_as, victor):
    claim_at(ArticleFactory(), "US-Beamte zählten fast 7.000 Container.")
    assert len(api_as(victor).get("/api/claims/?publisher=").json()["results"]) == 1


@pytest.mark.parametrize(("url", "field"), [
    ("/api/claims/?page_size=1&page_size=2", "page_size"),
    ("/api/claims/?language=de&language=en", "language"),
    ("/api/claims/?article=1&article=2", "article"),
    ("/api/articles/?ordering=id&ordering=-id", "ordering"),
    ("/api/claims/?cursor=a&cursor=b", "cursor"),
    ("/api/claims/claimreviews/?since=2024-01-01&since=2024-02-01", "since"),
])
def test_a_parameter_given_twice_where_one_is_expected_is_a_400(api_as, victor, url, field):
    response = api_as(victor).get(url)
    assert response.status_code == 400
    assert response.json() == {field: [f"Give {field} once, not 2 times."]}


def test_a_repeatable_filter_takes_several_values(api_as, victor):
    article = ArticleFactory()
    claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    response = api_as(victor).get("/api/claims/?status=unreviewed&status=in_review")
    assert response.status_code == 200 and len(response.json()["results"]) == 1


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "five", "٣"])
def test_page_size_is_a_whole_number_from_1(api_as, victor, value):
    response = api_as(victor).get("/api/claims/", {"page_size": value})
    assert response.status_code == 400 and response.json() == {"page_size": ["Give a whole number from 1."]}


def test_a_huge_page_size_is_cut_to_the_maximum(api_as, victor):
    assert api_as(victor).get("/api/claims/", {"page_size": "9" * 5000}).status_code == 200


@pytest.mark.parametrize("value", ["AAA", "yes", "2"])
def test_a_boolean_filter_is_true_or_false(api_as, victor, value):
    response = api_as(victor).get("/api/sources/", {"is_dead": value})
    assert response.status_code == 400 and response.json() == {"is_dead": ["is_dead is true or false."]}


def test_an_id_filter_is_a_whole_number(api_as, victor):
    response = api_as(victor).get("/api/claims/", {"article": "1.5"})
    assert response.status_code == 400 and "article" in response.json()


@pytest.mark.parametrize(("query", "found"), [
    ({"value_min": "6999.9999999"}, True),   # finer than the stored 6 places: rounded toward the inside
    ({"value_min": "7000.0000001"}, False),
    ({"value_max": "7000.0000001"}, True),
    ({"value_max": "6999.9999999"}, False),
    ({"value_min": "1e40"}, False),         # beyond what the column holds
    ({"value_max": "1e40"}, True),
    ({"value_min": "-1e40"}, True),
    ({"value_min": "1.1754943508222875e-38"}, True),
])
def test_a_value_bound_is_any_number_and_compares_exactly(api_as, victor, query, found):
    article = ArticleFactory()
    figure_at(claim_at(article, "US-Beamte zählten fast 7.000 Container."), "7.000", value=7000)
    response = api_as(victor).get("/api/claims/", query)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == int(found)


@pytest.mark.parametrize("ordering", ["-id", "-created_at"])
def test_a_doctored_cursor_is_a_404_not_a_500(api_as, victor, ordering):
    cursor = quote(b64encode(b"p=abc").decode())
    response = api_as(victor).get(f"/api/articles/?ordering={ordering}&cursor={cursor}")
    assert response.status_code == 404 and response.json() == {"detail": "Invalid cursor"}


def test_ids_in_addresses_are_ascii_digits(api_as, victor):
    article = ArticleFactory()
    claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    arabic = str(article.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    client = api_as(victor)
    assert client.get(f"/api/articles/{article.pk}/").status_code == 200
    for path in (f"/api/articles/{arabic}/", f"/api/claims/{arabic}-1/"):
        response = client.get(path)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_an_api_address_that_matches_nothing_is_a_json_404(api_as, victor, client):
    response = api_as(victor).get("/api/nothing/here/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    page = client.get("/nothing/here/")  # outside the API, Django's page as before
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_format_is_named_once_and_not_empty(api_as, victor):
    client = api_as(victor)
    empty = client.get("/api/claims/export/?format=")
    assert empty.status_code == 404 and empty.json() == {"detail": "format is empty: leave it out or name a format."}
    twice = client.get("/api/claims/?format=json&format=api")
    assert twice.status_code == 400 and twice.json() == {"format": ["Give format once, not 2 times."]}


@pytest.mark.parametrize(("sent", "words"), [
    ("1.000", "'1.000' is 1000 in German and 1 in English"),
    ("4.850", "'4.850' is 4850 in German and 4.85 in English"),
    ("-1.000.000", "'-1.000.000' has thousands separators: send -1000000"),
    ("1,5", "with a point for decimals"),
    ("7,000", "with a point for decimals"),
])
def test_a_value_bound_that_reads_differently_in_german_and_english_is_refused(api_as, victor, sent, words):
    response = api_as(victor).get("/api/claims/", {"value_min": sent})
    assert response.status_code == 400
    assert words in response.json()["value_min"][0]


@pytest.mark.parametrize("sent", ["4850", "4.85", "0.125", "1000.5", "12.3456", "1e3"])
def test_a_value_bound_that_reads_the_same_everywhere_is_taken(api_as, victor, sent):
    assert api_as(victor).get("/api/claims/", {"value_max": sent}).status_code == 200


def test_a_filtered_list_reads_only_the_filters_asked_for_and_still_combines_them(api_as, victor):
    from django.http import QueryDict

    from claims.filters import ClaimFilter
    from claims.models import Claim

    text = "Fast 7.000 Container wurden gezählt."
    kept = claim_at(ArticleFactory(publisher="Morgenecho", text=text), text)
    figure_at(kept, "7.000", value=7000, low=6300, high=7000, unit="Container")
    other = claim_at(ArticleFactory(publisher="Abendblatt", text=text), text)
    figure_at(other, "7.000", value=7000, low=6300, high=7000, unit="Container")
    asked = ClaimFilter(QueryDict("publisher=morgenecho&value_min=6000"), queryset=Claim.objects.all())
    assert set(asked.filters) == {"publisher", "value_min"} and set(asked.form.fields) == {"publisher", "value_min"}
    assert list(asked.qs) == [kept]
    found = api_as(victor).get("/api/claims/", {"publisher": "MORGENECHO", "value_min": "6000", "language": "de"})
    assert [claim["ref"] for claim in found.json()["results"]] == [kept.ref]
    # The browsable API's filter form still offers every filter.
    page = api_as(victor).get("/api/claims/?status=unreviewed", HTTP_ACCEPT="text/html").content.decode()
    assert 'name="publisher"' in page and 'name="speaker"' in page and 'name="value_max"' in page


@pytest.mark.parametrize("debug", [True, False])
def test_a_claim_reference_that_cannot_be_one_is_a_json_404(api_as, alice, settings, debug):
    # With DEBUG on (the demo) Django answered an address no route takes with its HTML page.
    settings.DEBUG = debug
    client = api_as(alice)
    for path in ("/api/claims/3-x/", "/api/claims/3-x/figures/", "/api/claims/x/claimreview/"):
        response = client.get(path)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}, path
    # A write to such an address is the same 404 (not a refusal for want of a CSRF token).
    written = client.post("/api/claims/3-x/figures/", {"start": 0}, format="json")
    assert written.status_code == 404 and written.json() == {"detail": "Not found."}
    # Without its slash, Django sends the client to the address with one first, as for any API address.
    assert client.get("/api/claims/3-x").status_code == 301
    assert client.get("/api/claims/").status_code == 200


@pytest.mark.parametrize(("path", "allowed"), [
    ("/api/claims/", "id, number, created_at, updated_at"),
    ("/api/articles/", "id, created_at"),
    ("/api/conflicts/", "id, created_at"),
    ("/api/named-sources/", "id, name"),
    ("/api/sources/", "id, domain, created_at, last_checked_at, next_check_at"),
    ("/api/claims/export/", "id, number, created_at, updated_at"),
])
@pytest.mark.parametrize("ordering", ["reviewer", "-published", "id,text", "", "--id", " id"])
def test_an_unknown_ordering_is_a_400_that_names_the_orderings(api_as, victor, path, allowed, ordering):
    response = api_as(victor).get(path, {"ordering": ordering})
    assert response.status_code == 400, response.content
    message = response.json()["ordering"][0]
    assert f"{ordering!r} is not an ordering of this list. Order by {allowed}," in message


def test_the_claims_of_an_article_order_by_number_only(api_as, victor):
    article = ArticleFactory()
    claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    client = api_as(victor)
    refused = client.get(f"/api/articles/{article.pk}/claims/", {"ordering": "id"})
    assert refused.status_code == 400 and "Order by number," in refused.json()["ordering"][0]
    assert client.get(f"/api/articles/{article.pk}/claims/", {"ordering": "-number"}).status_code == 200


def test_lists_in_a_fixed_order_refuse_an_ordering(api_as, victor):
    client = api_as(victor)
    response = client.get("/api/claims/claimreviews/", {"ordering": "id"})
    assert response.status_code == 400
    assert response.json() == {"ordering": ["This list comes in a fixed order: leave ordering out."]}


def test_orderings_join_by_commas_and_turn_with_a_minus(api_as, victor):
    first, second = ArticleFactory(), ArticleFactory()
    claim_at(first, "US-Beamte zählten fast 7.000 Container.")
    claim_at(second, "US-Beamte zählten fast 7.000 Container.")
    claim_at(second, "2023 stieg das Handelsvolumen auf 29 Millionen Dollar.")

    def refs(ordering: str) -> list[str]:
        response = api_as(victor).get("/api/claims/", {"ordering": ordering})
        assert response.status_code == 200, response.content
        return [claim["ref"] for claim in response.json()["results"]]

    f, s = first.pk, second.pk
    assert refs("-number,id") == [f"{s}-2", f"{f}-1", f"{s}-1"]
    assert refs("number,-id") == [f"{s}-1", f"{f}-1", f"{s}-2"]
    assert refs("-id") == [f"{s}-2", f"{s}-1", f"{f}-1"]
