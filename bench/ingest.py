"""Ingest against article size: claims.services.article_ingest on articles of 1,000, 10,000 and 100,000
one-figure sentences, on PostgreSQL.

    .venv/bin/python -m bench.ingest [--sizes 1000,10000,100000] [--per-paragraph 0] [--seed 1]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth): the database factcheck_bench_ingest is dropped and
made anew on every run, and left behind for a look afterwards. Nothing leaves loopback.

Each article is generated German sentences with one figure each ("Die Zollbehörde zählte 48.213 Container."),
by default all in one paragraph: the worst case, a text a client can send as one wall. For each size, side by
side: the whole ingest through the service (article, claims, figures and their history rows, span triggers,
commit included), extraction alone on the same text (pure Python), "Extract claims again" on the stored article
(article_extract: every passage found is taken, nothing is added), the seconds per claim of the ingest and their
ratio to the first size's, and the process's peak RSS so far. A linear ingest keeps that ratio near 1.
Celery tasks the ingest queues on commit (duplicate search, conflict detection) are recorded and not run, as
with a broker: the request pays for queueing, a worker for the work. Exits 1 if an article does not get exactly
one claim and one figure per sentence with offsets into its text, or if extracting again adds anything; timings
are reported, never judged.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from dataclasses import dataclass
from datetime import date

from bench import workbench
from bench.common import code_version, finish, numbers, tasks_queued_not_run

DATABASE = "factcheck_bench_ingest"
WHO = ["Das Ministerium", "Die Agentur", "Der Sprecher", "Die Regierung", "Das Institut", "Die Behörde",
       "Der Verband", "Die Küstenwache", "Das Statistikamt", "Die Zollbehörde"]
VERBS = ["zählte", "meldete", "nannte", "schätzte", "bezifferte"]
UNITS = ["Container", "Soldaten", "Raketen", "Barrel", "Mitglieder", "Stimmen", "Fahrzeuge", "Tonnen"]


@dataclass
class Row:
    sentences: int
    characters: int
    seconds: float
    extraction: float
    again: float
    claims: int
    figures: int
    peak_mb: float

    @property
    def per_claim_ms(self) -> float:
        return self.seconds / self.sentences * 1000


def article_text(rng: random.Random, sentences: int, per_paragraph: int) -> str:
    """One figure per sentence: a count of five digits at most, grouped German style (never a year)."""
    parts = []
    for index in range(1, sentences + 1):
        count = f"{rng.randrange(1_000, 100_000):,}".replace(",", ".")
        parts.append(f"{rng.choice(WHO)} {rng.choice(VERBS)} {count} {rng.choice(UNITS)}.")
        parts.append("\n\n" if per_paragraph and index % per_paragraph == 0 else " ")
    return "".join(parts).rstrip()


def measure(text: str, sentences: int, problems: list[str]) -> Row:
    from claims import extraction, services
    from claims.models import Figure

    started = time.perf_counter()
    list(extraction.iter_claims(text, language="de", published=date(2024, 6, 19)))
    extracted = time.perf_counter() - started
    started = time.perf_counter()
    article = services.article_ingest(title=f"{sentences:,} sentences", text=text, publisher="Tagesblatt",
                                      published=date(2024, 6, 19))
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    added = services.article_extract(article=article)
    again = time.perf_counter() - started
    if added:
        problems.append(f"{sentences:,} sentences: extracting again added {len(added):,} claims")
    spans = list(article.claims.values_list("start", "end", "text"))
    claims = len(spans)
    figures = Figure.objects.filter(claim__article=article).count()
    if claims != sentences or figures != sentences:
        problems.append(f"{sentences:,} sentences gave {claims:,} claims and {figures:,} figures")
    if any(text[start:end] != quote for start, end, quote in spans):
        problems.append(f"{sentences:,} sentences: a claim's quote is not its span of the text")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return Row(sentences, len(text), seconds, extracted, again, claims, figures, peak_mb)


def print_table(rows: list[Row]) -> None:
    first = rows[0]
    table = [("sentences", "characters", "claims", "figures", "ingest s", "extraction s", "again s",
              "ms per claim", "÷ first per claim", "peak RSS")]
    table += [(f"{r.sentences:,}", f"{r.characters:,}", f"{r.claims:,}", f"{r.figures:,}", f"{r.seconds:,.2f}",
               f"{r.extraction:,.2f}", f"{r.again:,.2f}", f"{r.per_claim_ms:.3f}",
               f"{r.per_claim_ms / first.per_claim_ms:.2f}x", f"{r.peak_mb:,.0f} MB") for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(f"{cell:>{width}}" for cell, width in zip(row, widths, strict=True)))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=numbers, default=[1_000, 10_000, 100_000], help="sentences per article")
    parser.add_argument("--per-paragraph", type=int, default=0, help="sentences per paragraph; 0: one paragraph")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    print(f"code: {code_version()}")
    workbench.fresh_database(DATABASE)
    workbench.start_django(DATABASE)
    rng = random.Random(args.seed)
    problems: list[str] = []
    rows = []
    with tasks_queued_not_run() as queued:
        for size in args.sizes:
            rows.append(measure(article_text(rng, size, args.per_paragraph), size, problems))
            print(f"  {size:,} sentences: {rows[-1].seconds:,.2f} s", flush=True)
    return finish(rows, problems, queued, started, print_table)


if __name__ == "__main__":
    sys.exit(main())
