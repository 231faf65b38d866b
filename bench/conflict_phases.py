"""The phases of bench/conflicts.py: incremental detection per claim and per article, the naive ORM loop, the
heavy phases each in a fresh process of its own (reading, matching, the full and the nightly recompute) and
derivation, with the snapshots that check incremental detection against the recompute.
"""

from __future__ import annotations

import cProfile
import os
import random
import sys
import time
from dataclasses import dataclass

from bench.common import ROOT, PeakRSS


@dataclass
class Incremental:
    ms: list[float]
    created: list[int]
    figures: int


def run_incremental(claim_ids: list[int], profiler: cProfile.Profile | None) -> Incremental:
    """conflicts_detect per claim, called as the Celery task calls it (its own transaction), commit included."""
    from django.db import reset_queries

    from claims import services

    ms, created, figures = [], [], 0
    for claim_id in claim_ids:
        reset_queries()
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        outcome = services.conflicts_detect(claim_ids=[claim_id])
        ms.append((time.perf_counter() - started) * 1000)
        if profiler:
            profiler.disable()
        created.append(outcome.created)
        figures += outcome.figures
    return Incremental(ms, created, figures)


def run_by_article(claim_ids: list[int]) -> list[float]:
    """conflicts_detect per article, as the task after an ingest runs it (all the article's claims in one
    transaction): milliseconds per claim, one value per article."""
    from claims import services
    from claims.models import Claim

    by_article: dict[int, list[int]] = {}
    for claim_id, article_id in Claim.objects.filter(pk__in=claim_ids).values_list("pk", "article_id"):
        by_article.setdefault(article_id, []).append(claim_id)
    per_claim = []
    for ids in by_article.values():
        started = time.perf_counter()
        services.conflicts_detect(claim_ids=ids)
        per_claim.append((time.perf_counter() - started) * 1000 / len(ids))
    return per_claim


def snapshot(claim_ids: list[int]) -> dict[tuple[int, int], tuple[str, float]]:
    """The stored suggestions in which a figure of these claims is the newer one."""
    from claims.models import Conflict

    rows = Conflict.objects.filter(figure_b__claim_id__in=claim_ids).values_list("figure_a_id", "figure_b_id",
                                                                                  "kind", "score")
    return {(a, b): (kind, score) for a, b, kind, score in rows}


@dataclass
class Naive:
    ms: list[float]
    rows: int
    found: int


FACT_FIELDS = ("id", "claim_id", "claim__article_id", "claim__article__duplicate_of_id", "measure", "subject", "text",
               "value_f", "low_f", "high_f", "date_value", "as_of", "start", "end", "unit")


def orm_facts(queryset):
    """Facts for each row of a Figure queryset, the ORM way: values_list over the joins, floats cast in SQL."""
    from django.db.models import FloatField
    from django.db.models.functions import Cast

    from claims.matching.compare import facts

    rows = queryset.annotate(value_f=Cast("value", FloatField()), low_f=Cast("low", FloatField()),
                             high_f=Cast("high", FloatField())).values_list(*FACT_FIELDS)
    for id_, claim, article, copy_of, measure, subject, text, value, low, high, date_value, as_of, start, end, unit \
            in rows:
        yield facts(id_, claim, article, copy_of, measure, tuple(subject.split()), text, value, low, high,
                    date_value, as_of, start, end, unit)


def run_naive(claim_ids: list[int]) -> Naive:
    """What one would write first: for each figure of the claim, Figure.objects.filter(measure=...) over all
    figures, Facts built in Python for every row, compare() on each older one, the best per kind kept as
    blocking.best keeps them: the service's rules without its blocking."""
    from django.db import reset_queries

    from claims.matching import blocking
    from claims.models import Figure

    ms, rows, found = [], 0, 0
    for claim_id in claim_ids:
        reset_queries()
        started = time.perf_counter()
        for figure in list(orm_facts(Figure.objects.filter(claim_id=claim_id))):
            if not figure.measure:
                continue
            others = list(orm_facts(Figure.objects.filter(measure=figure.measure)))
            rows += len(others)
            found += len(blocking.best(figure, (o for o in others if o.id < figure.id)))
        ms.append((time.perf_counter() - started) * 1000)
    return Naive(ms, rows, found)


@dataclass
class Heavy:
    """A phase run in a fresh process of its own, as a worker or manage.py would run it, so its memory is its own."""

    seconds: float
    figures: int
    pairs: int = 0  # kept by the matching
    created: int = 0
    updated: int = 0
    removed: int = 0
    stored: int = 0
    rss_before: float = 0.0
    rss_peak: float = 0.0


