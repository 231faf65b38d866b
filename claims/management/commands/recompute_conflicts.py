"""Bring the suggested conflicts up to date: a full pass over every figure when the matching rules changed since
the last one (or with --full), else detection for the figures that are due (the nightly run)."""

from __future__ import annotations

import json as jsonlib
import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from claims import services


class Command(BaseCommand):
    help = ("Bring the suggested conflicts up to date. When the matching rules changed since the last full pass (or "
            "with --full) every figure is matched against the older ones; otherwise only figures never derived, "
            "derived under older rules or edited since their detection are. Decided and hand-made conflicts are "
            "kept.")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")
        parser.add_argument("--full", action="store_true", help="Match every figure, whether or not the rules changed.")
        parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                            help="Processes to share the measures between (PostgreSQL only; default: one per core).")

    def handle(self, *args, json: bool, processes: int, full: bool, **options):
        if processes < 1:
            raise CommandError("--processes must be at least 1.")
        started = time.monotonic()
        show = sys.stderr.isatty() and not json
        outcome = services.conflicts_recompute(progress=self._progress if show else None, processes=processes,
                                               full=True if full else None)
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
        verb = {"derive": "deriving claims", "detect": "detecting claims due"}.get(stage, "matching figures")
        sys.stderr.write(f"\r{verb}: {done:,} of {total:,}   ")
        sys.stderr.flush()
