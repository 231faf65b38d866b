"""Detection's own suggestions (Conflict rows it made) as it reads and writes them: in bulk, unrecorded."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import timezone

from common import bulk

from ..models import Conflict, ConflictDismissal
from .figures import chunks

FIELDS = ["figure_a_id", "figure_b_id", "status", "origin", "kind", "score", "explanation", "details", "note",
          "created_at", "updated_at"]


def raw_rows(queryset) -> list[tuple]:
    """The rows of a values_list query without the ORM's work per row (the recompute reads millions)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def suggestions_delete(ids: list[int]) -> int:
    """Delete these suggestions, those still detection's: a reviewer may have decided one since it was read,
    and the filter keeps that decision."""
    return unrecorded_delete(Conflict.objects.detected_suggestions().filter(pk__in=ids))


def suggestions_update(updates: list[dict]) -> list[dict]:
    """Write each suggestion's new kind, score, explanation and details, of those still detection's (locked
    first, as a reviewer may be deciding one); the updates written."""
    if updates:
        still = set(Conflict.objects.detected_suggestions().select_for_update()
                    .filter(pk__in=[u["id"] for u in updates]).values_list("pk", flat=True))
        updates = [update for update in updates if update["id"] in still]
    bulk.update(Conflict, updates, ["kind", "score", "explanation", "details"])
    return updates


def suggestions_insert(rows: list[dict]) -> None:
    now = timezone.now()
    for row in rows:
        row["created_at"] = row["updated_at"] = now
        row["note"] = ""
    # Two workers detecting for two new claims may find the same pair: the first one keeps it.
    bulk.insert(Conflict, rows, FIELDS, unique=["figure_a", "figure_b"])


def dismissed_anchors(anchors: Iterable[str]) -> set[str]:
    """Those of these anchors an editor dismissed before. `anchors` may be a generator: it is not read at all
    when nothing was ever dismissed."""
    if not ConflictDismissal.objects.exists():  # mostly none: one query instead of one per 500 pairs
        return set()
    dismissed = set()
    for chunk in chunks(anchors):
        dismissed |= set(ConflictDismissal.objects.filter(anchor__in=chunk).values_list("anchor", flat=True))
    return dismissed


def unrecorded_delete(suggestions) -> int:
    """Delete detection's own suggestions without a history row each: detection writes them in bulk, unrecorded,
    and rewrites them at every pass; history is for what people decide. (Django's delete() would load every row
    to send the signals history listens to.)"""
    return suggestions._raw_delete(suggestions.db)
