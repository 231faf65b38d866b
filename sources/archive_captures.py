"""Archived captures of cited pages: finding them (Memento) and asking for them (Save Page Now).

The one write path for both, called by the Celery tasks, the admin and the recorder's after-commit hook.
The network side is sources.fetching.memento, run on an event loop of its own with the link checks' fetch
policy (address rules, size limits, redirects, robots.txt), so an archive endpoint on an internal address
is refused like any source would be.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Now
from django.utils import timezone

from .fetching import memento
from .fetching.fetch import Fetcher, Policy
from .fetching.robots import Robots
from .models import Citation, Source
from .server_text import storable

logger = logging.getLogger(__name__)

FIND_BATCH = 10


def archive() -> memento.Archive:
    return memento.Archive(timemap=settings.FACTCHECK_MEMENTO_TIMEMAP, timegate=settings.FACTCHECK_MEMENTO_TIMEGATE,
                           max_bytes=settings.FACTCHECK_MEMENTO_MAX_BYTES)


def retry() -> timedelta:
    return timedelta(hours=settings.FACTCHECK_MEMENTO_RETRY_HOURS)


def _policy() -> Policy:
    from .checking import policy  # the link checks' policy, read from settings the same way

    return policy()


def captures_wanted(*, source_ids: list[int]) -> int:
    """After checks of these sources: queue a lookup for each of their citations in doubt (dead, figure gone,
    changed since cited) that is due one. Returns how many were queued; none while no archive is set."""
    if not archive().configured or not source_ids:
        return 0
    due = Citation.objects.filter(source_id__in=source_ids).in_doubt().capture_due(retry())
    ids = list(due.values_list("id", flat=True))
    if ids:
        _dispatch(ids, force=False)
    return len(ids)


def captures_look_up(*, citation_ids: list[int]) -> int:
    """"Look up archived copy" in the admin: these citations now, whatever their state and last lookup."""
    ids = list(Citation.objects.filter(pk__in=citation_ids).values_list("id", flat=True))
    if ids and archive().configured:
        _dispatch(ids, force=True)
    return len(ids)


def _dispatch(citation_ids: list[int], *, force: bool) -> None:
    from .tasks import find_captures

    # Small tasks: a slow archive (two requests at a time, up to the fetch deadline each) must not push one
    # past its time limit, which would leave its citations claimed without an answer until the retry.
    for start in range(0, len(citation_ids), FIND_BATCH):
        chunk = citation_ids[start:start + FIND_BATCH]
        transaction.on_commit(lambda chunk=chunk: find_captures.delay(chunk, force))


def captures_find(*, citation_ids: list[int], force: bool = False) -> int:
    """Look up and store the capture of each citation this call claims. Safe to run twice at once: a citation
    is claimed by stamping its lookup time under a row lock (SKIP LOCKED), and one stamped is no longer due."""
    citations = _claim(citation_ids, force=force)
    if not citations:
        return 0
    found = asyncio.run(_look_up_all(citations, archive(), _policy()))
    for citation in citations:
        _store(citation, found[citation.id])
    return len(citations)


def _claim(citation_ids: list[int], *, force: bool) -> list[Citation]:
    with transaction.atomic():
        wanted = Citation.objects.filter(pk__in=citation_ids)
        if not force:
            wanted = wanted.capture_due(retry())
        ids = list(wanted.select_for_update(skip_locked=True).values_list("id", flat=True))
        Citation.objects.filter(pk__in=ids).update(archive_checked_at=Now())
    return list(Citation.objects.filter(pk__in=ids).select_related("source"))


async def _look_up_all(citations: list[Citation], where: memento.Archive, policy: Policy) -> dict[int, memento.Found]:
    async with Fetcher(policy) as fetcher:
        robots = Robots(fetcher)
        # One lookup per citation (each has its own date); the fetcher's per-host slots spare the archive.
        tasks = {c.id: memento.lookup(fetcher, robots, where, c.source.url, c.created_at) for c in citations}
        answers = await asyncio.gather(*tasks.values(), return_exceptions=True)
    found = {}
    for citation_id, answer in zip(tasks, answers, strict=True):
        if isinstance(answer, Exception):  # a bug or an answer nobody foresaw costs that citation only
            logger.error("archive lookup for citation %s failed", citation_id, exc_info=answer)
            answer = memento.Found(reason=f"the lookup failed: {type(answer).__name__}")
        found[citation_id] = answer
    return found


def _store(citation: Citation, found: memento.Found) -> None:
    capture = found.memento
    Citation.objects.filter(pk=citation.pk).update(
        archive_url=capture.url if capture else "", archive_at=capture.at if capture else None,
        # The reason may quote what the archive's server said.
        archive_note=storable(found.reason, 500), archive_checked_at=timezone.now(),
    )
    logger.info("archive lookup for citation %s: %s", citation.pk, capture.url if capture else found.reason)


# --- Save Page Now ---------------------------------------------------------------------------------------

def sources_first_cited(*, source_ids: list[int]) -> int:
    """Sources that were just cited: with Save Page Now on, ask the archive to capture each one not yet asked
    for. Off (the default) this sends nothing."""
    if not settings.FACTCHECK_SAVE_PAGE_NOW or not source_ids:
        return 0
    from .tasks import save_page_now

    ids = list(Source.objects.filter(pk__in=source_ids, save_requested_at=None).values_list("id", flat=True))
    for source_id in ids:
        transaction.on_commit(lambda source_id=source_id: save_page_now.delay(source_id))
    return len(ids)


def source_save_page_now(*, source_id: int) -> bool:
    """Ask the archive once per source: the conditional update claims it, so a second run sends nothing."""
    if not settings.FACTCHECK_SAVE_PAGE_NOW:
        return False
    if not Source.objects.filter(pk=source_id, save_requested_at=None).update(save_requested_at=Now()):
        return False
    url = Source.objects.values_list("url", flat=True).get(pk=source_id)
    answer = asyncio.run(_save(settings.FACTCHECK_SAVE_PAGE_NOW_URL, url, _policy()))
    if isinstance(answer, str):
        logger.warning("Save Page Now for source %s: %s", source_id, answer)
        return False
    logger.info("Save Page Now for source %s: HTTP %s", source_id, answer.status)
    return True


async def _save(template: str, url: str, policy: Policy):
    async with Fetcher(policy) as fetcher:
        return await memento.save(fetcher, Robots(fetcher), template, url)
