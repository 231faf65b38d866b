"""Archived captures of a page through the Memento protocol (RFC 7089), read through the safe fetcher.

A TimeMap lists an archive's captures ("mementos") of one page in application/link-format; a TimeGate
answers "the capture nearest to this moment" for an Accept-Datetime header. We want what InternetArchiveBot
shows: the capture closest *before* the moment the page was cited, so the reader sees what the citation saw.
If the archive has none from before, the first one after is offered, and said to be after.

Pure asyncio, no Django. Everything an archive sends is hostile until parsed: the body is capped by the
fetcher, entries that do not parse are skipped, and only http(s) capture links of sane length are kept
(a link we show to editors must never be `javascript:`).
"""

from __future__ import annotations

import email.utils
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from yarl import URL

from .fetch import Fetched, Fetcher
from .robots import Robots

logger = logging.getLogger(__name__)

MAX_URL = 2000
# Content types an archive sends a TimeMap as: RFC 7089 says link-format; some send plain text.
TIMEMAP_TYPES = ("application/link-format", "text/plain", "")


@dataclass(frozen=True)
class Memento:
    url: str
    at: datetime


@dataclass(frozen=True)
class Found:
    """The capture to show (None when there is none) and, when there is none or it is not the one we
    wanted, why: `before` is False for a capture from after the citation."""

    memento: Memento | None = None
    before: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Archive:
    timemap: str = ""  # "https://archive/timemap/link/{url}"
    timegate: str = ""  # "https://archive/web/{url}", asked with Accept-Datetime
    max_bytes: int = 2_000_000

    @property
    def configured(self) -> bool:
        return bool(self.timemap or self.timegate)


NO_CAPTURE = "the archive has no capture of this page"
ONLY_AFTER = "the archive has no capture from before the citation; this is the first one after it"


def choose(mementos: list[Memento], moment: datetime) -> Found:
    """The capture closest before (or at) `moment`; failing that, the first one after it."""
    before = [m for m in mementos if m.at <= moment]
    if before:
        return Found(max(before, key=lambda m: m.at), before=True)
    if mementos:
        return Found(min(mementos, key=lambda m: m.at), before=False, reason=ONLY_AFTER)
    return Found(reason=NO_CAPTURE)


# --- TimeMaps ------------------------------------------------------------------------------------------

class NotATimeMap(ValueError):
    """The answer has no link of any kind in it: an error page, or garbage."""


def parse_timemap(text: str, base: str) -> list[Memento]:
    """The mementos a TimeMap lists. Entries that do not parse (no datetime, a bad date, a link that is not
    http(s)) are skipped; a body with no link at all is NotATimeMap."""
    mementos, links = [], 0
    for target, params in links_of(text):
        links += 1
        if "memento" not in params.get("rel", "").split():
            continue
        memento = _memento(target, params.get("datetime", ""), base)
        if memento is not None:
            mementos.append(memento)
    if not links and text.strip():
        raise NotATimeMap("the archive's answer is not a TimeMap")
    return mementos


def links_of(text: str):
    """(target, params) for each link of an RFC 6690 / 8288 link list: `<uri>; rel="memento"; datetime="…"`,
    links separated by commas (which may also stand inside a URI or a quoted value). No value spans lines, so
    a broken line (a link never closed, a quote never closed, a missing comma) costs that line only. Each
    character is looked at a bounded number of times: a hostile body costs time in proportion to its size."""
    position, length, line_end = 0, len(text), -1
    while position < length:
        start = text.find("<", position)
        if start < 0:
            return
        if start > line_end:
            line_end = text.find("\n", start)
            line_end = length if line_end < 0 else line_end
        end = text.find(">", start + 1, line_end)
        if end < 0:
            position = line_end  # a link not closed on its line: the line is skipped
            continue
        params, position = _params(text, end + 1)
        if params is not None:
            yield text[start + 1:end].strip(), params


def _params(text: str, position: int) -> tuple[dict[str, str] | None, int]:
    """The parameters after a link's `>`, up to the comma that ends the link (outside quotes), or up to the
    next link when the comma is missing: a `<` where a parameter would begin, or at the start of a line.
    None for a link with a quote left open: what it says cannot be told apart from what follows."""
    params: dict[str, str] | None = {}
    part, quoted, escaped, fresh = [], False, False, True  # fresh: nothing but spaces since `;` or a new line
    while position < len(text):
        char = text[position]
        position += 1
        if char == "\n":
            if quoted:
                params, quoted, escaped = None, False, False  # a quote left open breaks its link, not the next
            part.append(" ")
            fresh = True
        elif quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
                continue
            elif char == '"':
                quoted = False
            part.append(char)
        elif char == '"':
            quoted, fresh = True, False
            part.append(char)
        elif char in ";,":
            _param("".join(part), params)
            part, fresh = [], True
            if char == ",":
                return params, position
        elif char == "<" and fresh:
            _param("".join(part), params)
            return params, position - 1  # a link began without the comma before it: it is the next one
        else:
            part.append(char)
            fresh = fresh and char.isspace()
    _param("".join(part), params)
    return (None if quoted else params), position


def _param(text: str, params: dict[str, str] | None) -> None:
    if params is None:
        return
    name, equals, value = text.partition("=")
    name = name.strip().lower()
    if name and equals and name not in params:  # RFC 8288: a repeated parameter's first occurrence counts
        params[name] = value.strip().strip('"').strip()


def _memento(target: str, when: str, base: str) -> Memento | None:
    at = http_date(when)
    url = capture_url(target, base)
    if at is None or url is None:
        logger.debug("timemap entry skipped: <%s> %r", target[:200], when[:100])
        return None
    return Memento(url, at)


