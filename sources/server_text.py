"""Strings a server chose (headers, URLs, titles, error text), made fit for the database. Shared by the check
recorder and the archive lookups, which both store what a remote server said."""

from __future__ import annotations

import re

# PostgreSQL stores neither NUL nor lone surrogates (aiohttp's escapes for header bytes that are not UTF-8).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str | None, limit: int) -> str:
    """A string a server chose, as the database can keep it: each lone surrogate becomes U+FFFD (the bytes
    it stood for were not UTF-8), NUL goes, and it is cut to the column's length."""
    if not text:
        return ""
    return UNSTORABLE.sub(lambda match: "" if match[0] == "\x00" else "\ufffd", text)[:limit]