def run_heavy(phase: str, profile_to: str | None = None, processes: int = 1) -> Heavy:
    import json
    import subprocess

    command = [sys.executable, "-m", "bench.conflicts", "--worker", phase, "--processes", str(processes)]
    if profile_to:
        command += ["--profile-to", profile_to]
    # The child's progress goes to stderr as it comes; its result is the last line on stdout.
    child = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    if child.returncode != 0:
        raise RuntimeError(f"the {phase} worker failed (exit {child.returncode})")
    return Heavy(**json.loads(child.stdout.strip().splitlines()[-1]))


def stream_facts():
    """Every measured figure as Facts in id order, read in plain SQL through a server-side cursor: what the
    recompute has to read before it can match, done about as cheaply as Python can."""
    import psycopg2

    from claims.matching.compare import facts

    connection = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with connection.cursor(name="bench_facts") as cursor:
            cursor.itersize = 20_000
            cursor.execute("""
                SELECT f.id, f.claim_id, c.article_id, a.duplicate_of_id, f.measure, f.subject, f.text,
                       f.value::float8, f.low::float8, f.high::float8, f.date_value, f.as_of, f."start", f."end",
                       f.unit
                FROM claims_figure f JOIN claims_claim c ON c.id = f.claim_id
                JOIN claims_article a ON a.id = c.article_id
                WHERE f.measure <> '' ORDER BY f.id
            """)
            for (id_, claim, article, copy_of, measure, subject, text, value, low, high, date_value, as_of, start,
                 end, unit) in cursor:
                yield facts(id_, claim, article, copy_of, measure, tuple(subject.split()), text, value, low, high,
                            date_value, as_of, start, end, unit)
    finally:
        connection.close()


def worker(phase: str, profile_to: str | None, processes: int) -> None:
    """The child's side: Django as configured by the parent's environment, one phase, its figures as JSON."""
    import json
    from dataclasses import asdict

    import django

    django.setup()
    from claims import services
    from claims.matching import blocking
    from claims.models import Conflict

    profiler = cProfile.Profile() if profile_to else None
    result = Heavy(0.0, 0)
    started = time.perf_counter()

    shown: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        # Every 200,000, once: with several processes the same count may be reported more than once.
        step = total if done == total else done // 200_000 * 200_000
        if step and shown.get(stage, 0) < step:
            shown[stage] = step
            print(f"  {phase}: {stage} {done:,} of {total:,} after {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)

    with PeakRSS() as rss:
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        if phase == "read":
            result.figures = sum(1 for _ in stream_facts())
        elif phase == "match":  # the recompute's matching (blocking.full_pass) on what it reads, nothing written
            counted = []

            def count(stream):
                for figure in stream:
                    counted.append(None)
                    yield figure

            result.pairs = sum(1 for _ in blocking.full_pass(count(stream_facts())))
            result.figures = len(counted)
        else:
            # "recompute" is a full pass whatever the last one was; "nightly" is what beat runs: a full pass only
            # if the rules changed, else detection of the figures due.
            options = {"processes": processes} if processes != 1 else {}
            options["full"] = True if phase == "recompute" else None
            outcome = services.conflicts_recompute(progress=progress, **options)
            result.figures, result.created = outcome.figures, outcome.created
            result.updated, result.removed = outcome.updated, outcome.removed
        result.seconds = time.perf_counter() - started
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile_to)
    result.stored = Conflict.objects.count()
    result.rss_before, result.rss_peak = rss.before, rss.peak
    print(json.dumps(asdict(result)))


def mark_due(share: float) -> int:
    """Mark the claims of about `share` of the figures edited (their figures due, as an edit whose detection task
    was lost leaves them); the figures marked."""
    from django.db import connection

    from claims.matching import STALE

    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_figure SET derived = %s WHERE claim_id IN (SELECT DISTINCT claim_id FROM "
                       "claims_figure WHERE random() < %s)", [STALE, share])
        return cursor.rowcount


def analyze_conflicts() -> None:
    """What autovacuum would do after millions of new rows (this server runs without it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_conflict")


@dataclass
class Derivation:
    claims: int
    figures: int
    seconds: float


def run_derivation(rng: random.Random, loaded_claims: int, count: int) -> Derivation:
    """figures_derive on loaded claims, 2,000 per transaction as the recompute's backfill takes them. The rules
    give the same measure, subject and keys again, so nothing else changes."""
    from django.db import transaction

    from claims import services

    ids = sorted(rng.sample(range(1, loaded_claims + 1), min(count, loaded_claims)))
    figures = 0
    started = time.perf_counter()
    for start in range(0, len(ids), 2000):
        with transaction.atomic():
            figures += len(services.figures_derive(claim_ids=ids[start : start + 2000]))
    return Derivation(len(ids), figures, time.perf_counter() - started)


def compare_snapshots(before: dict, after: dict) -> list[str]:
    problems = []
    for pair in sorted(set(before) | set(after)):
        if before.get(pair) != after.get(pair):
            problems.append(f"figures {pair[0]}/{pair[1]}: incremental {before.get(pair)}, "
                            f"full recompute {after.get(pair)}")
    return problems
