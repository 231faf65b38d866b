"""What comparison needs of one stored figure: its interval at the precision the text states, and its frame.

A hedge gives the bounds ("bis zu 5 Mio." is [0, 5 Mio.], "fast 7.000" is [6.300, 7.000]); a plain number is as
precise as it is written: "40,5 Grad" is 40.45 to 40.55, so 40,6 is another reading, while "29 Millionen" covers
28.5 to 29.5 million and "250.000" 245,000 to 255,000. The frame (claims.matching.frames) is read back from the
slots at the head of the stored subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import partial_dates

# A plain number is as precise as written, but a round one ("3,000 jobs") is no wider than this share of it.
MAX_ROUNDING = 0.025
INFINITY = float("inf")
SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800, "month": 2629800,
           "year": 31557600}
DIGITS = re.compile(r"\d(?:[\d.,'\u2009\u202f\u00a0 ]*\d)?")
DECIMALS = re.compile(r"[.,]\d{1,2}$")  # a group of three is grouping, one or two digits are decimals
# Countries and leaders of the desk's beat are who a report is about, not which of its figures is which:
# "13 Mitglieder" of the UN council are not set apart from "zwölf" by China abstaining.
NAME_KEY = 6
Span = tuple[int, int]  # first and last day as ordinals: compared millions of times, parsed once


@dataclass(frozen=True, slots=True)
class Facts:
    """What comparison needs of one stored figure. Build it with facts(), which works out spans and frame."""

    id: int
    claim: int
    article: int
    origin: int  # the article whose wire copy this is (itself if none): copies are not independent
    measure: str
    subject: tuple[str, ...]  # in the order derive() gave: frame slots first, then key terms
    terms: frozenset[str]  # the key terms without the frame slots
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    date_value: str = ""
    as_of: str = ""
    start: int = 0
    end: int = 0
    span: Span | None = None  # of date_value
    when: Span | None = None  # of as_of
    lo: float = 0.0  # the interval the wording allows: "mehr als 1.000" is [1.000, inf)
    hi: float = 0.0
    frame: Frame | None = None
    size: float = 0.0  # abs(value) in the measure's base unit (seconds for durations)
    outlet: str = ""  # the report's publisher, for the explanation

    @property
    def bounds(self) -> tuple[float, float]:
        return self.lo, self.hi


@dataclass(frozen=True, slots=True)
class Frame:
    """The slots of claims.matching.frames, read back from the stored subject."""

    quantity: str = ""
    stats: frozenset[str] = frozenset()
    stage: str = ""  # forecast, partial, or the result
    names: frozenset[str] = frozenset()
    event: frozenset[str] = frozenset()
    source: str = ""
    moment: str = ""
    published: str = ""
    revised: bool = False
    disputed: bool = False
    contrast: bool = False
    headline: bool = False
    local: frozenset[str] = frozenset()  # key terms of the figure's own stretch of the sentence
    shown: tuple[str, ...] = ()  # the names as written (lower case), for the explanation


NO_FRAME = Frame()


def frame_of(subject: tuple[str, ...]) -> Frame:
    """The frame slots at the head of a stored subject (derive() puts them first), read in one pass: this
    runs for every figure a recompute reads."""
    single = {"q": "", "g": "", "w": "", "t": "", "p": ""}
    lists: dict[str, list[str]] = {"s": [], "n": [], "e": [], "l": []}
    flags = set()
    for term in subject:
        if term[:1] != "=":
            break
        key = term[1]
        if key in lists:
            lists[key].append(term[3:])
        elif key in single:
            if not single[key]:
                single[key] = term[3:]
        else:
            flags.add(key)
    if not flags and not any(single.values()) and not any(lists.values()):
        return NO_FRAME
    names, event = lists["n"], lists["e"]
    return Frame(single["q"], frozenset(lists["s"]), single["g"], _keys(tuple(names)), _keys(tuple(event)),
                 single["w"], single["t"], single["p"], "r" in flags, "d" in flags, "c" in flags, "h" in flags,
                 frozenset(lists["l"]), tuple(dict.fromkeys(names + event)))


@lru_cache(maxsize=50_000)
def _keys(names: tuple[str, ...]) -> frozenset[str]:
    """Names compared by their first letters: "Hallstedt", "Hallstedter" and "Hallstedts" are one."""
    return frozenset([name[:NAME_KEY] for name in names])


def facts(id: int, claim: int, article: int, origin: int | None, measure: str, subject: tuple[str, ...],
          text: str, value: float | None = None, low: float | None = None, high: float | None = None,
          date_value: str = "", as_of: str = "", start: int = 0, end: int = 0, unit: str = "",
          outlet: str = "") -> Facts:
    lo, hi = _interval(text, value, low, high)
    scale = SECONDS.get(unit, 1) if measure == "duration" else 1
    slots = next((index for index, term in enumerate(subject) if term[:1] != "="), len(subject))
    terms = frozenset(subject[slots:])
    return Facts(id, claim, article, origin or article, measure, subject, terms, text, value, low, high, date_value,
                 as_of, start, end, span_of(date_value), span_of(as_of), lo * scale, hi * scale, frame_of(subject),
                 abs(value or 0) * scale, outlet or "")


def _interval(text: str, value: float | None, low: float | None, high: float | None) -> tuple[float, float]:
    if value is None:
        return 0.0, 0.0
    hedged = (low is not None and low != value) or (high is not None and high != value) or (
        low is not None and high is None)
    if hedged:
        lo = value if low is None else low
        return lo, INFINITY if high is None else high
    half = min(_half_unit(text, value), abs(value) * MAX_ROUNDING) * 0.99  # touching precisions still differ
    return value - half, value + half


@lru_cache(maxsize=100_000)
def _half_unit(text: str, value: float) -> float:
    """Half the unit of the last digit written: 0.05 for "40,5", 500,000 for "29 Millionen", 5,000 for
    "250.000" (zeros before the decimal mark are rounding), 0 for a figure in words."""
    found = DIGITS.search(text)
    if found is None or not value:
        return 0.0
    token = found.group().rstrip(" ")
    digits = re.sub(r"\D", "", token)
    if not digits or int(digits) == 0:
        return 0.0
    # Zeros end a round number only in thousands and up: "250.000" is about, "30 Sitze" are thirty.
    zeros = 0 if DECIMALS.search(token) or len(digits) < 4 else len(digits) - len(digits.rstrip("0"))
    return abs(value) / int(digits) * 10**zeros / 2


@lru_cache(maxsize=100_000)
def span_of(text: str) -> Span | None:
    if not text:
        return None
    first, last = partial_dates.parse(text)
    return first.toordinal(), last.toordinal()
