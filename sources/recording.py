"""Write check results in bulk: the history row, the source's health and schedule, the text's version, snapshot
and evidence.

Only sources still held under the lease are written, under a row lock, so a redelivered batch or a second
worker that took over a lost lease can never record the same source twice for one lease. Rows are handled
as plain dicts and written with one statement per table (common.bulk): this runs once per checked URL.

Every string a server chose (headers, URLs, page title, error text) passes `storable` where the rows are
built. Should a row still be refused, the others are written one by one and that one is recorded as a
checker error: one result never costs the rest of its batch.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import timedelta

from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from yarl import URL

from common import bulk

from . import normal_urls, services, warc_records
from .fetching import batch, outcomes, pages, schedule
from .models import Citation, FetchRecord, FigureStatus, Snapshot, Source, SourceCheck, SourceVersion
from .server_text import storable

READ = ["id", "url", "title", "failure_count", "retry_count", "first_failure_at", "is_dead", "last_good_at",
        "changed_at", "final_url", "etag", "last_modified", "content_hash"]
WRITTEN = [
    "status", "is_dead", "failure_count", "retry_count", "first_failure_at", "last_checked_at", "last_good_at",
    "changed_at", "final_url", "etag", "last_modified", "content_hash", "next_check_at", "lease", "leased_at",
    "title", "updated_at",
]
CHECK_FIELDS = ["source_id", "lease", "checked_at", "seconds", "method", "outcome", "detail", "http_status",
                "redirect_chain", "final_url", "content_type", "content_length", "content_hash", "changed",
                "retry_after"]
SNAPSHOT_FIELDS = ["source_id", "fetched_at", "content_hash", "title", "text_hash"]
VERSION_FIELDS = ["source_id", "text_hash", "first_seen_at", "title", "size", "text_z"]
RECORD_FIELDS = ["source_id", "lease", "captured_at", "target_uri", "content_hash", "size", "data"]
# The database itself is gone: writing row by row would fail the same way.
CONNECTION_LOST = (OperationalError, InterfaceError)
# What a value can cause: the database refuses it, or psycopg2 cannot send it (encoding, NUL, JSON).
ROW_REFUSED = (DatabaseError, ValueError, TypeError)

logger = logging.getLogger(__name__)


def _length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


DETAIL, CONTENT_TYPE = _length(SourceCheck, "detail"), _length(SourceCheck, "content_type")
TITLE, ETAG, LAST_MODIFIED = _length(Source, "title"), _length(Source, "etag"), _length(Source, "last_modified")


def record(results: list[batch.Result], lease: uuid.UUID, intervals: schedule.Intervals) -> Counter:
    try:
        with transaction.atomic():
            return _write(results, lease, intervals)
    except CONNECTION_LOST:
        raise
    except ROW_REFUSED:
        if len(results) == 1:
            return _record_unwritable(results[0], lease, intervals)
        logger.exception("recording %s check results failed; writing them one by one", len(results))
    counts: Counter = Counter()
    for result in results:
        counts += record([result], lease, intervals)
    return counts


def release(source_ids: list[int], lease: uuid.UUID, intervals: schedule.Intervals) -> int:
    """A batch that failed gives back at once what it did not record, instead of holding it until the lease
    runs out: the hosts are free again, "Re-check now" works, and the sweeper retries after a short pause."""
    try:
        return Source.objects.filter(id__in=source_ids, lease=lease).update(
            lease=None, leased_at=None, next_check_at=timezone.now() + intervals.retry_first)
    except DatabaseError:
        logger.exception("could not release %s sources; their lease will run out", len(source_ids))
        return 0


def _record_unwritable(result: batch.Result, lease: uuid.UUID, intervals: schedule.Intervals) -> Counter:
    """The check is kept as a checker error without anything the server sent, so the source is released and
    scheduled like any other; the traceback goes to the log."""
    logger.exception("recording the check of source %s failed", result.source_id)
    bare = batch.Result(result.source_id, result.started_at, 0.0, outcomes.CHECKER_ERROR, method=result.method,
                        detail="the result of this check could not be recorded (see the worker's log)")
    with transaction.atomic():
        return _write([bare], lease, intervals)


def _write(results: list[batch.Result], lease: uuid.UUID, intervals: schedule.Intervals) -> Counter:
    by_id = {r.source_id: _storable_result(r) for r in results}
    held = Source.objects.select_for_update().filter(id__in=list(by_id), lease=lease).values(*READ)
    now = timezone.now()
    sources, checks, versions, snapshots, records, evidence, died = [], [], [], [], [], defaultdict(list), []
    for source in held:
        result = by_id[source["id"]]
        if _archived(source, result):
            records.append(_record_row(result, lease))
        sources.append(_updated(source, result, now, intervals))
        if sources[-1]["is_dead"] and not source["is_dead"]:
            died.append(source["id"])
        checks.append(_check_row(result, lease))
        if result.text_z and result.outcome in outcomes.GOOD:
            version = _version_row(result)
            versions.append(version)
            snapshots.append({"source_id": source["id"], "fetched_at": result.started_at,
                              "content_hash": result.content_hash, "title": result.title,
                              "text_hash": version["text_hash"]})
        for citation_id, status in result.figures.items():
            if status:
                evidence[status].append(citation_id)
    with bulk.together():
        bulk.insert(SourceCheck, checks, CHECK_FIELDS, unique=["source_id", "lease"])
        bulk.update(Source, sources, WRITTEN)
        # A text seen before (the page changed back, or only its markup changed) is kept once: its row stands.
        bulk.insert(SourceVersion, versions, VERSION_FIELDS, unique=["source_id", "text_hash"])
        bulk.insert(Snapshot, snapshots, SNAPSHOT_FIELDS, unique=["source_id"], update=True)
        bulk.insert(FetchRecord, records, RECORD_FIELDS, unique=["source_id", "lease"])
        warc_records.keep_within_cap([row["source_id"] for row in records])
    held_ids = [source["id"] for source in sources]
    gone = _newly_gone(evidence.get(FigureStatus.GONE, []), held_ids)
    read = [source_id for source_id in held_ids if by_id[source_id].outcome in outcomes.GOOD]
    if read:
        # A citation made before its page was ever read takes the first version as the one it cited.
        services.citations_take_current_version(source_ids=read, lease=lease)
    for status, citation_ids in evidence.items():
        Citation.objects.filter(id__in=citation_ids, source_id__in=held_ids).update(
            figure_status=status, figure_checked_at=now)
    if gone or died:
        _alert(gone, died, lease)
    changed_pages = [(r.source_id, r.html, r.started_at) for r in (by_id[i] for i in held_ids)
                     if r.html and r.outcome in outcomes.GOOD]
    if changed_pages:
        # After commit, so a page that cannot be read as an article never costs the check its record.
        transaction.on_commit(lambda: _articles_edited(changed_pages))
    in_doubt = [row["id"] for row in sources if row["is_dead"] or row["changed_at"]
                or FigureStatus.GONE in by_id[row["id"]].figures.values()]
    if in_doubt:
        # Archived copies of what may have left the page are looked up by a task of their own, after commit.
        transaction.on_commit(lambda: services.captures_wanted(source_ids=in_doubt))
    return Counter(by_id[source_id].outcome for source_id in held_ids)


def _newly_gone(citation_ids: list[int], held_ids: list[int]) -> list[int]:
    """Citations whose figure this batch finds gone and that were not "gone" before: a figure that stays gone is
    no news, one that came back and went again is. One read, and only when a figure is missing."""
    if not citation_ids:
        return []
    return list(Citation.objects.filter(id__in=citation_ids, source_id__in=held_ids)
                .exclude(figure_status=FigureStatus.GONE).values_list("id", flat=True))


def _alert(gone: list[int], died: list[int], lease: uuid.UUID) -> None:
    # In the batch's transaction: the alert is written with the check that found the change, or not at all.
    from claims.services.alerts import checks_found

    checks_found(gone=gone, died=died, lease=lease)


def _version_row(result: batch.Result) -> dict:
    digest, size = result.text_hash, result.text_length
    if not digest:  # a result made elsewhere than batch._evidence (a test's, say): the text tells
        text = pages.unpack(result.text_z)
        digest, size = pages.text_hash(text), len(text)
    return {"source_id": result.source_id, "text_hash": digest, "first_seen_at": result.started_at,
            "title": result.title, "size": size, "text_z": result.text_z}


def _articles_edited(changed_pages: list) -> None:
    from claims.services.watch import pages_changed

    pages_changed(changed_pages)


def _archived(source: dict, result: batch.Result) -> bool:
    """Only a fetch that found other content than the source's last is kept (the first read too): storage grows
    with changes, not with checks. The held row decides, as a batch may have read the page before another did."""
    if not result.warc or result.outcome not in outcomes.GOOD or result.content_hash == source["content_hash"]:
        return False
    if len(result.warc) > warc_records.cap():
        logger.info("not archiving source %s: %s bytes of records are over the cap", source["id"], len(result.warc))
        return False
    return True


def _record_row(result: batch.Result, lease: uuid.UUID) -> dict:
    return {"source_id": result.source_id, "lease": lease, "captured_at": result.started_at,
            "target_uri": result.final_url, "content_hash": result.content_hash,
            "size": len(result.warc), "data": result.warc}


def _check_row(result: batch.Result, lease: uuid.UUID) -> dict:
    return {
        "source_id": result.source_id, "lease": lease, "checked_at": result.started_at,
        "seconds": round(result.seconds, 4), "method": result.method, "outcome": result.outcome,
        "detail": result.detail, "http_status": result.http_status, "redirect_chain": result.chain,
        "final_url": result.final_url, "content_type": result.content_type, "content_length": result.content_length,
        "content_hash": result.content_hash, "changed": result.changed, "retry_after": result.retry_after,
    }


def _storable_result(result: batch.Result) -> batch.Result:
    """The result with every string the server chose made storable, once, before any row is built from it."""
    return replace(
        result, detail=storable(result.detail, DETAIL), chain=[_hop(hop) for hop in result.chain],
        final_url=storable(result.final_url, normal_urls.MAX_LENGTH),
        content_type=storable(result.content_type, CONTENT_TYPE),
        etag=storable(result.etag, ETAG), last_modified=storable(result.last_modified, LAST_MODIFIED),
        title=storable(result.title, TITLE),
    )


def _hop(hop: dict) -> dict:
    # JSON escapes would carry NUL and lone surrogates into jsonb, which refuses both as well.
    return {key: storable(value, normal_urls.MAX_LENGTH) if isinstance(value, str) else value
            for key, value in hop.items()}


def _updated(source: dict, result: batch.Result, now, intervals: schedule.Intervals) -> dict:
    outcome = result.outcome
    row = {**source, "status": outcome, "last_checked_at": now, "updated_at": now, "lease": None,
           "leased_at": None}
    row["retry_count"] = source["retry_count"] + 1 if outcome in outcomes.RETRIED else 0
    if outcome in outcomes.GOOD:
        _record_good(row, result, now)
    elif outcome in outcomes.FAILURES:
        row["failure_count"] += 1
        row["first_failure_at"] = row["first_failure_at"] or now
        row["is_dead"] = schedule.is_dead(failures=row["failure_count"], first_failure_at=row["first_failure_at"],
                                          now=now, intervals=intervals)
    delay = schedule.next_check(outcome, retries=row["retry_count"], failures=row["failure_count"],
                                retry_after=result.retry_after, intervals=intervals)
    row["next_check_at"] = now + max(delay, timedelta(seconds=1))
    return row


def _record_good(row: dict, result: batch.Result, now) -> None:
    row.update(failure_count=0, first_failure_at=None, is_dead=False, last_good_at=now)
    # yarl spells the URL percent-encoded: the same page must not look moved because of an umlaut.
    moved = result.final_url and URL(result.final_url) != URL(row["url"])
    row["final_url"] = result.final_url if moved else ""
    if result.http_status == 304:
        return
    if result.changed:
        row["changed_at"] = now
    if result.content_hash:
        row.update(content_hash=result.content_hash, etag=result.etag, last_modified=result.last_modified)
    if result.title and not row["title"]:
        row["title"] = result.title
