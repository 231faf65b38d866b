"""ISO dates as precise as the text says: "1961", "2024-03", "2024-06-19".

No Django here: the figure parser uses it too.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse(text: str) -> tuple[date, date]:
    """Return the first and last day the partial date covers; ValueError if malformed."""
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
