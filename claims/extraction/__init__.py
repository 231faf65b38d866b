"""Numbered claims with parsed figures from German and English news text.

Pure Python (no Django), so ingest, the admin, the API and commands share it and tests need no settings.
`extract(text, language=..., published=...)` returns JSON-ready dicts; `iter_claims` streams them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from datetime import date

from . import amounts, dates, sentences, speakers
from .found import Claim, Figure
from .patterns import CHANGE_FROM, CHANGE_TO, TRAPS

__all__ = ["Claim", "Figure", "extract", "iter_claims"]


def extract(text: str, *, language: str = "de", published: date | None = None) -> list[dict]:
    return [claim.as_dict(text) for claim in iter_claims(text, language=language, published=published)]


def iter_claims(text: str, *, language: str = "de", published: date | None = None) -> Iterator[Claim]:
    number = 0
    for p_start, p_end in sentences.paragraphs(text):
        figures = find_figures(text, p_start, p_end, language, published)
        if not figures:
            continue
        starts = [f.start for f in figures]
        for s_start, s_end in sentences.split_paragraph(text, p_start, p_end):
            first = bisect.bisect_left(starts, s_start)
            last = bisect.bisect_left(starts, s_end)
            inside = [f for f in figures[first:last] if f.end <= s_end]
            if not inside:
                continue
            assign_as_of(text, inside)
            number += 1
            yield Claim(number, s_start, s_end, speakers.speaker(text[s_start:s_end]), inside)


def find_figures(text: str, start: int, end: int, language: str, published: date | None) -> list[Figure]:
    blocked = [m.span() for m in TRAPS.finditer(text, start, end)]
    chosen: list[Figure] = []
    # Dates first: "19. Juni" must not also be read as the amount 19.
    for figure in [*dates.find(text, start, end, published), *amounts.find(text, start, end, language)]:
        if not _overlaps(figure, blocked):
            chosen.append(figure)
            blocked.append((figure.start, figure.end))
    return sorted(chosen, key=lambda f: f.start)


def _overlaps(figure: Figure, spans: list[tuple[int, int]]) -> bool:
    return any(figure.start < span_end and span_start < figure.end for span_start, span_end in spans)


def assign_as_of(text: str, figures: list[Figure]) -> None:
    times = [f for f in figures if f.kind == "date"]
    if not times:
        return
    amounts_ = [f for f in figures if f.kind != "date"]
    changes = _change_pair(text, amounts_) if len(times) >= 2 else None
    for figure in amounts_:
        if changes and figure in changes:
            figure.as_of = times[changes.index(figure)].value.split("/")[0]
        else:
            figure.as_of = min(times, key=lambda t: _distance(t, figure)).value


def _change_pair(text: str, figures: list[Figure]) -> list[Figure] | None:
    """ "von A auf B" / "from A to B": the two amounts of a change, in order."""
    for first, second in zip(figures, figures[1:], strict=False):
        head = text[max(0, first.start - 6) : first.start]
        middle = text[first.end : second.start]
        if CHANGE_FROM.search(head) and CHANGE_TO.search(middle):
            return [first, second]
    return None


def _distance(a: Figure, b: Figure) -> int:
    return max(a.start - b.end, b.start - a.end, 0)
