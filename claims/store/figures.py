"""Figures as detection reads them (FACT_SQL's rows, as Facts) and what derivation writes back to them.

Plain SQL: detection runs per claim and the recompute over millions of rows, where the ORM's work per query
and per row would cost more than the matching.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import NamedTuple

from django.db import connection

from common import bulk

from ..matching import subjects
from ..matching.compare import Facts, facts
from ..models import Figure, FigureKey
from . import locks

# Columns in as_facts() order.
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

# The recompute's pages: figures with a measure, in id order, up to the last one it matches.
PAGE = "f.id > %s AND f.id <= %s AND f.measure <> '' {measures} ORDER BY f.id LIMIT %s"
READ = 20_000  # rows per page
SQLITE_PARAMETERS = 999  # the most an older SQLite takes in one statement


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


def fact_rows(where: str, params: list, extra: str = "", *, lock: bool = False, quick: bool = False) -> list[tuple]:
    """FACT_SQL's rows; with `lock` (PostgreSQL only) the detection lock is taken first, in the same round trip
    (a new claim's detection is some ten statements, each a wait of about half a millisecond), and with `quick`
    the transaction's commit is made not to wait for the disk (locks.QUICK_COMMIT)."""
    real = "double precision" if connection.vendor == "postgresql" else "REAL"
    sql = FACT_SQL.format(real=real, extra=extra, where=where)
    if lock:
        sql, params = locks.shared(sql, params, quick=quick)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # psycopg2 runs both statements and returns the last one's rows
        return cursor.fetchall()


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


def derive_rows(claim_ids: Iterable[int], *, lock: bool = False, quick: bool = False) -> list[DeriveRow]:
    """The claims' figures with what derivation reads of their claim and article; `lock` and `quick` as in
    fact_rows."""
    return list(map(DeriveRow._make, rows_of("f.claim_id", claim_ids, DERIVE_EXTRA, lock=lock, quick=quick)))


def facts_by_id(ids: Iterable[int]) -> dict[int, Facts]:
    return {row[0]: as_facts(row) for row in rows_of("f.id", ids)}


def facts_up_to(last: int, measures: list[str] | None = None) -> Iterator[Facts]:
    """The figures with a measure up to id `last` (of these measures, on PostgreSQL), in id order, READ at a
    time: memory stays bounded however many there are."""
    where = PAGE.format(measures="" if measures is None else "AND f.measure = ANY(%s)")
    after = 0
    while True:
        rows = fact_rows(where, [after, last, *([measures] if measures else []), READ])
        if not rows:
            return
        for row in rows:
            yield as_facts(row)
        after = rows[-1][0]


def figures_present(ids: set[int]) -> set[int]:
    """Those of these figures that still exist."""
    present = set()
    for chunk in chunks(sorted(ids)):
        present |= set(Figure.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return present


def derived_write(updates: list[dict], keys: list[dict], *, replace: bool) -> None:
    """Store the figures' measure, subject and derivation (`updates`) and their blocking `keys`; with `replace`,
    their old keys go first (a new claim's figures have none yet)."""
    if replace:
        FigureKey.objects.filter(figure_id__in=[update["id"] for update in updates]).delete()
    with bulk.together():
        bulk.update(Figure, updates, ["measure", "subject", "derived"])
        # Two tasks deriving one claim at once (an editor saved two of its figures) write the same keys.
        bulk.insert(FigureKey, keys, ["key", "figure_id"], unique=["key", "figure"])
