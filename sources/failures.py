"""A source check said in words for editors: "the name does not resolve", not "Cannot connect to host … ssl:default
[None]". The recorded outcome says what kind of failure it was; for a page that could not be reached, the
recorded detail (our fetcher's words, aiohttp's, OpenSSL's or the operating system's) says why. The raw detail
stays on the page for whoever wants it."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from .fetching import outcomes

# Why a site could not be reached, first match wins: a certificate error also mentions SSL, and aiohttp's
# "Cannot connect to host" wraps every one of them. "[None]" is aiohttp's way of printing a resolver error
# that carries no errno (sources.fetching.resolver raises those); only the reason in brackets is read.
UNREACHABLE = [
    (r"certificate|CERTIFICATE_VERIFY_FAILED|hostname mismatch|self[- ]signed|has expired",
     _("The certificate is not valid (expired, self-signed or made out for another name).")),
    (r"could not be resolved|has no address|Name or service not known|nodename nor servname|"
     r"No address associated|Temporary failure in name resolution|getaddrinfo|\bDNS\b|^\s*\[None\]\s*$",
     _("The name does not resolve: there is no such site, or its name server does not answer.")),
    (r"Connection refused|Errno 111\b|ECONNREFUSED|Errno 61\b",
     _("The connection was refused: nothing answers at that address and port.")),
    (r"Connection reset|Errno 104\b|ECONNRESET", _("The connection was reset by the other side.")),
    (r"Server disconnected|closed the connection", _("The server closed the connection without answering.")),
    (r"Network is unreachable|No route to host|Errno 10[13]\b|Errno 113\b",
     _("There is no network route to the site.")),
    (r"timed out|Errno 110\b", _("Timed out while connecting.")),
    (r"\bSSL|\bTLS\b|handshake", _("The secure connection (TLS) failed.")),
    # asyncio's words for any failed connect, from checks recorded before the fetcher added the reason.
    (r"Connect call failed", _("Nothing answered at that address: the connection was refused or lost on the way.")),
]
# aiohttp's "Cannot connect to host a.example:443 ssl:default [the reason]".
CONNECTOR = re.compile(r"^Cannot connect to host \S+ ssl:\S+ ")
HOST = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+(?::\d+)?\S*")
REDIRECTS = [
    (r"redirects return to", _("The redirects go round in a circle.")),
    (r"more than \d+ redirects", _("Too many redirects: the page never arrives.")),
]
OUTCOMES = {
    outcomes.OK: _("The page was read."),
    outcomes.REDIRECTED: _("The page was read at the address it redirects to."),
    outcomes.SERVER_ERROR: _("The site's server failed."),
    outcomes.RATE_LIMITED: _("The site asked us to come back later (too many requests)."),
    outcomes.TIMEOUT: _("Timed out: the site did not answer in time."),
    outcomes.UNREACHABLE: _("The site could not be reached."),
    outcomes.BLOCKED: _("Not fetched: the address is internal or reserved, not on the public web."),
    outcomes.TOO_LARGE: _("Not read: the page is larger than the checker reads."),
    outcomes.SOFT_404: _("The page says it does not exist, or sends readers to the front page."),
    outcomes.BOT_WALL: _("A bot wall or login stands in front of the page."),
    outcomes.DISALLOWED: _("Not fetched: the site's robots.txt asks us not to."),
    outcomes.CHECKER_ERROR: _("Our checker failed on this page: a fault of ours, not of the page."),
}
GONE = {404: _("The page is not there (404 Not Found)."), 410: _("The page was removed for good (410 Gone).")}


def in_words(outcome: str, detail: str = "", http_status: int | None = None) -> str:
    if outcome == outcomes.UNREACHABLE:
        return str(_first(UNREACHABLE, detail) or OUTCOMES[outcome])
    if outcome == outcomes.BROKEN:
        return str(GONE.get(http_status) or _first(REDIRECTS, detail) or _refused(http_status))
    if outcome == outcomes.SERVER_ERROR and http_status:
        return str(_("The site's server failed (HTTP %(status)d).")) % {"status": http_status}
    if outcome == outcomes.SERVER_ERROR:
        return str(_("The site's answer was broken and could not be read."))
    return str(OUTCOMES.get(outcome, outcome))


def _first(patterns, detail: str):
    reason = _reason(detail or "")
    for pattern, words in patterns:
        if re.search(pattern, reason, re.IGNORECASE):
            return words
    return None


def _reason(detail: str) -> str:
    """The part of a detail that says why, without host names: a site called certificate.example or
    dns-news.example must not read as a certificate or name failure."""
    return HOST.sub(" ", CONNECTOR.sub("", detail))


def _refused(http_status: int | None) -> str:
    if http_status and http_status >= 400:
        return str(_("The site refused the page (HTTP %(status)d).")) % {"status": http_status}
    return str(_("A redirect that leads nowhere."))
