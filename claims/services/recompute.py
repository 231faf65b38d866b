"""The full recompute: every figure matched against the older ones from scratch, for backfills and nightly.

It reads all figures once, in id order, and writes what it finds in batches of newer-figure ids, each in a
short transaction, so memory stays bounded by the figures (not the pairs) and editors are never blocked
for long. On PostgreSQL it holds an advisory lock that detection tasks share: while it runs, tasks wait,
and afterwards they bring up to date whatever changed meanwhile. Two recomputes never run at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from django.db import connection, transaction

from ..matching import DERIVATION, blocking
from ..matching.compare import Facts
from ..models import Conflict, Figure
from .conflicts import LOCK, Found, Outcome, _reconcile, as_facts, figures_derive

BATCH = 50_000  # newer-figure ids written per transaction
READ = 20_000  # rows per read
Progress = Callable[[str, int, int], None]

# Plain SQL: at a million rows the ORM's per-row work would cost more than the matching.
FACTS_SQL = """
SELECT f.id, f.claim_id, c.article_id, a.duplicate_of_id, f.measure, f.subject, f.text,
       CAST(f.value AS {real}), CAST(f.low AS {real}), CAST(f.high AS {real}), f.date_value, f.as_of,
       f."start", f."end"
FROM claims_figure f JOIN claims_claim c ON c.id = f.claim_id JOIN claims_article a ON a.id = c.article_id
WHERE f.id > %s AND f.id <= %s AND f.measure <> '' ORDER BY f.id LIMIT %s
"""


def conflicts_recompute(*, progress: Progress | None = None) -> Outcome:
    """Derive what was never derived, then match every figure and bring the suggestions up to date."""
    report = progress or (lambda stage, done, total: None)
    with _exclusive():
        _derive_missing(report)
        # Figures that arrive after this point are the detection task's, which waits for the lock.
        last = Figure.objects.order_by("-id").values_list("id", flat=True).first() or 0
        total = Figure.objects.filter(id__lte=last).count()
        outcome = Outcome(figures=total)
        matches = blocking.full_pass(_counted(_stream(last), total, report))
        for low, high, found in _batches(matches, last):
            with transaction.atomic():
                outcome.add(_reconcile(found, Conflict.objects.filter(figure_b_id__gt=low, figure_b_id__lte=high),
                                       existing_only=True))
    return outcome


def _batches(matches, last: int) -> Iterator[tuple[int, int, Found]]:
    """The matches grouped by ranges of the newer figure's id, every range up to `last` (empty ones too, so
    suggestions of figures that no longer match anything are removed)."""
    low, found = 0, {}
    for newer, older, match in matches:
        while newer.id > low + BATCH:
            yield low, low + BATCH, found
            low, found = low + BATCH, {}
        found[(older.id, newer.id)] = (older, newer, match)
    while low < last:
        yield low, low + BATCH, found
        low, found = low + BATCH, {}


def _stream(last: int) -> Iterator[Facts]:
    sql = FACTS_SQL.format(real="double precision" if connection.vendor == "postgresql" else "REAL")
    after = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [after, last, READ])
            rows = cursor.fetchall()
        if not rows:
            return
        for row in rows:
            yield as_facts(row)
        after = rows[-1][0]


def _counted(figures: Iterator[Facts], total: int, report: Progress) -> Iterator[Facts]:
    done = 0
    for done, figure in enumerate(figures, 1):
        yield figure
        if done % 50_000 == 0:
            report("match", done, total)
    report("match", done, total)


def _derive_missing(report: Progress) -> None:
    claims = sorted(set(Figure.objects.exclude(derived=DERIVATION).values_list("claim_id", flat=True)))
    for start in range(0, len(claims), 2000):
        with transaction.atomic():
            figures_derive(claim_ids=claims[start : start + 2000])
        report("derive", min(start + 2000, len(claims)), len(claims))


@contextlib.contextmanager
def _exclusive():
    if connection.vendor != "postgresql":
        yield  # the SQLite demo is one process
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK])
        if not cursor.fetchone()[0]:
            # Either another recompute runs (it does the same work), or tasks hold the shared lock: wait.
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
