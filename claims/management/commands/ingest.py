"""Store articles, from web pages (URL), HTML or Markdown files, or plain text files, with the claims and
figures extraction finds in them, the citations of the links in their sentences and the sources they name."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims import services, web
from claims.extraction.reading import MAX_BYTES, BadInput, read_article, read_bytes
from claims.serializers import (
    ArticleLinkSerializer,
    AttributionSerializer,
    CitationSerializer,
    FigureSerializer,
)

from .extract import dumps, iso_date


class Command(BaseCommand):
    help = ("Store each URL or file as an article with its numbered claims, figures, citations and named sources. "
            "A URL is fetched (http/https); a file ending in .html/.htm is read as a web page, .md/.markdown as "
            "Markdown, anything else as plain text.")

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="URL|FILE")
        parser.add_argument("--title", default="", help="default: the page's headline, or the file's first line")
        parser.add_argument("--url", default="", help="a file's address on the web: resolves its relative links, "
                                                      "and an HTML file's page is then watched for edits")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--published", type=iso_date)
        parser.add_argument("--language", choices=["de", "en"], default=None,
                            help="default: what the page declares or its words are; de for a text file")
        parser.add_argument("--json", action="store_true",
                            help='print [{"article", "url", "title", "publisher", "published", "claims": [...], '
                                 '"links": [...]}]')
        parser.add_argument("--max-bytes", type=int, default=MAX_BYTES)

    def handle(self, *args, inputs, title, url, publisher, published, language, json, max_bytes, **options):
        given = services.Given(title=title, publisher=publisher, published=published, language=language or "")
        # Read and fetch everything first: one bad input stores nothing, and no fetch runs inside the transaction.
        read = [self._read(item, url, max_bytes) for item in inputs]
        results = []
        try:
            with transaction.atomic():
                for done, (item, kind, content) in enumerate(read, 1):
                    results.append(self._store(kind, content, given, language))
                    self._progress(done, len(read), item)
        except ValidationError as exc:
            raise CommandError(f"{item}: {'; '.join(exc.messages)}") from exc
        for item, (article, created) in zip(inputs, results, strict=True):
            if not created:
                self.stderr.write(f"{item}: stored before as article {article.pk}; nothing added")
        if json:
            self.stdout.write(dumps([article_dict(article) for article, _ in results]))
        else:
            for article, created in results:
                before = "" if created else ", stored before: nothing added"
                links = article.links.count()
                linked = f", {links} links" if links else ""
                self.stdout.write(f"article {article.pk}: {article.claims.count()} claims{linked} "
                                  f"({article.title}){before}")

    def _read(self, item: str, url: str, max_bytes: int):
        try:
            if "://" in item:  # a URL (an address the fetcher refuses is refused with why, not read as a file)
                return item, "web", services.page_read(item)
            path = Path(item)
            if web.is_page_file(path.name):
                return item, "web", web.read_page_file(str(path), read_bytes(path, max_bytes), url=url)
            return item, "text", (read_article(path, max_bytes), path, url)
        except BadInput as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(f"{item}: {'; '.join(exc.messages)}") from exc

    def _store(self, kind: str, content, given: services.Given, language: str | None):
        if kind == "web":
            article, page_hash = content
            return services.article_from_web(article=article, given=given, page_hash=page_hash)
        text, path, url = content
        # A file ingested before (with the same title and metadata) is that article, not a second.
        return services.article_get_or_create(
            title=given.title or headline(text, path), text=text, url=url, publisher=given.publisher,
            published=given.published, language=language or "de", extract=True,
        )

    def _progress(self, done: int, total: int, item: str) -> None:
        if total > 1 and sys.stderr.isatty():
            sys.stderr.write(f"\r{done}/{total} {item[-50:]:<50}")
            if done == total:
                sys.stderr.write("\n")


def headline(text: str, path: Path) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return (first or path.stem)[:300]


def article_dict(article) -> dict:
    """The article as `ingest --json` prints it; offsets index the stored text. Each part is the API's
    serializer cut to the keys the interface names, so the two never describe a row differently."""
    return {
        "article": article.pk, "url": article.url, "title": article.title, "publisher": article.publisher,
        "published": article.published.isoformat() if article.published else None,
        "claims": stored_claims(article),
        "links": [dict(ArticleLinkSerializer(link).data) for link in article.links.all()],
    }


def stored_claims(article) -> list[dict]:
    claims = article.claims.prefetch_related("figures", "citations__source", "attributions__named_source")
    return [
        {"number": c.number, "start": c.start, "end": c.end, "text": c.text, "speaker": c.speaker,
         "figures": [figure_dict(f) for f in c.figures.all()],
         "citations": [_keys(CitationSerializer(citation).data, SPAN_OF_LINK) for citation in c.citations.all()],
         "named_sources": [_keys(AttributionSerializer(a).data, SPAN_OF_NAME) for a in c.attributions.all()]}
        for c in claims.order_by("number")
    ]


SPAN_OF_LINK = ("url", "anchor", "start", "end")
SPAN_OF_NAME = ("name", "kind", "start", "end")


def _keys(data, keys: tuple[str, ...]) -> dict:
    return {key: data[key] for key in keys}


def figure_dict(figure) -> dict:
    # The API's figure without its id is exactly the extractor's figure.
    return {key: value for key, value in FigureSerializer(figure).data.items() if key != "id"}
