"""The rules for two figures of one measure: contradiction, series, revision, corroboration, or why not.

Disagreeing figures are a contradiction only when their frames (claims.matching.frames) say they are the
same thing: the same quantity and statistic, no names that set them apart, the same time. Otherwise:
    series        the frames give different times (as_of, a weekday, the start against the peak), a
                  forecast or partial count against a later figure, or a toll that has risen by the next day;
    revision      one of them is presented as corrected, revised or replaced;
    nothing       different statistic, different names, or inside one report without rival sources.
Dates disagree when their days or months do not overlap. Each rule that refuses a pair says why in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .facts import DIGITS, INFINITY, NAME_KEY, Facts, Frame
from .lexicon import BROAD_NAMES, CONCEPTS, ENTITIES, QUANTITIES

# Figures further apart than this measure different things, whatever the words. A series may fall steeply
# (trade from 84 to 2 million dollars in two years), one moment's figures do not differ 20-fold.
MAX_RATIO = 20
MAX_SERIES_RATIO = 100
# Between two reports, the figures an editor must see are near misses (610 against 616 flights, 40,5
# against 40,6 degrees, 1.100 against 1.250 jobs); figures further apart with the same noun are almost
# always about different things (the registered turnout, another city, the organisers' own count).
MAX_GAP_ACROSS = 1.5
MAX_SERIES_ACROSS = 2.5
MAX_GAP_DISPUTED = 4
NEAR_MISS = 0.01
MAX_GAP_HEADLINE = 1.1  # a headline and its text disagree by a slip, not by a different figure
MAX_GAP_RIVALS = 2  # police and organisers differ 2.5-fold as a rule; rival counts of one toll do not
MAX_DATE_GAP_DAYS = 62  # the same event is misdated by days or a month, not by seasons
# Tolls rise while they are counted: two reports a day apart give two stages, not a dispute.
EVOLVING = frozenset({"dead", "injured", "missing", "evacuated"})
# Names of the beat, written as words near a figure, tie nothing either.
NOT_APART_TERMS = frozenset(ENTITIES)
# Statistics one report may leave unsaid of the same figure: the record a reading set.
ATTRIBUTES = frozenset({"record", "base"})
NOT_APART = frozenset(name[:NAME_KEY] for name in BROAD_NAMES | ENTITIES)
# The counted noun is shared by every figure of a measure, and so is what happens to it ("Ausfall" of
# flights, "Abbau" of jobs): they do not tie two of them together.
QUANTITY_TERMS = frozenset(QUANTITIES.values()) | {"ausfall", "abbau"}
# Words that name what happened on a date ("Veto", "Ankunft", "Besuch"): two dates contradict only when
# they are dates of the same happening.
EVENT_TERMS = frozenset(CONCEPTS.values()) - frozenset(ENTITIES) - QUANTITY_TERMS
Verdict = tuple[str, float, str]  # kind, certainty, the slot that decided; a str instead: why not


@dataclass(slots=True)
class _Pair:
    """Two numeric figures and what the rules ask of them, worked out once."""

    a: Facts
    b: Facts
    same_article: bool
    meet: bool
    ratio: float
    dated: bool  # both stated for a time ("2023", "März 2024")
    timed: str  # same, different or unknown

    @property
    def fa(self) -> Frame:
        return self.a.frame

    @property
    def fb(self) -> Frame:
        return self.b.frame


def numbers(a: Facts, b: Facts, same_article: bool) -> Verdict | str:
    if a.value is None or b.value is None:
        return "no value"
    if a.value == -b.value:
        return "the sign said in words"  # "Minus von 358.000 Stellen" and "358,000 jobs" lost
    smaller, larger = (a.size, b.size) if a.size < b.size else (b.size, a.size)
    pair = _Pair(a, b, same_article, a.lo <= b.hi and b.lo <= a.hi, larger / smaller if smaller else INFINITY,
                 a.when is not None and b.when is not None, times_of(a, b, same_article))
    if pair.ratio > (MAX_SERIES_RATIO if same_article or pair.dated else MAX_SERIES_ACROSS):
        return "too far apart for one thing"
    for rule in (_over_time, _agreeing, _replaced, _disputed):
        verdict = rule(pair)
        if verdict is not None:
            return verdict
    return "no rule applies"


def _over_time(pair: _Pair) -> Verdict | str | None:
    """A forecast then the result, Thursday's toll then Monday's: a series, if something ties the two."""
    fa, fb = pair.fa, pair.fb
    if _stage(fa) != _stage(fb):
        if pair.meet or not anchored(fa, fb):
            return "stages differ, nothing ties them"
        return "series", 0.8, "stage"
    spoken = pair.same_article and (fa.contrast or fb.contrast or fa.disputed or fb.disputed)
    if pair.timed != "same" and not spoken and (_qualified(fa, fb) or _qualified(fb, fa)):
        return "a name beyond the event on one side"  # "70,000 in Wellmar" is not the rally of the report
    if pair.timed == "different":
        # A series of one thing: tied by a name, source or words, and not ten-fold apart unless dated.
        if pair.meet or not anchored(fa, fb) or (pair.ratio > MAX_SERIES_ACROSS and not pair.dated):
            return "times differ, nothing ties them"
        return "series", 1.0, "time"
    return None


def _agreeing(pair: _Pair) -> Verdict | str | None:
    """Figures whose intervals meet corroborate each other, when two independent reports give them."""
    if not pair.meet:
        return None
    a, b = pair.a, pair.b
    tied = pair.same_article or pair.timed == "same" or anchored(a.frame, b.frame)
    if not independent(a, b) or not (tied or _distinctive(a, b)):
        return "agree, but not independent or not tied"
    return "corroboration", 1.0 if pair.timed == "same" else 0.8, "values"


def _replaced(pair: _Pair) -> Verdict | str | None:
    """Too far apart for one thing; a corrected figure; a toll that rose by the next day's report."""
    a, b, fa, fb = pair.a, pair.b, pair.fa, pair.fb
    if fa.quantity in EVOLVING and fa.published != fb.published and pair.timed != "same":
        tied = pair.same_article or anchored(fa, fb)
        return ("series", 0.8, "toll") if tied else "a toll of another day, nothing ties them"
    if pair.ratio > (MAX_RATIO if pair.same_article else MAX_GAP_ACROSS):
        return "too far apart for a slip"
    if _revised(a, b, pair.same_article):
        if rival_sources(fa, fb):
            return "a correction by another source"
        return "revision", 0.9, "revised"
    return None


