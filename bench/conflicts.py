"""Conflict detection at scale: incremental detection per new claim, a naive ORM loop and the full recompute.

    .venv/bin/python -m bench.conflicts [--figures 1000000] [--new-claims 200] [--naive-claims 5] [--seed 1]
        [--derive-claims 20000] [--check 20] [--processes 1] [--profile incremental|recompute]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth): the database factcheck_bench_conflicts is dropped
and made anew on every run, and left behind for a look afterwards. Nothing leaves loopback.

Generates a desk's worth of German news (articles, claims and figures about some 270,000 events that one to
eight outlets report, agreeing, contradicting each other or moving over time), derives every figure's measure,
subject and blocking keys with claims.matching exactly as the service stores them, and loads it all with COPY.
Then, in one run: claims.services.conflicts_detect per new claim (target: under 5 ms at 1,000,000 figures), a
naive per-claim ORM loop over every figure of the measure, claims.services.conflicts_recompute over everything
(target: under 30 s), first from scratch and then again with nothing changed, beside reading the figures alone
and reading and matching them without writing (each in a fresh process, for its peak RSS), and figures_derive
on a sample of claims (what a backfill of never-derived figures costs). With --profile, one phase runs under
cProfile and its statistics follow the table.

Prints the commit measured, the generated data, one line per phase and a table with the figures, the targets
and the ratios. Exits 1 when the data is inconsistent, the suggestions conflicts_detect wrote differ from what
the full recompute makes of the same figures, or a second recompute changes anything; timings are reported,
never judged.

The desk is made by bench/corpus.py and loaded by bench/loading.py; the phases are in bench/conflict_phases.py.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time

from bench import workbench
from bench.common import code_version, duration, percentile
from bench.conflict_phases import (
    Derivation,
    Heavy,
    Incremental,
    Naive,
    analyze_conflicts,
    compare_snapshots,
    mark_due,
    run_by_article,
    run_derivation,
    run_heavy,
    run_incremental,
    run_naive,
    snapshot,
    worker,
)
from bench.corpus import Words, World
from bench.loading import Loaded, add_claims, block_sizes, check_spans, load

DATABASE = "factcheck_bench_conflicts"
INCREMENTAL_TARGET_MS = 5.0
RECOMPUTE_TARGET_S = 30.0
WARM_UP_CLAIMS = 5  # detected first and left out of the statistics: the first queries warm caches


def prepare_database() -> None:
    workbench.fresh_database(DATABASE)


def start_django() -> None:
    workbench.start_django(DATABASE)


# --- Report -----------------------------------------------------------------------------------------------------------


def print_table(loaded: Loaded, inc: Incremental, naive: Naive | None, naive_inc_ms: float, rec: Heavy,
                again: Heavy, reading: Heavy, matching: Heavy, der: Derivation, claims_total: int,
                processes: int, nightly: list[tuple[str, Heavy]]) -> None:
    median, p90 = statistics.median(inc.ms), percentile(inc.ms, 0.9)

    def recompute_row(name: str, phase: Heavy) -> tuple[str, ...]:
        return (name, f"{phase.figures:,} figures", f"{phase.seconds:.1f}",
                f"{phase.figures / phase.seconds:,.0f} figures/s", f"{RECOMPUTE_TARGET_S:g} s",
                f"{phase.seconds / RECOMPUTE_TARGET_S:.2f}x", f"{phase.rss_peak:,.0f} MB")

    rows = [("phase", "items", "seconds", "per item", "target", "÷ target", "peak RSS"),
            ("incremental conflicts_detect", f"{len(inc.ms):,} claims", f"{sum(inc.ms) / 1000:.2f}",
             f"median {median:.2f} ms", f"{INCREMENTAL_TARGET_MS:g} ms", f"{median / INCREMENTAL_TARGET_MS:.2f}x", ""),
            ("", "", "", f"p90 {p90:.2f} ms", "", f"{p90 / INCREMENTAL_TARGET_MS:.2f}x", ""),
            ("", "", "", f"max {max(inc.ms):.2f} ms", "", "", "")]
    if naive:
        rows.append(("naive ORM loop", f"{len(naive.ms):,} claims", f"{sum(naive.ms) / 1000:.2f}",
                     f"mean {statistics.mean(naive.ms):,.0f} ms", "", "", ""))
    label = "" if processes == 1 else f", {processes} processes"
    rows += [recompute_row(f"full conflicts_recompute{label}", rec),
             ("  read only (SQL to Facts)", f"{reading.figures:,} figures", f"{reading.seconds:.1f}",
              f"{reading.figures / reading.seconds:,.0f} figures/s", "", "", f"{reading.rss_peak:,.0f} MB"),
             ("  read and match, no writes", f"{matching.figures:,} figures", f"{matching.seconds:.1f}",
              f"{matching.figures / matching.seconds:,.0f} figures/s", "", "", f"{matching.rss_peak:,.0f} MB"),
             recompute_row(f"full recompute again, nothing changed{label}", again),
             *(recompute_row(name, phase) for name, phase in nightly),
             ("figures_derive (backfill)", f"{der.claims:,} claims", f"{der.seconds:.2f}",
              f"{der.claims / der.seconds:,.0f} claims/s", "", "", "")]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = zip(row[1:], widths[1:], strict=True)
        print(f"{row[0]:<{widths[0]}}" + "".join(f"  {cell:>{width}}" for cell, width in cells))
    print()
    print(f"incremental: median {median:.2f} ms per new claim at {loaded.figures:,} figures "
          f"(target {INCREMENTAL_TARGET_MS:g} ms: {median / INCREMENTAL_TARGET_MS:.2f}x), "
          f"{statistics.mean(inc.created):.1f} conflicts found per claim (median {statistics.median(inc.created):g}, "
          f"max {max(inc.created)})")
    if naive:
        per = statistics.mean(naive.ms)
        print(f"naive ORM loop / incremental: {per / naive_inc_ms:,.0f}x slower per claim "
              f"({per:,.0f} ms vs {naive_inc_ms:.2f} ms for the same {len(naive.ms)} claims; "
              f"{naive.rows / len(naive.ms):,.0f} rows read per claim)")
        print(f"naive full recompute, extrapolated: {per:,.0f} ms x {claims_total:,} claims = "
              f"{duration(per / 1000 * claims_total)} (not run)")
    split = (f"; of it reading {reading.seconds:.1f} s, matching {matching.seconds - reading.seconds:.1f} s, writing "
             f"{rec.seconds - matching.seconds:.1f} s" if processes == 1
             else f" in {processes} processes (reading and matching alone ran in one)")
    print(f"full recompute: {rec.seconds:.1f} s for {rec.figures:,} figures (target {RECOMPUTE_TARGET_S:g} s: "
          f"{rec.seconds / RECOMPUTE_TARGET_S:.2f}x), {rec.figures / rec.seconds:,.0f} figures/s, "
          f"{rec.created:,} conflicts written, peak RSS {rec.rss_peak:,.0f} MB{split}")
    print(f"recompute again with nothing changed: {again.seconds:.1f} s ({again.seconds / RECOMPUTE_TARGET_S:.2f}x "
          f"the target), peak RSS {again.rss_peak:,.0f} MB")
    print(f"derivation: {der.claims / der.seconds:,.0f} claims/s ({der.figures / der.seconds:,.0f} figures/s); "
          f"deriving all {claims_total:,} claims anew would take about "
          f"{duration(claims_total / der.claims * der.seconds)} (not part of the full recompute above)")


def print_profile(stats: pstats.Stats, phase: str) -> None:
    print()
    print(f"profile of the {phase} phase (cProfile; its timings above are inflated by the profiler):")
    stream = io.StringIO()
    stats.stream = stream
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(30)
    print("\n".join(line for line in stream.getvalue().splitlines() if line.strip()))


# --- Running ----------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--figures", type=int, default=1_000_000)
    parser.add_argument("--new-claims", type=int, default=200)
    parser.add_argument("--naive-claims", type=int, default=5, help="new claims for the naive ORM loop")
    parser.add_argument("--derive-claims", type=int, default=20_000, help="loaded claims derived again")
    parser.add_argument("--check", type=int, default=20, help="new claims whose suggestions the recompute must match")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=["incremental", "recompute"], help="run this phase under cProfile")
    parser.add_argument("--processes", type=int, default=1,
                        help="processes for conflicts_recompute (its default is 1; manage.py uses one per core)")
    parser.add_argument("--due", type=float, default=0.01,
                        help="share of figures whose claims are marked edited for the nightly run's timing")
    parser.add_argument("--worker", choices=["read", "match", "recompute", "nightly"], help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.profile_to, args.processes)
        return 0
    return run(args)


def run(args) -> int:
    rng = random.Random(args.seed)
    print(f"code: {code_version()}; {os.cpu_count()} cores")
    prepare_database()
    start_django()
    started = time.perf_counter()
    world = World(Words(rng), rng)
    vocabulary_s = time.perf_counter() - started
    loaded = load(world, args.figures, DATABASE)
    print(f"generated {loaded.articles:,} articles, {loaded.claims:,} claims, {loaded.figures:,} figures "
          f"({loaded.measured:,} with a measure: "
          + ", ".join(f"{n:,} {kind}" for kind, n in loaded.kinds.most_common())
          + f") about {loaded.events:,} events, {loaded.keys:,} blocking keys")
    print(f"  vocabulary {vocabulary_s:.1f} s, generating and COPY {loaded.generate_s:.1f} s (waiting on COPY "
          f"{loaded.waited_s:.1f} s), indexes {loaded.index_s:.1f} s, VACUUM ANALYZE {loaded.vacuum_s:.1f} s "
          f"(none of it measured below)")
    problems = check_spans()
    from claims.matching import blocking

    busy = getattr(blocking, "WINDOW", None) or getattr(blocking, "COMMON", 200)
    keys, mean, common, filed, largest = block_sizes(busy)
    print(f"  {keys:,} distinct keys, {mean:.1f} figures per key; {common:,} keys have more than {busy} figures "
          f"({filed:,} key rows), the largest {', '.join(f'{n:,}' for n in largest)}")

    new = add_claims(world, WARM_UP_CLAIMS + args.new_claims)
    warm_up, new = new[:WARM_UP_CLAIMS], new[WARM_UP_CLAIMS:]
    profiled = cProfile.Profile() if args.profile == "incremental" else None
    run_incremental(warm_up, None)
    inc = run_incremental(new, profiled)
    print(f"incremental: {len(new):,} new claims ({inc.figures:,} figures), median {statistics.median(inc.ms):.2f} ms, "
          f"p90 {percentile(inc.ms, 0.9):.2f} ms, max {max(inc.ms):.2f} ms per claim, "
          f"{sum(inc.created):,} conflicts written", flush=True)
    per_article = run_by_article(add_claims(world, args.new_claims))
    print(f"incremental by article, as the task after an ingest runs: {len(per_article):,} articles of five new "
          f"claims, median {statistics.median(per_article):.2f} ms per claim (one claim alone: "
          f"{statistics.median(inc.ms):.2f} ms, {statistics.median(per_article) / statistics.median(inc.ms):.2f}x)",
          flush=True)
    checked = sorted(rng.sample(new, min(args.check, len(new))))
    before = snapshot(checked)

    naive, naive_inc_ms = None, 0.0
    if args.naive_claims:
        sample = new[: args.naive_claims]
        naive = run_naive(sample)
        naive_inc_ms = statistics.mean(inc.ms[: len(sample)])
        print(f"naive ORM loop: {len(sample)} claims, {statistics.mean(naive.ms):,.0f} ms per claim, "
              f"{naive.rows:,} rows read, {naive.found:,} matches kept", flush=True)

    reading = run_heavy("read")
    print(f"read only: {reading.figures:,} figures in {reading.seconds:.1f} s", flush=True)
    matching = run_heavy("match")
    print(f"read and match, no writes: {matching.figures:,} figures, {matching.pairs:,} pairs kept in "
          f"{matching.seconds:.1f} s, peak RSS {matching.rss_peak:,.0f} MB", flush=True)
    profile_to = None
    if args.profile == "recompute":
        profile_to = tempfile.mkstemp(prefix="bench-conflicts-", suffix=".prof")[1]
    rec = run_heavy("recompute", profile_to, args.processes)
    print(f"full recompute: {rec.seconds:.1f} s, {rec.created:,} created, {rec.updated:,} updated, "
          f"{rec.removed:,} removed, {rec.stored:,} conflicts stored, peak RSS {rec.rss_peak:,.0f} MB", flush=True)
    after = snapshot(checked)
    mismatches = compare_snapshots(before, after)
    print(f"check: {len(before):,} suggestions of {len(checked)} new claims from conflicts_detect, {len(after):,} from "
          f"the full recompute, {len(mismatches)} differ")
    problems += [f"incremental and full recompute differ: {m}" for m in mismatches[:20]]
    analyze_conflicts()
    again = run_heavy("recompute", None, args.processes)
    print(f"full recompute again, nothing changed: {again.seconds:.1f} s, {again.created:,} created, "
          f"{again.updated:,} updated, {again.removed:,} removed, peak RSS {again.rss_peak:,.0f} MB", flush=True)
    if again.created or again.updated or again.removed:
        problems.append(f"a second recompute changed suggestions: {again.created} created, {again.updated} updated, "
                        f"{again.removed} removed")

    nightly = [("nightly recompute, nothing due", run_heavy("nightly"))]
    due = mark_due(args.due)
    nightly.append((f"nightly recompute, {due:,} figures due", run_heavy("nightly")))
    for label, phase in nightly:
        print(f"{label}: {phase.seconds:.1f} s, {phase.figures:,} figures detected, {phase.created:,} created, "
              f"{phase.updated:,} updated, {phase.removed:,} removed, peak RSS {phase.rss_peak:,.0f} MB", flush=True)
        # Marked due but unchanged: detecting them again must find what the full pass stored.
        if phase.created or phase.updated or phase.removed:
            problems.append(f"{label} changed suggestions: {phase.created} created, {phase.updated} updated, "
                            f"{phase.removed} removed")

    der = run_derivation(rng, loaded.claims, args.derive_claims)
    print(f"derivation: {der.claims:,} claims ({der.figures:,} figures) in {der.seconds:.2f} s")
    print()
    print_table(loaded, inc, naive, naive_inc_ms, rec, again, reading, matching, der,
                loaded.claims + len(new) + len(warm_up), args.processes, nightly)
    if args.profile == "incremental":
        print_profile(pstats.Stats(profiled), args.profile)
    elif profile_to:
        print_profile(pstats.Stats(profile_to), args.profile)
        os.unlink(profile_to)
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
