"""Conflict detection in the database: derive what figures measure, find pairs, keep the suggestions current.

The rules live in claims.matching (pure Python); this module feeds them rows and writes what they find.
Only suggestions that detection made itself are ever replaced: confirmed, dismissed and hand-made conflicts
stay as editors left them, and a dismissed pair stays dismissed when its figures are extracted again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.utils import timezone

from sources import bulk

from ..matching import DERIVATION, STALE, blocking, explain, subjects
from ..matching.compare import Facts, Match, facts
from ..models import Conflict, ConflictDismissal, ConflictKind, ConflictOrigin, ConflictStatus, Figure, FigureKey
from . import alerts

# Plain SQL: detection runs per claim and the recompute over millions of rows, where the ORM's work per query
# and per row would cost more than the matching. Columns in as_facts() order.
FACT_SQL = """
SELECT f.id, f.claim_id, c.article_id, a.duplicate_of_id, f.measure, f.subject, f.text,
       CAST(f.value AS {real}), CAST(f.low AS {real}), CAST(f.high AS {real}), f.date_value, f.as_of,
       f."start", f."end", f.unit, a.publisher{extra}
FROM claims_figure f JOIN claims_claim c ON c.id = f.claim_id JOIN claims_article a ON a.id = c.article_id
WHERE {where}
"""
FACT_COLUMNS = 16  # FACT_SQL's own, before any extra

# The report's lead names the event; the text just before and after the claim tells whether a figure is
# disputed or a projection ("Nach dem Zwischenstand von 23.20 Uhr …" governs the sentences after it).
DERIVE_EXTRA = f""", f.kind, c.text, a.language, a.title, f.derived, c.speaker, a.published, c.start,
       substr(a.text, 1, {subjects.LEAD_CHARS}),
       substr(a.text, CASE WHEN c.start > {subjects.AROUND_CHARS} THEN c.start - {subjects.AROUND_CHARS - 1} ELSE 1 END,
              CASE WHEN c.start > {subjects.AROUND_CHARS} THEN {subjects.AROUND_CHARS} ELSE c.start END),
       substr(a.text, c."end" + 1, {subjects.AROUND_CHARS})"""


class DeriveRow(NamedTuple):
    """A row of FACT_SQL with DERIVE_EXTRA, by name: a column added to the SQL and not here fails at once
    instead of shifting the positions after it (reading c.speaker for f.derived took every claim without a
    speaker for a new one, so an edit's old keys and suggestions stayed)."""

    id: int
    claim: int
    article: int
    copy_of: int | None
    measure: str
    subject: str
    text: str
    value: float | None
    low: float | None
    high: float | None
    date_value: str
    as_of: str
    start: int
    end: int
    unit: str
    outlet: str
    kind: str
    claim_text: str
    language: str
    title: str
    derived: int
    speaker: str
    published: date | str | None
    claim_start: int
    lead: str
    before: str
    after: str


Pair = tuple[int, int]  # (older figure id, newer figure id), as Conflict stores them
Found = dict[Pair, tuple[Facts, Facts, Match]]
LOCK = 7_340_117  # PostgreSQL advisory lock: tasks share it, a full recompute holds it alone
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


# Detection writes only what it can find again: a commit lost to a server crash leaves its figures due (never
# derived), and the nightly run detects them (services.recompute). So a transaction of its own does not wait
# for its commit to reach the disk, half a millisecond of a new claim's detection (issue 16). What the
# transaction writes stays atomic and in order; only the last fraction of a second can be lost in a crash.
QUICK_COMMIT = "SET LOCAL synchronous_commit = off;"


def fact_rows(where: str, params: list, extra: str = "", *, lock: bool = False, quick: bool = False) -> list[tuple]:
    """FACT_SQL's rows; with `lock` (PostgreSQL only) the detection lock is taken first, in the same round trip
    (a new claim's detection is some ten statements, each a wait of about half a millisecond), and with `quick`
    the transaction's commit is made not to wait for the disk (QUICK_COMMIT)."""
    real = "double precision" if connection.vendor == "postgresql" else "REAL"
    sql = FACT_SQL.format(real=real, extra=extra, where=where)
    if lock:
        sql, params = (f"SELECT pg_advisory_xact_lock_shared(%s); {QUICK_COMMIT if quick else ''} {sql}",
                       [LOCK, *params])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # psycopg2 runs both statements and returns the last one's rows
        return cursor.fetchall()


SQLITE_PARAMETERS = 999  # the most an older SQLite takes in one statement


def chunks(values: Iterable, per_value: int = 1) -> Iterator[list]:
    """`values` in pieces that fit one statement: SQLite's parameter limit, or 50,000 on PostgreSQL."""
    values = list(values)
    size = 50_000 if connection.vendor == "postgresql" else SQLITE_PARAMETERS // per_value
    for start in range(0, len(values), size):
        yield values[start : start + size]


def rows_of(column: str, ids: Iterable[int], extra: str = "", *, lock: bool = False,
            quick: bool = False) -> list[tuple]:
    """Fact rows whose `column` is one of `ids`; with `lock`, under the shared detection lock (PostgreSQL)."""
    ids, rows = sorted(set(ids)), []
    if connection.vendor == "postgresql":
        return fact_rows(f"{column} = ANY(%s)", [ids], extra, lock=lock, quick=quick) if ids else []
    for chunk in chunks(ids):
        rows += fact_rows(f"{column} IN ({', '.join(['%s'] * len(chunk))})", chunk, extra)
    return rows


def as_facts(row: tuple) -> Facts:
    """A row of FACT_SQL as Facts."""
    (id_, claim, article, copy_of, measure, subject, text, value, low, high, date_value, as_of, start, end,
     unit, outlet) = row[:FACT_COLUMNS]
    return facts(id_, claim, article, copy_of, measure, tuple(subject.split()), text, value, low, high, date_value,
                 as_of, start, end, unit, outlet)


def figures_derive(*, claim_ids: Iterable[int]) -> list[Facts]:
    """Work out each figure's measure, subject and blocking keys, store them, and return the figures."""
    return _derive(claim_ids)[0]


def _derive(claim_ids: Iterable[int], *, lock: bool = False, quick: bool = False) -> tuple[list[Facts], bool]:
    """The derived figures, and whether any of them had been derived before (new ones have no suggestions).
    With `lock`, the figures are read under the detection lock shared with other tasks (see LOCK)."""
    rows = sorted(map(DeriveRow._make, rows_of("f.claim_id", claim_ids, DERIVE_EXTRA, lock=lock, quick=quick)),
                  key=lambda row: (row.claim, row.start, row.id))
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
            derived.append(as_facts(row._replace(measure=measure, subject=subject)))
    seen_before = any(row.derived for row in rows)
    if seen_before:  # a new claim's figures have no keys yet
        FigureKey.objects.filter(figure_id__in=[update["id"] for update in updates]).delete()
    with bulk.together():
        bulk.update(Figure, updates, ["measure", "subject", "derived"])
        # Two tasks deriving one claim at once (an editor saved two of its figures) write the same keys.
        bulk.insert(FigureKey, keys, ["key", "figure_id"], unique=["key", "figure"])
    return derived, seen_before


def _day(value) -> date | None:
    """A publication date as SQLite or PostgreSQL returns it."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _candidates(figures: list[Facts], *, newer: bool = True) -> tuple[dict[int, list[Facts]], set[int]]:
    """For each figure, the figures it is compared with: of the WINDOW latest older ones under each of its keys,
    the likeliest (blocking.likeliest). With `newer`, also the ids of the newer figures whose window it falls in
    (the first WINDOW after it under a key), which choose again when it changes or arrives late. One query on
    PostgreSQL (CANDIDATES); on SQLite two: the ids under the keys, then the facts of the likeliest only."""
    wanted = [(figure.id, key) for figure in figures
              for key in dict.fromkeys(blocking.keys(figure.measure, figure.subject, figure.article))]
    if connection.vendor == "postgresql":
        return _candidates_read(figures, wanted, newer)
    older: dict[int, list[int]] = {figure.id: [] for figure in figures}
    later: set[int] = set()
    for owner, figure_id, is_newer in _under_keys(wanted, newer):
        if is_newer:
            later.add(figure_id)
        else:
            older[owner].append(figure_id)
    likeliest = {owner: blocking.likeliest([ids]) for owner, ids in older.items()}
    known = _load(i for ids in likeliest.values() for i in ids)
    return {owner: [known[i] for i in ids if i in known] for owner, ids in likeliest.items()}, later


# PostgreSQL plans one lateral join over arrays in a fraction of the time a union of dozens of parts takes.
LATERAL = """
SELECT q.owner, f.figure_id, {newer} FROM unnest(%s::bigint[], %s::bigint[]) AS q(owner, key)
CROSS JOIN LATERAL (SELECT figure_id FROM claims_figurekey k WHERE k.key = q.key AND k.figure_id {op} q.owner
                    ORDER BY k.figure_id {order} LIMIT %s) AS f
"""


# The same choice in one round trip on PostgreSQL: the ids under the keys, the likeliest of them (the COMPARED
# found under the most keys, newest first among equals, as blocking.likeliest counts) and their facts, each
# with the figures it is a candidate for; then, as a row of its own, the newer figures whose window each falls in.
CANDIDATES = """
WITH older AS ({older}), ranked AS (
    SELECT owner, figure_id,
           row_number() OVER (PARTITION BY owner ORDER BY count(*) DESC, figure_id DESC) AS place
    FROM older GROUP BY owner, figure_id
), kept AS (SELECT figure_id, array_agg(owner) AS owners FROM ranked WHERE place <= %s GROUP BY figure_id)
{facts}
"""
NEWER = "UNION ALL SELECT {nulls}, (SELECT array_agg(DISTINCT figure_id) FROM ({newer}) AS n)"


def _candidates_read(figures: list[Facts], wanted: list[tuple[int, int]],
                     newer: bool) -> tuple[dict[int, list[Facts]], set[int]]:
    candidates: dict[int, list[Facts]] = {figure.id: [] for figure in figures}
    later: set[int] = set()
    if not wanted:
        return candidates, later
    arrays = [[owner for owner, _ in wanted], [key for _, key in wanted], blocking.WINDOW]
    facts = FACT_SQL.format(real="double precision", extra=", (SELECT owners FROM kept WHERE kept.figure_id = f.id)",
                            where="f.id IN (SELECT figure_id FROM kept)")
    sql = CANDIDATES.format(older=LATERAL.format(op="<", order="DESC", newer="FALSE"), facts=facts)
    params = [*arrays, blocking.COMPARED]
    if newer:
        sql += NEWER.format(nulls=", ".join(["NULL"] * FACT_COLUMNS),
                            newer=LATERAL.format(op=">", order="ASC", newer="TRUE"))
        params += arrays
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            if row[0] is None:  # the newer figures' row
                later.update(row[FACT_COLUMNS] or ())
                continue
            found = as_facts(row[:FACT_COLUMNS])
            for owner in row[FACT_COLUMNS]:
                candidates[owner].append(found)
    return candidates, later


def _under_keys(wanted: list[tuple[int, int]], newer: bool) -> list[tuple[int, int, bool]]:
    """(figure, other figure, whether the other is newer) for the WINDOW figures before (and after) each
    figure under each of its keys, on SQLite."""
    directions = [("<", "DESC", False), (">", "ASC", True)] if newer else [("<", "DESC", False)]
    found = []
    parts = [(owner, key, flag, op, order) for owner, key in wanted for op, order, flag in directions]
    with connection.cursor() as cursor:
        for chunk in chunks(parts, per_value=5):  # five parameters a part; SQLite allows 500 parts too
            sql = " UNION ALL ".join(
                f"SELECT * FROM (SELECT %s, figure_id, %s FROM claims_figurekey WHERE key = %s AND figure_id {op} %s "
                f"ORDER BY figure_id {order} LIMIT %s)" for _, _, _, op, order in chunk)
            cursor.execute(sql, [value for owner, key, flag, _, _ in chunk
                                 for value in (owner, flag, key, owner, blocking.WINDOW)])
            found += [(owner, figure_id, bool(flag)) for owner, figure_id, flag in cursor.fetchall()]
    return found


def _load(ids: Iterable[int]) -> dict[int, Facts]:
    return {row[0]: as_facts(row) for row in rows_of("f.id", ids)}


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
    outcome.add(_reconcile(_matches(targets, older), existing))
    if edited:
        affected |= set(Conflict.objects.filter(figure_a__in=ids).values_list("figure_b_id", flat=True))
    affected -= set(ids)  # matched just now
    if affected:
        again = list(_load(affected).values())
        older, _ = _candidates(again, newer=False)
        outcome.add(_reconcile(_matches(again, older), Conflict.objects.filter(figure_b__in=[f.id for f in again])))
    return outcome


def _reconcile(found: Found, existing, *, existing_only: bool = False) -> Outcome:
    """Make the stored suggestions for these figures what detection found; leave decisions alone.

    With `existing_only`, pairs whose figures were deleted since they were read are dropped (the recompute
    reads long before it writes)."""
    outcome = Outcome()
    stale, updates = [], []
    for id_, a, b, status, origin, kind, score in _raw(
            existing.values_list("id", "figure_a_id", "figure_b_id", "status", "origin", "kind", "score")):
        hit = found.pop((a, b), None)
        if status != ConflictStatus.SUGGESTED or origin != ConflictOrigin.DETECTED:
            continue  # an editor's decision or addition: detection never rewrites it
        if hit is None:
            stale.append(id_)
        elif (kind, score) != (hit[2].kind, hit[2].score):
            updates.append({"id": id_, **_fields(*hit)})
    detected = Conflict.objects.filter(status=ConflictStatus.SUGGESTED, origin=ConflictOrigin.DETECTED)
    if stale:  # a reviewer may have decided one since it was read: the filter keeps that decision
        unrecorded_delete(detected.filter(pk__in=stale))
    if updates:
        still = set(detected.select_for_update().filter(pk__in=[u["id"] for u in updates]).values_list("pk", flat=True))
        updates = [update for update in updates if update["id"] in still]
    bulk.update(Conflict, updates, ["kind", "score", "explanation", "details"])
    if existing_only:
        present = _present({i for pair in found for i in pair})
        found = {pair: hit for pair, hit in found.items() if pair[0] in present and pair[1] in present}
    dismissed = _dismissed(found.values()) if found else set()
    new = [{"figure_a_id": a, "figure_b_id": b, "status": ConflictStatus.SUGGESTED,
            "origin": ConflictOrigin.DETECTED, **_fields(*hit)}
           for (a, b), hit in found.items() if _anchor(hit[0], hit[1]) not in dismissed]
    _insert(new)
    if not existing_only:
        # Detection on new or edited claims tells people; the recompute re-derives the whole desk and would
        # bury them (a pair alerted once is keyed, so it is never news twice either way).
        alerts.contradictions_suggested((row["figure_a_id"], row["figure_b_id"]) for row in new
                                        if row["kind"] == ConflictKind.CONTRADICTION)
    outcome.created, outcome.updated, outcome.removed = len(new), len(updates), len(stale)
    return outcome


def _raw(queryset) -> list[tuple]:
    """The rows of a values_list query without the ORM's work per row (the recompute reads millions)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _present(ids: set[int]) -> set[int]:
    present = set()
    for chunk in chunks(sorted(ids)):
        present |= set(Figure.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return present


def _fields(older: Facts, newer: Facts, match: Match) -> dict:
    facts = explain.details(older, newer, match)
    return {"kind": match.kind, "score": match.score, "explanation": explain.explanation(older, newer, match, facts),
            "details": facts}


def _anchor(a: Facts, b: Facts) -> str:
    return ConflictDismissal.anchor_of((a.article, a.start, a.end), (b.article, b.start, b.end))


def _dismissed(hits: Iterable[tuple[Facts, Facts, Match]]) -> set[str]:
    """Anchors among these pairs that an editor dismissed before, perhaps on figures since extracted anew."""
    if not ConflictDismissal.objects.exists():  # mostly none: one query instead of one per 500 pairs
        return set()
    dismissed = set()
    for chunk in chunks(_anchor(older, newer) for older, newer, _ in hits):
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


def unrecorded_delete(suggestions) -> int:
    """Delete detection's own suggestions without a history row each: detection writes them in bulk, unrecorded,
    and rewrites them at every pass; history is for what people decide. (Django's delete() would load every row
    to send the signals history listens to.)"""
    return suggestions._raw_delete(suggestions.db)
