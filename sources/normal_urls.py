"""URL normalisation for sources: one row per page however a claim spells its URL.

Only what cannot change the page is normalised: scheme and host case, IDNA, default port, fragment, campaign
tags. The path and the query are kept as written, byte for byte: `?123` is not `?123=` to every server.
No Django here, so the fetch policy can use it without settings.
"""

from __future__ import annotations

import string
from urllib.parse import unquote, unquote_plus, urlsplit, urlunsplit

import idna

from .fetching import addresses

MAX_LENGTH = 2000
DEFAULT_PORTS = {"http": 80, "https": 443}
# Campaign tags change nothing on the page but would split one source into many.
TRACKING_PREFIXES = ("utm_",)
TRACKING_NAMES = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ocid"})

# RFC 1035 §2.3.4 and RFC 1123 §2.1: 63 octets a label, 253 a name (255 on the wire, with the length bytes).
MAX_LABEL = 63
MAX_NAME = 253
# Letters, digits and hyphens (RFC 1123). The underscore is not in that rule, but DNS carries it (RFC 2181
# §11), browsers and resolvers accept it and some real web hosts have one, so a page there can exist.
LABEL_CHARACTERS = frozenset(string.ascii_lowercase + string.digits + "-_")
TOP_LABEL_CHARACTERS = frozenset(string.ascii_lowercase + string.digits + "-")


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
    # Browsers read a backslash before the query as a slash in http(s) URLs (WHATWG URL): `http://a.com\\@b.com/`
    # opens a.com, so it must be stored as a.com too, not as the b.com urlsplit would make of it.
    before, mark, rest = _split_off_query(raw)
    raw = before.replace("\\", "/") + mark + rest
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"The URL cannot be read: {exc}.") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadURL(f"Only http and https URLs can be sources, not {scheme or 'a URL without scheme'}.")
    if port == 0:
        raise BadURL("The URL names port 0, which no server listens on.")
    host = _host(parts.hostname)
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    normal = urlunsplit((scheme, netloc, parts.path or "/", _query(parts.query), ""))
    if len(normal) > MAX_LENGTH:  # an IDNA-encoded host is longer than the one typed
        raise BadURL(f"The URL is longer than {MAX_LENGTH} characters once its host name is encoded.")
    return normal


def _split_off_query(raw: str) -> tuple[str, str, str]:
    """The URL before its query or fragment, the mark that starts them, and the rest."""
    cut = min((i for i in (raw.find("?"), raw.find("#")) if i >= 0), default=len(raw))
    return raw[:cut], raw[cut:cut + 1], raw[cut + 1:]


def domain(url: str) -> str:
    return urlsplit(url).hostname or ""


def _host(hostname: str | None) -> str:
    if not hostname:
        raise BadURL("The URL has no host name.")
    if ":" in hostname:  # an IPv6 literal (urlsplit has checked it) keeps its brackets
        return f"[{hostname.lower()}]"
    # Browsers read a host percent-decoded (WHATWG URL), and one final dot only marks the name as absolute.
    name = unquote(hostname).removesuffix(".")
    ascii_name = _to_ascii(name, hostname)
    try:
        address = addresses.host_address(ascii_name)
    except addresses.Forbidden:
        raise BadURL(f"The host {hostname!r} ends in a number, so it must be an IPv4 address, "
                     "and it is not a valid one.") from None
    if address is not None:
        return str(address)  # one spelling per address: 0x7f.1 and 2130706433 are 127.0.0.1
    _check_name(ascii_name, hostname)
    return ascii_name


def _to_ascii(name: str, shown: str) -> str:
    """IDNA as yarl does it for the fetcher's requests: IDNA 2008 with UTS 46 mapping (so ß stays ß, as in
    browsers), and IDNA 2003 for the names only it can spell (emoji domains are registered and resolve)."""
    if name.isascii():
        name = name.lower()
        for label in name.split("."):
            if label.startswith("xn--"):
                _to_unicode(label, shown)
        return name
    try:
        return idna.encode(name, uts46=True).decode("ascii")
    except idna.IDNAError:
        pass
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise BadURL(f"The host name {shown!r} is not a valid internationalised name: {exc}.") from None


def _to_unicode(label: str, shown: str) -> None:
    """An A-label (xn--…) must be Punycode for some name, or it was never registered."""
    try:
        idna.decode(label)
        return
    except idna.IDNAError:
        pass
    try:
        label.encode("ascii").decode("idna")
    except UnicodeError:
        raise BadURL(f"The host name {shown!r} has a label {label!r} that is not valid Punycode.") from None


def _check_name(name: str, shown: str) -> None:
    """Refuse names that cannot exist on the public web (RFC 1035, 1123, 3696)."""
    if len(name) > MAX_NAME:
        raise BadURL(f"The host name is longer than {MAX_NAME} characters.")
    labels = name.split(".")
    if "" in labels:
        raise BadURL(f"The host name {shown!r} has an empty label (a dot at the start or two in a row).")
    if len(labels) == 1:
        raise BadURL(f"The host name {shown!r} is a single label (no dot between two labels): such a name "
                     "reaches the local network, never the public web.")
    for position, label in enumerate(labels, 1):
        if len(label) > MAX_LABEL:
            raise BadURL(f"The host name {shown!r} has a label longer than {MAX_LABEL} characters.")
        allowed = TOP_LABEL_CHARACTERS if position == len(labels) else LABEL_CHARACTERS
        wrong = sorted(set(label) - allowed)
        if wrong:
            raise BadURL(f"The host name {shown!r} contains {''.join(wrong)!r}: a host name has letters, digits, "
                         "hyphens and dots only.")
        if label.startswith("-") or label.endswith("-"):
            raise BadURL(f"The host name {shown!r} has a label that starts or ends with a hyphen.")


def _query(query: str) -> str:
    """The query as written, in its order, minus campaign tags: nothing is decoded and encoded again."""
    kept = [part for part in query.split("&") if not _tracking(part)]
    return "&".join(kept)


def _tracking(part: str) -> bool:
    name = unquote_plus(part.partition("=")[0]).lower()
    return name in TRACKING_NAMES or name.startswith(TRACKING_PREFIXES)
