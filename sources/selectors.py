from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy

from claims.models import Article, Figure, FigureKind
from claims.selectors import row_count

from .fetching import addresses, batch, evidence
from .fetching.fetch import Policy
from .fetching.schedule import Intervals
from .models import CheckHour, Citation, FigureStatus, Outcome, Source, SourceCheck, SourceVersion

NEVER_CHECKED = gettext_lazy("Never checked")


def lease_time() -> timedelta:
    """How long a lease holds: one older than this was lost (worker killed, broker flushed)."""
    return timedelta(seconds=settings.FACTCHECK_CHECK_LEASE_SECONDS)


def busy_domains() -> QuerySet[Source]:
    """Domains with sources in a batch right now: no other batch may take them until that batch is done."""
    return Source.objects.leased(lease_time()).values("domain")


def by_host(source_ids: list[int], size: int) -> list[list[int]]:
    """Batches of about `size` in which each domain sits in one batch only. Workers limit requests per host
    within their batch; keeping a host in one batch makes that limit hold across all workers."""
    rows = Source.objects.filter(id__in=source_ids).order_by("domain", "next_check_at", "id")
    domains: dict[str, list[int]] = {}
    for source_id, domain in rows.values_list("id", "domain"):
        domains.setdefault(domain, []).append(source_id)
    batches: list[list[int]] = [[]]
    for ids in sorted(domains.values(), key=len, reverse=True):
        if batches[-1] and len(batches[-1]) + len(ids) > size:
            batches.append([])
        batches[-1].extend(ids)
    return [batch for batch in batches if batch]


def policy() -> Policy:
    """The fetch policy as the settings give it: the link checks', the archive lookups' and the web ingest's."""
    return Policy(
        allow=addresses.parse_networks(settings.FACTCHECK_FETCH_ALLOW_NETWORKS),
        max_redirects=settings.FACTCHECK_FETCH_MAX_REDIRECTS, deadline=settings.FACTCHECK_FETCH_DEADLINE,
        max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES, per_host=settings.FACTCHECK_FETCH_PER_HOST,
        concurrency=settings.FACTCHECK_FETCH_CONCURRENCY,
    )


def intervals() -> Intervals:
    return Intervals(healthy=timedelta(hours=settings.FACTCHECK_RECHECK_HOURS))


def sources() -> QuerySet[Source]:
    """Sources with their citations counted per row shown."""
    gone = Citation.objects.filter(source=OuterRef("pk"), figure_status=FigureStatus.GONE)
    cited = Citation.objects.filter(source=OuterRef("pk"))
    return Source.objects.annotate(citation_count=row_count(cited, "source"), figure_gone=Exists(gone))


def checks_of(source: Source) -> QuerySet[SourceCheck]:
    return SourceCheck.objects.filter(source=source)


def check_jobs(source_ids: list[int], lease: uuid.UUID) -> list[batch.Job]:
    """What the fetcher needs for the sources still held under `lease`: plain data, no model instances."""
    rows = list(Source.objects.filter(id__in=source_ids, lease=lease).values_list(
        "id", "url", "etag", "last_modified", "content_hash"))
    needles, fresh = citation_needles([row[0] for row in rows])
    watched = set(Article.objects.filter(page_id__in=[row[0] for row in rows]).values_list("page_id", flat=True))
    return [
        batch.Job(source_id=sid, url=url, etag=etag, last_modified=modified, last_hash=digest,
                  needles=needles.get(sid, {}), fresh=frozenset(fresh[sid]), watched=sid in watched)
        for sid, url, etag, modified, digest in rows
    ]


def citation_needles(source_ids: list[int]) -> tuple[dict[int, dict[int, list[evidence.Needle]]], dict[int, set[int]]]:
    """Per source: what each citation looks for, and which citations were never judged."""
    citations = list(Citation.objects.filter(source_id__in=source_ids).values_list(
        "id", "source_id", "claim_id", "expected", "figure_status"))
    figures = defaultdict(list)
    claim_ids = {claim_id for _, _, claim_id, expected, _ in citations if not expected.strip()}
    for claim_id, text, kind, value in Figure.objects.filter(claim_id__in=claim_ids).values_list(
            "claim_id", "text", "kind", "value"):
        figures[claim_id].append((text, kind, value))
    needles: dict[int, dict[int, list[evidence.Needle]]] = defaultdict(dict)
    fresh: dict[int, set[int]] = defaultdict(set)
    for citation_id, source_id, claim_id, expected, figure_status in citations:
        if expected.strip():
            needles[source_id][citation_id] = [evidence.Needle(text=expected.strip(), quote=True)]
        else:
            needles[source_id][citation_id] = _figure_needles(figures[claim_id])
        if not figure_status:
            fresh[source_id].add(citation_id)
    return needles, fresh


def needles_of(citation: Citation) -> list[evidence.Needle]:
    """What one citation looks for on its page, as `citation_needles` builds it for a check."""
    if citation.expected.strip():
        return [evidence.Needle(text=citation.expected.strip(), quote=True)]
    return _figure_needles(list(Figure.objects.filter(claim_id=citation.claim_id).values_list("text", "kind", "value")))


def versions_of(source: Source) -> QuerySet[SourceVersion]:
    """A source's versions, newest first, without their text but with its stored size."""
    return (SourceVersion.objects.filter(source=source).defer("text_z").annotate(stored=Length("text_z"))
            .order_by("-first_seen_at", "-id"))


def current_version(source_id: int) -> SourceVersion | None:
    return SourceVersion.objects.current().filter(source_id=source_id).first()


def _figure_needles(figures: list[tuple]) -> list[evidence.Needle]:
    amounts = [evidence.figure_needle(text, value) for text, kind, value in figures if kind != FigureKind.DATE]
    # A date is written so many ways that it is only looked for when the claim has nothing else.
    return amounts or [evidence.Needle(text=text) for text, kind, value in figures]


def sources_by_health() -> list[tuple[str, str, int]]:
    """(status, label, sources) for every outcome, then the sources never checked (status ""), zeros included:
    one query. The status is the last check's outcome."""
    counts = dict(Source.objects.order_by().values_list("status").annotate(n=Count("id")))
    return [*((o.value, o.label, counts.get(o.value, 0)) for o in Outcome), ("", NEVER_CHECKED, counts.get("", 0))]


class DailyChecks(NamedTuple):
    day: date
    checks: int
    failures: int


def checks_per_day(days: int = 30) -> list[DailyChecks]:
    """Checks and failed checks on each of the last `days` local days up to today, empty days included, from
    the counts kept per hour (CheckHour): 720 rows for 30 days, where counting the checks themselves read 860,000
    at 200,000 sources (issue 16). Hours are UTC, so a time zone whose offset is not whole hours counts the hour
    around its midnight to one day.

    A failure is a check that did not read the page: every outcome outside `outcomes.GOOD`. A redirect is
    not one: the page was read, and recording treats it as good (it resets the failure count). This is wider
    than `outcomes.FAILURES`, which holds only the evidence that a page is gone: a bot wall, a rate limit or
    robots.txt says nothing about the page, but the check still did not get it."""
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    since = timezone.make_aware(datetime.combine(first, time.min))
    found: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for hour, checks, failures in CheckHour.objects.filter(hour__gte=since).values_list("hour", "checks", "failures"):
        day = found[timezone.localtime(hour).date()]
        day[0] += checks
        day[1] += failures
    every = (first + timedelta(days=n) for n in range(days))
    return [DailyChecks(day, *found.get(day, (0, 0))) for day in every]
