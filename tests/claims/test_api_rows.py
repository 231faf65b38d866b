"""The API's lists built as plain rows (claims.api_rows) answer exactly what the serializers would, and the fast
JSON renderer writes what DRF's would."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from claims import selectors, services
from claims.models import Article, Claim, Conflict, Figure
from claims.serializers import ArticleSerializer, ClaimSerializer, ConflictSerializer
from common.api import FastJSONRenderer

TEXT = (
    "Laut Reuters lieferte Nordkorea bis zu fünf Millionen Artilleriegeschosse. "
    "US-Beamte zählten nach Angaben der New York Times fast 7.000 Container. "
    "Der Handel fiel von 84 Millionen Dollar auf zwei Millionen Dollar. "
    "Das Treffen begann am 19. Juni 2024 in Pjöngjang. "
    "Ein Satz ohne Zahl bleibt ohne Zahl."
)


@pytest.fixture
def desk(root, api_as):
    """Claims with every kind of figure, citations (one checked), named sources, a verdict, and conflicts both
    suggested and decided."""
    client = api_as(root)
    made = client.post("/api/articles/", {"title": "Gipfel", "text": TEXT, "publisher": "Beispiel", "language": "de"},
                       format="json")
    assert made.status_code == 201, made.content
    other = client.post("/api/articles/", {"title": "Gipfel 2", "text": TEXT.replace("7.000", "1.000"),
                                           "language": "de"}, format="json").json()
    refs = [claim["ref"] for claim in made.json()["claims"]]
    client.post(f"/api/claims/{refs[1]}/citations/", {"url": "https://nyt-archive.example/a", "expected": "7.000"},
                format="json")
    client.post(f"/api/claims/{refs[1]}/citations/", {"url": "https://nyt-archive.example/b", "role": "supports"},
                format="json")
    for version, change in enumerate(({"status": "in_review"}, {"status": "false", "verdict_note": "Geschätzt."}), 1):
        edited = client.patch(f"/api/claims/{refs[0]}/", {**change, "version": version}, format="json")
        assert edited.status_code == 200, edited.content
    mine = [f["id"] for claim in made.json()["claims"] for f in claim["figures"]]
    theirs = [f["id"] for claim in other["claims"] for f in claim["figures"]]
    for a, b in zip(mine, theirs, strict=False):
        services.conflict_get_or_create(figure_a=Figure.objects.get(pk=min(a, b)),
                                        figure_b=Figure.objects.get(pk=max(a, b)), kind="contradiction",
                                        explanation="Zahl weicht ab.")
    conflict = Conflict.objects.order_by("id").first()
    services.conflict_decide(conflict=conflict, user=root, status="confirmed", note="Stimmt.")
    return client, refs


def as_json(data) -> object:
    return json.loads(JSONRenderer().render(data))


def test_the_claims_list_is_what_the_serializer_makes_of_the_same_claims(desk):
    client, refs = desk
    page = client.get("/api/claims/", {"page_size": 20}).json()["results"]
    claims = {c.pk: c for c in selectors.claims()}
    ids = [claims_by_ref(claims, row["ref"]) for row in page]
    assert len(page) == Claim.objects.count() >= 8
    assert page == as_json(ClaimSerializer([claims[pk] for pk in ids], many=True).data)
    # What the fixture made is in it: a verdict with its reviewer, a citation's source, a named source, a date.
    flat = json.dumps(page)
    assert '"reviewer": "root"' in flat and "nyt-archive.example/b" in flat and '"Reuters"' in flat
    assert '"value": "2024-06-19"' in flat


def claims_by_ref(claims: dict, ref: str) -> int:
    return next(pk for pk, claim in claims.items() if claim.ref == ref)


@pytest.mark.parametrize("query", [{"status": "false"}, {"ordering": "number"}, {"ordering": "-updated_at"},
                                   {"text": "Container"}])
def test_a_filtered_or_ordered_claims_list_keeps_its_order_and_shape(desk, query):
    client, _ = desk
    page = client.get("/api/claims/", query).json()["results"]
    assert page
    wanted = selectors.claims().filter(article_id__in=[r["article"] for r in page])
    by_ref = {c.ref: c for c in wanted}
    assert page == as_json(ClaimSerializer([by_ref[row["ref"]] for row in page], many=True).data)


@pytest.mark.parametrize("query", [{}, {"publisher": "beispiel"}, {"ordering": "created_at"}, {"page_size": 1}])
def test_the_articles_list_is_the_serializers(desk, query):
    client, _ = desk
    Article.objects.filter(publisher="").update(published="2024-06-19", url="https://example.org/gipfel-2")
    page = client.get("/api/articles/", query).json()["results"]
    assert page
    articles = {article.pk: article for article in selectors.articles()}
    assert page == as_json(ArticleSerializer([articles[row["id"]] for row in page], many=True).data)
    assert {row["claim_count"] for row in page} >= {4} and "text" not in page[0]


def test_claim_detail_and_an_articles_claims_are_the_serializers(desk):
    client, refs = desk
    claim = selectors.claims().get(article_id=int(refs[1].split("-")[0]), number=2)
    assert client.get(f"/api/claims/{refs[1]}/").json() == as_json(ClaimSerializer(claim).data)
    article = refs[0].split("-")[0]
    listed = client.get(f"/api/articles/{article}/claims/", {"ordering": "number"}).json()["results"]
    assert listed == as_json(ClaimSerializer(selectors.claims().filter(article_id=article).order_by("number"),
                                             many=True).data)


def test_conflicts_lists_and_details_are_the_serializers(desk):
    client, refs = desk
    expected = as_json(ConflictSerializer(selectors.conflicts().order_by("-id"), many=True).data)
    assert client.get("/api/conflicts/").json()["results"] == expected
    assert any(row["decided_by"] == "root" for row in expected) and len(expected) >= 4
    first = expected[-1]
    assert client.get(f"/api/conflicts/{first['id']}/").json() == first
    of_claim = client.get(f"/api/claims/{refs[1]}/conflicts/").json()
    claim = Claim.objects.get(article_id=int(refs[1].split("-")[0]), number=2)
    assert of_claim == as_json(ConflictSerializer(selectors.conflicts_of_claim(claim.pk), many=True).data)
    assert of_claim
    article = claim.article_id
    of_article = client.get("/api/conflicts/", {"article": article}).json()["results"]
    assert of_article == [row for row in expected if article in {figure["article"] for figure in row["figures"]}]
    assert of_article


def fast_and_general(client, path: str, shortcut, query: dict, size: int, settings, monkeypatch) -> tuple[dict, dict]:
    """A list's answer with its shortcut for a filter asked alone (views.only_…), and the same request without it,
    through the FilterSet and the ORM, at this page size."""
    from claims import views

    settings.FACTCHECK_API_PAGE_SIZE = size
    fast = client.get(path, query)
    with monkeypatch.context() as patched:
        patched.setattr(views, shortcut.__name__, lambda request: None)
        general = client.get(path, query)
    assert fast.status_code == general.status_code == 200
    return fast.json(), general.json()


def test_an_articles_conflicts_asked_alone_page_as_the_filtered_list_does(desk, settings, monkeypatch):
    from claims import views

    client, refs = desk
    article = int(refs[1].split("-")[0])
    total = Conflict.objects.of_article(article).count()
    assert total >= 3

    def both(query: dict, size: int) -> tuple[dict, dict]:
        return fast_and_general(client, "/api/conflicts/", views.only_article, query, size, settings, monkeypatch)

    for size in (1, total - 1, total, total + 1):  # a next page, none, and exactly one page
        fast, general = both({"article": article}, size)
        assert fast == general and len(fast["results"]) == min(size, total)
        assert (fast["next"] is None) == (size >= total)
    # The next link goes on where the first page stopped, through the general path.
    fast, _ = both({"article": article}, 2)
    rest = client.get(fast["next"]).json()
    seen = [row["id"] for row in fast["results"] + rest["results"]]
    assert seen == sorted(set(seen), reverse=True) and len(seen) == min(4, total)
    assert both({"article": 10**17}, 50) == ({"next": None, "previous": None, "results": []},) * 2
    # What is not a plain id goes through the FilterSet as before: refused, or read as the number it is.
    assert client.get("/api/conflicts/", {"article": "0"}).status_code == 400
    assert client.get("/api/conflicts/?article=1&article=2").status_code == 400
    assert client.get("/api/conflicts/", {"article": f"00{article}"}).json()["results"] == both(
        {"article": article}, 50)[0]["results"]


def test_an_outlets_claims_asked_alone_page_as_the_filtered_list_does(desk, settings, monkeypatch):
    from claims import views

    client, refs = desk
    # The same outlet written in other cases, and outlets a LIKE pattern would take for it.
    for publisher in ("BEISPIEL", "beispiel", "Beisp%", "Beispie_"):
        made = client.post("/api/articles/", {"title": publisher, "text": TEXT, "publisher": publisher,
                                              "language": "de"}, format="json")
        assert made.status_code == 201, made.content
    total = Claim.objects.filter(article__publisher__iexact="Beispiel").count()
    assert total == 3 * Claim.objects.filter(article__publisher="Beispiel").count() > 3

    def both(query: dict, size: int) -> tuple[dict, dict]:
        return fast_and_general(client, "/api/claims/", views.only_publisher, query, size, settings, monkeypatch)

    for size in (1, total - 1, total, total + 1):
        fast, general = both({"publisher": "beiSPIEL"}, size)
        assert fast == general and len(fast["results"]) == min(size, total)
        assert (fast["next"] is None) == (size >= total)
    fast, _ = both({"publisher": "Beispiel"}, 2)
    rest = client.get(fast["next"]).json()
    ids = {f"{article}-{number}": pk for pk, article, number in Claim.objects.values_list("id", "article", "number")}
    seen = [ids[row["ref"]] for row in fast["results"] + rest["results"]]
    assert seen == sorted(set(seen), reverse=True) and len(seen) == min(4, total)
    for pattern in ("Beisp%", "Beispie_"):
        fast, general = both({"publisher": pattern}, 50)
        assert fast == general and {row["article"] for row in fast["results"]} == set(
            Article.objects.filter(publisher=pattern).values_list("id", flat=True))
    assert both({"publisher": "Niemand"}, 50) == ({"next": None, "previous": None, "results": []},) * 2
    # What the FilterSet's form changes or refuses goes through it as before.
    assert client.get("/api/claims/", {"publisher": " Beispiel "}).json()["results"] == both(
        {"publisher": "Beispiel"}, 50)[0]["results"]
    assert client.get("/api/claims/", {"publisher": "Bei\x00spiel"}).status_code == 400
    assert len(client.get("/api/claims/", {"publisher": ""}).json()["results"]) == Claim.objects.count()


def test_the_fast_renderer_writes_what_drf_writes():
    data = {"n": Decimal("7000.5"), "when": datetime(2024, 6, 19, 10, 30, 0, 123456, tzinfo=UTC),
            "lazy": gettext_lazy("Claims"), "id": uuid.UUID(int=5), "list": [1, 2.5, None, "ä \u2028"], 3: "int key"}
    assert json.loads(FastJSONRenderer().render(data)) == json.loads(JSONRenderer().render(data))
    assert FastJSONRenderer().render(None) == b""


def test_what_orjson_cannot_write_is_left_to_drf():
    big = {"n": 2**70}
    assert FastJSONRenderer().render(big) == JSONRenderer().render(big)
    indented = FastJSONRenderer().render({"a": 1}, "application/json; indent=2")
    assert indented == JSONRenderer().render({"a": 1}, "application/json; indent=2")


def test_the_sources_list_is_the_serializers(desk):
    from django.utils import timezone

    from sources import selectors as source_selectors
    from sources.models import Citation, FigureStatus, Source
    from sources.serializers import SourceSerializer

    client, _ = desk
    checked = Source.objects.get(url__endswith="/a")
    Source.objects.filter(pk=checked.pk).update(status="ok", last_checked_at=timezone.now(), failure_count=2,
                                                final_url="https://nyt-archive.example/a2")
    Citation.objects.filter(source=checked).update(figure_status=FigureStatus.GONE)
    for query in ({}, {"ordering": "-last_checked_at"}, {"figure_gone": "true"}):
        page = client.get("/api/sources/", query).json()["results"]
        by_id = {source.pk: source for source in source_selectors.sources()}
        assert page == as_json(SourceSerializer([by_id[row["id"]] for row in page], many=True).data)
        assert any(row["figure_gone"] and row["citation_count"] == 1 and row["last_checked_at"] for row in page)


def test_a_source_and_its_checks_are_the_serializers(desk):
    from sources import selectors as source_selectors
    from sources.models import Source, SourceCheck
    from sources.serializers import SourceCheckSerializer, SourceSerializer

    client, _ = desk
    source = Source.objects.get(url__endswith="/a")
    for minute in range(3):
        SourceCheck.objects.create(source=source, lease=uuid.uuid4(), checked_at=datetime(2026, 12, 1, 9, minute,
                                   tzinfo=UTC), seconds=0.25, method="GET", outcome="redirected", http_status=301,
                                   redirect_chain=[{"url": "https://nyt-archive.example/a", "status": 301}],
                                   final_url="https://nyt-archive.example/a2", content_length=512, changed=minute > 0)
    detail = client.get(f"/api/sources/{source.pk}/").json()
    assert detail == as_json(SourceSerializer(source_selectors.sources().get(pk=source.pk)).data)
    checks = client.get(f"/api/sources/{source.pk}/checks/", {"page_size": 2})
    expected = SourceCheckSerializer(SourceCheck.objects.filter(source=source).order_by("-id")[:2], many=True).data
    assert checks.json()["results"] == as_json(expected)
    oldest = SourceCheck.objects.filter(source=source).order_by("id")[:1]
    assert client.get(checks.json()["next"]).json()["results"] == as_json(SourceCheckSerializer(oldest, many=True).data)
    missing = Source.objects.order_by("-id").first().pk + 1
    for path in (f"/api/sources/{missing}/", f"/api/sources/{missing}/checks/"):
        assert client.get(path).status_code == 404


def test_details_built_from_rows_answer_filters_and_misses_as_drf_does(desk):
    from sources.models import Source

    client, refs = desk
    source = Source.objects.order_by("id").first()
    # A source's checks refuse an ordering given twice before looking for the source, as DRF's lookup did.
    for pk in (source.pk, source.pk + 10_000):
        assert client.get(f"/api/sources/{pk}/checks/?ordering=id&ordering=-id").status_code == 400
    missing = {"detail": "No Source matches the given query."}
    for path in (f"/api/sources/{source.pk + 10_000}/", f"/api/sources/{source.pk + 10_000}/checks/"):
        assert client.get(path).json() == missing
    assert client.get("/api/claims/99999-1/").json() == {"detail": "No Claim matches the given query."}
    assert client.get("/api/articles/999999/").json() == {"detail": "No Article matches the given query."}
