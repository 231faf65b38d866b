"""Conflicts linked by hand, edited and decided by editors: confirmed, dismissed or suggested again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.locking import lock_rows, save_or_explain

from ..models import Conflict, ConflictStatus, Figure
from .conflicts import dismissal_remember


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
