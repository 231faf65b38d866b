"""Is the cited figure or quote still on the page?

A quote the editor typed must appear as written (after normalising spaces, quotes and digit grouping, so
"7.000" finds "7 000" and "7,000"). Without a quote we look for each figure of the claim: first its digits
as written, then its value among the figures the extractor finds on the page, so "fünf Millionen" in the
article finds "5 million" on an English source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from claims.extraction import find_figures

from . import pages

FOUND = "found"
GONE = "gone"
UNREADABLE = "unreadable"
NOTHING = ""  # the citation names nothing to look for

PIECE = 2000
MAX_SCANNED = 300_000
DIGITS = re.compile(r"\d(?:[\d.,'\u00a0\u202f\u2009 ]*\d)?")
GERMAN_HINTS = re.compile(r"\b(?:der|die|und|nicht|mit|eine?)\b", re.IGNORECASE)
ENGLISH_HINTS = re.compile(r"\b(?:the|and|not|with|of)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Needle:
    """What to look for: a quote, or one figure's written form and value."""

    text: str
    value: Decimal | None = None
    quote: bool = False


def figure_needle(text: str, value: Decimal | None) -> Needle:
    digits = DIGITS.search(text)
    return Needle(text=digits.group(0) if digits else "", value=value)


def judge(page: pages.Page, needles_by_citation: dict[int, list[Needle]]) -> dict[int, str]:
    """Each citation's status on one page; the page is normalised once, however many cite it."""
    normal = pages.normalise(page.text) if page.text and needles_by_citation else ""
    return {citation: status(page, needles, normal) for citation, needles in needles_by_citation.items()}


def status(page: pages.Page, needles: list[Needle], normal: str | None = None) -> str:
    if not page.text:
        return UNREADABLE
    if not needles:
        return NOTHING
    normal = normal or pages.normalise(page.text)
    missing = [n for n in needles if not (n.text and pages.contains_normalised(normal, n.text))]
    if any(n.quote for n in missing):
        return GONE
    if missing and not _values_on_page(page.text, missing):
        return GONE
    return FOUND


def where(text: str, needles: list[Needle]) -> list[tuple[int, int]]:
    """Where on the page the needles stand, as (start, end) in `text`: to mark them for a reader. The same
    rules as `status`, so what is marked is what was found: a quote or a figure as written, else a figure
    of the same value."""
    spans = []
    for needle in needles:
        found = list(_written(text, needle.text)) if needle.text else []
        if not found and not needle.quote and needle.value is not None:
            found = _valued(text, needle.value)
        spans += found
    return sorted(set(spans))


# As pages.normalise folds them: each character of the normalised needle, and what it may stand for on the page.
LOOSE = {" ": r"\s+", '"': "[\"„“”‟«»]", "'": "['‚‘’‛‹›´ʼ]", "-": "[-‐‑‒–—―−]", ".": "[.,]"}
GROUP_SEPARATOR = r"(?:[.,' \u00a0\u202f\u2009](?=\d))?"


# A quote longer than this is not marked: its pattern would cost more than the mark is worth.
MAX_MARKED = 1000


def _written(text: str, needle: str):
    normal = pages.normalise(needle)
    if not normal or len(normal) > MAX_MARKED:
        return
    pattern = "".join(LOOSE.get(c) or (re.escape(c) + GROUP_SEPARATOR if c.isdecimal() else re.escape(c))
                      for c in normal)
    before = r"(?<!\d)(?<!\d[.,])" if normal[0].isdecimal() else ""
    after = r"(?![.,]?\d)" if normal[-1].isdecimal() else ""
    for match in re.finditer(before + pattern + after, text[:MAX_SCANNED], re.IGNORECASE):
        yield match.span()


def _valued(text: str, value: Decimal) -> list[tuple[int, int]]:
    language = _language(text)
    return [(f.start, f.end) for start, end in _pieces(text[:MAX_SCANNED])
            for f in find_figures(text, start, end, language, None) if f.kind != "date" and f.value == value]


def _values_on_page(text: str, needles: list[Needle]) -> bool:
    if any(n.value is None for n in needles):
        return False
    wanted = {n.value for n in needles}
    language = _language(text)
    # Piece by piece, and stopping once everything is found: the extractor's cost grows faster than the
    # text it is given, and a hostile page may be megabytes of numbers.
    for start, end in _pieces(text[:MAX_SCANNED]):
        wanted -= {f.value for f in find_figures(text, start, end, language, None) if f.kind != "date"}
        if not wanted:
            return True
    return False


def _pieces(text: str):
    """Spans of at most PIECE characters, cut at line breaks, or else at a space."""
    start = 0
    while start < len(text):
        end = min(start + PIECE, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            cut = cut if cut > start else text.rfind(" ", start, end)
            end = cut if cut > start else end
        yield start, end
        start = end + 1


def _language(text: str) -> str:
    sample = text[:5000]
    return "de" if len(GERMAN_HINTS.findall(sample)) >= len(ENGLISH_HINTS.findall(sample)) else "en"
