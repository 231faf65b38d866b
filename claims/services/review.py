"""Editing and reviewing a claim: the workflow, who may do what, edits made from a stale copy, restoring."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sources.models import Citation, Source

from ..models import NEXT_STATUSES, VERDICTS, Article, Claim, Conflict, Figure, ReviewStatus
from .conflicts import detect_after_commit

CLAIM_EDITABLE = frozenset({"speaker", "start", "end", "status", "verdict_note", "review_url"})
# claim_delete deletes a claim's conflicts, citations and figures just before the claim, in one transaction.
CASCADE_WINDOW = timedelta(seconds=30)


class StaleEdit(ValidationError):
    """The claim changed after the editor opened it; saving would overwrite someone else's work."""


@transaction.atomic
def claim_update(*, claim: Claim, user, changes: Mapping[str, Any], version: int | None = None) -> Claim:
    """Change a claim. With `version` (the one the editor opened) a claim changed since then is refused."""
    # Work on the stored row, locked: the caller's copy may be stale or already edited.
    stored = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
    if version is not None and stored.version != version:
        raise stale_edit(stored, version)
    before = (stored.start, stored.end)
    claim = _changed(stored, user, changes)
    claim._history_user = user
    claim.full_clean(exclude=["number", "text", "prefix", "suffix"])
    claim.anchor()
    claim.save()
    if (claim.start, claim.end) != before:
        detect_after_commit([claim.pk], edited=True)  # other words, maybe another subject
    return claim


def claim_update_check(*, claim: Claim, user, changes: Mapping[str, Any]) -> None:
    """Refuse what claim_update would refuse for this user, without saving: forms show the reason in place."""
    try:
        _changed(copy.copy(claim), user, changes)
    except PermissionDenied as exc:
        raise ValidationError(str(exc)) from exc


def _changed(claim: Claim, user, changes: Mapping[str, Any]) -> Claim:
    unknown = set(changes) - CLAIM_EDITABLE
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    before = (claim.status, claim.verdict_note, claim.start, claim.end)
    page = claim.review_url
    for name, value in changes.items():
        setattr(claim, name, value)
    after = (claim.status, claim.verdict_note, claim.start, claim.end)
    if after != before:
        _check_review(claim, before, user)
    if claim.review_url != page and not user.has_perm("claims.set_verdict"):
        raise PermissionDenied(_("Only reviewers set the public page of a verdict."))
    return claim


def _check_review(claim: Claim, before: tuple, user) -> None:
    """A verdict, its note and the span it judges are the reviewers'; statuses follow the workflow."""
    old_status, old_note = before[0], before[1]
    verdict_involved = claim.status in VERDICTS or old_status in VERDICTS
    if (verdict_involved or claim.verdict_note != old_note) and not user.has_perm("claims.set_verdict"):
        raise PermissionDenied(_("Only reviewers set or change a verdict, its note or the span it judges."))
    if claim.status != old_status and claim.status not in NEXT_STATUSES.get(old_status, ()):
        allowed = ", ".join(sorted(str(ReviewStatus(s).label) for s in NEXT_STATUSES.get(old_status, ())))
        raise ValidationError({"status": _(
            "A claim that is {old} cannot become {new} directly; next can be: {allowed}. Put it in review before "
            "giving a verdict."
        ).format(old=ReviewStatus(old_status).label.lower(), new=ReviewStatus(claim.status).label.lower(),
                 allowed=allowed)})
    if claim.status in VERDICTS:
        if (claim.status, claim.verdict_note) != (old_status, old_note) or claim.reviewer_id is None:
            claim.reviewer, claim.reviewed_at = user, timezone.now()
    else:
        claim.reviewer, claim.reviewed_at = None, None


def stale_edit(stored: Claim, seen: int) -> StaleEdit:
    last = stored.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    who = getattr(last.history_user, "username", "") if last else ""
    when = timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M:%S") if last else ""
    by = _(" ({who} at {when})").format(who=who or _("a background task"), when=when) if last else ""
    return StaleEdit(
        _("Claim #{ref} was changed by someone else since you opened it{by}: you opened version {seen}, it is now "
          "at version {version}. Nothing was saved; reload to see the change, then make yours again.").format(
            ref=stored.ref, by=by, seen=seen, version=stored.version),
        code="stale",
    )


def deleted_with(claim_id: int) -> str:
    """The history note on the rows that go with a deleted claim: restore brings back exactly those."""
    return f"Deleted with claim {claim_id}"


@transaction.atomic
def claim_delete(*, claim: Claim, user) -> None:
    """Delete a claim with its conflicts, citations and figures, each recorded in history as going with it."""
    why = deletion_refusal(user=user, claims=[claim])
    if why:
        raise PermissionDenied(why)
    tag = deleted_with(claim.pk)
    figures = list(claim.figures.all())
    conflicts = Conflict.objects.touching(figure.pk for figure in figures)
    for row in [*conflicts, *claim.citations.all(), *figures, claim]:
        row._change_reason, row._history_user = tag, user
        row.delete()


