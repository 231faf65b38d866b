"""The article of an HTML page: trafilatura finds the main text and the metadata; we walk its result.

trafilatura is given the HTML our safe fetcher got (never its own downloader). Its XML keeps the body's
links as <ref target=…>, so the text and every link's offsets come out of one walk.
"""

from __future__ import annotations

import re
from datetime import date

import trafilatura
from lxml import etree

from sources.fetching import pages

from .text import Builder, WebArticle

# Elements trafilatura writes that each make a paragraph of their own.
BLOCKS = frozenset({"p", "head", "item", "row", "quote", "code", "list", "table", "div", "lb"})
CELL_SEPARATOR = " | "
LANG_ATTRIBUTE = re.compile(r"<html\b[^>]{0,2000}?\blang\s*=\s*[\"']?([A-Za-z]{2})", re.IGNORECASE)
GERMAN_WORDS = frozenset("der die das und ist nicht mit von den dem des ein eine auf für sich wurde sind auch".split())
ENGLISH_WORDS = frozenset("the and is of to in that was for with on are it by from has were have this".split())


def read_html(html: str, *, url: str = "") -> WebArticle:
    """The article text of the page, its body links resolved against `url`, and what the page says of itself.
    A page with no article text gives an empty text (the caller says why it stores nothing)."""
    document = trafilatura.bare_extraction(
        html, url=url or None, include_links=True, include_comments=False, include_images=False,
        include_formatting=False, include_tables=True, with_metadata=True, favor_precision=True,
    )
    if document is None or document.body is None:
        return WebArticle(text="", url=url)
    title = _clean(document.title)
    text, links = _walk(document.body, title, url)
    return WebArticle(
        text=text, links=links, title=title, author=_clean(document.author), publisher=_clean(document.sitename),
        published=_date(document.date), language=_language(document.language, html, text), url=url,
    )


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """A page's bytes as text, the way a browser picks the encoding (BOM, header, <meta charset>, UTF-8)."""
    return pages.decode(data, content_type)


def _walk(body: etree._Element, title: str, base: str) -> tuple[str, list]:
    builder = Builder(base)
    first = next(iter(body), None)
    # The headline opens the text, as in an article file: figures in it are claims too.
    if title and not (first is not None and first.tag == "head" and _clean(first.xpath("string()")) == title):
        builder.text(title)
        builder.end_paragraph()
    _element(body, builder)
    return builder.result()


def _element(element: etree._Element, builder: Builder) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in BLOCKS:
        builder.end_paragraph()
    start = builder.link_start()
    if element.text:
        builder.text(element.text)
    for child in element:
        _element(child, builder)
        if child.tag == "cell" and child.getnext() is not None:
            builder.text(CELL_SEPARATOR)
    if tag == "ref":
        builder.link(element.get("target", ""), start)
    if tag in BLOCKS:
        builder.end_paragraph()
    if element.tail:
        builder.text(element.tail)


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _language(found: str | None, html: str, text: str) -> str:
    """German or English: what the page declares, else what its words are."""
    for code in (found, *LANG_ATTRIBUTE.findall(html[:20_000])[:1]):
        if code and code[:2].lower() in ("de", "en"):
            return code[:2].lower()
    words = text.lower().split()[:2000]
    german = sum(word in GERMAN_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    return "en" if english > german else "de"
