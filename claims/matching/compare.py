"""Two figures of one measure: how they relate and how sure it is that they are about one thing. Whether two
disagreeing numbers are one figure is the model's call (claims.matching.model); series, revisions,
corroborations and dates are the rules' (claims.matching.rules). Pure Python, so the same code serves the
incremental task, the full recompute and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import model

# Facts, facts and frame_of are the faces of a figure other modules take from here.
from .facts import NAME_KEY, Facts, Frame, facts, frame_of, span_of  # noqa: F401
from .features import pair_features
from .lexicon import ENTITIES
from .rules import anchored, dates, named_apart, numbers, rival_sources

MIN_SIMILARITY = 0.25
MIN_SCORE = 0.2
SAME_ARTICLE = "(same article)"
# A contradiction every frame rule allows is kept at a lower probability than one the model finds alone.
RULES_BACKED = 0.2


@dataclass(slots=True)
class Match:
    """How `a` (the older) and `b` relate. The details are worked out only for the matches that are kept."""

    kind: str  # contradiction, series, revision, corroboration
    score: float
    a: Facts
    b: Facts
    shared: frozenset[str]
    alike: float
    reason: str = ""  # the slot that decided the kind, for the explanation

    @property
    def details(self) -> dict:
        a, b = self.a, self.b
        same_article = a.article == b.article
        found = {"shared_terms": _listed(self.shared, same_article), "similarity": round(self.alike, 3),
                 "reason": self.reason}
        if a.span is not None:
            found["gap_days"] = 0 if self.kind == "corroboration" else abs(b.span[0] - a.span[0])
        else:
            found["gap_percent"] = _gap_percent((a.lo, a.hi), (b.lo, b.hi))
            found["times"] = [a.as_of or a.frame.moment, b.as_of or b.frame.moment]
        return found


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


def _link(a: Facts, b: Facts, same_article: bool) -> tuple[float, frozenset[str]]:
    """How sure it is that two figures speak of one event, and the names or terms that say so. A shared
    name (the place, the company) links two reports' figures; a date needs shared words as well, since
    every report on an event is full of dates of other things."""
    alike, shared = _alike(a.terms, b.terms, same_article)
    if same_article:
        return 1.0, shared
    fa, fb = a.frame, b.frame
    names = (fa.names | fa.event) & (fb.names | fb.event)
    if a.span is not None:
        return (min(1.0, alike + 0.2 * bool(names)) if alike >= MIN_SIMILARITY else 0.0), shared
    if names:
        return min(1.0, 0.7 + alike), shared | {f"«{name}»" for name in names}
    if alike < MIN_SIMILARITY and anchored(fa, fb) and _days_apart(fa, fb) <= 2:
        # Reports in two languages share few words, but the same statistic from the same days does.
        return 0.5, shared
    return (alike * 0.8 if alike >= MIN_SIMILARITY else 0.0), shared


def _days_apart(fa: Frame, fb: Frame) -> int:
    if not (fa.published and fb.published):
        return 999
    return abs(span_of(fa.published)[0] - span_of(fb.published)[0])


def compare(a: Facts, b: Facts) -> Match | None:
    """The relation of two figures, or None when they measure different things or say nothing together."""
    found = judge(a, b)
    return found if type(found) is Match else None


def disagree(a: Facts, b: Facts) -> bool:
    """Two numbers that cannot both hold at the precision written: their intervals are apart. A date has no
    value: dates are too few in the labelled coverage to fit, and the rules decide them."""
    return a.value is not None and b.value is not None and (a.hi < b.lo or b.hi < a.lo)


def judge(a: Facts, b: Facts) -> Match | str:
    """The relation of two figures, or the rule that refused them, in words (the evaluator shows why a
    labelled pair was missed). This runs millions of times in a full recompute, so the cheap refusals come
    first.

    Whether two disagreeing figures are one figure reported two ways is the model's call (claims.matching.
    model): no single slot decides it. Series, revisions and corroborations stay with the rules."""
    if a.measure != b.measure or not a.measure:
        return "different measures"
    same_article = a.article == b.article
    if same_article and a.span is not None:
        return "two dates of one report"
    likely = None
    if disagree(a, b):
        likely = model.probability(pair_features(a, b))
        if likely >= model.threshold():
            link, shared = _link(a, b, same_article)
            return Match("contradiction", round(likely, 3), a, b, shared, link, _deciding(a, b))
    found = _by_rules(a, b, same_article)
    if type(found) is Match and found.kind == "contradiction" and likely is not None:
        if likely < RULES_BACKED:
            return "the model finds them unlike one figure"
        found.score = round(likely, 3)
    return found


def _deciding(a: Facts, b: Facts) -> str:
    """What the explanation names as the reason: rival sources, or the values."""
    return "rivals" if rival_sources(a.frame, b.frame) else "values"


def _by_rules(a: Facts, b: Facts, same_article: bool) -> Match | str:
    fa, fb = a.frame, b.frame
    if fa.quantity != fb.quantity and fa.quantity != "percent" and fb.quantity != "percent":
        return "shares of different things"  # a growth rate is not a punctuality rate
    if fa.stats and fb.stats and not fa.stats & fb.stats:
        return "different statistics"  # a record is not a mean
    if named_apart(fa, fb):
        return "names set them apart"  # Geilenhof is not Kitzbach, the CDU is not the AfD
    found = dates(a, b) if a.span is not None else numbers(a, b, same_article)
    if type(found) is str:
        return found
    link, shared = _link(a, b, same_article)  # last: most pairs are refused by the cheaper rules above
    if link < MIN_SIMILARITY:
        return "two reports not linked"
    kind, certainty, reason = found
    score = round(link * certainty, 3)
    if kind == "contradiction" and score < MIN_SCORE:
        return "too unsure"
    return Match(kind, score, a, b, shared, link, reason)


def _gap_percent(a: tuple[float, float], b: tuple[float, float]) -> float:
    lower, upper = sorted((a, b))
    if upper[0] <= lower[1]:
        return 0.0
    base = abs(lower[1]) or abs(upper[0])
    return round((upper[0] - lower[1]) / base * 100, 1) if base else 0.0
