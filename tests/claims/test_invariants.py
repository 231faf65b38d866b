"""The database itself refuses rows that break the data model's rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from claims.models import Article, Claim, Conflict, Figure, content_hash
from tests.factories import TEXT, ArticleFactory, claim_at, figure_at

pytestmark = pytest.mark.django_db


def refused(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def claim():
    return claim_at(ArticleFactory(), "US-Beamte zählten fast 7.000 Container.")


def raw_claim(article, start, end, number, text=None):
    return Claim.objects.create(
        article=article, start=start, end=end, number=number,
        text=article.text[start:end] if text is None else text,
    )


def test_numbers_run_per_article_in_order_of_creation():
    first, second = ArticleFactory(), ArticleFactory()
    a = claim_at(first, "US-Beamte zählten fast 7.000 Container.")
    b = claim_at(first, "2023 stieg das Handelsvolumen auf 29 Millionen Dollar.")
    c = claim_at(second, "2023 stieg das Handelsvolumen auf 29 Millionen Dollar.")
    assert (a.number, b.number, c.number) == (1, 2, 1)
    assert (a.ref, c.ref) == (f"{first.pk}-1", f"{second.pk}-1")


def test_a_deleted_claims_number_is_never_handed_out_again():
    article = ArticleFactory()
    claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    second = claim_at(article, "2023 stieg das Handelsvolumen auf 29 Millionen Dollar.")
    second.delete()
    again = claim_at(article, "2023 stieg das Handelsvolumen auf 29 Millionen Dollar.")
    assert again.number == 3


def test_database_refuses_a_duplicate_number(claim):
    assert refused(lambda: raw_claim(claim.article, 0, 10, claim.number))


def test_database_refuses_a_span_beyond_the_text():
    article = ArticleFactory()
    assert refused(lambda: raw_claim(article, 5, len(TEXT) + 1, 1, text=TEXT[5:] + "x"))


def test_database_refuses_a_reversed_or_empty_span():
    article = ArticleFactory()
    assert refused(lambda: raw_claim(article, 10, 5, 1, text=""))
    assert refused(lambda: raw_claim(article, 10, 10, 1, text=""))


def test_database_refuses_a_quote_that_differs_from_the_text():
    article = ArticleFactory()
    assert refused(lambda: raw_claim(article, 0, 4, 1, text="Vorn"))
    assert not refused(lambda: raw_claim(article, 0, 4, 1))


def test_database_refuses_a_figure_outside_its_claim(claim):
    outside = TEXT.index("fünf Millionen")
    assert refused(lambda: Figure.objects.create(
        claim=claim, start=outside, end=outside + 4, text=TEXT[outside:outside + 4], kind="count", value=5,
    ))


def test_database_refuses_narrowing_a_claim_away_from_its_figure(claim):
    figure_at(claim, "fast 7.000 Container", value=7000, high=Decimal(7000), qualifier="almost")
    start = TEXT.index("Container.")
    assert refused(lambda: Claim.objects.filter(pk=claim.pk).update(start=start, text=TEXT[start:claim.end]))


def test_database_refuses_bounds_that_cross(claim):
    start = TEXT.index("7.000")
    assert refused(lambda: Figure.objects.create(
        claim=claim, start=start, end=start + 5, text="7.000", kind="count", value=7000, low=8000, high=9000,
    ))
    assert refused(lambda: Figure.objects.create(
        claim=claim, start=start, end=start + 5, text="7.000", kind="date", value=7000,
    ))


def test_article_text_stays_fixed_once_claims_point_into_it(claim):
    assert refused(lambda: Article.objects.filter(pk=claim.article_id).update(text="Neu"))
    bare = ArticleFactory()
    assert not refused(lambda: Article.objects.filter(pk=bare.pk).update(text="Neu geschrieben."))


def test_database_refuses_a_figure_paired_with_itself_and_a_pair_twice(claim):
    one = figure_at(claim, "7.000", value=7000)
    other = figure_at(claim, "Container", value=1, kind="other")
    assert refused(lambda: Conflict.objects.create(figure_a=one, figure_b=one))
    Conflict.objects.create(figure_a=one, figure_b=other)
    assert refused(lambda: Conflict.objects.create(figure_a=one, figure_b=other))
    assert refused(lambda: Conflict.objects.create(figure_a=other, figure_b=one))


def test_a_verdict_without_a_note_is_refused(claim):
    assert refused(lambda: Claim.objects.filter(pk=claim.pk).update(status="false", verdict_note=""))


def test_content_hash_ignores_line_wrapping_only():
    assert content_hash("fast 7.000\nContainer") == content_hash("fast  7.000 Container ")
    assert content_hash("fast 7.000 Container") != content_hash("fast 7.001 Container")


def test_claim_lookup_by_reference(claim):
    assert list(Claim.objects.by_ref(f" {claim.ref} ")) == [claim]
    assert not Claim.objects.by_ref("x-1").exists()