def _disputed(pair: _Pair) -> Verdict | str:
    """The figures disagree: a contradiction only if every slot the rules read lets them be one figure."""
    a, b, fa, fb, timed = pair.a, pair.b, pair.fa, pair.fb, pair.timed
    rivals = rival_sources(fa, fb)
    if pair.same_article and not _rival_in_one_report(fa, fb, rivals, pair.ratio):
        return "one report, no dispute"  # one report, two figures, no rival sources: almost always two things
    if elsewhen(a, b) or elsewhen(b, a):
        return "a stated year on one side only"  # "etwa 1.000 Stellen bis 2027": a plan or a past year
    if not pair.same_article:
        # Police and organisers (or union and company) count differently unless one disputes the other, and
        # two reports on one event are full of figures for the same noun (shares of six parties, counts of
        # four cities): something must tie them.
        if rivals and not (fa.disputed or fb.disputed):
            return "rival sources, no dispute"
        if not (timed == "same" or anchored(fa, fb) or _slip(pair)):
            return "nothing ties them"
    if any((stat in fa.stats) != (stat in fb.stats) for stat in ("part", "extended", "base")):
        return "a part, an extension or a base"  # "allein in der Kreisstadt 70" is a part of the district's
    if bool(fa.stats) != bool(fb.stats) and not (
            (fa.stats | fb.stats) <= ATTRIBUTES and (timed == "same" or _named_alike(fa, fb))):
        return "a statistic on one side only"  # "Kapazität 90.000" is not "87.192 Zuschauer"
    if not pair.same_article and a.measure == "percent" and (fa.names or fb.names) and not (
            fa.stage and fa.stage == fb.stage or timed == "same"):
        return "a share without its stage"  # a party's share moves from projection to count to result
    certainty = (1.0 if timed == "same" else 0.85) * (1.0 if fa.names and fb.names else 0.85)
    return "contradiction", certainty, "rivals" if rivals else "values"


def _rival_in_one_report(fa: Frame, fb: Frame, rivals: bool, ratio: float) -> bool:
    """Two figures of one report for one thing: rival sources near each other (the police's 112 dead, the
    district chief's 121), or a figure the report disputes or sets against another ("jedoch")."""
    if rivals and ratio <= MAX_GAP_RIVALS and (fa.contrast or fb.contrast):
        return True  # "Landrat Pohl sprach dagegen von 121 Toten": rival counts set against each other
    if fa.headline != fb.headline and ratio <= MAX_GAP_HEADLINE:
        return True  # the headline says 813,000, the text 818,000: one of them is wrong
    if fa.disputed or fb.disputed:  # "250.000? Nicht nachvollziehbar": a dispute may be about a far-off figure
        return ratio <= MAX_GAP_DISPUTED and (rivals or not (fa.source and fb.source))
    return (fa.contrast or fb.contrast) and bool(fa.source) != bool(fb.source) and ratio <= MAX_GAP_ACROSS


def elsewhen(a: Facts, b: Facts) -> bool:
    """`a` is stated for a time and `b` for none, and `a`'s years do not include the year `b` was reported
    in: a plan ("bis 2027") or a past year, where `b` gives today's figure."""
    if a.when is None or b.when is not None:
        return False
    if not b.frame.published:
        return True
    first, _, last = a.as_of.partition("/")
    return not first[:4] <= b.frame.published[:4] <= (last or first)[:4]


def _stage(frame: Frame) -> str:
    return "" if frame.stage == "result" else frame.stage


