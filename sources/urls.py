"""URL normalisation for sources: one row per page however a claim spells its URL.

No Django here, so the fetch policy can use it without settings.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_LENGTH = 2000
DEFAULT_PORTS = {"http": 80, "https": 443}
# Campaign tags change nothing on the page but would split one source into many.
TRACKING_PREFIXES = ("utm_",)
TRACKING_NAMES = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ocid"})


class BadURL(ValueError):
    """The text is not an http(s) URL a source can have."""


def normalise(url: str) -> str:
    raw = (url or "").strip()
    if not raw:
        raise BadURL("The URL is empty.")
    if len(raw) > MAX_LENGTH:
        raise BadURL(f"The URL is longer than {MAX_LENGTH} characters.")
    if any(ch.isspace() or ord(ch) < 32 for ch in raw):
        raise BadURL("The URL contains spaces or control characters.")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"The URL cannot be read: {exc}.") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadURL(f"Only http and https URLs can be sources, not {scheme or 'a URL without scheme'}.")
    host = _host(parts.hostname)
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", _query(parts.query), ""))


def domain(url: str) -> str:
    return urlsplit(url).hostname or ""


def _host(hostname: str | None) -> str:
    if not hostname:
        raise BadURL("The URL has no host name.")
    if ":" in hostname:  # an IPv6 literal keeps its brackets
        return f"[{hostname.lower()}]"
    try:
        return hostname.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise BadURL(f"The host name {hostname!r} is not valid.") from exc


def _query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [
        (k, v) for k, v in pairs if k.lower() not in TRACKING_NAMES and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlencode(kept, doseq=True)
