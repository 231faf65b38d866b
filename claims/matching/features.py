"""What the contradiction model (claims.matching.model) reads of two figures: numbers from their frames.

The frame rules (claims.matching.rules) each say yes or no; fitted by hand to one corpus they refused most
real contradictions elsewhere, because no single slot decides. Here every slot and every rule's question is
one number, and the model weighs them together, trained on labelled coverage (tests/claims/train_conflicts.py).
Pure Python: this runs for every pair a recompute compares.
"""

from __future__ import annotations

import math

from .facts import INFINITY, Facts, span_of
from .rules import EVOLVING, NOT_APART, QUANTITY_TERMS, anchored, digits, elsewhen, rival_sources, times_of

NAMES = (
    "same_article", "same_origin", "days_apart", "same_quantity", "no_quantity", "other_quantity",
    "people_like", "evolving", "same_stats", "other_stats", "stats_one_side", "part_one_side", "other_stage",
    "stage_one_side", "names_shared", "names_apart", "names_one_side", "event_shared", "same_source",
    "rival_sources", "source_one_side", "time_same", "time_different", "elsewhen", "disputed", "contrast",
    "revised", "headline_one_side", "local_shared", "terms_shared", "log_ratio", "gap", "hedged", "precise",
    "permuted", "one_digit", "round_both", "percent", "money", "duration",
    "anchored", "near", "same_article_rivals", "same_article_disputed", "same_article_contrast",
    "same_claim", "chars_apart",
)
PEOPLE_LIKE = frozenset({"people", "residents", "runners", "participants", "visitors", ""})


def pair_features(a: Facts, b: Facts) -> list[float | None]:
    """The numbers the model reads of two numeric figures of one measure whose values do not agree (dates are the
    rules' to decide, compare.judge); None where the text does not say (an article without a publication date)."""
    fa, fb = a.frame, b.frame
    same_article = a.article == b.article
    qa, qb = fa.quantity, fb.quantity
    stats_a, stats_b = fa.stats, fb.stats
    own_a, own_b = fa.names - NOT_APART, fb.names - NOT_APART
    rivals = rival_sources(fa, fb)
    timed = times_of(a, b, same_article)
    ratio, gap = _distance(a, b)
    digits_a, digits_b = digits(a.text), digits(b.text)
    disputed = fa.disputed or fb.disputed
    contrast = fa.contrast or fb.contrast
    return [
        same_article, a.origin == b.origin, _days_apart(fa.published, fb.published),
        bool(qa and qa == qb), not (qa and qb),
        bool(qa and qb and qa != qb), qa in PEOPLE_LIKE and qb in PEOPLE_LIKE, qa in EVOLVING or qb in EVOLVING,
        bool(stats_a & stats_b), bool(stats_a and stats_b and not stats_a & stats_b), bool(stats_a) != bool(stats_b),
        any((s in stats_a) != (s in stats_b) for s in ("part", "extended", "base")),
        bool(fa.stage and fb.stage and fa.stage != fb.stage), bool(fa.stage) != bool(fb.stage),
        len(own_a & own_b), bool(own_a and own_b and not own_a & own_b), bool(own_a) != bool(own_b),
        bool(fa.event & fb.event), bool(fa.source and fa.source == fb.source), rivals,
        bool(fa.source) != bool(fb.source), timed == "same", timed == "different",
        elsewhen(a, b) or elsewhen(b, a), disputed, contrast, fa.revised or fb.revised,
        fa.headline != fb.headline, len((fa.local & fb.local) - QUANTITY_TERMS), _shared(a.terms, b.terms),
        ratio, gap, _hedged(a) or _hedged(b), min(len(digits_a), len(digits_b)),
        len(digits_a) >= 2 and digits_a != digits_b and sorted(digits_a) == sorted(digits_b),
        _one_digit(digits_a, digits_b), _round(a) and _round(b), a.measure == "percent",
        a.measure.startswith("money"), a.measure == "duration",
        anchored(fa, fb), ratio < 0.05, same_article and rivals, same_article and disputed,
        same_article and contrast, a.claim == b.claim,
        math.log1p(abs(a.start - b.start)) / 10 if same_article else 1.0,
    ]


def _days_apart(first: str, second: str) -> float | None:
    if not (first and second):
        return None  # unknown: the model counts it as the average (claims.matching.model)
    return min(abs(span_of(first)[0] - span_of(second)[0]), 30) / 10


def _distance(a: Facts, b: Facts) -> tuple[float, float]:
    """How far apart the values are: the log of their ratio, and the gap between the intervals the wording
    allows as a share of the larger value (0 when they meet)."""
    if a.value is None or b.value is None:
        return 0.0, 0.0
    small, large = sorted((a.size, b.size))
    ratio = math.log(large / small) if small else 5.0
    low, high = sorted(((a.lo, a.hi), (b.lo, b.hi)))
    apart = high[0] - low[1] if high[0] > low[1] and low[1] != INFINITY else 0.0
    return min(ratio, 5.0), min(apart / large, 1.0) if large else 0.0


def _one_digit(x: str, y: str) -> bool:
    """A typo: one digit changed ("40,2" and "40,3", "174,500" and "173,500")."""
    return len(x) == len(y) >= 2 and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def _round(figure: Facts) -> bool:
    return len(digits(figure.text)) <= 1  # "200", "3.000": one digit before the zeros


def _hedged(figure: Facts) -> bool:
    return figure.hi == INFINITY or (figure.low is not None and figure.low != figure.value) or (
        figure.high is not None and figure.high != figure.value)


def _shared(x: frozenset[str], y: frozenset[str]) -> float:
    smaller = min(len(x), len(y))
    return len(x & y) / smaller if smaller else 0.0

