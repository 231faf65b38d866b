"""Write check results in bulk: the history row, the source's health and schedule, snapshot and evidence.

Only sources still held under the slot are written, under a row lock, so a redelivered batch or a second
worker that took over a lost claim can never record the same source twice for one slot.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .fetching import batch, outcomes, schedule
from .models import Citation, Snapshot, Source, SourceCheck

SOURCE_FIELDS = [
    "status", "is_dead", "failure_count", "retry_count", "first_failure_at", "last_checked_at", "last_good_at",
    "changed_at", "final_url", "etag", "last_modified", "content_hash", "next_check_at", "claim", "claimed_at",
    "title", "updated_at",
]


@transaction.atomic
def record(results: list[batch.Result], slot: uuid.UUID, intervals: schedule.Intervals) -> Counter:
    by_id = {r.source_id: r for r in results}
    held = {s.id: s for s in Source.objects.select_for_update().filter(id__in=list(by_id), claim=slot)}
    now = timezone.now()
    checks, snapshots, evidence = [], [], defaultdict(list)
    for source_id, source in held.items():
        result = by_id[source_id]
        checks.append(_check_row(result, slot))
        _update_source(source, result, now, intervals)
        if result.text and result.outcome in outcomes.GOOD:
            snapshots.append(Snapshot(source=source, fetched_at=result.started_at, content_hash=result.content_hash,
                                      title=result.title, text_z=Snapshot.pack(result.text)))
        for citation_id, status in result.figures.items():
            if status:
                evidence[status].append(citation_id)
    SourceCheck.objects.bulk_create(checks)
    Source.objects.bulk_update(held.values(), SOURCE_FIELDS)
    if snapshots:
        Snapshot.objects.bulk_create(snapshots, update_conflicts=True, unique_fields=["source"],
                                     update_fields=["fetched_at", "content_hash", "title", "text_z"])
    for status, citation_ids in evidence.items():
        Citation.objects.filter(id__in=citation_ids, source_id__in=list(held)).update(
            figure_status=status, figure_checked_at=now)
    return Counter(by_id[source_id].outcome for source_id in held)


def _check_row(result: batch.Result, slot: uuid.UUID) -> SourceCheck:
    return SourceCheck(
        source_id=result.source_id, slot=slot, checked_at=result.started_at, seconds=round(result.seconds, 4),
        method=result.method, outcome=result.outcome, detail=result.detail[:500], http_status=result.http_status,
        redirect_chain=result.chain, final_url=result.final_url[:2000], content_type=result.content_type,
        content_length=result.content_length, content_hash=result.content_hash, changed=result.changed,
        retry_after=result.retry_after,
    )


def _update_source(source: Source, result: batch.Result, now, intervals: schedule.Intervals) -> None:
    outcome = result.outcome
    source.status, source.last_checked_at, source.updated_at = outcome, now, now
    source.claim = source.claimed_at = None
    source.retry_count = source.retry_count + 1 if outcome in outcomes.TRANSIENT else 0
    if outcome in outcomes.GOOD:
        _record_good(source, result, now)
    elif outcome in outcomes.FAILURES:
        source.failure_count += 1
        source.first_failure_at = source.first_failure_at or now
        source.is_dead = schedule.is_dead(failures=source.failure_count, first_failure_at=source.first_failure_at,
                                          now=now, intervals=intervals)
    delay = schedule.next_check(outcome, retries=source.retry_count, failures=source.failure_count,
                                retry_after=result.retry_after, intervals=intervals)
    source.next_check_at = now + max(delay, timedelta(seconds=1))


def _record_good(source: Source, result: batch.Result, now) -> None:
    source.failure_count, source.first_failure_at, source.is_dead = 0, None, False
    source.last_good_at = now
    source.final_url = result.final_url if result.final_url != source.url else ""
    if result.http_status == 304:
        return
    if result.changed:
        source.changed_at = now
    if result.content_hash:
        source.content_hash = result.content_hash
        source.etag, source.last_modified = result.etag, result.last_modified
    if result.title and not source.title:
        source.title = result.title
