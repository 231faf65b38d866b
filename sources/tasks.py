"""Thin tasks: ids in, a service call, done. The database holds the schedule; Redis only carries messages."""

from __future__ import annotations

import logging
import uuid

from celery import shared_task
from django.conf import settings

from . import archive_captures, checking, services, warc_records

logger = logging.getLogger(__name__)

# Shorter than the lease time, so a batch never outlives its lease and sees another worker take its sources.
BATCH_LIMIT = max(settings.FACTCHECK_CHECK_LEASE_SECONDS - 60, 60)


@shared_task(name="sources.sweep", time_limit=120, soft_time_limit=100)
def sweep() -> int:
    handed_out = services.sources_sweep()
    if handed_out:
        logger.info("handed out %s sources for checking", handed_out)
    return handed_out


# acks_late: a batch whose worker dies is delivered again; the lease makes the rerun write each source once.
@shared_task(name="sources.check_batch", acks_late=True, reject_on_worker_lost=True,
             time_limit=BATCH_LIMIT, soft_time_limit=BATCH_LIMIT - 30)
def check_batch(source_ids: list[int], lease: str) -> dict:
    counts = checking.check_leased([int(i) for i in source_ids], uuid.UUID(lease))
    return dict(counts)


@shared_task(name="sources.prune_fetch_records", time_limit=3600, soft_time_limit=3500)
def prune_fetch_records() -> int:
    return warc_records.fetch_records_prune()


# Safe to run twice: the service takes each citation (or source) before asking the archive.
@shared_task(name="sources.find_captures", time_limit=300, soft_time_limit=240)
def find_captures(citation_ids: list[int], force: bool = False) -> int:
    return archive_captures.captures_find(citation_ids=[int(i) for i in citation_ids], force=bool(force))


@shared_task(name="sources.save_page_now", time_limit=120, soft_time_limit=100)
def save_page_now(source_id: int) -> bool:
    return archive_captures.source_save_page_now(source_id=int(source_id))
