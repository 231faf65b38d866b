"""Searches fold the case of every letter on SQLite as on PostgreSQL: "PJÖNGJANG" finds "Pjöngjang" in the
admin's searches and the API's text filters (claims.sqlite_text replaces SQLite's ASCII-only LIKE)."""

from __future__ import annotations

import pytest

from claims import search
from claims.models import Claim
from claims.sqlite_text import like
from tests.factories import ArticleFactory, claim_at, figure_at

TEXT = "Putin landete in der Nacht. In Pjöngjang unterzeichneten beide 23 Abkommen."


@pytest.mark.parametrize(("value", "pattern", "escape", "expected"), [
    ("Pjöngjang", "%PJÖNGJANG%", None, True),
    ("ÜBERSEE", "übersee", None, True),
    ("Straße", "STRASSE", None, False),  # one letter for one, as PostgreSQL's upper()
    ("a_b", "a\\_b", "\\", True),
    ("axb", "a\\_b", "\\", False),
    ("50%", "50\\%", "\\", True),
    ("500", "50\\%", "\\", False),
    ("line\nbreak", "line%", None, True),
    ("x", "_", None, True),
    ("xy", "_", None, False),
    (None, "%", None, None),
])
def test_like_folds_every_letter(value, pattern, escape, expected):
    assert like(pattern, value, escape) is expected


@pytest.fixture
def summit(db):
    article = ArticleFactory(title="Gipfel in Pjöngjang", publisher="Süddeutsche Beispiel", text=TEXT)
    claim = claim_at(article, "In Pjöngjang unterzeichneten beide 23 Abkommen.", speaker="Özlem Türk")
    figure_at(claim, "23", value=23, unit="Abkommen")
    return article


@pytest.mark.parametrize("term", ["PJÖNGJANG", "pjöngjang", "Pjöngjang"])
def test_admin_searches_find_umlauts_in_any_case(client, alice, summit, term):
    client.force_login(alice)
    articles = client.get("/admin/claims/article/", {"q": term})
    assert list(articles.context["cl"].result_list) == [summit]


def test_api_text_filters_find_umlauts_in_any_case(api_as, victor, summit):
    client = api_as(victor)
    assert [a["id"] for a in client.get("/api/articles/", {"title": "PJÖNGJANG"}).json()["results"]] == [summit.pk]
    assert len(client.get("/api/claims/", {"publisher": "SÜDDEUTSCHE BEISPIEL"}).json()["results"]) == 1
    assert len(client.get("/api/claims/", {"speaker": "ÖZLEM"}).json()["results"]) == 1
    assert len(client.get("/api/claims/", {"speaker": "özlem türk"}).json()["results"]) == 1


@pytest.mark.parametrize("term", ["PJÖNGJANG ABKOMMEN", "pjöngjang", "ABKOMMEN PJÖNGJANG", "ÖZLEM TÜRK"])
def test_search_finds_umlauts_in_any_case(summit, term):
    assert list(search.matching(Claim.objects.all(), term)) == [summit.claims.get()]
