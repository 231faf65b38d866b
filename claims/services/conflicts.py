"""Conflict detection in the database: derive what figures measure, find pairs, keep the suggestions current.

The rules live in claims.matching (pure Python); this module feeds them the figures claims.store reads and
has the store write what they find.
Only suggestions that detection made itself are ever replaced: confirmed, dismissed and hand-made conflicts
stay as editors left them, and a dismissed pair stays dismissed when its figures are extracted again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from .. import store
from ..matching import DERIVATION, STALE, blocking, explain, subjects
from ..matching.compare import Facts, Match
from ..models import Conflict, ConflictDismissal, ConflictKind, ConflictOrigin, ConflictStatus, Figure
from ..store import DeriveRow
from . import alerts

Pair = tuple[int, int]  # (older figure id, newer figure id), as Conflict stores them
Found = dict[Pair, tuple[Facts, Facts, Match]]
DETECT_BATCH = 1_000  # claims per detection task: about 6 s of work, well inside the task's time limit


@dataclass
class Outcome:
    figures: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0

    def add(self, other: Outcome) -> None:
        self.created += other.created
        self.updated += other.updated
        self.removed += other.removed


def figures_derive(*, claim_ids: Iterable[int]) -> list[Facts]:
    """Work out each figure's measure, subject and blocking keys, store them, and return the figures."""
    return _derive(claim_ids)[0]


def _derive(claim_ids: Iterable[int], *, lock: bool = False, quick: bool = False) -> tuple[list[Facts], bool]:
    """The derived figures, and whether any of them had been derived before (new ones have no suggestions).
    With `lock`, the figures are read under the detection lock shared with other tasks (see store.LOCK)."""
    rows = sorted(store.derive_rows(claim_ids, lock=lock, quick=quick), key=lambda row: (row.claim, row.start, row.id))
    by_claim: dict[int, list[DeriveRow]] = {}
    for row in rows:
        by_claim.setdefault(row.claim, []).append(row)
    derived, updates, keys = [], [], []
    for claim_rows in by_claim.values():
        claim = claim_rows[0]
        spec = [subjects.Spec(row.kind, row.unit, row.date_value, row.as_of, row.start - claim.claim_start,
                              row.end - claim.claim_start) for row in claim_rows]
        for row, (measure, terms) in zip(claim_rows, subjects.derive(
                claim.claim_text, claim.language, spec, claim.title, claim.speaker, _day(claim.published),
                claim.lead, subjects.paragraph(claim.before, claim.after), claim.claim_start < len(claim.title)),
                strict=True):
            subject = " ".join(terms)
            updates.append({"id": row.id, "measure": measure, "subject": subject, "derived": DERIVATION})
            keys += [{"key": key, "figure_id": row.id}
                     for key in dict.fromkeys(blocking.keys(measure, terms, row.article))]
            derived.append(store.as_facts(row._replace(measure=measure, subject=subject)))
    seen_before = any(row.derived for row in rows)
    store.derived_write(updates, keys, replace=seen_before)  # a new claim's figures have no keys yet
    return derived, seen_before


