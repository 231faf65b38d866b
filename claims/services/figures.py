"""Figures where editors are: a claim made from a selection gets the figures extraction finds in it, and a figure
is added or corrected from a selection in the claim's text. Each write is one transaction with its history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .. import extraction
from ..models import Article, Claim, Figure
from .conflicts import detect_after_commit
from .ingest import EXTRACTED, _figure_row, _fits
from .rows import claim_get_or_create, figure_get_or_create, figure_update

# What an editor gives for a figure besides its span (the columns of Figure an editor may set).
FIGURE_VALUES = ("kind", "value", "low", "high", "date_value", "unit", "qualifier", "as_of")


@transaction.atomic
def claim_from_selection(*, article: Article, start: int, end: int, speaker: str = "",
                         user=None) -> tuple[Claim, bool, list[Figure]]:
    """The article's next claim from a selected passage, with the figures whole-article extraction finds in that
    passage; or the claim that covers it already (nothing added)."""
    claim, created = claim_get_or_create(article=article, start=start, end=end, speaker=speaker)
    if not created:
        return claim, False, []
    return claim, True, claim_figures_extract(claim=claim, user=user)


def claim_figures_extract(*, claim: Claim, user=None) -> list[Figure]:
    """Store the figures extraction finds inside the claim's span that the claim lacks (by span), read with the
    article's language and publication date, as extracting the whole article would read them."""
    article = claim.article
    found = extraction.figures_within(article.text, claim.start, claim.end, language=article.language,
                                      published=article.published)
    present = set(claim.figures.values_list("start", "end"))
    rows = [_figure_row(claim, f, article.text) for f in found if _fits(f) and (f.start, f.end) not in present]
    if not rows:
        return []
    figures = bulk_create_with_history(rows, Figure, default_user=user, default_change_reason=EXTRACTED)
    detect_after_commit([claim.pk])
    return figures


def figure_reading(*, claim: Claim, start: int, end: int) -> extraction.Figure | None:
    """What the extractor reads in a selection of the claim's text (nothing is stored)."""
    article = claim.article
    return extraction.read_selection(article.text, start, end, language=article.language,
                                     published=article.published)


def selection_in_claim(claim: Claim, start: int, end: int) -> tuple[int, int]:
    """The selection with the spaces around it dropped, or a message if it leaves the claim's text."""
    text = claim.article.text
    if not claim.start <= start < end <= claim.end:
        raise ValidationError(_("Select the figure inside the claim's text (characters %(start)s to %(end)s).")
                              % {"start": claim.start, "end": claim.end})
    return trimmed(text, start, end)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection without the spaces a double click or a drag takes along; a message if it holds only spaces."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError(_("The selection holds only spaces."))
    return start, end


@transaction.atomic
def figure_from_selection(*, claim: Claim, start: int, end: int, values: Mapping[str, Any],
                          figure: Figure | None = None) -> tuple[Figure, bool]:
    """Add a figure at the selected span with the values the editor confirmed, or correct `figure` (one of the
    claim's) to that span and those values. Returns the figure and whether it is new."""
    start, end = selection_in_claim(claim, start, end)
    fields = {name: values.get(name) for name in FIGURE_VALUES}
    for name in ("date_value", "unit", "qualifier", "as_of"):
        fields[name] = fields[name] or ""
    if figure is None:
        return figure_get_or_create(claim=claim, start=start, end=end, **fields)
    if figure.claim_id != claim.pk:
        raise ValidationError(_("That figure belongs to another claim."))
    return figure_update(figure=figure, changes={"start": start, "end": end, **fields}), False


def figure_delete(*, figure: Figure) -> None:
    """Delete a figure an editor removed from its claim; its conflicts go with it (cascade, each in history)."""
    figure.delete()
