"""Article text assembled paragraph by paragraph, with the offsets of the links inside it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

SPACES = re.compile(r"\s+")
SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Link:
    url: str  # absolute, as the page gave it after resolving against the page's address
    anchor: str
    start: int
    end: int


@dataclass
class WebArticle:
    text: str
    links: list[Link] = field(default_factory=list)
    title: str = ""
    author: str = ""
    publisher: str = ""
    published: date | None = None
    language: str = ""
    url: str = ""


@dataclass
class Paragraph:
    text: str
    links: list[tuple[str, int, int]]  # (absolute url, start, end) within the paragraph

    def link_share(self) -> float:
        return sum(end - start for _, start, end in self.links) / max(len(self.text), 1)


class Builder:
    """Paragraphs, whitespace inside each folded to single spaces, as a reader sees them; joined by a blank line
    at the end. Links are kept per paragraph, so a paragraph can be left out with its links."""

    def __init__(self, base: str = "") -> None:
        self.base = base
        self.paragraphs: list[Paragraph] = []
        self.parts: list[str] = []
        self.length = 0
        self.links: list[tuple[str, int, int]] = []

    def text(self, piece: str) -> None:
        piece = SPACES.sub(" ", piece)
        if not piece:
            return
        if (not self.parts or self.parts[-1].endswith(" ")) and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            self.parts.append(piece)
            self.length += len(piece)

    def link_start(self) -> int:
        """Where an anchor that starts now begins; `link` moves past a space before it."""
        return self.length

    def link(self, href: str, start: int) -> None:
        text = "".join(self.parts)
        end = len(text.rstrip(" "))
        while start < end and text[start] == " ":
            start += 1
        url = absolute(href, self.base)
        if url and end > start:
            self.links.append((url, start, end))

    def end_paragraph(self) -> None:
        text = "".join(self.parts)
        stripped = text.strip(" ")
        if stripped:
            shift = len(text) - len(text.lstrip(" "))
            links = [(url, start - shift, min(end - shift, len(stripped))) for url, start, end in self.links]
            self.paragraphs.append(Paragraph(stripped, [link for link in links if link[1] < link[2]]))
        self.parts, self.length, self.links = [], 0, []

    def result(self, keep=lambda paragraph: True) -> tuple[str, list[Link]]:
        """The text of the paragraphs `keep` accepts, and their links with offsets into that text."""
        self.end_paragraph()
        pieces, links, offset = [], [], 0
        for paragraph in self.paragraphs:
            if not keep(paragraph):
                continue
            if pieces:
                pieces.append("\n\n")
                offset += 2
            for url, start, end in paragraph.links:
                links.append(Link(url=url, anchor=paragraph.text[start:end], start=offset + start, end=offset + end))
            pieces.append(paragraph.text)
            offset += len(paragraph.text)
        return "".join(pieces), links


def absolute(href: str, base: str) -> str:
    """The link as an absolute http(s) URL without its fragment, or "" (mailto:, javascript:, a relative link
    with no page address to resolve it against, a bare #fragment)."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return ""
    try:
        url = urljoin(base, href) if base else href
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in SCHEMES or not parts.netloc:
        return ""
    return url.split("#", 1)[0]
