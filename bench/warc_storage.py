"""What WARC evidence costs in storage: records of changed fetches only, against a record of every check.

    .venv/bin/python -m bench.warc_storage [--sources 1000] [--checks 10] [--changes 2] [--hosts 20] [--page-kb 30]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth): the database factcheck_bench_warc is dropped and
made anew on every run. The simulated web (tests/simweb.py) runs in this process on 127.0.0.2 and up, and the
sources are its pages by IP literal: nothing leaves loopback and no name is resolved.

Each source is an article page of about --page-kb kilobytes of text; it is checked --checks times, and its text
changes before --changes of those checks (spread evenly). The first check reads every page (its first capture),
so each source ends with 1 + changes records. Prints the records and bytes stored, and beside them what keeping
the exchange of every check would take, with the ratio. Exits 1 if a source holds another number of records.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import time

from bench import workbench

DATABASE = "factcheck_bench_warc"
WORDS = ("Container Lieferung Munition Grenze Regierung Bericht Zahl Quelle Angaben Beamte Hafen Schiff Monat "
         "Woche Jahr Ministerium Sprecher Analyse Satellit Bild Zug Lager Region Armee Fracht Vertrag").split()


def article(rng: random.Random, kilobytes: int) -> str:
    """Text that compresses like prose (a page of words, not one repeated line)."""
    words, size = [], 0
    while size < kilobytes * 1024:
        word = rng.choice(WORDS) if rng.random() < 0.9 else str(rng.randint(1, 99_999))
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--checks", type=int, default=10)
    parser.add_argument("--changes", type=int, default=2)
    parser.add_argument("--hosts", type=int, default=20, choices=range(1, 100), metavar="1..99")
    parser.add_argument("--page-kb", type=int, default=30)
    parser.add_argument("--database", default=DATABASE, help="dropped and made anew")
    args = parser.parse_args()
    workbench.fresh_database(args.database)
    workbench.start_django(args.database, FACTCHECK_FETCH_ALLOW_NETWORKS="127.0.0.0/8")
    from tests.simweb import SimWeb

    with SimWeb([f"127.0.0.{i + 2}" for i in range(args.hosts)]) as web:
        ids = make_sources(web, args)
        change_before = {round(args.checks * (n + 1) / (args.changes + 1)) for n in range(args.changes)}
        started = time.monotonic()
        for number in range(args.checks):
            if number in change_before:
                for name in web.pages:
                    web.pages[name] += f" Aktualisiert vor Prüfung {number + 1}: fast 7.000 Container."
            check_all(ids)
        seconds = time.monotonic() - started
    return report(args, ids, seconds)


def make_sources(web, args) -> list[int]:
    from sources import services
    from tests.factories import ClaimFactory

    rng = random.Random(11)
    claim = ClaimFactory()
    ids = []
    for n in range(args.sources):
        name = f"s{n}"
        web.pages[name] = article(rng, args.page_kb) + " Bis März fast 7.000 Container."
        citation = services.citation_create(claim=claim, url=web.url(f"/page/{name}", web.hosts[n % len(web.hosts)]),
                                            expected="7.000", check=False)
        ids.append(citation.source_id)
    return ids


def check_all(ids: list[int]) -> None:
    from sources import checking, services
    from sources.models import Source

    lease, leased = services.sources_lease(queryset=Source.objects.filter(id__in=ids))
    checking.check_leased(leased, lease)


def report(args, ids: list[int], seconds: float) -> int:
    from django.db import connection
    from django.db.models import Count, Sum

    from sources.models import FetchRecord, SourceCheck

    records = FetchRecord.objects.aggregate(rows=Count("id"), size=Sum("size"))
    size_of = {(r.source_id, r.content_hash): (r.size, len(gzip.decompress(bytes(r.data))))
               for r in FetchRecord.objects.only("source_id", "content_hash", "size", "data")}
    raw_stored = sum(raw for _, raw in size_of.values())
    checks = list(SourceCheck.objects.filter(outcome="ok").values_list("source_id", "content_hash"))
    # Every check kept: each check's exchange is the record of the version it read, compressed the same way.
    every = [size_of[key] for key in checks if key in size_of]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('sources_fetchrecord')")
        on_disk = cursor.fetchone()[0]
    per_source = FetchRecord.objects.values("source_id").annotate(n=Count("id")).values_list("n", flat=True)
    wrong = sum(1 for n in per_source if n != 1 + args.changes) + len(ids) - len(per_source)
    every_size, every_raw = sum(s for s, _ in every), sum(r for _, r in every)
    print(f"{len(ids):,} sources ({args.page_kb} kB of text each), {args.checks} checks each, {args.changes} "
          f"changes: {len(checks):,} good checks in {seconds:.1f} s")
    print(f"{'':28}{'records':>10}{'rows':>10}{'gzip bytes':>16}{'raw bytes':>16}")
    print(f"{'changed fetches (stored)':28}{records['rows'] * 2:>10,}{records['rows']:>10,}{records['size']:>16,}"
          f"{raw_stored:>16,}")
    print(f"{'every check (not stored)':28}{len(every) * 2:>10,}{len(every):>10,}{every_size:>16,}{every_raw:>16,}")
    print(f"ratio every check ÷ stored: {every_size / records['size']:.2f}x in bytes, "
          f"{len(every) / records['rows']:.2f}x in rows; gzip saves {raw_stored / records['size']:.2f}x")
    print(f"table sources_fetchrecord with TOAST and indexes: {on_disk:,} bytes "
          f"({on_disk / len(ids):,.0f} per source)")
    if wrong or len(every) != len(checks):
        print(f"FAILED: {wrong} sources without exactly {1 + args.changes} records, "
              f"{len(checks) - len(every)} checks whose version has no record")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