def _revised(a: Facts, b: Facts, same_article: bool) -> bool:
    """One figure replaces the other: a later report that says it corrects, or in one report the two figures
    of a sentence that corrects ("Statt rund 1.200 sollen nun rund 950 Stellen wegfallen")."""
    if same_article:
        return a.frame.revised and b.frame.revised
    return a.frame.revised or b.frame.revised


def independent(a: Facts, b: Facts) -> bool:
    return a.article != b.article and a.origin != b.origin


def _distinctive(a: Facts, b: Facts) -> bool:
    """The same precise number in two reports ("87.192", "574,875") agrees by itself; "5 Prozent" does not."""
    return a.value == b.value and len(str(abs(a.value)).replace(".", "").strip("0")) >= 3


def _slip(pair: _Pair) -> bool:
    """Two precise figures that look like one mistyped: swapped digits ("165" and "156", "547.875" and
    "574.875") or a near miss of a few in a thousand ("47.912" and "mehr als 48.000")."""
    digits_a, digits_b = digits(pair.a.text), digits(pair.b.text)
    if len(digits_a) >= 3 and sorted(digits_a) == sorted(digits_b):
        return True
    # larger - smaller <= NEAR_MISS * larger, said with the ratio the pair already has
    return min(len(digits_a), len(digits_b)) >= 4 and pair.ratio * (1 - NEAR_MISS) <= 1


@lru_cache(maxsize=100_000)
def digits(text: str) -> str:
    """The figure's digits without trailing zeros: "87.192" is 87192, "250.000" is 25."""
    found = DIGITS.search(text)
    return re.sub(r"\D", "", found.group()).rstrip("0") if found else ""


def rival_sources(fa: Frame, fb: Frame) -> bool:
    """Both figures say whose they are, and they are different people's: police and organisers."""
    return bool(fa.source and fb.source and fa.source != fb.source)


def anchored(fa: Frame, fb: Frame) -> bool:
    """Something beyond the event ties two reports' figures: the same place, party or company named at the
    figure, the same source, the same words right around it, or the same statistic."""
    return (_named_alike(fa, fb) or bool(fa.source and fa.source == fb.source)
            or bool((fa.local & fb.local) - QUANTITY_TERMS - NOT_APART_TERMS) or bool(fa.stats & fb.stats))


def named_apart(fa: Frame, fb: Frame) -> bool:
    own_a, own_b = fa.names - NOT_APART, fb.names - NOT_APART
    return bool(own_a and own_b and not own_a & own_b)


def _named_alike(fa: Frame, fb: Frame) -> bool:
    return bool((fa.names & fb.names) - NOT_APART)


def _qualified(fa: Frame, fb: Frame) -> bool:
    """`fa` is named for a place or party beyond what the report is about ("21,9 Prozent in Elbstadt") and
    `fb`, otherwise alike, for nothing more."""
    extra_a = fa.names - fb.names - fa.event - NOT_APART
    extra_b = fb.names - fa.names - fb.event - NOT_APART
    return bool(extra_a) and not extra_b


def times_of(a: Facts, b: Facts, same_article: bool = False) -> str:
    """"same", "different" or "" (unknown) for the times two figures are stated for. In one report a figure
    without a day is of the day it was published: "am Samstag" in Sunday's report is another day; but only
    days and parts of the day the text states make two figures "same"."""
    if a.when is not None and b.when is not None:
        if a.when[1] < b.when[0] or b.when[1] < a.when[0]:
            return "different"
        return "same"
    ma, mb = a.frame.moment, b.frame.moment
    if not (ma and mb) and not (same_article and (ma or mb)):
        return ""
    (day_a, part_a), (day_b, part_b) = (ma or "/").split("/"), (mb or "/").split("/")
    if same_article and bool(day_a) != bool(day_b):
        if (day_a or a.frame.published) != (day_b or b.frame.published):
            return "different"
    if (day_a and day_b and day_a != day_b) or (part_a and part_b and part_a != part_b):
        return "different"
    if day_a and day_a == day_b:
        return "same"
    return "same" if part_a and part_a == part_b and not (day_a or day_b) else ""


def dates(a: Facts, b: Facts) -> Verdict | str:
    (a_first, a_last), (b_first, b_last) = a.span, b.span
    if a_first <= b_last and b_first <= a_last:
        # The same day or month from two outlets; a year or a decade agreeing says little.
        precise = a_last - a_first <= 31 and b_last - b_first <= 31
        if not independent(a, b):
            return "agree, but not independent"
        return "corroboration", 1.0 if precise else 0.5, "values"
    if max(b_first - a_last, a_first - b_last) > MAX_DATE_GAP_DAYS:
        return "dates too far apart"  # another event with similar words (a first visit, an earlier vote)
    if not (a.frame.local | a.terms) & (b.frame.local | b.terms) & EVENT_TERMS:
        return "dates of different happenings"  # a date is of an event: the veto, the arrival
    days_a, days_b = sorted((a_last - a_first + 1, b_last - b_first + 1))
    if days_b > 2 * days_a and days_b > 31:
        return "a date against a period"  # "September" and "the second quarter" are of different things
    return "contradiction", 1.0, "values"
