"""A claim's and an article's conflicts, and the reviewers' queue, at the desk's size: the query shapes before
and after issue 16's first fixes, side by side in one run on the same data.

    .venv/bin/python -m bench.lookups [--figures 300000] [--conflicts 1500000] [--requests 30] [--seed 1]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth). Uses bench/corpus.py's generator and
bench/loading.py's COPY for articles, claims and figures (in bench/conflicts.py's database,
factcheck_bench_conflicts, dropped and made anew), then COPYs --conflicts suggestions between random figures (nine
in ten suggested, scored; the rest decided), and VACUUM ANALYZE. Nothing leaves loopback; requests go through
django.test.Client in this process, logged in as a superuser.

Rows, each the median and p90 of --requests requests or calls, taken in turn round after round:
- the API's conflicts of a claim (`/api/claims/{ref}/conflicts/`) and of an article (`/api/conflicts/?article=`),
  and the article page's per-claim conflict counts, each beside the old query shape (an OR across the joins to
  claims or articles) evaluated on the same rows;
- the API's articles list and its claims list filtered by status, beside their old shapes (claims counted by a
  GROUP BY over every claim; a DISTINCT) evaluated alone;
- the desk dashboard (`/admin/desk/`), beside its old review queue (every contested claim listed as an IN)
  evaluated alone;
- the reviewers' queue (`/admin/claims/conflict/queue/`) with the partial index `conflict_queue_by_score`, and
  the same page with that index dropped (it is made again afterwards).
A statement past 60 s is stopped and its row says so. Exits 1 if a new shape returns other rows than the old
one; timings are reported, never judged.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time

from bench import workbench
from bench.common import code_version, percentile
from bench.corpus import Words, World
from bench.loading import load

DATABASE = "factcheck_bench_conflicts"  # bench/conflicts.py's: either benchmark makes it anew

INDEX = "conflict_queue_by_score"


def load_conflicts(rng: random.Random, figures: int, count: int) -> int:
    import psycopg2

    connection = psycopg2.connect(f"{workbench.SERVER}/{DATABASE}")
    lines, seen = [], set()
    while len(seen) < count:
        a, b = sorted(rng.sample(range(1, figures + 1), 2))
        if (a, b) in seen:
            continue
        seen.add((a, b))
        suggested = rng.random() < 0.9
        status = "suggested" if suggested else rng.choice(["confirmed", "dismissed"])
        decided = "\\N" if suggested else "2026-12-01 12:00:00+00"
        lines.append(f"{len(seen)}\t{a}\t{b}\tcontradiction\t{status}\t\t{rng.random():.4f}\tdetected\t{{}}\t\t"
                     f"\\N\t{decided}\t2026-12-01 12:00:00+00\t2026-12-01 12:00:00+00\n")
    with connection.cursor() as cursor:
        cursor.copy_expert("COPY claims_conflict (id, figure_a_id, figure_b_id, kind, status, explanation, score, "
                           "origin, details, note, decided_by_id, decided_at, created_at, updated_at) FROM STDIN",
                           io.StringIO("".join(lines)))
        cursor.execute("SELECT setval(pg_get_serial_sequence('claims_conflict', 'id'), %s)", [len(seen) + 1])
    connection.commit()
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) claims_conflict")
    connection.close()
    return len(seen)


STOPPED_AFTER_S = 60


def timed(call, times: int) -> list[float]:
    """Milliseconds of each call after one not counted. A statement that runs past STOPPED_AFTER_S is stopped
    and the row says so: the old shapes of some lists never finish at this size."""
    from django.db import OperationalError, connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {STOPPED_AFTER_S * 1000}")
    samples = []
    try:
        for _ in range(times + 1):
            started = time.perf_counter()
            with transaction.atomic():
                call()
            samples.append((time.perf_counter() - started) * 1000)
    except OperationalError:
        return [float("inf")]
    return samples[1:]


def old_articles() -> list:
    """The articles list's first page as it was: claims counted by a join and GROUP BY over every claim."""
    from django.db.models import Count

    from claims.models import Article

    return list(Article.objects.annotate(claim_count=Count("claims")).order_by("-id")
                .values_list("id", "claim_count")[:50])


def old_status() -> list:
    """The claims list filtered by status as it was: with DISTINCT."""
    from claims.models import Claim

    return list(Claim.objects.filter(status__in=["unreviewed"]).distinct().order_by("-id").values_list("id")[:50])


