"""A saved page as a file (the command's argument, the admin's upload): its name says whether it is HTML or
Markdown, and each is decoded as its kind is (a page by its own declared encoding, Markdown as UTF-8)."""

from __future__ import annotations

import hashlib

from ..extraction.reading import BadInput, decode_article
from .html import decode_html, read_html
from .markdown import read_markdown
from .text import WebArticle

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_page_file(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES + MARKDOWN_SUFFIXES)


def read_page_file(name: str, data: bytes, *, url: str = "") -> tuple[WebArticle, str]:
    """The article of the file, and the hash of an HTML page given with its address (then watched; "" else).
    An empty or undecodable file raises BadInput with one line that says why."""
    if name.lower().endswith(MARKDOWN_SUFFIXES):
        return read_markdown(decode_article(data, name), base=url), ""
    if not data.strip():
        raise BadInput(f"{name}: is empty")
    page_hash = hashlib.sha256(data).hexdigest() if url else ""
    return read_html(decode_html(data), url=url), page_hash
