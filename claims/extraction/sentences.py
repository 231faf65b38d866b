"""Sentence boundaries that survive German abbreviations, ordinals and digit grouping."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lexicon import MONTHS

ABBREVIATIONS = frozenset(
    "z.b zb bzw ca nr dr prof st mio mrd tsd u.a v.a d.h usw etc vgl inkl ggf jh jhd abs art bd "
    "mr mrs ms no vs e.g i.e u.s u.n approx gen lt col sen rep gov jan feb mar apr jun jul aug sep sept oct "
    "nov dec okt dez fr sfr".split()
)
# A candidate end: . ! ? (and closing quotes/brackets) followed by white space.
# Tried only where a run of marks begins: a later start in the run ends where the first one would, so from every
# mark of "....." the run would be read to its end again (quadratic), and no match can begin inside a run anyway.
CANDIDATE = re.compile(r"(?<![.!?…])[.!?…]+[\"'»«”“’)\]]*(?=\s)")
PARAGRAPH = re.compile(r"\n[ \t]*\n")
WORD_BEFORE = re.compile(r"([\w.]+)$")
DAY_OR_ORDINAL = re.compile(r"\d{1,2}(?:\.\d{1,2})?")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in PARAGRAPH.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def split(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences in text, white space trimmed, paragraphs never crossed."""
    for start, end in paragraphs(text):
        yield from split_paragraph(text, start, end)


def split_paragraph(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    sentence_start = start
    for match in CANDIDATE.finditer(text, start, end):
        closed = match.group()[-1] not in ".!?…"  # a quote or bracket closes: always an end
        if match.group()[0] == "." and not closed and not _ends_sentence(text, match.start(), end):
            continue
        yield from _trimmed(text, sentence_start, match.end())
        sentence_start = match.end()
    yield from _trimmed(text, sentence_start, end)


def _ends_sentence(text: str, dot: int, end: int) -> bool:
    before = WORD_BEFORE.search(text, max(0, dot - 40), dot)
    word = before.group(1) if before else ""
    if word.lower().rstrip(".") in ABBREVIATIONS:
        return False
    if DAY_OR_ORDINAL.fullmatch(word):  # "19.", and a day with its month "1.11."
        return _after_ordinal_ends(text, dot + 1, end)
    if len(word) == 1 and word.isalpha():  # initials: "Kim J. Un", "z. B."
        return False
    return True


def _after_ordinal_ends(text: str, position: int, end: int) -> bool:
    # "19. Juni", "19. bis 20.", "2. Weltkrieg": an ordinal, not an end. A lower-case or month word follows.
    following = re.match(r"\s*([\w]+)", text[position:min(end, position + 40)])
    if not following:
        return True
    word = following.group(1)
    return not (word.lower() in MONTHS or word.islower() or word[:1].isupper() and not _common_start(word))


def _common_start(word: str) -> bool:
    # Words that usually open a new sentence after a number: "Er", "Die", "Das" …
    return word in {"Er", "Sie", "Es", "Die", "Der", "Das", "Dies", "Damit", "Doch", "Aber", "Auch", "Im", "In",
                    "Am", "Nach", "Laut", "Zudem", "The", "He", "She", "It", "But", "And", "This"}


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end
