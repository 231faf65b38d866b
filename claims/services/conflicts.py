"""Conflict detection in the database: derive what figures measure, find pairs, keep the suggestions current.

The rules live in claims.matching (pure Python); this module feeds them rows and writes what they find.
Only suggestions that detection made itself are ever replaced: confirmed, dismissed and hand-made conflicts
stay as editors left them, and a dismissed pair stays dismissed when its figures are extracted again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from sources import bulk

from ..matching import DERIVATION, blocking, explain, subjects
from ..matching.compare import Facts, Match
from ..models import Conflict, ConflictDismissal, ConflictOrigin, ConflictStatus, Figure, FigureKey

logger = logging.getLogger(__name__)

FACT_COLUMNS = ("id", "claim_id", "claim__article_id", "claim__article__duplicate_of_id", "measure", "subject",
                "text", "low_f", "high_f", "value_f", "date_value", "as_of", "claim__article__published", "start",
                "end")
DERIVE_COLUMNS = ("kind", "unit", "claim__text", "claim__article__language", "claim__article__title")
Pair = tuple[int, int]  # (older figure id, newer figure id), as Conflict stores them


@dataclass
class Outcome:
    figures: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0


def _rows(queryset, columns: Iterable[str]):
    return queryset.annotate(
        value_f=Cast("value", FloatField()), low_f=Cast("low", FloatField()), high_f=Cast("high", FloatField())
    ).values_list(*columns)


def _facts(row: tuple) -> Facts:
    (id_, claim, article, copy_of, measure, subject, text, low, high, value, date_value, as_of, published,
     start, end) = row[:15]
    terms = tuple(subject.split())
    return Facts(id_, claim, article, copy_of or article, measure, terms, frozenset(terms), text, value, low, high,
                 date_value, as_of, published, start, end)


def figures_derive(*, claim_ids: Iterable[int]) -> list[Facts]:
    """Work out each figure's measure, subject and blocking keys, store them, and return the figures."""
    rows = list(_rows(Figure.objects.filter(claim_id__in=list(claim_ids)).order_by("claim_id", "start", "id"),
                      (*FACT_COLUMNS, *DERIVE_COLUMNS)))
    by_claim: dict[int, list[tuple]] = {}
    for row in rows:
        by_claim.setdefault(row[1], []).append(row)
    facts, updates, keys = [], [], []
    for claim_rows in by_claim.values():
        text, language, title = claim_rows[0][17:20]
        spec = [(row[15], row[16], row[10], row[11]) for row in claim_rows]
        for row, (measure, terms) in zip(claim_rows, subjects.derive(text, language, spec, title), strict=True):
            subject = " ".join(terms)
            updates.append({"id": row[0], "measure": measure, "subject": subject, "derived": DERIVATION})
            unique = dict.fromkeys(blocking.keys(measure, terms, row[2]))
            keys += [{"key": key, "figure_id": row[0]} for key in unique]
            facts.append(_facts((*row[:4], measure, subject, *row[6:15])))
    ids = [update["id"] for update in updates]
    FigureKey.objects.filter(figure_id__in=ids).delete()
    bulk.update(Figure, updates, ["measure", "subject", "derived"])
    bulk.insert(FigureKey, keys, ["key", "figure_id"])
    return facts


