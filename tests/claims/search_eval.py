"""Score the claims search on a held-out set: `python -m tests.claims.search_eval [-v] [--sqlite]`.

tests/claims/search_heldout/ was written by someone who never saw the code (its README says how): 30 articles
and 111 queries as editors type them, each with every sentence it must find and the near misses it must not.
The articles are ingested as the desk would (extraction, then the derivation a worker does), into a scratch
PostgreSQL database (`factcheck_search_eval`, made anew) or, with --sqlite, a temporary SQLite file (the demo's
FTS5 search). A sentence is found when a claim found by the search contains its quote.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import psycopg2

FOLDER = Path(__file__).parent / "search_heldout"
DATABASE = "factcheck_search_eval"


@dataclass
class Score:
    queries: int = 0
    expected: int = 0
    found: int = 0  # expected sentences found
    unfindable: int = 0  # expected sentences no claim holds (extraction left them out)
    results: int = 0  # claims returned
    near_misses: int = 0  # claims returned that the set says must not be
    exact: int = 0  # queries answered with exactly what they expect
    misses: list = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("queries", "expected", "found", "unfindable", "results", "near_misses", "exact"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses


def setup(sqlite: bool) -> None:
    if sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/search_eval.sqlite3"
    else:
        server = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            cursor.execute(f"CREATE DATABASE {DATABASE}")
        server.close()
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    os.environ.update(DEBUG="true", DJANGO_SETTINGS_MODULE="factcheck.settings", LOG_LEVEL="WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load() -> dict[str, int]:
    """The articles as the desk ingests them; their ids by the set's names."""
    from claims import services
    from claims.models import Claim
    from claims.services import figures_derive

    ids = {}
    for article in json.loads((FOLDER / "articles.json").read_text(encoding="utf-8")):
        stored = services.article_ingest(
            title=article["title"], text=article["text"], language=article["language"], publisher=article["outlet"],
            published=date.fromisoformat(article["published"]))
        ids[article["id"]] = stored.pk
    figures_derive(claim_ids=Claim.objects.values_list("pk", flat=True))
    return ids


def score(query: dict, ids: dict[str, int]) -> Score:
    from claims import search
    from claims.models import Claim

    found = {(claim.article_id, claim.text) for claim in search.matching(Claim.objects.all(), query["query"])}
    claims = defaultdict(list)
    for article, text in Claim.objects.values_list("article_id", "text"):
        claims[article].append(text)

    def holders(quote: dict) -> set:
        article = ids[quote["article"]]
        return {(article, text) for text in claims[article] if quote["quote"] in text}

    result = Score(queries=1, results=len(found))
    wanted = set()
    for quote in query["expect"]:
        held = holders(quote)
        result.expected += 1
        if not held:
            result.unfindable += 1
            result.misses.append((query["id"], query["query"], "no claim holds", quote["quote"]))
        elif held & found:
            result.found += 1
        else:
            result.misses.append((query["id"], query["query"], "not found", quote["quote"]))
        wanted |= held
    for quote in query.get("not", []):
        if holders(quote) & found:
            result.near_misses += 1
            result.misses.append((query["id"], query["query"], "near miss found", quote["quote"]))
    for _, text in sorted(found - wanted):
        result.misses.append((query["id"], query["query"], "also found", text[:90]))
    result.exact = int(found == wanted)
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--sqlite", action="store_true", help="the demo's database and its FTS5 search")
    args = parser.parse_args()
    setup(args.sqlite)
    ids = load()
    by_kind: dict[str, Score] = defaultdict(Score)
    for query in json.loads((FOLDER / "queries.json").read_text(encoding="utf-8")):
        by_kind[query["kind"]].add(score(query, ids))
    total = Score()
    print(f"{'kind':16} {'queries':>7} {'exact':>6} {'recall':>8} {'precision':>9} {'near misses':>11} "
          f"{'unfindable':>10}")
    for kind, result in sorted(by_kind.items()) + [("all", None)]:
        if result is None:
            result = total
        else:
            total.add(result)
        recall = result.found / result.expected if result.expected else 1.0
        hits = result.results - sum(1 for m in result.misses if m[2] in ("also found",))
        precision = hits / result.results if result.results else 1.0
        print(f"{kind:16} {result.queries:7} {result.exact:6} {recall:8.1%} {precision:9.1%} "
              f"{result.near_misses:11} {result.unfindable:10}")
    if args.verbose:
        for miss in total.misses:
            print(" | ".join(miss))
    return 0


if __name__ == "__main__":
    sys.exit(main())
