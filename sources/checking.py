"""Run source checks and record them: the one code path for Celery workers, the command and the admin.

The fetching runs on an asyncio loop in a helper thread; this thread keeps the database work (Django
connections are per thread, and tests hold their transaction here) and writes results in bulk as they come.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings

from . import recording, selectors
from .fetching import addresses, batch
from .fetching.fetch import Policy
from .fetching.schedule import Intervals

logger = logging.getLogger(__name__)

FLUSH_EVERY = 200
FLUSH_SECONDS = 0.5
_DONE = object()


def policy() -> Policy:
    return Policy(
        allow=addresses.parse_networks(settings.FACTCHECK_FETCH_ALLOW_NETWORKS),
        max_redirects=settings.FACTCHECK_FETCH_MAX_REDIRECTS, deadline=settings.FACTCHECK_FETCH_DEADLINE,
        max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES, per_host=settings.FACTCHECK_FETCH_PER_HOST,
        concurrency=settings.FACTCHECK_FETCH_CONCURRENCY,
    )


def intervals() -> Intervals:
    return Intervals(healthy=timedelta(hours=settings.FACTCHECK_RECHECK_HOURS))


def check_claimed(source_ids: list[int], slot: uuid.UUID, *, progress: Callable[[int], None] | None = None) -> Counter:
    """Check the sources among `source_ids` still held under `slot`; returns outcomes counted."""
    jobs = selectors.check_jobs(source_ids, slot)
    counts: Counter = Counter()
    if not jobs:
        return counts
    results: queue.Queue = queue.Queue()
    worker = threading.Thread(target=_fetch_all, args=(jobs, policy(), results), name="source-checks", daemon=True)
    worker.start()
    pending: list[batch.Result] = []
    last_flush = time.monotonic()
    while True:
        try:
            item = results.get(timeout=FLUSH_SECONDS)
        except queue.Empty:
            item = None
        if isinstance(item, batch.Result):
            pending.append(item)
        finished = item is _DONE or isinstance(item, BaseException)
        if pending and (finished or len(pending) >= FLUSH_EVERY or time.monotonic() - last_flush >= FLUSH_SECONDS):
            counts += recording.record(pending, slot, intervals())
            if progress:
                progress(len(pending))
            pending, last_flush = [], time.monotonic()
        if isinstance(item, BaseException):
            raise item
        if finished:
            worker.join()
            return counts


def _fetch_all(jobs: list[batch.Job], fetch_policy: Policy, results: queue.Queue) -> None:
    try:
        asyncio.run(batch.check_all(jobs, fetch_policy, results.put))
    except BaseException as exc:  # handed to the database thread, which re-raises it
        logger.exception("source checks stopped")
        results.put(exc)
    else:
        results.put(_DONE)
