"""Date figures: "19.06.2024", "17. Juni 2024", "im März 2024", "vom 19. bis zum 20. Juni", "1961", "1960er-Jahre"."""

from __future__ import annotations

import re
from datetime import date

from .found import Figure
from .lexicon import MONTHS
from .patterns import DATES, HEDGE, SCALE, TEMPORAL_BEFORE, UNIT_WORD

# A year-like number followed by one of these is an amount ("2000 Prozent"), not a year.
AMOUNT_AFTER = re.compile(rf"\s?(?:%|(?:{SCALE}|{UNIT_WORD})(?![\w]))", re.IGNORECASE)
HEDGE_BEFORE = re.compile(rf"(?:{HEDGE})\s+$", re.IGNORECASE)
# Only a noun right after the number: "2023 rollen Güterzüge" is a year before a verb.
PLURAL_NOUN_AFTER = re.compile(r"\s([A-ZÄÖÜ][\w-]*(?:en|er|e|n|s))(?![\w])")


def find(text: str, start: int, end: int, published: date | None) -> list[Figure]:
    found: list[Figure] = []
    for match in DATES.finditer(text, start, end):
        kind = match.lastgroup
        found.extend(READERS[kind](match, text, published))
    return found


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None:
            return date(year, month, day).isoformat()
    except ValueError:
        return None
    if month is not None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    return f"{year:04d}"


def _month(word: str) -> int | None:
    # Month names are capitalised in both languages; "may" the verb is not a month.
    return MONTHS.get(word.lower()) if word[:1].isupper() else None


def _year(given: str | None, published: date | None) -> int | None:
    if given:
        return int(given)
    return published.year if published else None


def _date(match: re.Match, value: str | None, group: str = 0) -> list[Figure]:
    if value is None:
        return []
    return [Figure(match.start(group), match.end(group), "date", value)]


def _numeric(match, text, published):
    return _date(match, _iso(int(match["ny"]), int(match["nm"]), int(match["nd"])))


def _span(match, text, published):
    month, year = _month(match["sm"]), _year(match["sy"], published)
    if month is None or year is None:
        return []
    first = _iso(year, month, int(match["sd1"]))
    second = _iso(year, month, int(match["sd2"]))
    if first is None or second is None:
        return []
    first_end = match.end("sd1") + text.startswith(".", match.end("sd1"))  # "19." keeps its dot
    return [Figure(match.start("sd1"), first_end, "date", first),
            Figure(match.start("sd2"), match.end("span"), "date", second)]


def _dmy(match, text, published):
    month, year = _month(match["dm"]), _year(match["dy"], published)
    if month is None or year is None:
        return []
    return _date(match, _iso(year, month, int(match["dd"])))


def _mdy(match, text, published):
    month = _month(match["em"])
    return [] if month is None else _date(match, _iso(int(match["ey"]), month, int(match["ed"])))


def _my(match, text, published):
    month = _month(match["mm"])
    return [] if month is None else _date(match, _iso(int(match["my_y"]), month))


def _decade(match, text, published):
    first = int(match["dec"])
    return _date(match, f"{first}/{first + 9}")


def _range(match, text, published):
    return [Figure(match.start("r1"), match.end("r1"), "date", match["r1"]),
            Figure(match.start("r2"), match.end("r2"), "date", match["r2"])]


def _bare_year(match, text, published):
    start, end = match.span()
    if AMOUNT_AFTER.match(text, end) or HEDGE_BEFORE.search(text, max(0, start - 20), start):
        return []
    # "2000 Soldaten" is a count; "2023 Waren" is still a year: plain counts of this size are round.
    temporal = TEMPORAL_BEFORE.search(text, max(0, start - 20), start)
    if match["y"].endswith("00") and PLURAL_NOUN_AFTER.match(text, end) and not temporal:
        return []
    return _date(match, match["y"])


READERS = {
    "numeric": _numeric, "span": _span, "dmy": _dmy, "mdy": _mdy, "my": _my, "decade": _decade,
    "range": _range, "year": _bare_year,
}

