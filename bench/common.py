"""What the benchmarks share: the commit measured, percentiles and durations as they print them, memory
sampling, and for those that drive the services, Celery tasks recorded instead of run and the end of a run.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import psutil

ROOT = Path(__file__).resolve().parent.parent


def code_version() -> str:
    """The commit measured, and whether the code under claims/ or sources/ differed from it (the tree is shared)."""
    import subprocess

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return result.stdout.rstrip("\n")

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changed = git("status", "--porcelain", "--", "claims", "sources")
    return commit + (" with uncommitted changes in " + ", ".join(sorted({line[3:] for line in changed.splitlines()}))
                     if changed else "")


def duration(seconds: float) -> str:
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * size:
            return f"{seconds / size:,.1f} {unit}"
    return f"{seconds:,.1f} s"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


class PeakRSS:
    """Resident memory of a process and its children in MB: before, the highest seen (every 50 ms), after."""

    def __init__(self, pid: int | None = None) -> None:
        self.process = psutil.Process(pid)
        self.before = self.peak = self.after = 0.0
        self._stop = threading.Event()

    def __enter__(self) -> PeakRSS:
        self.before = self.peak = self._sample()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.after = self._sample()

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def _sample(self) -> float:
        try:
            rss = self.process.memory_info().rss / 2**20
            for child in self.process.children(recursive=True):
                try:
                    rss += child.memory_info().rss / 2**20
                except psutil.NoSuchProcess:
                    pass
        except psutil.NoSuchProcess:  # a child that has finished keeps the peak it had
            return self.peak
        self.peak = max(self.peak, rss)
        return rss


@contextmanager
def tasks_queued_not_run() -> Iterator[list[str]]:
    """What the services queue on commit is recorded, not run: with a broker it would go to a worker."""
    from claims import tasks

    queued: list[str] = []
    with (mock.patch.object(tasks.find_duplicate_task, "delay", lambda *a, **k: queued.append("find_duplicate")),
          mock.patch.object(tasks.detect_conflicts_task, "delay", lambda *a, **k: queued.append("detect"))):
        yield queued


def finish(rows: list, problems: list[str], queued: list[str], started: float,
           print_table: Callable[[list], None]) -> int:
    """The end of a run: the tasks left queued, the table, every failure; the exit code (1 on a failure)."""
    print(f"  {len(queued):,} tasks queued and not run; {time.perf_counter() - started:.0f} s in all")
    print()
    print_table(rows)
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",")]
