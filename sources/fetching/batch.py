"""Check many sources at once: robots.txt, one safe fetch each, outcome, content hash and evidence.

Pure asyncio, no Django: the caller turns rows into `Job`s and writes each `Result` (see sources.checking).
Concurrency is bounded per host by the fetcher's slots and overall by the connection pool.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from . import evidence, outcomes, pages, warc
from .fetch import Fetched, Fetcher, Policy
from .pages import pack
from .robots import Robots

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    source_id: int
    url: str
    etag: str = ""
    last_modified: str = ""
    last_hash: str = ""
    # citation id -> what must be on the page for that citation
    needles: dict[int, list[evidence.Needle]] = field(default_factory=dict)
    # Citations never judged (new, or told to look for another quote): they need the page even if unchanged.
    fresh: frozenset[int] = frozenset()
    # An article was read from this page: its HTML is handed on whenever it changes (claims.services.watch).
    watched: bool = False


@dataclass
class Result:
    source_id: int
    started_at: datetime
    seconds: float
    outcome: str
    detail: str = ""
    method: str = "GET"
    http_status: int | None = None
    chain: list[dict] = field(default_factory=list)
    final_url: str = ""
    content_type: str = ""
    content_length: int | None = None
    content_hash: str = ""
    changed: bool | None = None
    etag: str = ""
    last_modified: str = ""
    retry_after: float | None = None
    title: str = ""
    text_z: bytes = b""  # visible text, compressed here (off the database thread): the snapshot of a changed page
    text_hash: str = ""  # what tells this text from the source's other versions (pages.text_hash)
    text_length: int = 0
    html: str = ""  # a watched page's HTML when it changed: the article read from it may have been edited
    warc: bytes = b""  # the exchange as WARC records (gzipped here, off the database thread) when the page changed
    figures: dict[int, str] = field(default_factory=dict)  # citation id -> evidence status


async def check_all(jobs: list[Job], policy: Policy, emit: Callable[[Result], None]) -> None:
    async with Fetcher(policy) as fetcher:
        robots = Robots(fetcher)

        async def one(job: Job) -> None:
            try:
                result = await check_one(job, fetcher, robots)
            except Exception as exc:  # a bug or a page nobody foresaw costs that job, not the batch
                logger.exception("checking %s failed", job.url)
                # Its own outcome: the page may well have answered 200, so this must never count toward dead.
                result = Result(job.source_id, datetime.now(UTC), 0.0, outcomes.CHECKER_ERROR,
                                detail=f"the checker failed on this page: {type(exc).__name__}: {exc}"[:500])
            emit(result)

        await asyncio.gather(*(one(job) for job in jobs))


async def check_one(job: Job, fetcher: Fetcher, robots: Robots) -> Result:
    started = datetime.now(UTC)
    if not await robots.allows(job.url):
        return Result(job.source_id, started, 0.0, outcomes.DISALLOWED, detail="robots.txt asks us not to fetch it")
    down = robots.host_down(job.url)
    if down:
        fetched = Fetched(url=job.url, method="GET", error=down.error, detail=f"{down.detail} (robots.txt)")
    else:
        fetched = await _fetch(job, fetcher)
    return _result(job, fetched, started)


async def _fetch(job: Job, fetcher: Fetcher) -> Fetched:
    if not job.needles and not job.watched:
        # Nothing to look for on the page: a HEAD says whether it is there, unless the server refuses HEAD.
        fetched = await fetcher.fetch(job.url, method="HEAD")
        # Servers get HEAD wrong in every way (405, 501, but also 403 or 404 for a page that is there):
        # any refusal is asked again with GET before we believe it.
        if fetched.error or (fetched.status or 0) < 400:
            return fetched
        return await fetcher.fetch(job.url)
    headers = {}
    # A citation never judged needs the page itself, so no "unchanged" answer is asked for.
    if job.last_hash and not job.fresh:
        if job.etag:
            headers["If-None-Match"] = job.etag
        if job.last_modified:
            headers["If-Modified-Since"] = job.last_modified
    return await fetcher.fetch(job.url, headers=headers)


def _result(job: Job, fetched: Fetched, started: datetime) -> Result:
    content_type = fetched.headers.get("content-type", "")
    page = pages.read_page(fetched.body, content_type) if fetched.body and not fetched.error else None
    outcome = outcomes.classify(fetched, page)
    result = Result(
        job.source_id, started, fetched.seconds, outcome, detail=fetched.detail, method=fetched.method,
        http_status=fetched.status, chain=fetched.chain, final_url=fetched.final_url, content_type=content_type[:200],
        content_length=len(fetched.body) if fetched.method != "HEAD" and not fetched.error else None,
        etag=_validator(fetched, "etag", 200), last_modified=_validator(fetched, "last-modified", 100),
        retry_after=outcomes.retry_after(fetched) if outcome == outcomes.RATE_LIMITED else None,
    )
    if outcome in outcomes.GOOD:
        _evidence(job, fetched, page, result)
    return result


def _validator(fetched: Fetched, name: str, limit: int) -> str:
    """An ETag or Last-Modified worth keeping: only one we can send back exactly as the server wrote it.
    Cut short or re-decoded (aiohttp reads bytes that are not UTF-8 as surrogate escapes) it would ask a
    question the server never answered; without it the content hash still tells an unchanged page."""
    value = fetched.headers.get(name, "")
    return value if len(value) <= limit and value.isascii() and value.isprintable() else ""


def _evidence(job: Job, fetched: Fetched, page: pages.Page | None, result: Result) -> None:
    if fetched.status == 304:
        result.changed, result.content_hash = False, job.last_hash
        return  # the page is as it was: the figures' last status stands
    if fetched.method == "HEAD":
        return
    result.content_hash = hashlib.sha256(fetched.body).hexdigest()
    result.changed = bool(job.last_hash) and result.content_hash != job.last_hash
    page = page or pages.Page("", "")
    if result.content_hash == job.last_hash:
        # Unchanged: earlier verdicts stand, only citations never judged are looked at.
        result.figures = evidence.judge(page, {c: n for c, n in job.needles.items() if c in job.fresh})
        return
    result.title, result.text_z = page.title[:300], pack(page.text) if page.text else b""
    result.warc = _archived(fetched, result)
    if page.text:
        result.text_hash, result.text_length = pages.text_hash(page.text), len(page.text)
    if job.watched:
        result.html = pages.decode(fetched.body, fetched.headers.get("content-type"))
    result.figures = evidence.judge(page, job.needles)


def _archived(fetched: Fetched, result: Result) -> bytes:
    """The exchange of a changed (or first) read of the page as WARC records; nothing when it cannot be kept
    faithfully, which costs the archive one record and never the check."""
    if fetched.exchange is None:
        return b""
    try:
        return warc.exchange_records(fetched.exchange, body=fetched.body, target_uri=fetched.final_url,
                                     when=result.started_at)
    except ValueError as exc:  # warc.Unrecordable, or header text warcio cannot write
        logger.info("not archiving %s: %s", fetched.final_url, exc)
        return b""
