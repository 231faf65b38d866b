"""Spans where digits are names, addresses or markup, found in time linear in the text.

The spans are exactly those of one regex read left to right by `re.finditer` (the reference in
tests/claims/test_extraction_linear.py): at each start where no word character is before it, and where the rest
of the token or the start of the next one holds a digit (or markup starts), a web address, else an e-mail address,
else a file name, else the other traps (patterns.TRAPS_REST); and, where none of those matches, a rank in words
("Platz zwei", patterns.WORD_TRAPS), which holds no digit. That regex read the rest of the token from every
start for the digit and for the e-mail address and file name, so the parts that need a whole token are read once
here (patterns.py says how), and the matches are merged in the regex's order.
"""

from __future__ import annotations

import bisect
import re

from .patterns import (
    DIGITLESS_TAILS,
    EMAIL_RUNS,
    EMAIL_START,
    FILE_EXTENSION,
    FILE_NAME_RUNS,
    FILE_NAME_START,
    MARKUP_START,
    TRAPS_REST,
    WORD_TRAPS,
)

Span = tuple[int, int]


# Every trap but the ranks in words ("Platz zwei") holds a digit or is markup: a paragraph with neither (a third of
# all) needs no other search.
DIGIT_OR_MARKUP = re.compile(r"[\d<&]")


def find(text: str, start: int, end: int) -> list[Span]:
    if DIGIT_OR_MARKUP.search(text, start, end) is None:
        return [match.span() for match in WORD_TRAPS.finditer(text, start, end)]
    scan = _Scan(text, start, end)
    spans: list[Span] = []
    position = start
    while (found := scan.next_trap(position)) is not None:
        spans.append(found)
        position = found[1]
    return spans


class _Runs:
    """The runs a pattern's group 1 finds, and the first start (by `starts`) at or after a position in one."""

    def __init__(self, pattern: re.Pattern, starts: re.Pattern, scan: _Scan, first: int, possible: bool) -> None:
        found = pattern.finditer(scan.text, first, scan.end) if possible else ()
        self.runs = [match.span(1) + (match.end(2),) for match in found]
        self.starts, self.scan, self.index = starts, scan, 0

    def next_start(self, position: int) -> tuple[int, int] | None:
        """(start, end of the match from there) of the first live start at or after `position`."""
        while self.index < len(self.runs):
            run_start, run_end, match_end = self.runs[self.index]
            if run_end > position:
                found = self.starts.search(self.scan.text, max(position, run_start), run_end)
                if found is not None and found.start() < run_end and not self.scan.in_tail(found.start()):
                    return found.start(), match_end
                if found is not None and found.start() < run_end:
                    position = run_end  # a digitless tail runs to the end of the token: no later start is live
            self.index += 1
        return None


class _Scan:
    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.end = text, end
        # Runs and tails are found from the start of the token `start` is in: one may begin before it.
        first = start
        while first > 0 and not text[first - 1].isspace():
            first -= 1
        self.first = first
        self.tails: list[tuple[int, int]] | None = None  # found when first asked: most paragraphs never ask
        # Most paragraphs hold no "@" and no file name: their runs need no search.
        self.emails = _Runs(EMAIL_RUNS, EMAIL_START, self, first, "@" in text[first:end])
        self.file_names = _Runs(FILE_NAME_RUNS, FILE_NAME_START, self, first,
                                FILE_EXTENSION.search(text, first, end) is not None)
        self.rest: re.Match | None = None
        self.word = WORD_TRAPS.search(text, start, end)

    def next_trap(self, position: int) -> Span | None:
        rest = self._next_rest(position)
        email = self.emails.next_start(position)
        file_name = self.file_names.next_start(position)
        if rest is not None and rest["url"] is not None:
            # A web address wins where it starts, and reads to the end of its token.
            email = email if email is not None and email[0] < rest.start() else None
            file_name = file_name if file_name is not None and file_name[0] < rest.start() else None
        candidates = [found for found in (email, file_name) if found is not None]
        if rest is not None:
            candidates.append(rest.span())
        word = self._next_word(position)
        if word is not None:
            candidates.append(word.span())
        # The earliest start; at one start the regex's order (e-mail address, file name, the rest) decides.
        return min(candidates, key=lambda found: found[0]) if candidates else None

    def _next_rest(self, position: int) -> re.Match | None:
        if self.rest is not None and self.rest.start() >= position:
            return self.rest  # still the first one from here: nothing was found before it
        while (match := TRAPS_REST.search(self.text, position, self.end)) is not None:
            tail_end = self._tail_end(match.start())
            if tail_end is None or self.text[match.start()] in "<&":
                break
            markup = self._markup(match.start() + 1, tail_end)
            if markup is not None:
                match = markup
                break
            position = tail_end
        self.rest = match
        return match

    def _next_word(self, position: int) -> re.Match | None:
        # Searched again only once the scan has passed the last one found, and never after none was left: each
        # stretch of text is read once.
        if self.word is not None and self.word.start() < position:
            self.word = WORD_TRAPS.search(self.text, position, self.end)
        return self.word

    def in_tail(self, position: int) -> bool:
        return self._tail_end(position) is not None

    def _tail_end(self, position: int) -> int | None:
        if self.tails is None:
            self.tails = [(match.start(), match.end(1))
                          for match in DIGITLESS_TAILS.finditer(self.text, self.first, self.end)]
            self.tail_starts = [tail[0] for tail in self.tails]
        index = bisect.bisect_right(self.tail_starts, position) - 1
        if index >= 0 and position < self.tails[index][1]:
            return self.tails[index][1]
        return None

    def _markup(self, start: int, tail_end: int) -> re.Match | None:
        # In a digitless tail only markup can be a trap: try the < and & there, nothing else.
        for bracket in MARKUP_START.finditer(self.text, start, tail_end):
            markup = TRAPS_REST.match(self.text, bracket.start(), self.end)
            if markup is not None:
                return markup
        return None