def _candidates(figures: list[Facts], *, newer: bool = False) -> dict[int, list[int]]:
    """For each figure, the ids filed under its uncommon keys: older figures, or with `newer` the newer ones."""
    parts, params, owners = [], [], []
    direction, order = (">", "ASC") if newer else ("<", "DESC")
    for figure in figures:
        for key in dict.fromkeys(blocking.keys(figure.measure, figure.subject, figure.article)):
            parts.append(f"SELECT %s AS k, figure_id FROM (SELECT figure_id FROM claims_figurekey WHERE key = %s "
                         f"AND figure_id {direction} %s ORDER BY figure_id {order} LIMIT %s) AS q{len(parts)}")
            params += [len(owners), key, figure.id, blocking.COMMON + 1]
            owners.append(figure.id)
    found: dict[int, list[int]] = {figure.id: [] for figure in figures}
    if not parts:
        return found
    per_key: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(parts), 400):  # SQLite allows 999 parameters and 500 compound terms
            cursor.execute(" UNION ALL ".join(parts[start : start + 400]), params[start * 4 : (start + 400) * 4])
            for index, figure_id in cursor.fetchall():
                per_key.setdefault(index, []).append(figure_id)
    for index, members in per_key.items():
        if len(members) <= blocking.COMMON:  # a key more figures share says nothing particular
            found[owners[index]] += members
    return {owner: list(dict.fromkeys(members)) for owner, members in found.items()}


def _load(ids: Iterable[int]) -> dict[int, Facts]:
    ids = list(set(ids))
    facts = {}
    for start in range(0, len(ids), 5000):
        for row in _rows(Figure.objects.filter(pk__in=ids[start : start + 5000]), FACT_COLUMNS):
            facts[row[0]] = _facts(row)
    return facts


def _matches(targets: list[Facts]) -> tuple[dict[Pair, tuple[Facts, Facts, Match]], set[int]]:
    candidates = _candidates(targets)
    known = _load(i for ids in candidates.values() for i in ids)
    found = {}
    for figure in targets:
        others = [known[i] for i in candidates[figure.id] if i in known]
        for other, match in blocking.best(figure, others):
            found[(other.id, figure.id)] = (other, figure, match)
    return found, {figure.id for figure in targets}


@transaction.atomic
def conflicts_detect(*, claim_ids: Iterable[int], edited: bool = False) -> Outcome:
    """Derive the claims' figures and bring their suggested conflicts up to date.

    Each figure is matched against older figures. After an edit, newer figures that matched (or now may
    match) the edited ones are matched again too, since their choice of best matches may change.
    """
    targets = figures_derive(claim_ids=claim_ids)
    found, newer_ids = _matches(targets)
    outcome = _reconcile(found, Conflict.objects.filter(figure_b__in=newer_ids))
    outcome.figures = len(targets)
    if edited and targets:
        affected = {i for ids in _candidates(targets, newer=True).values() for i in ids}
        affected |= set(Conflict.objects.filter(figure_a__in=newer_ids).values_list("figure_b_id", flat=True))
        again = list(_load(affected).values())
        found, again_ids = _matches(again)
        more = _reconcile(found, Conflict.objects.filter(figure_b__in=again_ids))
        outcome.created, outcome.updated, outcome.removed = (
            outcome.created + more.created, outcome.updated + more.updated, outcome.removed + more.removed)
    return outcome


def _reconcile(found: dict[Pair, tuple[Facts, Facts, Match]], existing) -> Outcome:
    """Make the stored suggestions for these figures what detection found; leave decisions alone."""
    outcome = Outcome()
    stale, updates = [], []
    rows = existing.values_list("id", "figure_a_id", "figure_b_id", "status", "origin", "kind", "score")
    for id_, a, b, status, origin, kind, score in rows:
        hit = found.pop((a, b), None)
        if status != ConflictStatus.SUGGESTED or origin != ConflictOrigin.DETECTED:
            continue  # an editor's decision or addition: detection never rewrites it
        if hit is None:
            stale.append(id_)
        elif (kind, score) != (hit[2].kind, hit[2].score):
            updates.append({"id": id_, **_fields(*hit)})
    if stale:
        Conflict.objects.filter(pk__in=stale).delete()
    bulk.update(Conflict, updates, ["kind", "score", "explanation", "details"])
    dismissed = _dismissed(found.values())
    new = [{"figure_a_id": a, "figure_b_id": b, "status": ConflictStatus.SUGGESTED,
            "origin": ConflictOrigin.DETECTED, **_fields(*hit)}
           for (a, b), hit in found.items() if _anchor(hit[0], hit[1]) not in dismissed]
    _insert(new)
    outcome.created, outcome.updated, outcome.removed = len(new), len(updates), len(stale)
    return outcome


