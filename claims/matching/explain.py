"""The sentence an editor reads next to a suggested conflict, and the same facts for programs."""

from __future__ import annotations

import math

from .compare import Facts, Match

VERDICTS = {
    "contradiction": "do not agree",
    "series": "differ because they are stated for different times",
    "corroboration": "agree",
    "revision": "differ because one replaces the other",
}


def details(older: Facts, newer: Facts, match: Match) -> dict:
    facts = match.details
    facts["score"] = match.score
    if older.measure != "date":
        facts["bounds"] = [_json_bounds(older), _json_bounds(newer)]
    return facts


def explanation(older: Facts, newer: Facts, match: Match, facts: dict | None = None) -> str:
    """The sentence; `facts` are details() already worked out, if the caller has them."""
    facts = facts or match.details
    gap = ""
    if facts.get("gap_days"):
        gap = f", {facts['gap_days']} days apart"
    elif facts.get("gap_percent"):
        gap = f", {facts['gap_percent']:g} % apart"
    return (
        f"{_describe(older)} and {_describe(newer)} {VERDICTS[match.kind]}{gap}. "
        f"Same measure ({older.measure}); shared terms: {', '.join(facts.get('shared_terms', []))}. "
        f"Score {match.score:.2f}."
    )


def _describe(figure: Facts) -> str:
    if figure.measure == "date":
        return f"«{figure.text}» ({figure.date_value}, article {figure.article})"
    low, high = figure.bounds
    when = f", as of {figure.as_of}" if figure.as_of else ""
    return f"«{figure.text}» ({_interval(low, high)}{when}, article {figure.article})"


def _interval(low: float, high: float) -> str:
    if low == high:
        return _number(low)
    if math.isinf(high):
        return f"at least {_number(low)}"
    return f"{_number(low)} to {_number(high)}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _json_bounds(figure: Facts) -> list[float | None]:
    low, high = figure.bounds
    return [low, None if math.isinf(high) else high]
