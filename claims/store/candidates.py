"""The figures each figure is compared with, read from its blocking keys (claims_figurekey)."""

from __future__ import annotations

from django.db import connection

from ..matching import blocking
from ..matching.compare import Facts
from .figures import FACT_COLUMNS, FACT_SQL, as_facts, chunks, facts_by_id

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

Candidates = tuple[dict[int, list[Facts]], set[int]]


def candidates_read(figures: list[Facts], wanted: list[tuple[int, int]], *, newer: bool = True) -> Candidates:
    """For each figure, the figures it is compared with: of the WINDOW latest older ones under each of its keys
    (`wanted`: figure id and key), the likeliest (blocking.likeliest). With `newer`, also the ids of the newer
    figures whose window it falls in (the first WINDOW after it under a key). One query on PostgreSQL
    (CANDIDATES); on SQLite two: the ids under the keys, then the facts of the likeliest only."""
    if connection.vendor == "postgresql":
        return _read_in_one(figures, wanted, newer)
    older: dict[int, list[int]] = {figure.id: [] for figure in figures}
    later: set[int] = set()
    for owner, figure_id, is_newer in _under_keys(wanted, newer):
        if is_newer:
            later.add(figure_id)
        else:
            older[owner].append(figure_id)
    likeliest = {owner: blocking.likeliest([ids]) for owner, ids in older.items()}
    known = facts_by_id(i for ids in likeliest.values() for i in ids)
    return {owner: [known[i] for i in ids if i in known] for owner, ids in likeliest.items()}, later


def _read_in_one(figures: list[Facts], wanted: list[tuple[int, int]], newer: bool) -> Candidates:
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
