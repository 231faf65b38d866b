"""Writes to articles, claims, figures and conflicts. Admin, API, tasks and commands all come here."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.locking import lock_rows, save_or_explain  # noqa: F401  (callers import one module: claims.services)

from ..models import Article, Claim, Conflict, ConflictStatus, Figure

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


def _reserve_claim_numbers(article: Article, count: int) -> int:
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
    return _reserve_claim_numbers(article, 1)


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


@transaction.atomic
def conflict_get_or_create(
    *, figure_a: Figure, figure_b: Figure, kind: str, explanation: str = "", note: str = ""
) -> tuple[Conflict, bool]:
    """Link two figures by hand, or return their link if this very one (kind, explanation and note) is
    stored already. Another link of the same pair is refused: a pair has one conflict."""
    conflict = Conflict(figure_a=figure_a, figure_b=figure_b, kind=kind, explanation=explanation, note=note)
    conflict.clean()  # orders the pair and refuses a figure paired with itself
    lock_rows(Figure, conflict.figure_a_id, conflict.figure_b_id)
    same = {"figure_a_id": conflict.figure_a_id, "figure_b_id": conflict.figure_b_id, "kind": kind,
            "explanation": explanation, "note": note}
    stored = Conflict.objects.filter(**same).first()
    if stored is not None:
        return stored, False
    conflict.full_clean()  # refuses the pair if another link holds it
    save_or_explain(conflict)  # detection takes no lock: it may have suggested the pair a moment ago
    return conflict, True


def conflict_create(**fields: Any) -> Conflict:
    return conflict_get_or_create(**fields)[0]


def conflict_update(*, conflict: Conflict, user) -> Conflict:
    """Save an editor's change to a conflict (its pair, kind, explanation or note) as the admin's form checked and
    set it; a decision goes through conflict_decide."""
    conflict._history_user = user
    conflict.save()
    return conflict


@transaction.atomic
def conflict_decide(*, conflict: Conflict, user, status: str, note: str = "") -> Conflict:
    if not user.has_perm("claims.decide_conflict"):
        raise PermissionDenied(_("Only reviewers confirm or dismiss conflicts."))
    if status not in ConflictStatus.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    conflict.status = status
    conflict.note = note or conflict.note
    decided = status != ConflictStatus.SUGGESTED
    conflict.decided_by = user if decided else None
    conflict.decided_at = timezone.now() if decided else None
    conflict._history_user = user
    conflict.full_clean()
    conflict.save()
    # Remembered by where the figures stand, so extracting the articles again cannot bring the pair back.
    dismissal_remember(conflict, dismissed=status == ConflictStatus.DISMISSED)
    return conflict


from .conflicts import (  # noqa: E402,F401  (callers import one module: claims.services)
    conflicts_detect,
    detect_after_commit,
    dismissal_remember,
    figures_derive,
)
from .figures import (  # noqa: E402,F401
    claim_figures_extract,
    claim_from_selection,
    figure_delete,
    figure_from_selection,
    figure_reading,
)
from .ingest import (  # noqa: E402,F401
    EXTRACTED,
    SUBMITTED_ARTICLE_FIELDS,
    article_create,
    article_extract,
    article_extract_later,
    article_extract_or_queue,
    article_extract_queued,
    article_extraction_failed,
    article_get_or_create,
    article_ingest,
    article_ingest_later,
    article_update,
    extract_now_or_later,
    extracts_in_background,
    storable,
)
from .links import claims_link, name_key, named_source_resolve  # noqa: E402,F401
from .recompute import conflicts_recompute  # noqa: E402,F401
from .review import (  # noqa: E402,F401
    StaleEdit,
    claim_delete,
    claim_restore,
    claim_update,
    claim_update_check,
    deletion_refusal,
)
from .web import (  # noqa: E402,F401
    Given,
    article_from_html,
    article_from_markdown,
    article_from_url,
    article_from_web,
    page_fetch,
    page_read,
)
