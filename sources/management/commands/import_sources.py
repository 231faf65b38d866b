"""Add sources from a file of URLs, one per line; they are checked as soon as a worker sweeps."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.reading import BadInput, read_article
from sources import services

MAX_BYTES = 50 * 1024 * 1024
SHOWN_ERRORS = 20


class Command(BaseCommand):
    help = "Import source URLs from FILE (one per line, # comments allowed); duplicates merge by normalised URL."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help='print {"created": n, "known": n, "repeated": n}')

    def handle(self, *args, path, json, **options):
        try:
            text = read_article(path, MAX_BYTES)
        except BadInput as exc:
            raise CommandError(str(exc)) from exc
        report = services.sources_import(lines=text.splitlines())
        if report.bad:
            shown = report.bad[:SHOWN_ERRORS]
            more = len(report.bad) - len(shown)
            tail = f"\n... and {more} more" if more else ""
            raise CommandError(f"{path}: {len(report.bad)} bad lines, nothing imported:\n" + "\n".join(shown) + tail)
        if not (report.created or report.known):
            raise CommandError(f"{path}: no URLs in the file")
        summary = {"created": report.created, "known": report.known, "repeated": report.repeated}
        if json:
            self.stdout.write(jsonlib.dumps(summary))
        else:
            self.stdout.write(f"{report.created} new sources, {report.known} already known, "
                              f"{report.repeated} repeated lines merged")
