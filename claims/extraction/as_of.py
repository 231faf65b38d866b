"""The time a figure is for (its `as_of`), from the dates of its sentence.

Never a time the figure is compared with ("gegenüber April 2024", "than in 2019", "seit 2014"), never a reference
period ("im Mittel der Jahre 1961 bis 1990"). A time the text names without a figure ("im Vorjahreszeitraum",
"a year earlier") is a time too, an unknown one: a figure beside it is for that time, not for another clause's.

Which time, in this order: one right after the figure ("30 missiles in 2023", "15 Milliarden Dollar (2023)"); the
two ends of a change ("zwischen 2019 und 2021 … von A auf B"); the last one before it in its clause ("2021
erreichte der Handel 27,3 Milliarden Dollar und fiel 2023 auf 15 Milliarden"); the first one after it in its
clause; the last one of an earlier clause ("In October 2024, … and 10,000 more"); one of a later clause that has no
figure of its own. Else none.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .found import Figure
from .numbers import parse_english_word, parse_german_word
from .patterns import (
    ATTACHED_GAP,
    BASE_BEFORE,
    CHANGE_FROM,
    CHANGE_TO,
    CLAUSE_BREAK,
    JOINED,
    PERIOD_BEFORE,
    PLAIN_BASE_WORDS,
    REFERENCE_AFTER,
    REFERENCE_BEFORE,
    RELATIVE_TIME,
)

LOOK_BACK = 48  # characters before a time in which a comparison or reference word is looked for


@dataclass(slots=True)
class _Time:
    start: int
    end: int
    value: str  # "" for a relative time ("im Vorjahr")
    base: bool = False


def assign(text: str, start: int, end: int, figures: list[Figure]) -> None:
    """Set `as_of` on the amounts among `figures`, the figures (in order) of the sentence text[start:end]."""
    amounts = [f for f in figures if f.kind != "date"]
    if not amounts:
        return
    times = _times(text, start, end, figures)
    _mark_bases(text, start, times)
    candidates = [t for t in times if not t.base]
    if not candidates:
        return
    pair = _change_pair(text, amounts, candidates) or {}
    clauses = _Clauses(text, start, end, amounts, candidates)
    for figure in amounts:
        time = _attached(text, figure, candidates, clauses.starts) or pair.get(id(figure)) or clauses.time_for(figure)
        figure.as_of = time.value if time else ""


class _Clauses:
    """The clauses of a sentence, and which times lie in which: every look-up a bisection, so a sentence of
    many figures and times costs no more than sorting them."""

    def __init__(self, text: str, start: int, end: int, amounts: list[Figure], candidates: list[_Time]) -> None:
        self.breaks = [start, *(found.end() for found in CLAUSE_BREAK.finditer(text, start, end))]
        self.candidates = candidates
        self.starts = [t.start for t in candidates]
        self.clause = [self.of(t.start) for t in candidates]
        with_amounts = {self.of(f.start) for f in amounts}
        # For each index, the first candidate from there on in a clause without an amount of its own.
        self.free_from = [len(candidates)] * (len(candidates) + 1)
        for index in range(len(candidates) - 1, -1, -1):
            free = self.clause[index] not in with_amounts
            self.free_from[index] = index if free else self.free_from[index + 1]

    def of(self, position: int) -> int:
        return bisect.bisect_right(self.breaks, position)

    def time_for(self, figure: Figure) -> _Time | None:
        clause = self.of(figure.start)
        low, high = bisect.bisect_left(self.clause, clause), bisect.bisect_right(self.clause, clause)
        before = bisect.bisect_left(self.starts, figure.start) - 1
        after = bisect.bisect_left(self.starts, figure.end)
        if low <= before < high:
            return self.candidates[before]  # the last one before it in its clause
        if low <= after < high:
            return self.candidates[after]  # the first one after it in its clause
        if low > 0:
            return self.candidates[low - 1]  # the last one of an earlier clause
        later = self.free_from[high]
        return self.candidates[later] if later < len(self.candidates) else None


def _times(text: str, start: int, end: int, figures: list[Figure]) -> list[_Time]:
    dates = _periods(text, start, [_Time(f.start, f.end, f.value) for f in figures if f.kind == "date"])
    starts = [f.start for f in figures]
    relative = []
    for found in RELATIVE_TIME.finditer(text, start, end):
        index = bisect.bisect_left(starts, found.end()) - 1  # the last figure starting before its end
        if index < 0 or figures[index].end <= found.start():
            relative.append(_Time(found.start(), found.end(), ""))
    return sorted(dates + relative, key=lambda t: t.start)


def _periods(text: str, start: int, dates: list[_Time]) -> list[_Time]:
    """Months that make one period are one time: "von Januar bis November 2024" and "für Januar und Februar" are
    2024-01/2024-11 and 2024-01/2024-02; "the nine months to September" is 2024-01/2024-09."""
    merged: list[_Time] = []
    for time in dates:
        previous = merged[-1] if merged else None
        if (previous and _month(previous.value) and _month(time.value)
                and JOINED.fullmatch(text, previous.end, time.start)):
            merged[-1] = _Time(previous.start, time.end, f"{previous.value}/{time.value}")
            continue
        # Only a month or a day can end a period; most dates are years.
        length = (PERIOD_BEFORE.search(text, max(start, time.start - 30), time.start)
                  if len(time.value) >= 7 and "/" not in time.value else None)
        months = _length_in_months(length) if length else 0
        last = time.value[:7] if months else ""
        if last:
            year, month = int(last[:4]), int(last[5:7])
            first = year * 12 + month - 1 - (months - 1)
            time = _Time(time.start, time.end, f"{first // 12:04d}-{first % 12 + 1:02d}/{last}")
        merged.append(time)
    return merged


def _month(value: str) -> bool:
    return len(value) == 7  # "2024-03": a month, not a day, a year or a span


def _length_in_months(found) -> int:
    unit = (found["unit"] or found["unit2"]).lower()
    if unit.startswith(("half", "halbjahr")):
        return 6
    if unit.startswith(("quarter", "quartal")):
        return 3
    if "year" in unit or "jahr" in unit:
        return 12
    count = found["count"] or "1"
    value = int(count) if count.isdigit() else parse_english_word(count) or parse_german_word(count)
    return int(value) if value and 0 < value <= 24 else 0


def _mark_bases(text: str, start: int, times: list[_Time]) -> None:
    for time in times:
        found = BASE_BEFORE.search(text, max(start, time.start - LOOK_BACK), time.start)
        time.base = found is not None and (not time.value or found["word"].lower() not in PLAIN_BASE_WORDS)
    # A span of years is a reference period with an average word beside it, and its two ends share a base.
    for first, second in zip(times, times[1:], strict=False):
        if not (first.value and second.value and JOINED.fullmatch(text, first.end, second.start)):
            continue
        reference = (REFERENCE_BEFORE.search(text, max(start, first.start - LOOK_BACK), first.start)
                     or REFERENCE_AFTER.match(text, second.end))
        if reference or first.base or second.base:
            first.base = second.base = True


def _attached(text: str, figure: Figure, candidates: list[_Time], starts: list[int]) -> _Time | None:
    index = bisect.bisect_left(starts, figure.end)
    if index < len(candidates) and ATTACHED_GAP.fullmatch(text, figure.end, candidates[index].start):
        return candidates[index]
    return None


def _change_pair(text: str, amounts: list[Figure], candidates: list[_Time]) -> dict[int, _Time] | None:
    """ "von A auf B" / "from A to B" with two times, "zwischen 2019 und 2021": A gets the first, B the second."""
    dated = [t for t in candidates if t.value]
    if len(dated) < 2:
        return None
    ends = (dated[0], dated[1]) if len(dated) == 2 else next(
        ((a, b) for a, b in zip(dated, dated[1:], strict=False) if JOINED.fullmatch(text, a.end, b.start)), None)
    if ends is None:
        return None
    for first, second in zip(amounts, amounts[1:], strict=False):
        head = text[max(0, first.start - 6) : first.start]
        middle = text[first.end : second.start]
        if CHANGE_FROM.search(head) and CHANGE_TO.search(middle):
            return {id(first): ends[0], id(second): ends[1]}
    return None