def _day(value) -> date | None:
    """A publication date as SQLite or PostgreSQL returns it."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _candidates(figures: list[Facts], *, newer: bool = True) -> tuple[dict[int, list[Facts]], set[int]]:
    """For each figure, the figures it is compared with (store.candidates_read); with `newer`, also the ids of
    the newer figures whose window it falls in, which choose again when it changes or arrives late."""
    wanted = [(figure.id, key) for figure in figures
              for key in dict.fromkeys(blocking.keys(figure.measure, figure.subject, figure.article))]
    return store.candidates_read(figures, wanted, newer=newer)


def _matches(targets: list[Facts], candidates: dict[int, list[Facts]]) -> Found:
    found = {}
    for figure in targets:
        for other, match in blocking.best(figure, candidates[figure.id]):
            found[(other.id, figure.id)] = (other, figure, match)
    return found


@transaction.atomic
def conflicts_detect(*, claim_ids: Iterable[int], edited: bool = False) -> Outcome:
    """Derive the claims' figures and bring their suggested conflicts up to date.

    Each figure is matched against older figures. Newer figures that may now see it are matched again too:
    after an edit their choice may change, and a task that ran before this claim's article was committed
    could not see it at all.
    """
    # The lock is taken with the first read: a recompute holding it alone waits for this task, and this task
    # for it, before anything is read. No figures, no lock: nothing is read or written then. Only a transaction
    # of detection's own commits without waiting for the disk: one around it may hold an editor's work.
    own = not connection.savepoint_ids  # atomic() opened no savepoint: the transaction began here
    targets, seen_before = _derive(claim_ids, lock=True, quick=own)
    outcome = Outcome(figures=len(targets))
    if not targets:
        return outcome
    ids = [figure.id for figure in targets]
    older, affected = _candidates(targets)
    # Figures never derived before have no detected suggestions to bring up to date, only new ones.
    existing = Conflict.objects.filter(figure_b__in=ids) if seen_before else Conflict.objects.none()
    outcome.add(reconcile(_matches(targets, older), existing))
    if edited:
        affected |= set(Conflict.objects.filter(figure_a__in=ids).values_list("figure_b_id", flat=True))
    affected -= set(ids)  # matched just now
    if affected:
        again = list(store.facts_by_id(affected).values())
        older, _ = _candidates(again, newer=False)
        outcome.add(reconcile(_matches(again, older), Conflict.objects.filter(figure_b__in=[f.id for f in again])))
    return outcome


def reconcile(found: Found, existing, *, existing_only: bool = False) -> Outcome:
    """Make the stored suggestions for these figures what detection found; leave decisions alone.

    With `existing_only`, pairs whose figures were deleted since they were read are dropped (the recompute
    reads long before it writes)."""
    outcome = Outcome()
    stale, updates = [], []
    for id_, a, b, status, origin, kind, score in store.raw_rows(
            existing.values_list("id", "figure_a_id", "figure_b_id", "status", "origin", "kind", "score")):
        hit = found.pop((a, b), None)
        if status != ConflictStatus.SUGGESTED or origin != ConflictOrigin.DETECTED:
            continue  # an editor's decision or addition: detection never rewrites it
        if hit is None:
            stale.append(id_)
        elif (kind, score) != (hit[2].kind, hit[2].score):
            updates.append({"id": id_, **_fields(*hit)})
    if stale:
        store.suggestions_delete(stale)
    updates = store.suggestions_update(updates)
    if existing_only:
        present = store.figures_present({i for pair in found for i in pair})
        found = {pair: hit for pair, hit in found.items() if pair[0] in present and pair[1] in present}
    dismissed = store.dismissed_anchors(_anchor(older, newer) for older, newer, _ in found.values()) if found else set()
    new = [{"figure_a_id": a, "figure_b_id": b, "status": ConflictStatus.SUGGESTED,
            "origin": ConflictOrigin.DETECTED, **_fields(*hit)}
           for (a, b), hit in found.items() if _anchor(hit[0], hit[1]) not in dismissed]
    store.suggestions_insert(new)
    if not existing_only:
        # Detection on new or edited claims tells people; the recompute re-derives the whole desk and would
        # bury them (a pair alerted once is keyed, so it is never news twice either way).
        alerts.contradictions_suggested((row["figure_a_id"], row["figure_b_id"]) for row in new
                                        if row["kind"] == ConflictKind.CONTRADICTION)
    outcome.created, outcome.updated, outcome.removed = len(new), len(updates), len(stale)
    return outcome


def _fields(older: Facts, newer: Facts, match: Match) -> dict:
    facts = explain.details(older, newer, match)
    return {"kind": match.kind, "score": match.score, "explanation": explain.explanation(older, newer, match, facts),
            "details": facts}


def _anchor(a: Facts, b: Facts) -> str:
    return ConflictDismissal.anchor_of((a.article, a.start, a.end), (b.article, b.start, b.end))


def dismissal_remember(conflict: Conflict, *, dismissed: bool) -> None:
    a, b = conflict.figure_a, conflict.figure_b
    anchor = ConflictDismissal.anchor_of((a.claim.article_id, a.start, a.end), (b.claim.article_id, b.start, b.end))
    if dismissed:
        ConflictDismissal.objects.get_or_create(anchor=anchor)
    else:
        ConflictDismissal.objects.filter(anchor=anchor).delete()


def detect_after_commit(claim_ids: Iterable[int], *, edited: bool = False) -> None:
    """Detection for these claims after the commit, DETECT_BATCH claims per task: an article of 100,000 claims
    is many short tasks that fit the task's time limit (and spread over workers), not one that never ends.
    Splitting changes nothing found: each figure is matched against the figures before it, whichever task
    matches them."""
    from ..tasks import detect_conflicts_task

    ids = sorted(set(claim_ids))
    for start in range(0, len(ids), DETECT_BATCH):
        batch = ids[start : start + DETECT_BATCH]
        if edited:
            # Due again: should the task be lost, the nightly recompute finds these figures and detects them.
            Figure.objects.filter(claim_id__in=batch, derived__gt=STALE).update(derived=STALE)
        transaction.on_commit(lambda batch=batch: detect_conflicts_task.delay(batch, edited))
