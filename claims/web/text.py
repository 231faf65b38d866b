"""Article text assembled piece by piece, with the offsets of the links inside it."""

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

    def as_dict(self) -> dict:
        return {"url": self.url, "anchor": self.anchor, "start": self.start, "end": self.end}


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


class Builder:
    """Paragraphs joined by a blank line, whitespace inside each folded to single spaces, as a reader sees it.

    A link's offsets cover its anchor as it lands in the text: the folding happens as pieces arrive, so no
    offset has to be mapped afterwards."""

    def __init__(self, base: str = "") -> None:
        self.base = base
        self.parts: list[str] = []
        self.length = 0
        self.paragraph_open = False
        self.links: list[Link] = []

    def text(self, piece: str) -> None:
        piece = SPACES.sub(" ", piece)
        if not piece.strip():
            if piece and self.paragraph_open and not self._ends_with_space():
                self._append(" ")
            return
        if not self.paragraph_open:
            if self.length:
                self._append("\n\n")
            piece = piece.lstrip()
            self.paragraph_open = True
        elif self._ends_with_space() and piece.startswith(" "):
            piece = piece[1:]
        self._append(piece)

    def link_start(self) -> int:
        """Where an anchor that starts now begins; `link` moves past the space or paragraph break before it."""
        return self.length

    def link(self, href: str, start: int) -> None:
        end = self.length
        text = "".join(self.parts)
        while start < end and text[start] in " \n":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        url = absolute(href, self.base)
        if url and end > start:
            self.links.append(Link(url=url, anchor=text[start:end], start=start, end=end))

    def end_paragraph(self) -> None:
        if self.paragraph_open and self._ends_with_space():
            self.parts[-1] = self.parts[-1][:-1]
            self.length -= 1
        self.paragraph_open = False

    def result(self) -> tuple[str, list[Link]]:
        self.end_paragraph()
        text = "".join(self.parts)
        # A link whose anchor was the paragraph's trailing space has nothing left to cover.
        links = [link for link in self.links if link.end <= len(text)]
        return text, links

    def _append(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def _ends_with_space(self) -> bool:
        return bool(self.parts) and self.parts[-1].endswith(" ")


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
