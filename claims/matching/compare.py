"""Two figures of one measure: do they contradict, form a series over time, or corroborate each other?

Numbers are intervals (hedges give the bounds: "bis zu 5 Mio." is [0, 5 Mio.], "fast 7.000" is
[6.300, 7.000]); two intervals that do not meet within the tolerance disagree. Disagreeing figures stated for
different times are a series, for the same time a contradiction. Dates disagree when their days or months do
not overlap. Pure Python, so the same rules serve the incremental task, the full recompute and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

    @property
    def bounds(self) -> tuple[float, float]:
        low = self.value if self.low is None else self.low
        high = float("inf") if self.low is not None and self.high is None else (
            self.value if self.high is None else self.high)
        return low, high


def facts(id: int, claim: int, article: int, origin: int | None, measure: str, subject: tuple[str, ...],
          text: str, value: float | None = None, low: float | None = None, high: float | None = None,
          date_value: str = "", as_of: str = "", start: int = 0, end: int = 0) -> Facts:
    return Facts(id, claim, article, origin or article, measure, subject, frozenset(subject), text, value, low,
                 high, date_value, as_of, start, end, _span(date_value), _span(as_of))


def _span(text: str) -> Span | None:
    if not text:
        return None
    first, last = partial_dates.parse(text)
    return first.toordinal(), last.toordinal()


@dataclass(slots=True)
class Match:
    kind: str  # contradiction, series, corroboration
    score: float
    details: dict = field(default_factory=dict)


def similarity(a: frozenset[str], b: frozenset[str], same_article: bool = False) -> tuple[float, list[str]]:
    """How alike two subjects are, 0 to 1, and the terms they share; 0 unless they share a non-name.

    The share of the smaller subject that the other has too: a long sentence full of asides should not
    dilute a match, but a subject of one or two words counts as three, so little in common stays little.
    Two figures in one article share its topic: one more term in common, and any third one makes them alike.
    """
    shared = a & b
    count = len(shared) + same_article
    if count < 2 or not same_article and shared <= ENTITIES:
        return 0.0, []
    alike = min(1.0, count / 3) if same_article else count / max(3, min(len(a), len(b)))
    return round(alike, 3), sorted(shared) + ([SAME_ARTICLE] if same_article else [])


def compare(a: Facts, b: Facts, tolerance: float = TOLERANCE) -> Match | None:
    """The relation of two figures, or None when they measure different things or say nothing together.

    Within one article only a series counts: a report that gives two figures for one thing at one time
    is almost always speaking of two things (13 voting members of 15, a stop before the summit).
    """
    if not a.measure or a.measure != b.measure:
        return None
    same_article = a.article == b.article
    if same_article and a.measure == "date":
        return None  # a date has no series
    alike, shared = similarity(a.terms, b.terms, same_article)
    if alike < MIN_SIMILARITY:
        return None
    if a.measure == "date":
        match = _compare_dates(a, b)
    else:
        match = _compare_numbers(a, b, tolerance)
    if match is None or same_article and match.kind != "series":
        return None
    match.details["shared_terms"] = shared
    match.details["similarity"] = alike
    match.score = round(alike * match.score, 3)
    return match


def _independent(a: Facts, b: Facts) -> bool:
    return a.article != b.article and a.origin != b.origin


def _compare_numbers(a: Facts, b: Facts, tolerance: float) -> Match | None:
    if a.value is None or b.value is None:
        return None
    (a_low, a_high), (b_low, b_high) = a.bounds, b.bounds
    # Widen each upper end by the tolerance of its size, so that negative figures widen too.
    meet = a_low <= b_high + tolerance * abs(b_high) and b_low <= a_high + tolerance * abs(a_high)
    details = {"gap_percent": _gap_percent((a_low, a_high), (b_low, b_high)), "times": [a.as_of, b.as_of]}
    smaller, larger = sorted((abs(a.value), abs(b.value)))
    ratio = larger / smaller if smaller else float("inf")
    same_time = _same_time(a, b)
    # Without a stated time on both sides the figures may come from different moments: less certain.
    certainty = 1.0 if same_time else 0.8
    if same_time is False:
        return Match("series", 1.0, details) if ratio <= MAX_SERIES_RATIO else None
    if meet:
        return Match("corroboration", certainty, details) if _independent(a, b) else None
    if ratio > MAX_RATIO:
        return None
    return Match("contradiction", certainty, details)


def _gap_percent(a: tuple[float, float], b: tuple[float, float]) -> float:
    lower, upper = sorted((a, b))
    if upper[0] <= lower[1]:
        return 0.0
    base = abs(lower[1]) or abs(upper[0])
    return round((upper[0] - lower[1]) / base * 100, 1) if base else 0.0


def _same_time(a: Facts, b: Facts) -> bool | None:
    """Whether both figures are stated for overlapping times; None when either names no time."""
    if a.when is None or b.when is None:
        return None
    return a.when[0] <= b.when[1] and b.when[0] <= a.when[1]


def _compare_dates(a: Facts, b: Facts) -> Match | None:
    (a_first, a_last), (b_first, b_last) = a.span, b.span
    if a_first <= b_last and b_first <= a_last:
        # The same day or month from two outlets; a year or a decade agreeing says little.
        precise = max(a_last - a_first, b_last - b_first) <= 31
        return Match("corroboration", 1.0 if precise else 0.5, {"gap_days": 0}) if _independent(a, b) else None
    gap = max(b_first - a_last, a_first - b_last)
    if gap > MAX_DATE_GAP_DAYS:
        return None  # years apart: another event with similar words (a first visit, an earlier vote)
    return Match("contradiction", 1.0, {"gap_days": abs(b_first - a_first)})
