"""ISO dates as precise as the text says: "1961", "2024-03", "2024-06-19", or a span "1960/1969".

No Django here: the figure parser uses it too.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# As German (and most European) desks write a day or a month: 18.11.2025, 8.3.2024, 11.2025. The order day,
# month, year is the only one that uses points, so it is read the same on every page.
WRITTEN = re.compile(r"^(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})$")


def from_written(text: str) -> str:
    """The partial date written with points (18.11.2025, 11.2025; each end of a span) as stored (2025-11-18,
    2025-11); anything else as it was given, for parse() to judge."""
    return "/".join(_from_written_one(part.strip()) for part in text.split("/")) if text else text


def _from_written_one(text: str) -> str:
    match = WRITTEN.match(text)
    if not match:
        return text
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def parse(text: str) -> tuple[date, date]:
    """Return the first and last day the partial date (or span of two) covers; ValueError if malformed."""
    first, slash, last = text.partition("/")
    if slash:
        start, end = _parse_one(first)[0], _parse_one(last)[1]
        if end < start:
            raise ValueError(f"{text!r} ends before it starts")
        return start, end
    return _parse_one(text)


def _parse_one(text: str) -> tuple[date, date]:
    match = PATTERN.match(text)
    if not match:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last)
    exact = date(year, month, day)
    return exact, exact


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True
