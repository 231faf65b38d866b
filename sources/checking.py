"""Run source checks and record them: the one code path for Celery workers, the command and the admin.

The fetching runs on an asyncio loop in a helper thread; this thread keeps the database work (Django
connections are per thread, and tests hold their transaction here) and writes results in bulk as they come.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import queue
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable

from django.db import connections

from . import recording, selectors, services
from .fetching import batch
from .fetching.fetch import Policy
from .models import SourceCheck

logger = logging.getLogger(__name__)

FLUSH_EVERY = 200
FLUSH_SECONDS = 0.5
_DONE = object()


def check_leased(source_ids: list[int], lease: uuid.UUID, *, progress: Callable[[int], None] | None = None) -> Counter:
    """Check the sources among `source_ids` still held under `lease`; returns outcomes counted."""
    jobs = selectors.check_jobs(source_ids, lease)
    counts: Counter = Counter()
    if not jobs:
        return counts
    results: queue.Queue = queue.Queue()
    run = _Run(jobs, selectors.policy(), results)
    run.start()
    try:
        try:
            counts = _record_as_they_come(results, lease, progress, counts)
        finally:
            # On an error here (or Celery's soft time limit) the fetching must stop too: nobody would record
            # it, and a thread left running in a worker process would break the next batch's per-host limit.
            run.stop()
    except BaseException:
        # What was not recorded is given back now, not when the lease runs out.
        recording.release(source_ids, lease, selectors.intervals())
        raise
    services.sources_cited_anew(jobs=jobs)
    return counts


def _record_as_they_come(results: queue.Queue, lease: uuid.UUID, progress, counts: Counter) -> Counter:
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
            counts += recording.record(pending, lease, selectors.intervals())
            if progress:
                progress(len(pending))
            pending, last_flush = [], time.monotonic()
        if isinstance(item, BaseException):
            raise item
        if finished:
            return counts


def check_in_processes(source_ids: list[int], lease: uuid.UUID, processes: int, *,
                       progress: Callable[[int], None] | None = None) -> Counter:
    """`check_leased` spread over forked processes, one core each, as Celery's prefork workers would do.
    Each host goes to one process only, so the per-host limit still holds for the whole run."""
    groups = selectors.by_host(source_ids, max(len(source_ids) // max(processes, 1), 1))
    if processes <= 1 or len(groups) <= 1:
        return check_leased(source_ids, lease, progress=progress)
    processes = min(processes, len(groups))
    # Forked children must not share the parent's database connection.
    connections.close_all()
    counts: Counter = Counter()
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(processes, mp_context=context) as pool:
        pending = {pool.submit(_check_in_child, group, str(lease)) for group in _spread(groups, processes)}
        reported = 0
        while pending:
            done, pending = concurrent.futures.wait(pending, timeout=FLUSH_SECONDS)
            for future in done:
                counts.update(future.result())
            if progress:
                recorded = SourceCheck.objects.filter(lease=lease).count()
                progress(recorded - reported)
                reported = recorded
    return counts


def _spread(groups: list[list[int]], processes: int) -> list[list[int]]:
    shares: list[list[int]] = [[] for _ in range(processes)]
    for group in sorted(groups, key=len, reverse=True):
        min(shares, key=len).extend(group)
    return [share for share in shares if share]


def _check_in_child(source_ids: list[int], lease: str) -> dict:
    connections.close_all()
    try:
        return dict(check_leased(source_ids, uuid.UUID(lease)))
    finally:
        connections.close_all()


class _Run:
    """The fetching side: its own thread and event loop, stoppable from the database thread."""

    def __init__(self, jobs: list[batch.Job], fetch_policy: Policy, results: queue.Queue) -> None:
        self.jobs, self.policy, self.results = jobs, fetch_policy, results
        self.loop: asyncio.AbstractEventLoop | None = None
        self.task: asyncio.Task | None = None
        self.thread = threading.Thread(target=self._main, name="source-checks", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive() and self.loop and self.task:
            self.loop.call_soon_threadsafe(self.task.cancel)
        self.thread.join(timeout=10)

    def _main(self) -> None:
        self.loop = asyncio.new_event_loop()
        try:
            self.task = self.loop.create_task(batch.check_all(self.jobs, self.policy, self.results.put))
            self.loop.run_until_complete(self.task)
        except asyncio.CancelledError:
            self.results.put(_DONE)
        except BaseException as exc:  # handed to the database thread, which re-raises it
            logger.exception("source checks stopped")
            self.results.put(exc)
        else:
            self.results.put(_DONE)
        finally:
            self.loop.close()