@transaction.atomic
def claim_restore(*, claim_id: int, user=None) -> Claim:
    """Bring a deleted claim back from history with its number and the figures, citations and conflicts that
    went with it (claim_delete). The number was never handed out again (Article.last_claim_number only grows)."""
    deletion = Claim.history.filter(id=claim_id, history_type="-").order_by("-history_date").first()
    if deletion is None:
        raise ValidationError(_("History has no deleted claim with id {id}.").format(id=claim_id))
    # The article's row lock makes two restores of one claim wait for each other instead of colliding.
    if not Article.objects.select_for_update().filter(pk=deletion.article_id).exists():
        raise ValidationError(
            _("The article of claim {id} is deleted too; restore cannot bring it back.").format(id=claim_id))
    if Claim.objects.filter(pk=claim_id).exists():
        raise ValidationError(_("Claim {id} exists; there is nothing to restore.").format(id=claim_id))
    claim = deletion.instance
    if claim.status in VERDICTS and not (user and user.has_perm("claims.set_verdict")):
        raise PermissionDenied(_("Claim #{ref} had a verdict: only reviewers restore it.").format(ref=claim.ref))
    claim.version = deletion.version + 1
    claim.reviewer_id = _still_a_user(claim.reviewer_id)
    _save_restored(claim, user, "Restored from history")
    went = {"history_type": "-", "history_change_reason": deleted_with(claim_id),
            "history_date__range": (deletion.history_date - CASCADE_WINDOW, deletion.history_date)}
    figure_ids = _restore_rows(Figure.history.filter(claim_id=claim_id, **went), user)
    sources = set(Source.objects.filter(
        pk__in=Citation.history.filter(claim_id=claim_id, **went).values("source_id")).values_list("pk", flat=True))
    _restore_rows(Citation.history.filter(claim_id=claim_id, source_id__in=sources, **went), user)
    _restore_conflicts(figure_ids, user)
    detect_after_commit([claim.pk], edited=True)
    return claim


def _still_a_user(user_id: int | None) -> int | None:
    """A user id from history, or None if that account is gone (the foreign key would refuse it)."""
    return user_id if user_id and get_user_model().objects.filter(pk=user_id).exists() else None


def _save_restored(row, user, reason: str) -> None:
    row._change_reason, row._history_user = reason, user
    row.save(force_insert=True)


def _restore_rows(records, user) -> set[int]:
    restored = set()
    for record in last_words(list(records)):
        row = record.instance
        if not type(row).objects.filter(pk=row.pk).exists():
            _save_restored(row, user, "Restored with its claim")
            restored.add(row.pk)
    return restored


def last_words(records: list) -> list:
    """The records that are their row's latest: a row restored and deleted again since (by hand, say) has a
    newer record, and that one decides."""
    if not records:
        return []
    latest = {}
    history = type(records[0]).objects.filter(id__in={r.id for r in records})
    for row_id, history_id in history.order_by("-history_date", "-history_id").values_list("id", "history_id"):
        latest.setdefault(row_id, history_id)
    return [r for r in records if latest.get(r.id) == r.history_id]


def _restore_conflicts(figure_ids: set[int], user) -> None:
    """Conflicts that went with a claim's deletion (this claim's or, for a pair of deleted claims, the other's)
    and whose two figures are both back."""
    if not figure_ids:
        return
    records = list(Conflict.history.filter(
        Q(figure_a_id__in=figure_ids) | Q(figure_b_id__in=figure_ids),
        history_type="-", history_change_reason__startswith=deleted_with(""),
    ).order_by("-history_date"))
    needed = {pk for r in records for pk in (r.figure_a_id, r.figure_b_id)}
    present = set(Figure.objects.filter(pk__in=needed).values_list("pk", flat=True))
    # Only where that deletion is the conflict's last word: one deleted again by hand since stays deleted.
    for record in last_words(records):
        conflict = record.instance
        conflict.decided_by_id = _still_a_user(conflict.decided_by_id)  # the decision and its time stay
        pair = {"figure_a_id": conflict.figure_a_id, "figure_b_id": conflict.figure_b_id}
        if set(pair.values()) <= present and not Conflict.objects.filter(Q(pk=conflict.pk) | Q(**pair)).exists():
            _save_restored(conflict, user, "Restored with its claim")


def deletion_refusal(*, user, claims=(), figures=()) -> str:
    """Why this user may not delete these claims or figures, or "" if they may.

    A verdict is the reviewers' to erase, and a decided conflict goes with its figures: deleting it needs the
    permission Django's own delete pages ask for (claims.delete_conflict), which no desk role has."""
    claims = [c for c in claims if c.pk]
    judged = [c for c in claims if c.status in VERDICTS]
    if judged and not user.has_perm("claims.set_verdict"):
        refs = ", ".join(f"#{c.number}" for c in judged)
        return _("Claim {refs} has a verdict: only reviewers delete a claim with a verdict.").format(refs=refs)
    figure_ids = {f.pk for f in figures if f.pk} | set(
        Figure.objects.filter(claim__in=[c.pk for c in claims]).values_list("pk", flat=True))
    decided = Conflict.objects.touching(figure_ids).exclude(status="suggested")
    if figure_ids and not user.has_perm("claims.delete_conflict") and decided.exists():
        count = decided.count()
        return ngettext("This would delete %(count)d conflict a reviewer confirmed or dismissed; set it back to "
                        "suggested first, or ask an administrator.",
                        "This would delete %(count)d conflicts a reviewer confirmed or dismissed; set them back to "
                        "suggested first, or ask an administrator.", count) % {"count": count}
    return ""