def _fields(older: Facts, newer: Facts, match: Match) -> dict:
    return {"kind": match.kind, "score": match.score, "explanation": explain.explanation(older, newer, match),
            "details": explain.details(older, newer, match)}


def _anchor(a: Facts, b: Facts) -> str:
    return ConflictDismissal.anchor_of((a.article, a.start, a.end), (b.article, b.start, b.end))


def _dismissed(hits: Iterable[tuple[Facts, Facts, Match]]) -> set[str]:
    """Anchors among these pairs that an editor dismissed before, perhaps on figures since extracted anew."""
    if not ConflictDismissal.objects.exists():
        return set()
    anchors = [_anchor(older, newer) for older, newer, _ in hits]
    dismissed = set()
    for start in range(0, len(anchors), 500):
        chunk = anchors[start : start + 500]
        dismissed |= set(ConflictDismissal.objects.filter(anchor__in=chunk).values_list("anchor", flat=True))
    return dismissed


def _insert(rows: list[dict]) -> None:
    now = timezone.now()
    for row in rows:
        row["created_at"] = row["updated_at"] = now
        row["note"] = ""
    fields = ["figure_a_id", "figure_b_id", "status", "origin", "kind", "score", "explanation", "details", "note",
              "created_at", "updated_at"]
    # Two workers detecting for two new claims may find the same pair: the first one keeps it.
    bulk.insert(Conflict, rows, fields, unique=["figure_a", "figure_b"])


def conflicts_recompute(*, progress: Callable[[str, int, int], None] | None = None) -> Outcome:
    """Derive what is not derived yet, then match every figure against the older ones from scratch."""
    report = progress or (lambda stage, done, total: None)
    _derive_missing(report)
    # Figures that arrive while this runs are the incremental task's: their suggestions are left alone.
    last = Figure.objects.order_by("-id").values_list("id", flat=True).first() or 0
    total = Figure.objects.filter(id__lte=last).count()
    figures = _rows(Figure.objects.exclude(measure="").filter(id__lte=last).order_by("id"), FACT_COLUMNS)
    found = {(older.id, newer.id): (older, newer, match)
             for newer, older, match in blocking.full_pass(_counted(figures.iterator(chunk_size=20000), total, report))}
    with transaction.atomic():
        outcome = _reconcile(found, Conflict.objects.filter(figure_b_id__lte=last))
    outcome.figures = total
    return outcome


def _counted(rows, total: int, report: Callable[[str, int, int], None]) -> Iterable[Facts]:
    done = 0
    for done, row in enumerate(rows, 1):
        yield _facts(row)
        if done % 50000 == 0:
            report("match", done, total)
    report("match", done, total)


def _derive_missing(report: Callable[[str, int, int], None]) -> None:
    claims = sorted(set(Figure.objects.exclude(derived=DERIVATION).values_list("claim_id", flat=True)))
    for start in range(0, len(claims), 2000):
        with transaction.atomic():
            figures_derive(claim_ids=claims[start : start + 2000])
        report("derive", min(start + 2000, len(claims)), len(claims))


def dismissal_remember(conflict: Conflict, *, dismissed: bool) -> None:
    a, b = conflict.figure_a, conflict.figure_b
    anchor = ConflictDismissal.anchor_of((a.claim.article_id, a.start, a.end), (b.claim.article_id, b.start, b.end))
    if dismissed:
        ConflictDismissal.objects.get_or_create(anchor=anchor)
    else:
        ConflictDismissal.objects.filter(anchor=anchor).delete()


def detect_after_commit(claim_ids: Iterable[int], *, edited: bool = False) -> None:
    from ..tasks import detect_conflicts_task

    ids = sorted(set(claim_ids))
    if ids:
        transaction.on_commit(lambda: detect_conflicts_task.delay(ids, edited))