def old_review_queue() -> list:
    """The dashboard's queue as it was before issue 16: every contested claim listed first, as an IN."""
    from django.db.models import Case, Q, Value, When

    from claims import desk
    from claims.models import Claim, ReviewStatus

    suggested = desk._suggested_contradictions()
    contested = Q(id__in=suggested.values("figure_a__claim_id")) | Q(id__in=suggested.values("figure_b__claim_id"))
    in_review_first = Case(When(status=ReviewStatus.IN_REVIEW, then=Value(0)), default=Value(1))
    return list(Claim.objects.filter(Q(status=ReviewStatus.IN_REVIEW) | Q(contested, status=ReviewStatus.UNREVIEWED))
                .annotate(contradictions=desk._contradiction_count()).select_related("article")
                .only(*desk.QUEUE_FIELDS).order_by(in_review_first, "created_at", "id")[:desk.QUEUE_SIZE])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--figures", type=int, default=300_000)
    parser.add_argument("--conflicts", type=int, default=1_500_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"code: {code_version()}")
    workbench.fresh_database(DATABASE)
    workbench.start_django(DATABASE)
    loaded = load(World(Words(rng), rng), args.figures, DATABASE)
    made = load_conflicts(rng, loaded.figures, args.conflicts)
    print(f"{loaded.articles:,} articles, {loaded.claims:,} claims, {loaded.figures:,} figures, {made:,} conflicts")
    return measure(rng, args.requests)


def measure(rng: random.Random, times: int) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import F, Q
    from django.test import Client

    from claims import selectors
    from claims.models import Claim, Conflict

    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench")
    client = Client(HTTP_HOST="localhost")  # DEBUG's ALLOWED_HOSTS
    client.force_login(user)
    claims = list(Claim.objects.order_by("?").values_list("id", "article_id", "number")[:times])
    problems, rows = [], []

    def old_of_claim(claim_id):
        return list(selectors.conflicts().filter(Q(figure_a__claim_id=claim_id) | Q(figure_b__claim_id=claim_id))
                    .order_by(F("score").desc(nulls_last=True), "-id").values_list("id", flat=True))

    def old_of_article(article_id):
        return list(Conflict.objects.filter(Q(figure_a__claim__article_id=article_id)
                                            | Q(figure_b__claim__article_id=article_id)).values_list("id", flat=True))

    for claim_id, article_id, _ in claims[:5]:
        new = list(selectors.conflicts_of_claim(claim_id).values_list("id", flat=True))
        if new != old_of_claim(claim_id):
            problems.append(f"claim {claim_id}: the new shape returns other conflicts")
        if sorted(Conflict.objects.of_article(article_id).values_list("id", flat=True)) != sorted(
                old_of_article(article_id)):
            problems.append(f"article {article_id}: the new shape returns other conflicts")

    turn = iter(range(10**9))

    def pick():
        return claims[next(turn) % len(claims)]

    def get(url_of):
        def call():
            claim = pick()
            response = client.get(url_of(claim))
            if response.status_code != 200:
                problems.append(f"{response.status_code} from {url_of(claim)}")
        return call

    rows.append(("API: conflicts of a claim", timed(get(lambda c: f"/api/claims/{c[1]}-{c[2]}/conflicts/"), times)))
    rows.append(("  old shape, the query alone", timed(lambda: old_of_claim(pick()[0]), times)))
    rows.append(("API: conflicts of an article", timed(get(lambda c: f"/api/conflicts/?article={c[1]}"), times)))
    rows.append(("  old shape, the query alone", timed(lambda: old_of_article(pick()[1]), times)))
    rows.append(("API: articles list", timed(get(lambda c: "/api/articles/"), times)))
    rows.append(("  old count, the query alone", timed(old_articles, times)))
    rows.append(("API: claims ?status=unreviewed", timed(get(lambda c: "/api/claims/?status=unreviewed"), times)))
    rows.append(("  old DISTINCT, the query alone", timed(old_status, times)))
    rows.append(("admin: desk dashboard", timed(get(lambda c: "/admin/desk/"), times)))
    rows.append(("  old review queue, the query alone", timed(old_review_queue, max(3, times // 5))))
    rows.append(("admin: conflict review queue", timed(get(lambda c: "/admin/claims/conflict/queue/"), times)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_get_indexdef('{INDEX}'::regclass)")
        definition = cursor.fetchone()[0]
        cursor.execute(f"DROP INDEX {INDEX}")
    queue = get(lambda c: "/admin/claims/conflict/queue/")
    rows.append(("  without the queue index", timed(queue, max(3, times // 5))))
    with connection.cursor() as cursor:
        cursor.execute(definition)
    print()
    print(f"{'':<38}{'median ms':>11}{'p90 ms':>9}{'old ÷ new':>11}")
    for index, (name, samples) in enumerate(rows):
        median = statistics.median(samples)
        if median == float("inf"):
            print(f"{name:<38}{f'> {STOPPED_AFTER_S} s, stopped':>31}")
            continue
        p90 = percentile(samples, 0.9)
        ratio = f"{median / statistics.median(rows[index - 1][1]):>10.1f}x" if name.startswith("  ") else ""
        print(f"{name:<38}{median:>11.1f}{p90:>9.1f}{ratio}")
    for problem in problems[:20]:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
