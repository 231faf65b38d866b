"""The recompute: nightly, and for backfills. A full pass matches every figure against the older ones from
scratch; it runs when the matching rules changed since the last full pass (claims.matching.fingerprint), or
when asked, or when so many figures are due that it is cheaper. Otherwise a run detects only the figures that
are due: never derived, derived under older rules, or edited (claims.services.conflicts marks those), which
are the ones whose detection task was lost; with nothing due it is done at once (issue 16: a full pass took
170 s with nothing changed at a million figures).

It reads the figures once, in id order, and writes what it finds in batches of newer-figure ids, each in a
short transaction, so memory stays bounded by the figures (not the pairs) and editors are never blocked
for long. Figures of different measures never match, so on PostgreSQL the measures can be shared out
between forked processes, one per core. It holds an advisory lock that detection tasks share: while it
runs, tasks wait, and afterwards they bring up to date whatever changed meanwhile. Two recomputes never
run at once.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
from collections.abc import Callable, Iterator

from django.db import connections, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from .. import matching, store
from ..matching import DERIVATION, blocking
from ..matching.compare import Facts
from ..models import Conflict, Figure, RecomputeRun
from .conflicts import Found, Outcome, conflicts_detect, figures_derive, reconcile

BATCH = 50_000  # newer-figure ids written per transaction
# Due claims per transaction in the nightly run. They are spread over the whole desk, so each brings the newer
# figures that see it to be matched again (about 400 at a million figures), which its batch holds in memory:
# 1,000 claims at once took 13 GB (issue 16). New articles' claims, the tasks' batches, are the newest figures.
DUE_BATCH = 100
FULL_WHEN_DUE = 0.004  # share of the figures due from which a full pass is cheaper (_many_due)
Progress = Callable[[str, int, int], None]


def conflicts_recompute(*, progress: Progress | None = None, processes: int = 1, full: bool | None = None) -> Outcome:
    """A full pass if `full`, or (None) if the rules changed since the last full pass; else detect what is due.
    Each run is recorded (RecomputeRun)."""
    report = progress or (lambda stage, done, total: None)
    rules = matching.fingerprint()
    if full is None:
        full = (not RecomputeRun.objects.filter(full=True, rules=rules, finished_at__isnull=False).exists()
                or _many_due())
    run = RecomputeRun.objects.create(rules=rules, full=full)
    outcome = _full(report, processes) if full else _due(report)
    RecomputeRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), figures=outcome.figures, created=outcome.created, updated=outcome.updated,
        removed=outcome.removed)
    return outcome


def _due_claims() -> list[int]:
    """The claims with figures never derived, derived under older rules, or edited since their detection."""
    return sorted(set(Figure.objects.exclude(derived=DERIVATION).values_list("claim_id", flat=True)))


def _many_due() -> bool:
    """Whether so many figures are due that a full pass is cheaper. A due figure is an old one: the newer
    figures that see it are matched again with it, about 116 ms a figure at 200,000 figures, where a full pass
    takes 0.45 ms a figure (bench/conflicts.py, 7 December 2026); they break even near 0.4 % of the figures."""
    due = Figure.objects.exclude(derived=DERIVATION).count()
    return due > 0 and due > FULL_WHEN_DUE * Figure.objects.count()


def _due(report: Progress) -> Outcome:
    """Detection for the claims whose figures are due, DUE_BATCH claims per transaction."""
    claims = _due_claims()
    outcome = Outcome()
    for start in range(0, len(claims), DUE_BATCH):
        with transaction.atomic():
            found = conflicts_detect(claim_ids=claims[start : start + DUE_BATCH], edited=True)
        outcome.add(found)
        outcome.figures += found.figures
        report("detect", min(start + DUE_BATCH, len(claims)), len(claims))
    return outcome


def _full(report: Progress, processes: int) -> Outcome:
    """Derive what was never derived, then match every figure and bring the suggestions up to date."""
    with store.recompute_lock():
        _derive_missing(report)
        # Figures that arrive after this point are the detection task's, which waits for the lock.
        last = Figure.objects.order_by("-id").values_list("id", flat=True).first() or 0
        total = Figure.objects.filter(id__lte=last, measure__gt="").count()
        groups = _measure_groups(processes, last) if store.can_fork() else []
        if len(groups) > 1:
            outcome = _in_processes(groups, last, total, report)
        else:
            outcome = _recompute(None, last, _counted(store.facts_up_to(last, None), total, report))
        outcome.add(_drop_orphans(last))
        outcome.figures = total
    return outcome


def _recompute(measures: list[str] | None, last: int, figures: Iterator[Facts]) -> Outcome:
    outcome = Outcome()
    existing = Conflict.objects.all() if measures is None else Conflict.objects.filter(
        figure_b__measure__in=measures)
    for low, high, found in _batches(blocking.full_pass(figures), last):
        with transaction.atomic():
            outcome.add(reconcile(found, existing.filter(figure_b_id__gt=low, figure_b_id__lte=high),
                                  existing_only=True))
    return outcome


def _measure_groups(processes: int, last: int) -> list[list[str]]:
    """The measures shared out into `processes` groups of about the same number of figures."""
    if processes <= 1:
        return []
    counts = (Figure.objects.filter(id__lte=last).exclude(measure="").values_list("measure")
              .annotate(n=Count("id")).order_by("-n"))
    sizes, groups = [0] * processes, [[] for _ in range(processes)]
    for measure, count in counts:  # largest first, each to the group with the fewest figures so far
        smallest = sizes.index(min(sizes))
        groups[smallest].append(measure)
        sizes[smallest] += count
    return [group for group in groups if group]


def _in_processes(groups: list[list[str]], last: int, total: int, report: Progress) -> Outcome:
    context = multiprocessing.get_context("fork")
    done = context.Value("q", 0)
    _CHILD.update(done=done, last=last)
    connections.close_all()  # children open their own; the lock lives on a connection of its own
    outcome = Outcome()
    with concurrent.futures.ProcessPoolExecutor(len(groups), mp_context=context) as pool:
        pending = {pool.submit(_child, group) for group in groups}
        while pending:
            finished, pending = concurrent.futures.wait(pending, timeout=1)
            for future in finished:
                outcome.add(Outcome(**future.result()))
            report("match", done.value, total)
    return outcome


_CHILD: dict = {}  # what forked children inherit: the shared progress counter and the last figure id


def _child(measures: list[str]) -> dict:
    done, last = _CHILD["done"], _CHILD["last"]

    def counted(figures: Iterator[Facts]) -> Iterator[Facts]:
        for index, figure in enumerate(figures, 1):
            yield figure
            if index % 10_000 == 0:
                with done.get_lock():
                    done.value += 10_000

    connections.close_all()
    try:
        outcome = _recompute(measures, last, counted(store.facts_up_to(last, measures)))
    finally:
        connections.close_all()
    return {"created": outcome.created, "updated": outcome.updated, "removed": outcome.removed}


def _drop_orphans(last: int) -> Outcome:
    """Suggestions whose figures no longer share a measure (one was edited into another) belong to no group."""
    removed = store.unrecorded_delete(Conflict.objects.detected_suggestions().filter(figure_b_id__lte=last).filter(
        Q(figure_b__measure="") | ~Q(figure_a__measure=F("figure_b__measure"))))
    return Outcome(removed=removed)


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


def _counted(figures: Iterator[Facts], total: int, report: Progress) -> Iterator[Facts]:
    done = 0
    for done, figure in enumerate(figures, 1):
        yield figure
        if done % 50_000 == 0:
            report("match", done, total)
    report("match", done, total)


def _derive_missing(report: Progress) -> None:
    claims = _due_claims()
    for start in range(0, len(claims), 2000):
        with transaction.atomic():
            figures_derive(claim_ids=claims[start : start + 2000])
        report("derive", min(start + 2000, len(claims)), len(claims))