def http_date(text: str) -> datetime | None:
    """An RFC 1123 date ("Tue, 20 Jun 2000 03:25:01 GMT") as an aware UTC datetime, or None."""
    if not text or len(text) > 64:
        return None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def capture_url(target: str, base: str) -> str | None:
    """An absolute http(s) URL for a link, resolved against the answer's own URL; None for anything else."""
    # Surrogates are aiohttp's stand-ins for header bytes that are not UTF-8: no URL of ours has them.
    if not target or len(target) > MAX_URL or any(c.isspace() or ord(c) < 32 or c in '<>"' or
                                                   "\ud800" <= c <= "\udfff" for c in target):
        return None
    try:
        url = URL(base).join(URL(target))
    except (ValueError, TypeError):
        return None
    if url.scheme not in ("http", "https") or not url.host:
        return None
    text = str(url)
    return text if len(text) <= MAX_URL else None


# --- Looking up ----------------------------------------------------------------------------------------

def endpoint(template: str, url: str) -> str:
    # Archives take the page's URL as it is, appended to their path (the Wayback Machine, the aggregators).
    return template.replace("{url}", url)


def accept_datetime(moment: datetime) -> str:
    return email.utils.format_datetime(moment.astimezone(UTC), usegmt=True)


async def lookup(fetcher: Fetcher, robots: Robots, archive: Archive, url: str, moment: datetime) -> Found:
    """The capture of `url` to show for a citation made at `moment`: from the TimeMap when one is set; from
    the TimeGate when it is the only one, or when the TimeMap could not be read (too large, say)."""
    found = Found(reason="no archive is configured")
    if archive.timemap:
        found = await from_timemap(fetcher, robots, archive, url, moment)
        if found.memento or found.reason == NO_CAPTURE:
            return found
    if archive.timegate:
        found = await from_timegate(fetcher, robots, archive, url, moment)
    return found


async def from_timemap(fetcher: Fetcher, robots: Robots, archive: Archive, url: str, moment: datetime) -> Found:
    address = endpoint(archive.timemap, url)
    fetched, why = await _ask(fetcher, robots, address, archive.max_bytes)
    if why:
        return Found(reason=why)
    if fetched.status == 404:
        return choose([], moment)
    kind = fetched.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in TIMEMAP_TYPES:
        return Found(reason=f"the archive's answer is not a TimeMap (it is {kind[:100]})")
    try:
        mementos = parse_timemap(fetched.body.decode("utf-8", errors="replace"), fetched.final_url or address)
    except NotATimeMap as exc:
        return Found(reason=str(exc))
    return choose(mementos, moment)


async def from_timegate(fetcher: Fetcher, robots: Robots, archive: Archive, url: str, moment: datetime) -> Found:
    """HEAD with Accept-Datetime: the TimeGate redirects to its nearest capture, whose answer names itself
    (Memento-Datetime) and its neighbours (Link: rel="prev memento", "first memento" …). Nearest may be after
    the citation: then its previous capture is the one before, if it has one."""
    address = endpoint(archive.timegate, url)
    fetched, why = await _ask(fetcher, robots, address, archive.max_bytes, method="HEAD",
                              headers={"Accept-Datetime": accept_datetime(moment)})
    if why:
        return Found(reason=why)
    if fetched.status == 404:
        return choose([], moment)
    at = http_date(fetched.headers.get("memento-datetime", ""))
    here = capture_url(fetched.headers.get("content-location", "") or fetched.final_url, fetched.final_url)
    if at is None or here is None:
        return Found(reason="the archive's answer is not a Memento (no Memento-Datetime)")
    neighbours = _neighbours(fetched.headers.get("link", "")[:archive.max_bytes], fetched.final_url)
    return choose([Memento(here, at), *neighbours], moment)


def _neighbours(link_header: str, base: str) -> list[Memento]:
    wanted = {"prev", "first"}
    found = []
    for target, params in links_of(link_header):
        rels = set(params.get("rel", "").split())
        if "memento" in rels and rels & wanted:
            memento = _memento(target, params.get("datetime", ""), base)
            if memento:
                found.append(memento)
    return found


async def _ask(fetcher: Fetcher, robots: Robots, address: str, max_bytes: int, *, method: str = "GET",
               headers: dict | None = None) -> tuple[Fetched, str]:
    """One request to the archive, with the link checks' rules; returns the answer, or why there is none."""
    empty = Fetched(url=address, method=method)
    if not await robots.allows(address):
        return empty, "the archive's robots.txt asks us not to fetch it"
    fetched = await fetcher.fetch(address, method=method, headers=headers, max_bytes=max_bytes)
    if fetched.error == "too_large":
        return fetched, f"the archive's answer is larger than {max_bytes:,} bytes"
    if fetched.error:
        return fetched, f"the archive could not be asked ({fetched.error}): {fetched.detail}"[:500]
    if fetched.status != 404 and not 200 <= (fetched.status or 0) < 300:
        return fetched, f"the archive answered HTTP {fetched.status}"
    return fetched, ""


async def save(fetcher: Fetcher, robots: Robots, template: str, url: str) -> Fetched | str:
    """Ask the archive to capture `url` now (Save Page Now): one request, its answer not needed beyond a
    status (the capture shows up in the TimeMap later)."""
    fetched, why = await _ask(fetcher, robots, endpoint(template, url), 64 * 1024)
    if fetched.error == "too_large":
        return fetched  # it was asked; we only did not keep the page it sent back
    return why or fetched
