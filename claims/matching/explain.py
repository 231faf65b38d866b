"""The sentence an editor reads next to a suggested conflict, and the same facts for programs."""

from __future__ import annotations

import math

from .compare import NAME_KEY, Facts, Match

VERDICTS = {
    "contradiction": "the figures do not overlap",
    "series": "they are stated for different times or stages: a series",
    "corroboration": "the figures agree",
    "revision": "one replaces the other: a correction or revision",
}
REASONS = {
    "rivals": "rival sources give them",
    "stage": "a forecast or partial count against a later figure",
    "time": "different times",
    "toll": "a toll counted again on a later day",
    "revised": "the text says a figure was corrected",
}


def details(older: Facts, newer: Facts, match: Match) -> dict:
    facts = match.details
    facts["score"] = match.score
    facts["same"] = _same(older, newer)
    if older.measure != "date":
        facts["bounds"] = [_json_bounds(older), _json_bounds(newer)]
    return facts


def explanation(older: Facts, newer: Facts, match: Match, facts: dict | None = None) -> str:
    """What an editor reads: both figures with outlet, bounds, source and time, what ties them, and the verdict
    ("Alpenpost (article 12): «616 Flüge» (615.50 to 616.50; operator). Weser-Echo (article 14): «610 Flüge»
    (…). Same quantity (flights), same names (Rheinau), same source (operator); the figures do not overlap …")."""
    facts = facts or details(older, newer, match)
    gap = ""
    if facts.get("gap_days"):
        gap = f", {facts['gap_days']} days apart"
    elif facts.get("gap_percent"):
        gap = f", {facts['gap_percent']:g} % apart"
    reason = REASONS.get(match.reason, "")
    return (
        f"{_describe(older)}. {_describe(newer)}. {_sentence(facts['same'])}; "
        f"{VERDICTS[match.kind]}{gap}{f' ({reason})' if reason else ''}. Score {match.score:.2f}."
    )


def _same(older: Facts, newer: Facts) -> list[str]:
    """The slots the two figures share, each said as an editor would."""
    a, b = older.frame, newer.frame
    same = [f"same quantity ({a.quantity or older.measure})"]
    shared = (a.names | a.event) & (b.names | b.event)
    names = [name for name in dict.fromkeys(a.shown + b.shown) if name[:NAME_KEY] in shared]
    if names:
        same.append(f"same names ({', '.join(name.title() for name in names[:4])})")
    if a.source and a.source == b.source:
        same.append(f"same source ({a.source})")
    if a.stats and a.stats == b.stats:
        same.append(f"same statistic ({', '.join(sorted(a.stats))})")
    if older.as_of and older.as_of == newer.as_of:
        same.append(f"same time ({older.as_of})")
    elif a.moment and a.moment == b.moment:
        same.append(f"same time ({a.moment.strip('/')})")
    if older.article == newer.article:
        same.append("the same report")
    return same


def _sentence(same: list[str]) -> str:
    text = ", ".join(same)
    return text[0].upper() + text[1:]


def _describe(figure: Facts) -> str:
    frame = figure.frame
    said = [frame.source] if frame.source else []
    if frame.stage:
        said.append(frame.stage)
    if figure.measure == "date":
        value = figure.date_value
    else:
        low, high = figure.bounds
        value = _interval(low, high) + (f", as of {figure.as_of}" if figure.as_of else "")
        said += [frame.moment.strip("/")] if frame.moment and not figure.as_of else []
    extra = "; ".join([value, *said])
    return f"{figure.outlet or 'Report'} (article {figure.article}): «{figure.text}» ({extra})"


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
