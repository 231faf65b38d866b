"""Store article files with the claims and figures extraction finds in them."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims import services
from claims.extraction.reading import MAX_BYTES, BadInput, read_article
from claims.serializers import FigureSerializer

from .extract import dumps, iso_date


class Command(BaseCommand):
    help = "Store each file as an article with its numbered claims and figures."

    def add_arguments(self, parser):
        parser.add_argument("paths", type=Path, nargs="+")
        parser.add_argument("--title", default="", help="default: the file's first line")
        parser.add_argument("--url", default="")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--published", type=iso_date)
        parser.add_argument("--language", choices=["de", "en"], default="de")
        parser.add_argument("--json", action="store_true",
                            help='print [{"article": id, "created": true, "claims": [...]}]')
        parser.add_argument("--max-bytes", type=int, default=MAX_BYTES)

    def handle(self, *args, paths, title, url, publisher, published, language, json, max_bytes, **options):
        try:
            # Read everything first: one bad file stores nothing.
            texts = [(path, read_article(path, max_bytes)) for path in paths]
        except BadInput as exc:
            raise CommandError(str(exc)) from exc
        results = []
        try:
            with transaction.atomic():
                for done, (path, text) in enumerate(texts, 1):
                    # A file ingested before (with the same title and metadata) is that article, not a second.
                    results.append(services.article_get_or_create(
                        title=title or headline(text, path), text=text, url=url, publisher=publisher,
                        published=published, language=language, extract=True,
                    ))
                    self._progress(done, len(texts), path)
        except ValidationError as exc:
            raise CommandError(f"{path}: {'; '.join(exc.messages)}") from exc
        if json:
            self.stdout.write(dumps([{"article": a.pk, "created": created, "claims": stored_claims(a)}
                                     for a, created in results]))
        else:
            for article, created in results:
                before = "" if created else ", stored before: nothing added"
                self.stdout.write(f"article {article.pk}: {article.claims.count()} claims ({article.title}){before}")

    def _progress(self, done: int, total: int, path: Path) -> None:
        if total > 1 and sys.stderr.isatty():
            sys.stderr.write(f"\r{done}/{total} {path.name[:50]:<50}")
            if done == total:
                sys.stderr.write("\n")


def headline(text: str, path: Path) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return (first or path.stem)[:300]


def stored_claims(article) -> list[dict]:
    """The same shape as `extract --json`, read back from the stored rows."""
    return [
        {"number": c.number, "start": c.start, "end": c.end, "text": c.text, "speaker": c.speaker,
         "figures": [figure_dict(f) for f in c.figures.all()]}
        for c in article.claims.prefetch_related("figures").order_by("number")
    ]


def figure_dict(figure) -> dict:
    # The API's figure without its id is exactly the extractor's figure.
    return {key: value for key, value in FigureSerializer(figure).data.items() if key != "id"}
