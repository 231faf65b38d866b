"""SQLite's LIKE folds the case of ASCII letters only: there `'PJÖNGJANG' LIKE '%pjöngjang%'` is false, while
PostgreSQL's UPPER(…) LIKE UPPER(…) (Django's icontains, iexact …) folds every letter. On SQLite, the demo's
database, each connection's LIKE is replaced by one that folds every letter as PostgreSQL does, so the admin's
searches and the API's text filters find "Pjöngjang" for "PJÖNGJANG" on both.

SQLite's own LIKE is case-blind for ASCII too, also for Django's `contains`; this one keeps that."""

from __future__ import annotations

import re
from functools import lru_cache


def like(pattern, value, escape=None) -> bool | None:
    """`value LIKE pattern [ESCAPE escape]`: % any run of characters, _ one character, the escape character
    before either takes it as itself; letters compared case-blind (one letter for one, as PostgreSQL's upper():
    "ß" is not "SS")."""
    if pattern is None or value is None:
        return None
    return _compiled(_text(pattern), escape).fullmatch(_text(value)) is not None


def _text(value) -> str:
    # LIKE compares numbers and blobs by their text, as SQLite does.
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


@lru_cache(maxsize=512)
def _compiled(pattern: str, escape: str | None) -> re.Pattern:
    parts, chars = [], iter(pattern)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def install(sender, connection, **kwargs) -> None:
    """connection_created: give a new SQLite connection the LIKE above (2 and 3 arguments, with ESCAPE)."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, like, deterministic=True)
    raw.create_function("like", 3, like, deterministic=True)
