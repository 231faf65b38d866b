"""Print the claims and figures found in an article file; stores nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import iter_claims
from claims.extraction.reading import MAX_BYTES, BadInput, read_article
from claims.services import storable


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--published must be YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Find numbered claims with parsed figures in a German or English article file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--published", type=iso_date, help="YYYY-MM-DD; dates without a year take its year")
        parser.add_argument("--language", choices=["de", "en"], default="de")
        parser.add_argument("--json", action="store_true", help='print {"claims": [...]}')
        parser.add_argument("--max-bytes", type=int, default=MAX_BYTES)

    def handle(self, *args, path: Path, published, language, json: bool, max_bytes: int, **options):
        try:
            text = read_article(path, max_bytes)
        except BadInput as exc:
            raise CommandError(str(exc)) from exc
        # What ingest would store: a figure too long for its column is left out here too.
        claims = [claim.as_dict(text) for claim in storable(iter_claims(text, language=language, published=published))]
        if json:
            self.stdout.write(dumps({"claims": claims}))
            return
        for claim in claims:
            self.stdout.write(f"#{claim['number']} [{claim['start']}:{claim['end']}] {claim['text']}")
            if claim["speaker"]:
                self.stdout.write(f"    speaker: {claim['speaker']}")
            for figure in claim["figures"]:
                bounds = f"[{figure['low']}, {figure['high']}]" if figure["kind"] != "date" else ""
                self.stdout.write(f"    {figure['text']!r}: {figure['kind']} {figure['value']} {bounds} "
                                  f"{figure['unit']} {figure['qualifier']} {figure['as_of']}".rstrip())


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
