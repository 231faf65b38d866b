"""The rows editors and extraction add one at a time: an article's duplicate, numbered claims, figures."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from common.locking import lock_rows

from ..models import Article, Claim, Figure
from .conflicts import detect_after_commit

logger = logging.getLogger(__name__)


def article_find_duplicate(*, article_id: int) -> Article | None:
    """Point the article at the earliest one with the same text; safe to run twice."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        logger.info("article %s is gone; nothing to compare", article_id)
        return None
    original = (
        Article.objects.filter(content_hash=article.content_hash, pk__lt=article.pk, duplicate_of=None)
        .order_by("pk")
        .first()
    )
    # Only when it changes: an UPDATE of the row would wait for an extraction holding it (a long one, minutes).
    Article.objects.filter(pk=article.pk).exclude(duplicate_of=original).update(duplicate_of=original)
    if original is not None and article.duplicate_of_id != original.pk:
        # A copy does not corroborate its original: detection may have run before the copy was known.
        detect_after_commit(article.claims.values_list("pk", flat=True), edited=True)
    return original


def reserve_claim_numbers(article: Article, count: int) -> int:
    """The first of `count` fresh numbers, taken under the article's row lock (see _next_claim_number)."""
    Article.objects.filter(pk=article.pk).update(last_claim_number=F("last_claim_number") + count)
    article.last_claim_number = Article.objects.values_list("last_claim_number", flat=True).get(pk=article.pk)
    return article.last_claim_number - count + 1


@transaction.atomic
def claim_get_or_create(*, article: Article, start: int, end: int, speaker: str = "") -> tuple[Claim, bool]:
    """Add the article's next numbered claim, or return the claim that covers this span already: one passage
    is one claim, and a selection or a POST sent twice must not number it twice."""
    claim = Claim(article=article, start=start, end=end, speaker=speaker)
    claim.full_clean(exclude=["number", "text", "prefix", "suffix"])
    lock_rows(Article, article.pk)
    stored = Claim.objects.filter(article=article, start=start, end=end).order_by("number").first()
    if stored is not None:
        return stored, False
    claim.number = _next_claim_number(article)
    claim.anchor()
    claim.save()
    return claim, True


def claim_create(*, article: Article, start: int, end: int, speaker: str = "") -> Claim:
    return claim_get_or_create(article=article, start=start, end=end, speaker=speaker)[0]


def _next_claim_number(article: Article) -> int:
    # The UPDATE locks the article row (the whole file on SQLite) until commit,
    # so two editors adding claims at once never get the same number.
    return reserve_claim_numbers(article, 1)


@transaction.atomic
def figure_get_or_create(
    *, claim: Claim, start: int, end: int, kind: str, value: Decimal | None = None,
    low: Decimal | None = None, high: Decimal | None = None, date_value: str = "",
    unit: str = "", qualifier: str = "", as_of: str = "",
) -> tuple[Figure, bool]:
    """Add a figure to a claim, or return the claim's figure that says exactly this already (same span and
    every value): the same figure twice is a form or a POST sent twice, never two figures."""
    fields = {"start": start, "end": end, "kind": kind, "value": value, "low": low, "high": high,
              "date_value": date_value, "unit": unit, "qualifier": qualifier, "as_of": as_of}
    figure = Figure(claim=claim, **fields)
    figure.full_clean(exclude=["text"])
    lock_rows(Claim, claim.pk)
    stored = Figure.objects.filter(claim=claim, **fields).order_by("pk").first()
    if stored is not None:
        return stored, False
    return _figure_save(figure), True


def figure_create(**fields: Any) -> Figure:
    return figure_get_or_create(**fields)[0]


@transaction.atomic
def figure_update(*, figure: Figure, changes: Mapping[str, Any]) -> Figure:
    figure = Figure.objects.select_for_update().select_related("claim__article").get(pk=figure.pk)
    for name, value in changes.items():
        setattr(figure, name, value)
    return _figure_save(figure)


def _figure_save(figure: Figure) -> Figure:
    figure.full_clean(exclude=["text"])
    figure.anchor()
    figure.save()
    detect_after_commit([figure.claim_id], edited=True)  # the claim's figures may now match others
    return figure
