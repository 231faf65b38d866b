"""A claim holds its article's publisher (migration 0020), whatever writes the claim or the article."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Article, Claim

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Nordkorea lieferte bis zu fünf Millionen Artilleriegeschosse. US-Beamte zählten fast 7.000 Container."


def stored(claim: Claim) -> str:
    return Claim.objects.values_list("publisher", flat=True).get(pk=claim.pk)


@pytest.fixture
def article():
    return services.article_ingest(title="Gipfel", text=TEXT, publisher="Der Standard", language="de")


def test_claims_take_their_articles_publisher_and_keep_it(article):
    claims = list(article.claims.all())
    assert claims and {stored(claim) for claim in claims} == {"Der Standard"}
    claim = claims[0]
    claim.publisher = "Erfunden"
    claim.save()  # a full save writes every column: what it wrote here is put right
    assert stored(claim) == "Der Standard"
    Claim.objects.filter(pk=claim.pk).update(publisher="Erfunden")
    assert stored(claim) == "Der Standard"


def test_a_changed_publisher_reaches_every_claim_of_the_article(article):
    other = Article.objects.create(title="Andere", text=TEXT, publisher="NZZ", language="de")
    Claim.objects.create(article=other, number=1, start=0, end=10, text=TEXT[:10])
    Article.objects.filter(pk=article.pk).update(publisher="Die Presse")
    assert set(Claim.objects.filter(article=article).values_list("publisher", flat=True)) == {"Die Presse"}
    assert set(Claim.objects.filter(article=other).values_list("publisher", flat=True)) == {"NZZ"}
    article.refresh_from_db()
    article.publisher = ""
    article.save()
    assert set(Claim.objects.filter(article=article).values_list("publisher", flat=True)) == {""}
