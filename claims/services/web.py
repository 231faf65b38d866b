"""Articles from the web: by URL (fetched through the safe fetcher), from an HTML page or from Markdown.

The article's text is what trafilatura reads as the article; the links in it are stored with their offsets and
become the citations of the claims whose sentences hold them (services.links). An article fetched from its URL
or given as its page's HTML is watched: its page is checked on the source schedule (services.watch).

robots.txt: a page an editor asks for is fetched once, as their browser would fetch it, without asking
robots.txt (it governs crawlers, and this is no crawl). The scheduled checks that watch the page afterwards are
automated, so they obey robots.txt like every source check.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sources import normal_urls
from sources import selectors as source_selectors
from sources import services as source_services
from sources.fetching.fetch import Fetched, Fetcher
from sources.models import Source

from .. import web
from ..models import Article, ArticleLink
from . import watch
from .ingest import article_get_or_create, extract_now_or_later

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")


@dataclass(frozen=True)
class Given:
    """What the editor or the command says about the article; empty means "as the page says"."""

    title: str = ""
    publisher: str = ""
    author: str = ""
    published: date | None = None
    language: str = ""


def article_from_url(*, url: str, given: Given = Given(), extract: bool = True) -> tuple[Article, bool]:
    """Fetch the page and store its article. A page that cannot be fetched or read is refused with a message
    that says why (ValidationError on "url"); nothing is stored then."""
    article, page_hash = page_read(url)
    return article_from_web(article=article, given=given, extract=extract, page_hash=page_hash)


def page_read(url: str) -> tuple[web.WebArticle, str]:
    """The article on the page at `url` and the hash of the page's body (what the watch compares)."""
    fetched = page_fetch(url)
    text = web.decode_html(fetched.body, fetched.headers.get("content-type"))
    address = fetched.final_url or url
    if _media_type(fetched) in TEXT_TYPES:
        article = web.read_markdown(text, base=address)
    else:
        article = web.read_html(text, url=address)
    return article, hashlib.sha256(fetched.body).hexdigest()


def page_fetch(url: str) -> Fetched:
    try:
        normal = normal_urls.normalise(url)
    except normal_urls.BadURL as exc:
        raise ValidationError({"url": str(exc)}) from exc
    fetched = asyncio.run(_fetch(normal))
    if fetched.error:
        raise ValidationError({"url": _("The page could not be fetched ({error}): {detail}").format(
            error=fetched.error, detail=fetched.detail)})
    if fetched.status is None or not 200 <= fetched.status < 300:
        raise ValidationError({"url": _("The page answered HTTP {status}; only a page that answers with success (2xx) "
                                        "can be read.").format(status=fetched.status)})
    content_type = _media_type(fetched)
    if content_type and content_type not in (*HTML_TYPES, *TEXT_TYPES):
        raise ValidationError({"url": _("The page is {type}; only HTML pages, Markdown and plain text can be read as "
                                        "articles.").format(type=content_type)})
    return fetched


def _media_type(fetched: Fetched) -> str:
    """"text/html" of "text/html; charset=utf-8"."""
    return fetched.headers.get("content-type", "").split(";")[0].strip().lower()


async def _fetch(url: str) -> Fetched:
    async with Fetcher(source_selectors.policy()) as fetcher:
        return await fetcher.fetch(url)


def article_from_html(*, html: str, url: str = "", given: Given = Given(),
                      extract: bool = True) -> tuple[Article, bool]:
    """A page given as HTML; with its `url` its relative links resolve and the page is watched."""
    page_hash = hashlib.sha256(html.encode("utf-8", "replace")).hexdigest() if url else ""
    return article_from_web(article=web.read_html(html, url=url), given=given, extract=extract, page_hash=page_hash)


def article_from_markdown(*, markdown: str, url: str = "", given: Given = Given(),
                          extract: bool = True) -> tuple[Article, bool]:
    return article_from_web(article=web.read_markdown(markdown, base=url), given=given, extract=extract)


@transaction.atomic
def article_from_web(*, article: web.WebArticle, given: Given = Given(), extract: bool = True,
                     page_hash: str = "") -> tuple[Article, bool]:
    """Store a read web article with its links, then extract its claims (which cite the links in them).
    `page_hash`: the page was read from its URL, so the page is watched from this version on."""
    if not article.text.strip():
        raise ValidationError({"url": _("No article text was found on the page (an index page, a paywall, or a "
                                        "page that needs JavaScript?). Nothing was stored.")})
    if page_hash and article.url:
        known = _watched_article(article.url)
        if known is not None:
            # The same page again is the same article: a changed text becomes its next version, not a new article.
            watch.article_read_again(article=known, page=article, fetched_at=timezone.now())
            return known, False
    title = given.title or article.title or _first_line(article.text)
    stored, created = article_get_or_create(
        title=title[:300], text=article.text, url=article.url[:2000],
        publisher=(given.publisher or article.publisher)[:200],
        author=(given.author or article.author)[:200], published=given.published or article.published,
        language=given.language or article.language or "de", extract=False,
    )
    if not created:
        return stored, False
    ArticleLink.objects.bulk_create([
        ArticleLink(article=stored, start=link.start, end=link.end, anchor=link.anchor[:500], url=link.url[:2000])
        for link in article.links if len(link.url) <= 2000
    ])
    if page_hash and article.url:
        _watch(stored, article.url, page_hash)
    if extract:
        extract_now_or_later(stored)
    return stored, True


def _watched_article(url: str) -> Article | None:
    try:
        normal = normal_urls.normalise(url)
    except normal_urls.BadURL:
        return None
    return Article.objects.filter(page__url=normal).order_by("pk").first()


def _watch(article: Article, url: str, page_hash: str) -> None:
    try:
        source, created = source_services.source_get_or_create(url=url, title=article.title[:300],
                                                               publisher=article.publisher)
    except ValidationError:
        return  # a page address the checker cannot use is not watched; the article stands
    if created:
        # The page as ingested is the page as last seen: the first check finds it unchanged unless it changed.
        Source.objects.filter(pk=source.pk).update(content_hash=page_hash, last_good_at=timezone.now())
    Article.objects.filter(pk=article.pk).update(page=source)
    article.page = source


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


__all__ = ["Given", "article_from_html", "article_from_markdown", "article_from_url",
           "article_from_web", "page_fetch", "page_read"]
