"""Check sources now, in this process, through the same code the Celery workers run."""

from __future__ import annotations

import json as jsonlib
import sys
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sources import checking, services


class Command(BaseCommand):
    help = "Check due sources (--due, the default) or all of them (--all); blocks until every one is checked."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="every source not already held by a worker")
        which.add_argument("--due", action="store_true", help="sources whose next check is due (default)")
        parser.add_argument("--processes", type=int, default=1,
                            help="check in this many processes, one core each (PostgreSQL; each host stays in one)")
        parser.add_argument("--json", action="store_true",
                            help='print {"checked": N, "seconds": S, "by_status": {"ok": n, ...}}')

    def handle(self, *args, all, due, json, processes, **options):
        if processes < 1:
            raise CommandError("--processes must be at least 1")
        if processes > 1 and connection.vendor != "postgresql":
            raise CommandError("--processes above 1 needs PostgreSQL (SQLite allows one writer at a time)")
        started = time.monotonic()
        # Beside running workers: hosts they are checking now are left to them (the per-host limit).
        lease, ids, left = services.sources_lease_here(everything=all)
        progress = Progress(len(ids)) if sys.stderr.isatty() and not json else None
        try:
            counts = checking.check_in_processes(ids, lease, processes, progress=progress) if ids else Counter()
        except KeyboardInterrupt as exc:
            raise CommandError("interrupted; checks finished so far are recorded, the rest are due again soon") from exc
        seconds = round(time.monotonic() - started, 3)
        if progress:
            progress.finish()
        report = {"checked": sum(counts.values()), "seconds": seconds, "by_status": dict(sorted(counts.items())),
                  "left_to_workers": left}
        if json:
            self.stdout.write(jsonlib.dumps(report))
            return
        if not ids:
            self.stdout.write(("nothing to check" if all else "no source is due")
                              + (f"; {left} left to the workers checking their hosts right now" if left else ""))
            return
        statuses = ", ".join(f"{name} {n}" for name, n in report["by_status"].items())
        self.stdout.write(f"checked {report['checked']} sources in {seconds:.1f} s: {statuses}")
        if left:
            self.stdout.write(f"{left} left to the workers checking their hosts right now")


class Progress:
    """A one-line bar on stderr, only when it is a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.monotonic()

    def __call__(self, n: int) -> None:
        self.done += n
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        filled = int(30 * self.done / max(self.total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {rate:,.0f}/s")

    def finish(self) -> None:
        sys.stderr.write("\n")
