"""The synthetic desk (bench/corpus.py) into PostgreSQL, fast: articles, claims, figures and their blocking keys
with COPY as a replica, indexes made once at the end, then VACUUM ANALYZE; the span rules the triggers would
have enforced are checked in SQL afterwards (check_spans). add_claims writes a few more claims with the ORM, as
article_extract stores them, for the phases that detect new claims.
"""

from __future__ import annotations

import io
import queue
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date

from bench.corpus import WIRE_COPIES, ArticleDraft, ClaimDraft, Report, World
from bench.workbench import SERVER

ARTICLE_COLUMNS = ("id", "title", "url", "publisher", "author", "published", "language", "text", "content_hash",
                   "last_claim_number", "created_at", "updated_at", "duplicate_of_id", "extraction_status",
                   "extraction_message")
CLAIM_COLUMNS = ("id", "number", "start", "end", "text", "prefix", "suffix", "speaker", "status", "verdict_note",
                 "reviewed_at", "created_at", "updated_at", "article_id", "reviewer_id", "version", "review_url",
                 "publisher")
FIGURE_COLUMNS = ("id", "start", "end", "text", "kind", "value", "low", "high", "date_value", "unit", "qualifier",
                  "as_of", "created_at", "claim_id", "derived", "measure", "subject")
KEY_COLUMNS = ("key", "figure_id")
TABLES = {"claims_article": ARTICLE_COLUMNS, "claims_claim": CLAIM_COLUMNS, "claims_figure": FIGURE_COLUMNS,
          "claims_figurekey": KEY_COLUMNS}


def copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return str(value)


def copy_line(values) -> str:
    return "\t".join(map(copy_value, values)) + "\n"


class Loader:
    """COPY in a thread of its own, so PostgreSQL takes one chunk while Python makes the next (two cores)."""

    def __init__(self, database: str) -> None:
        import psycopg2

        self.connection = psycopg2.connect(f"{SERVER}/{database}")
        with self.connection.cursor() as cursor:
            # Loading as a replica skips the span triggers and foreign-key checks; the data is made consistent
            # anyway and checked afterwards (check_spans).
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET synchronous_commit = off")
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.waited = 0.0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def put(self, chunk: dict[str, list[str]]) -> None:
        if self.error:
            raise self.error
        started = time.perf_counter()
        self.queue.put(chunk)
        self.waited += time.perf_counter() - started

    def _run(self) -> None:
        try:
            with self.connection.cursor() as cursor:
                for chunk in iter(self.queue.get, None):
                    for table, lines in chunk.items():
                        columns = ", ".join(f'"{c}"' for c in TABLES[table])
                        cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO("".join(lines)))
            self.connection.commit()
        except BaseException as error:  # handed to the main thread
            self.error = error
            while True:  # let the producer finish instead of blocking on a full queue
                if self.queue.get() is None:
                    break

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self.connection.close()
        if self.error:
            raise self.error


