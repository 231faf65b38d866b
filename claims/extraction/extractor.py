"""Claims and their figures from a text, a paragraph at a time; figures within a selection."""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterator
from datetime import date

from . import amounts, as_of, dates, sentences, source_kinds, speakers, traps, words
from .found import Claim, Figure


def extract(text: str, *, language: str = "de", published: date | None = None) -> list[dict]:
    return [claim.as_dict(text) for claim in iter_claims(text, language=language, published=published)]


def iter_claims(text: str, *, language: str = "de", published: date | None = None) -> Iterator[Claim]:
    number = 0
    for p_start, p_end in sentences.paragraphs(text):
        for s_start, s_end, inside in _read_paragraph(text, p_start, p_end, language, published):
            number += 1
            yield Claim(number, s_start, s_end, _speaker(text[s_start:s_end]), inside)


def figures_within(text: str, start: int, end: int, *, language: str = "de",
                   published: date | None = None) -> list[Figure]:
    """The figures `iter_claims` finds inside text[start:end], read as it reads them: figures are found per
    paragraph and their times (`as_of`) per sentence, so the paragraphs the span touches are read whole."""
    return [f for f in _figures_around(text, start, end, language, published) if start <= f.start and f.end <= end]


def read_selection(text: str, start: int, end: int, *, language: str = "de",
                   published: date | None = None) -> Figure | None:
    """The extractor's reading of a figure an editor selected: the figure whole-text extraction finds that
    overlaps the selection most; failing that, the selected words read on their own (the editor says a figure
    is there, say one a trap rule left out), with the time of their sentence. None if neither reads a number."""
    around = [f for f in _figures_around(text, start, end, language, published) if f.start < end and start < f.end]
    if around:
        return max(around, key=lambda f: (min(f.end, end) - max(f.start, start), -f.start))
    alone = [f for f in find_figures(text, start, end, language, published) if f.end <= end]
    if not alone:
        return None
    s_start, s_end = _sentence_of(text, start, end)
    as_of.assign(text, s_start, s_end, alone)
    return alone[0]


def _figures_around(text: str, start: int, end: int, language: str, published: date | None) -> Iterator[Figure]:
    for p_start, p_end in sentences.paragraphs(text):
        if p_end < start:
            continue
        if p_start >= end:
            return
        for _, _, inside in _read_paragraph(text, p_start, p_end, language, published):
            yield from inside


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    for p_start, p_end in sentences.paragraphs(text):
        if p_start <= start <= p_end:
            for s_start, s_end in sentences.split_paragraph(text, p_start, p_end):
                if s_start <= start < s_end:
                    return s_start, max(s_end, end)
    return start, end


def _read_paragraph(text: str, p_start: int, p_end: int, language: str,
                    published: date | None) -> Iterator[tuple[int, int, list[Figure]]]:
    """Each sentence of the paragraph that holds figures, with them and their times."""
    figures = find_figures(text, p_start, p_end, language, published)
    if not figures:
        return
    starts = [f.start for f in figures]
    for s_start, s_end in sentences.split_paragraph(text, p_start, p_end):
        first = bisect.bisect_left(starts, s_start)
        last = bisect.bisect_left(starts, s_end)
        inside = [f for f in figures[first:last] if f.end <= s_end]
        if inside:
            as_of.assign(text, s_start, s_end, inside)
            yield s_start, s_end, inside


def _speaker(sentence: str) -> str:
    """Who says the figure. An outlet or a news agency ("laut New York Times", "berichtete Yonhap") is where the
    report comes from, a named source (attributions), not its speaker."""
    found = speakers.speaker(sentence)
    return "" if found and source_kinds.kind_of(found) in ("outlet", "agency") else found


def find_figures(text: str, start: int, end: int, language: str, published: date | None) -> list[Figure]:
    found_dates = dates.find(text, start, end, published, language)
    blocked = dates.unblock(traps.find(text, start, end), found_dates)
    # Dates first: "19. Juni" must not also be read as the amount 19; figures in words before the amounts:
    # "zwei Drittel" is one share, not the count "zwei" of "Drittel".
    found = [*found_dates, *words.find(text, start, end, language), *amounts.find(text, start, end, language)]
    return sorted(keep_clear(found, blocked), key=lambda f: f.start)


def keep_clear(found: list[Figure], blocked: list[tuple[int, int]]) -> list[Figure]:
    """The figures, in their order of precedence, that overlap neither a blocked span nor a figure kept before.

    `blocked` is sorted and disjoint (finditer's matches). One sweep per run of figures in order of their
    starts (the dates, the amounts, the duration words), never every figure against every span: a paragraph
    of 100,000 figures costs a hundred thousand steps, not ten billion.
    """
    kept: list[Figure] = []
    for run in _ascending_runs(found):
        taken = _clear_of(run, blocked)
        kept += taken
        blocked = list(heapq.merge(blocked, ((f.start, f.end) for f in taken)))
    return kept


def _ascending_runs(found: list[Figure]) -> Iterator[list[Figure]]:
    run: list[Figure] = []
    for figure in found:
        if run and figure.start < run[-1].start:
            yield run
            run = []
        run.append(figure)
    if run:
        yield run


def _clear_of(run: list[Figure], blocked: list[tuple[int, int]]) -> list[Figure]:
    # Disjoint spans sorted by start have their ends sorted too: the first one ending after a figure's start is
    # the only one it can overlap, and the same holds for the figures of this run kept so far (the last one).
    taken: list[Figure] = []
    index = 0
    for figure in run:
        while index < len(blocked) and blocked[index][1] <= figure.start:
            index += 1
        if index < len(blocked) and blocked[index][0] < figure.end:
            continue
        if taken and taken[-1].end > figure.start:
            continue
        taken.append(figure)
    return taken
