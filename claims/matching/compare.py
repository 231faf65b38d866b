"""Two figures of one measure: do they contradict, form a series over time, or corroborate each other?

Numbers are intervals (hedges give the bounds: "bis zu 5 Mio." is [0, 5 Mio.], "fast 7.000" is
[6.300, 7.000]); two intervals that do not meet within the tolerance disagree. Disagreeing figures stated for
different times are a series, for the same time a contradiction. Dates disagree when their days or months do
not overlap. Pure Python, so the same rules serve the incremental task, the full recompute and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import partial_dates
from .lexicon import ENTITIES

TOLERANCE = 0.02  # rounding: "29 Mio." and "29,4 Mio." are one figure
# Figures further apart than this measure different things, whatever the words. A series may fall steeply
# (trade from 84 to 2 million dollars in two years), one moment's figures do not differ 20-fold.
MAX_RATIO = 20
MAX_SERIES_RATIO = 100
MAX_DATE_GAP_DAYS = 366  # the same event is misdated by days or months, not by years
MIN_SIMILARITY = 0.25
SAME_ARTICLE = "(same article)"
INFINITY = float("inf")


Span = tuple[int, int]  # first and last day as ordinals: compared millions of times, parsed once


@dataclass(frozen=True, slots=True)
class Facts:
    """What comparison needs of one stored figure. Build it with facts(), which works out the spans."""

    id: int
    claim: int
    article: int
    origin: int  # the article whose wire copy this is (itself if none): copies are not independent
    measure: str
    subject: tuple[str, ...]  # in the order derive() gave, which picks the blocking keys
    terms: frozenset[str]
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

    @property
    def bounds(self) -> tuple[float, float]:
        return self.lo, self.hi


def facts(id: int, claim: int, article: int, origin: int | None, measure: str, subject: tuple[str, ...],
          text: str, value: float | None = None, low: float | None = None, high: float | None = None,
          date_value: str = "", as_of: str = "", start: int = 0, end: int = 0) -> Facts:
    lo = value if low is None else low
    hi = INFINITY if low is not None and high is None else (value if high is None else high)
    return Facts(id, claim, article, origin or article, measure, subject, frozenset(subject), text, value, low,
                 high, date_value, as_of, start, end, _span(date_value), _span(as_of), lo or 0.0, hi or 0.0)


@lru_cache(maxsize=100_000)
def _span(text: str) -> Span | None:
    if not text:
        return None
    first, last = partial_dates.parse(text)
    return first.toordinal(), last.toordinal()


@dataclass(slots=True)
class Match:
    """How `a` (the older) and `b` relate. The details are worked out only for the matches that are kept."""

    kind: str  # contradiction, series, corroboration
    score: float
    a: Facts
    b: Facts
    shared: frozenset[str]
    alike: float

    @property
    def details(self) -> dict:
        a, b = self.a, self.b
        same_article = a.article == b.article
        facts = {"shared_terms": _listed(self.shared, same_article), "similarity": round(self.alike, 3)}
        if a.span is not None:
            facts["gap_days"] = 0 if self.kind == "corroboration" else abs(b.span[0] - a.span[0])
        else:
            facts["gap_percent"] = _gap_percent((a.lo, a.hi), (b.lo, b.hi))
            facts["times"] = [a.as_of, b.as_of]
        return facts


def similarity(a: frozenset[str], b: frozenset[str], same_article: bool = False) -> tuple[float, list[str]]:
    """How alike two subjects are, 0 to 1, and the terms they share; 0 unless they share a non-name.

    The share of the smaller subject that the other has too: a long sentence full of asides should not
    dilute a match, but a subject of one or two words counts as three, so little in common stays little.
    Two figures in one article share its topic: one more term in common, and any third one makes them alike.
    """
    alike, shared = _alike(a, b, same_article)
    if not alike:
        return 0.0, []
    return round(alike, 3), _listed(shared, same_article)


def _listed(shared: frozenset[str], same_article: bool) -> list[str]:
    return sorted(shared) + ([SAME_ARTICLE] if same_article else [])


def _alike(a: frozenset[str], b: frozenset[str], same_article: bool) -> tuple[float, frozenset[str]]:
    shared = a & b
    count = len(shared) + same_article
    if count < 2:
        return 0.0, shared
    if same_article:
        return (1.0 if count >= 3 else count / 3), shared
    if shared <= ENTITIES:
        return 0.0, shared
    smaller = len(a) if len(a) < len(b) else len(b)
    return count / (smaller if smaller > 3 else 3), shared


def compare(a: Facts, b: Facts, tolerance: float = TOLERANCE) -> Match | None:
    """The relation of two figures, or None when they measure different things or say nothing together.

    Within one article only a series counts: a report that gives two figures for one thing at one time
    is almost always speaking of two things (13 voting members of 15, a stop before the summit).
    This runs millions of times in a full recompute, so the cheap refusals come first.
    """
    if a.measure != b.measure or not a.measure:
        return None
    same_article = a.article == b.article
    if same_article and a.span is not None:
        return None  # a date has no series
    alike, shared = _alike(a.terms, b.terms, same_article)
    if alike < MIN_SIMILARITY:
        return None
    found = _dates(a, b) if a.span is not None else _numbers(a, b, tolerance)
    if found is None or same_article and found[0] != "series":
        return None
    kind, certainty = found
    return Match(kind, round(alike * certainty, 3), a, b, shared, alike)


def _independent(a: Facts, b: Facts) -> bool:
    return a.article != b.article and a.origin != b.origin


def _numbers(a: Facts, b: Facts, tolerance: float) -> tuple[str, float] | None:
    if a.value is None or b.value is None:
        return None
    smaller, larger = abs(a.value), abs(b.value)
    if smaller > larger:
        smaller, larger = larger, smaller
    ratio = larger / smaller if smaller else float("inf")
    if a.when is not None and b.when is not None:
        if a.when[1] < b.when[0] or b.when[1] < a.when[0]:  # stated for different times
            return ("series", 1.0) if ratio <= MAX_SERIES_RATIO else None
        certainty = 1.0
    else:
        certainty = 0.8  # without a time on both sides the figures may be from different moments
    # Widen each upper end by the tolerance of its size, so that negative figures widen too.
    if a.lo <= b.hi + tolerance * abs(b.hi) and b.lo <= a.hi + tolerance * abs(a.hi):
        return ("corroboration", certainty) if _independent(a, b) else None
    if ratio > MAX_RATIO:
        return None
    return "contradiction", certainty


def _gap_percent(a: tuple[float, float], b: tuple[float, float]) -> float:
    lower, upper = sorted((a, b))
    if upper[0] <= lower[1]:
        return 0.0
    base = abs(lower[1]) or abs(upper[0])
    return round((upper[0] - lower[1]) / base * 100, 1) if base else 0.0


def _dates(a: Facts, b: Facts) -> tuple[str, float] | None:
    (a_first, a_last), (b_first, b_last) = a.span, b.span
    if a_first <= b_last and b_first <= a_last:
        # The same day or month from two outlets; a year or a decade agreeing says little.
        precise = a_last - a_first <= 31 and b_last - b_first <= 31
        return ("corroboration", 1.0 if precise else 0.5) if _independent(a, b) else None
    if max(b_first - a_last, a_first - b_last) > MAX_DATE_GAP_DAYS:
        return None  # years apart: another event with similar words (a first visit, an earlier vote)
    return "contradiction", 1.0