def droppable_indexes(cursor, table: str) -> list[tuple[str, str, str | None]]:
    """(index, how to make it again, constraint) for the table's indexes no foreign key depends on."""
    cursor.execute("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), c.conname, pg_get_constraintdef(c.oid)
        FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype IN ('p', 'u')
        WHERE i.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
    """, [table])
    return [(name, f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {definition}' if constraint else indexdef,
             constraint) for name, indexdef, constraint, definition in cursor.fetchall()]


@dataclass
class Loaded:
    articles: int = 0
    claims: int = 0
    figures: int = 0
    keys: int = 0
    measured: int = 0
    events: int = 0
    generate_s: float = 0.0
    index_s: float = 0.0
    vacuum_s: float = 0.0
    waited_s: float = 0.0
    kinds: Counter = field(default_factory=Counter)


def load(world: World, figures: int, database: str) -> Loaded:
    """Generate articles in publication order and COPY them in chunks; indexes are made once at the end."""
    import psycopg2

    from claims.matching import DERIVATION, blocking
    from claims.models import content_hash

    stats = Loaded()
    started = time.perf_counter()
    reports = world.plan(figures * 23 // 20)  # some planned figures do not come about: more reports than needed
    stats.events = len(world.events)
    admin = psycopg2.connect(f"{SERVER}/{database}")
    admin.autocommit = True
    with admin.cursor() as cursor:
        dropped = [(table, *index) for table in TABLES for index in droppable_indexes(cursor, table)]
        for table, name, _, constraint in dropped:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"' if constraint
                           else f"DROP INDEX {name}")
    loader = Loader(database)
    rng = world.rng
    now = "2026-12-01 12:00:00+00"
    recent: deque[tuple[int, ArticleDraft]] = deque(maxlen=20)
    chunk: dict[str, list[str]] = {table: [] for table in TABLES}
    position = 0
    article_id = claim_id = figure_id = 0
    while stats.figures < figures and position < len(reports):
        budget = figures - stats.figures
        if recent and rng.random() < WIRE_COPIES:
            original_id, draft = rng.choice(recent)
            if sum(len(c.figures) for c in draft.claims) > budget:
                continue
        else:
            size = rng.randint(4, 9)
            draft = world.article(reports[position : position + size], budget)
            position += size
            original_id = None
            for claim in draft.claims:
                claim.derived = derived(draft, claim)
        article_id += 1
        if original_id is None:
            recent.append((article_id, draft))
        text = draft.text
        chunk["claims_article"].append(copy_line((
            article_id, draft.title, f"https://bench-news.example/{article_id}", draft.publisher, "",
            draft.published.isoformat(), "de", text, content_hash(text), len(draft.claims), now, now, original_id,
            "", "")))
        for number, claim in enumerate(draft.claims, 1):
            claim_id += 1
            chunk["claims_claim"].append(copy_line((
                claim_id, number, claim.start, claim.end, claim.text, text[max(0, claim.start - 40) : claim.start],
                text[claim.end : claim.end + 40], "", "unreviewed", "", None, now, now, article_id, None, 1, "",
                draft.publisher)))
            for figure, (measure, terms) in zip(claim.figures, claim.derived, strict=True):
                figure_id += 1
                chunk["claims_figure"].append(copy_line((
                    figure_id, figure.start, figure.end, figure.text, figure.kind, figure.value, figure.low,
                    figure.high, figure.date_value, figure.unit, figure.qualifier, figure.as_of, now, claim_id,
                    DERIVATION, measure, " ".join(terms))))
                keys = dict.fromkeys(blocking.keys(measure, terms, article_id))
                chunk["claims_figurekey"] += [f"{key}\t{figure_id}\n" for key in keys]
                stats.keys += len(keys)
                stats.measured += bool(measure)
                stats.kinds[measure.partition(":")[0] if measure else "(none)"] += 1
            stats.figures += len(claim.figures)
        stats.claims += len(draft.claims)
        if article_id % 2000 == 0:
            loader.put(chunk)
            chunk = {table: [] for table in TABLES}
    loader.put(chunk)
    loader.close()
    stats.articles = article_id
    stats.generate_s = time.perf_counter() - started
    stats.waited_s = loader.waited
    started = time.perf_counter()
    with admin.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _, _, definition, _ in dropped:
            cursor.execute(definition)
        for table in ("claims_article", "claims_claim", "claims_figure"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
    stats.index_s = time.perf_counter() - started
    started = time.perf_counter()
    with admin.cursor() as cursor:
        # As autovacuum would leave them: statistics for the planner, the visibility map for index-only scans.
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
    stats.vacuum_s = time.perf_counter() - started
    admin.close()
    return stats


def check_spans() -> list[str]:
    """The span rules the triggers would have enforced, over all loaded rows at once."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT count(*) FROM claims_claim c JOIN claims_article a ON a.id = c.article_id
            WHERE c."end" > char_length(a.text) OR c.text <> substr(a.text, c.start + 1, c."end" - c.start)
        """)
        bad_claims = cursor.fetchone()[0]
        cursor.execute("""
            SELECT count(*) FROM claims_figure f JOIN claims_claim c ON c.id = f.claim_id
            JOIN claims_article a ON a.id = c.article_id
            WHERE NOT (c.start <= f.start AND f."end" <= c."end"
                       AND substr(a.text, f.start + 1, f."end" - f.start) = f.text)
        """)
        bad_figures = cursor.fetchone()[0]
    problems = []
    if bad_claims:
        problems.append(f"{bad_claims} claims whose text is not their article's text at their span")
    if bad_figures:
        problems.append(f"{bad_figures} figures whose text is not their article's text inside their claim")
    return problems


def block_sizes(busy: int) -> tuple[int, float, int, int, list[int]]:
    """Distinct keys, figures per key on average, keys with more than `busy` figures and their key rows, the
    three largest."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT count(*), avg(n), count(*) FILTER (WHERE n > %s), coalesce(sum(n) FILTER (WHERE n > %s), 0)
            FROM (SELECT count(*) AS n FROM claims_figurekey GROUP BY key) AS k
        """, [busy, busy])
        keys, mean, common, filed = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM claims_figurekey GROUP BY key ORDER BY 1 DESC LIMIT 3")
        largest = [n for (n,) in cursor.fetchall()]
    return keys, float(mean or 0), common, filed, largest


def derived(draft: ArticleDraft, claim: ClaimDraft) -> list:
    """What claims.services.conflicts derives for the claim, from the same inputs it reads."""
    from claims.matching import subjects

    spec = [subjects.Spec(f.kind, f.unit, f.date_value, f.as_of, f.start - claim.start, f.end - claim.start)
            for f in claim.figures]
    text, around = draft.text, subjects.AROUND_CHARS
    before, after = text[max(0, claim.start - around) : claim.start], text[claim.end : claim.end + around]
    return subjects.derive(claim.text, "de", spec, draft.title, "", draft.published, text[: subjects.LEAD_CHARS],
                           subjects.paragraph(before, after), claim.start < len(draft.title))


def add_claims(world: World, count: int) -> list[int]:
    """New articles (five claims each) reporting known events, written with the ORM and no detection: the rows
    as article_extract stores them, without its on_commit dispatch."""
    from django.db import transaction

    from claims.models import Article, Claim, Figure, content_hash

    rng = world.rng
    picked = rng.sample(range(len(world.events)), count)
    reports = [Report(1.0, e, rng.random() < 0.6 and world.events[e].day is not None and world.events[e].kind != "date",
                      rng.random() < 0.6) for e in picked]
    drafts = [world.article(reports[i : i + 5]) for i in range(0, count, 5)]
    with transaction.atomic():
        articles = Article.objects.bulk_create([
            Article(title=d.title, text=d.text, content_hash=content_hash(d.text), published=date.today(),
                    publisher=d.publisher, language="de", last_claim_number=len(d.claims)) for d in drafts])
        claims, figures = [], []
        for article, draft in zip(articles, drafts, strict=True):
            for number, found in enumerate(draft.claims, 1):
                claim = Claim(article=article, number=number, start=found.start, end=found.end)
                claim.anchor()
                claims.append((claim, found))
        Claim.objects.bulk_create([claim for claim, _ in claims])
        for claim, found in claims:
            for f in found.figures:
                figure = Figure(claim=claim, start=f.start, end=f.end, kind=f.kind, value=f.value, low=f.low,
                                high=f.high, date_value=f.date_value, unit=f.unit, qualifier=f.qualifier,
                                as_of=f.as_of)
                figure.anchor()
                figures.append(figure)
        Figure.objects.bulk_create(figures)
    return [claim.pk for claim, _ in claims]
