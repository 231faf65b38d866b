"""Archived captures of cited pages: finding them (Memento) and asking for them (Save Page Now).

The work the Celery tasks run; sources.services queues it (for the admin, citing and the recorder's
after-commit hook), so this module never imports the tasks.
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

from . import selectors
from .fetching import memento
from .fetching.fetch import Fetcher, Policy
from .fetching.robots import Robots
from .models import Citation, Source
from .server_text import storable

logger = logging.getLogger(__name__)


def archive() -> memento.Archive:
    return memento.Archive(timemap=settings.FACTCHECK_MEMENTO_TIMEMAP, timegate=settings.FACTCHECK_MEMENTO_TIMEGATE,
                           max_bytes=settings.FACTCHECK_MEMENTO_MAX_BYTES)


def retry() -> timedelta:
    return timedelta(hours=settings.FACTCHECK_MEMENTO_RETRY_HOURS)


def captures_find(*, citation_ids: list[int], force: bool = False) -> int:
    """Look up and store the capture of each citation this call takes. Safe to run twice at once: a citation
    is taken by stamping its lookup time under a row lock (SKIP LOCKED), and one stamped is no longer due."""
    citations = _take(citation_ids, force=force)
    if not citations:
        return 0
    found = asyncio.run(_look_up_all(citations, archive(), selectors.policy()))
    for citation in citations:
        _store(citation, found[citation.id])
    return len(citations)


def _take(citation_ids: list[int], *, force: bool) -> list[Citation]:
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

def source_save_page_now(*, source_id: int) -> bool:
    """Ask the archive once per source: the conditional update takes it, so a second run sends nothing."""
    if not settings.FACTCHECK_SAVE_PAGE_NOW:
        return False
    if not Source.objects.filter(pk=source_id, save_requested_at=None).update(save_requested_at=Now()):
        return False
    url = Source.objects.values_list("url", flat=True).get(pk=source_id)
    answer = asyncio.run(_save(settings.FACTCHECK_SAVE_PAGE_NOW_URL, url, selectors.policy()))
    if isinstance(answer, str):
        logger.warning("Save Page Now for source %s: %s", source_id, answer)
        return False
    logger.info("Save Page Now for source %s: HTTP %s", source_id, answer.status)
    return True


async def _save(template: str, url: str, policy: Policy):
    async with Fetcher(policy) as fetcher:
        return await memento.save(fetcher, Robots(fetcher), template, url)
