"""Find conflicting, corroborating and series figures across all articles from scratch (for backfills)."""

from __future__ import annotations

import json as jsonlib
import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from claims import services


class Command(BaseCommand):
    help = ("Derive what figures measure where that is missing, then match every figure against the older ones "
            "and bring the suggested conflicts up to date. Decided and hand-made conflicts are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")
        parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                            help="Processes to share the measures between (PostgreSQL only; default: one per core).")

    def handle(self, *args, json: bool, processes: int, **options):
        if processes < 1:
            raise CommandError("--processes must be at least 1.")
        started = time.monotonic()
        show = sys.stderr.isatty() and not json
        outcome = services.conflicts_recompute(progress=self._progress if show else None, processes=processes)
        if show:
            sys.stderr.write("\n")
        report = {"figures": outcome.figures, "created": outcome.created, "updated": outcome.updated,
                  "removed": outcome.removed, "seconds": round(time.monotonic() - started, 1)}
        if json:
            self.stdout.write(jsonlib.dumps(report))
            return
        self.stdout.write(
            f"{report['figures']} figures matched in {report['seconds']} s: {report['created']} suggestion(s) "
            f"added, {report['updated']} updated, {report['removed']} no longer found."
        )

    @staticmethod
    def _progress(stage: str, done: int, total: int) -> None:
        verb = "deriving claims" if stage == "derive" else "matching figures"
        sys.stderr.write(f"\r{verb}: {done:,} of {total:,}   ")
        sys.stderr.flush()
