"""A source's WARC evidence: the records of its changed fetches kept under a size cap and a retention time,
and handed out as one .warc.gz file that replay tools open.

The records are written by the check recorder (sources.recording) with its bulk writes; the cap is applied
there in the same round trip, the retention by a daily task (sources.tasks.prune_fetch_records).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import StreamingHttpResponse
from django.utils import timezone

from common import bulk

from .fetching import warc
from .models import FetchRecord, Source

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/warc"
PRUNE_CHUNK = 2000
NOT_IN_NAME = re.compile(r"[^a-z0-9.-]+")
STREAM_CHUNK = 20  # rows per fetch of the download's server-side cursor: a record may be megabytes

# Each source's records in the order they are kept: its latest (the page as it stands), then its oldest (the
# evidence nearest the citation), then the others newest first. A running sum in that order past the cap is
# what goes, so the oldest go first and the first capture stays while it fits beside the latest.
OVER_CAP = """
DELETE FROM sources_fetchrecord WHERE id IN (
    SELECT id FROM (
        SELECT id, SUM(size) OVER (
            PARTITION BY source_id
            ORDER BY CASE WHEN newest = 1 THEN 0 WHEN oldest = 1 THEN 1 ELSE 2 END, captured_at DESC, id DESC
            ROWS UNBOUNDED PRECEDING) AS kept
        FROM (
            SELECT id, source_id, size, captured_at,
                   ROW_NUMBER() OVER (PARTITION BY source_id ORDER BY captured_at DESC, id DESC) AS newest,
                   ROW_NUMBER() OVER (PARTITION BY source_id ORDER BY captured_at, id) AS oldest
            FROM sources_fetchrecord WHERE source_id IN ({ids})
        ) AS ranked
    ) AS summed WHERE kept > %s
)"""


def cap() -> int:
    return settings.FACTCHECK_WARC_MAX_BYTES_PER_SOURCE


def keep_within_cap(source_ids: list[int]) -> None:
    """One statement for a batch's sources, held with the recorder's other writes (common.bulk.together)."""
    if source_ids:
        bulk.execute(OVER_CAP.format(ids=", ".join(["%s"] * len(source_ids))), [*source_ids, cap()])


def fetch_records_prune(*, now: datetime | None = None) -> int:
    """Delete records older than FACTCHECK_WARC_KEEP_DAYS, except each source's latest: while the page stays as
    it was, that record is still the evidence of what it says. In chunks, so no statement holds locks for long."""
    days = settings.FACTCHECK_WARC_KEEP_DAYS
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    newer = FetchRecord.objects.filter(source_id=OuterRef("source_id"), captured_at__gt=OuterRef("captured_at"))
    expired = FetchRecord.objects.filter(captured_at__lt=cutoff).filter(Exists(newer)).order_by()
    deleted = 0
    while ids := list(expired.values_list("id", flat=True)[:PRUNE_CHUNK]):
        deleted += FetchRecord.objects.filter(id__in=ids).delete()[0]
    if deleted:
        logger.info("pruned %s fetch records older than %s days", deleted, days)
    return deleted


def filename(source: Source) -> str:
    # The domain is stored lower-case in ASCII; an IPv6 literal's colons would not do in a file name.
    return f"source-{source.pk}-{NOT_IN_NAME.sub('-', source.domain) or 'page'}.warc.gz"


def warc_file(source: Source) -> Iterator[bytes]:
    """The whole file: a warcinfo record, then each stored exchange, oldest first."""
    yield warc.warcinfo(filename(source), {"description": f"Evidence of {source.url}",
                                           "isPartOf": f"source-{source.pk}"})
    rows = FetchRecord.objects.filter(source=source).order_by("captured_at", "id").values_list("data", flat=True)
    for data in rows.iterator(chunk_size=STREAM_CHUNK):
        yield bytes(data)


def warc_response(source: Source) -> StreamingHttpResponse:
    """The download, for the API and the admin alike. No Content-Encoding: the file is gzip by format, and a
    browser told otherwise would unpack it on the way to disk."""
    response = StreamingHttpResponse(warc_file(source), content_type=MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(source)}"'
    return response
