"""Writes to sources and citations, and handing sources out for checking."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Now, RowNumber
from django.utils.translation import ngettext

from common.locking import lock_rows, save_or_explain

from . import archive_captures, normal_urls, selectors
from .fetching import batch, outcomes
from .models import Citation, Source, SourceCheck, SourceVersion

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key held while sources are handed out (any constant no other code uses).
HAND_OUT_LOCK = 0x5F0C_4EC6


def source_get_or_create(*, url: str, title: str = "", publisher: str = "") -> tuple[Source, bool]:
    try:
        normal = normal_urls.normalise(url)
    except normal_urls.BadURL as exc:
        raise ValidationError({"url": str(exc)}) from exc
    source = Source.objects.filter(url=normal).first()
    if source:
        return source, False
    source = Source(url=normal, title=title, publisher=publisher)
    source.full_clean()
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        # Someone stored the same page a moment ago: theirs is ours.
        return Source.objects.get(url=normal), False
    return source, True


def sources_for_urls(links: set[str]) -> dict[str, Source]:
    """Each URL's Source (one per normalised URL), the new ones made in one statement: an article may link dozens
    of pages. A URL no source can have is left out (logged); one a concurrent writer adds first is theirs and ours."""
    normal = {}
    for url in links:
        try:
            normal[url] = normal_urls.normalise(url)
        except normal_urls.BadURL as exc:
            logger.info("link %s is no source: %s", url, exc)
    wanted = set(normal.values())
    missing = wanted - set(Source.objects.filter(url__in=wanted).values_list("url", flat=True))
    if missing:
        # bulk_create skips save(), which sets the domain: set here the same way.
        Source.objects.bulk_create([Source(url=url, domain=normal_urls.domain(url)) for url in sorted(missing)],
                                   ignore_conflicts=True)
    known = {source.url: source for source in Source.objects.filter(url__in=wanted)}
    return {link: known[url] for link, url in normal.items()}


@transaction.atomic
def citation_get_or_create(
    *, claim, url: str, role: str = "cites", expected: str = "", check: bool = True
) -> tuple[Citation, bool]:
    """Cite a page for a claim, or return the citation that says exactly this already (same page, role and
    expected quote): a form or a POST sent twice. A claim cites a page once, so another citation of it is
    refused."""
    source, _ = source_get_or_create(url=url)
    # The claim's row lock until commit: of two identical creates the second waits, then finds the first's row.
    lock_rows(type(claim), claim.pk)
    same = {"claim": claim, "source": source, "role": role, "expected": expected}
    stored = Citation.objects.filter(**same).first()
    if stored is not None:
        return stored, False
    citation = Citation(**same)
    citation.full_clean()  # refuses another citation of the page: a claim cites a page once
    save_or_explain(citation)  # an admin form takes no lock: it may have cited the page a moment ago
    sources_first_cited(source_ids=[source.id])  # Save Page Now, when it is turned on
    # The page as it reads now is what this claim cites; a page never read gets its first version later.
    citations_take_current_version(source_ids=[source.id])
    if check:
        # A new citation is checked at once: the desk wants to know now whether the figure is on the page.
        _recheck_on_commit([source.id])
    return citation, True


def citation_create(**fields: Any) -> Citation:
    return citation_get_or_create(**fields)[0]


# What a citation looks for: one that names another page or quote is checked again.
LOOKED_FOR = frozenset({"source", "expected"})


@transaction.atomic
def citations_edit(*, added: list[Citation], changed: list[tuple[Citation, list[str]]],
                   deleted: list[Citation]) -> None:
    """A claim's citations as an editor left them on its admin page (the rows as the form set them, with the
    fields it changed): removed, changed, added. New ones, and ones that look for something else now, are
    checked at once."""
    for citation in deleted:
        citation.delete()
    for citation, _fields in changed:
        citation.save()
    for citation in added:
        citation.save()
    looking = [c.pk for c in added] + [c.pk for c, fields in changed if LOOKED_FOR & set(fields)]
    if looking:
        citations_look_again(citation_ids=looking)


def citations_look_again(*, citation_ids: list[int]) -> None:
    """A citation that now names another source or quote: its old verdict was about something else, so it
    is forgotten and the sources are checked at once."""
    citations = Citation.objects.filter(pk__in=citation_ids)
    source_ids = sorted(set(citations.values_list("source_id", flat=True)))
    citations.update(figure_status="", figure_checked_at=None)
    # Another quote of the same page was still cited then; another page is cited only from now on.
    moved = citations.exclude(cited_version=None).exclude(cited_version__source=F("source"))
    moved_ids = list(moved.values_list("pk", flat=True))
    moved.update(cited_version=None)
    citations_take_current_version(source_ids=source_ids, citation_ids=moved_ids)
    if source_ids:
        _recheck_on_commit(source_ids)
        sources_first_cited(source_ids=source_ids)  # a new citation from the admin's inline


def citations_take_current_version(*, source_ids: list[int], lease: uuid.UUID | None = None,
                                   citation_ids: list[int] = ()) -> int:
    """Citations of these sources that have no version as cited take the source's current one, where it is the
    text they cited. Set-based: the recorder calls it for every batch of checks. Returns the citations given a
    version.

    - With `lease` (the recorder): a citation of a page read for the first time in that batch of checks, made
      before its page was ever read.
    - Otherwise, at once when cited: a citation made since the current text was first seen.
    - `citation_ids` (another page cited now): those take it in any case.

    A citation of a page that changed after it and was read before it (made before versions were kept) keeps
    none: its text as cited is unknown, and any later text would be a false witness."""
    current = SourceVersion.objects.current().filter(source_id=OuterRef("source_id"))
    if lease is not None:
        read_before = SourceCheck.objects.filter(source_id=OuterRef("source_id"), outcome__in=outcomes.GOOD).exclude(
            lease=lease)
        when = ~Exists(read_before)
    else:
        when = Exists(current.filter(first_seen_at__lte=OuterRef("created_at"))) | Q(pk__in=list(citation_ids))
    return Citation.objects.filter(source_id__in=source_ids, cited_version=None).filter(Exists(current)).filter(
        when).update(cited_version=Subquery(current.values("id")[:1]))


def _recheck_on_commit(source_ids: list[int]) -> None:
    # After the citation is committed: the worker must see it, and the hand-out lock is then never held
    # by a transaction that also holds citation rows a recording batch waits for.
    transaction.on_commit(lambda: sources_recheck(source_ids=source_ids))


@dataclass
class Imported:
    created: int = 0
    known: int = 0
    repeated: int = 0  # lines naming a page an earlier line already named
    bad: list[str] = field(default_factory=list)


def sources_import(*, lines: list[str]) -> Imported:
    """One source per URL line (blank lines and # comments skipped). Any bad line stores nothing."""
    report, seen = Imported(), set()
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            normal = normal_urls.normalise(text)
        except normal_urls.BadURL as exc:
            report.bad.append(f"line {number}: {exc}")
            continue
        if normal in seen:
            report.repeated += 1
        seen.add(normal)
    if report.bad or not seen:
        return report
    with transaction.atomic():
        known = set(Source.objects.filter(url__in=seen).values_list("url", flat=True))
        new = [Source(url=url, domain=normal_urls.domain(url)) for url in sorted(seen - known)]
        # A concurrent import of the same page is harmless: the unique URL keeps one row.
        created = Source.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    report.created, report.known = len(created), len(known)
    return report


def sources_lease(*, queryset=None, limit: int | None = None,
                  per_domain: int | None = None) -> tuple[uuid.UUID, list[int]]:
    """Lease sources for one round of checks. The conditional update is the lock: a source leased to another
    worker (whose lease has not run out) is never taken, so each is checked once per round."""
    lease_time = selectors.lease_time()
    queryset = Source.objects.due_for_check(lease_time) if queryset is None else queryset.free(lease_time)
    if per_domain:
        rank = Window(RowNumber(), partition_by=F("domain"), order_by=[F("next_check_at"), F("id")])
        queryset = queryset.annotate(rank=rank).filter(rank__lte=per_domain)
    picked = queryset.order_by("next_check_at", "id").values_list("id", flat=True)
    ids = list(picked[:limit] if limit else picked)
    lease = uuid.uuid4()
    Source.objects.filter(id__in=ids).free(lease_time).update(lease=lease, leased_at=Now())
    return lease, list(Source.objects.filter(lease=lease).order_by("next_check_at", "id").values_list("id", flat=True))


def sources_dispatch(lease: uuid.UUID, source_ids: list[int]) -> int:
    """Queue the leased sources in batches, once the lease is committed (a worker must see it)."""
    from .tasks import check_batch

    batches = selectors.by_host(source_ids, settings.FACTCHECK_CHECK_BATCH)
    for chunk in batches:
        transaction.on_commit(lambda chunk=chunk: check_batch.delay(chunk, str(lease)))
    return len(batches)


def hand_out_lock() -> None:
    """One hand-out (sweep or re-check) at a time, until its transaction commits. Two of them reading the busy
    domains at once would each send a batch for the same host, and the per-host limit holds per batch only.
    SQLite, the single-process demo database, has one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [HAND_OUT_LOCK])


def sources_sweep() -> int:
    """The beat-driven sweeper: hand out what is due, at most a batch per domain, and no domain that a
    running batch already covers. Safe to run twice at once or after a broker flush."""
    with transaction.atomic():
        hand_out_lock()
        due = Source.objects.due_for_check(selectors.lease_time()).exclude(domain__in=selectors.busy_domains())
        lease, ids = sources_lease(queryset=due, limit=settings.FACTCHECK_SWEEP_LIMIT,
                                   per_domain=settings.FACTCHECK_CHECK_BATCH)
        sources_dispatch(lease, ids)
    return len(ids)


def sources_lease_here(*, everything: bool) -> tuple[uuid.UUID, list[int], int]:
    """For `check_sources`, which checks in its own process: what is due (or everything), under the hand-out
    rules, so running it beside the workers keeps the per-host limit. A source a batch holds is left to it, and
    so is every source of a host a running batch holds. Returns the lease, the leased ids and how many were left."""
    with transaction.atomic():
        hand_out_lock()
        lease_time = selectors.lease_time()
        wanted = Source.objects.free(lease_time) if everything else Source.objects.due_for_check(lease_time)
        lease, ids = sources_lease(queryset=wanted.exclude(domain__in=selectors.busy_domains()))
        left = wanted.exclude(lease=lease).count()
    return lease, ids, left


@dataclass(frozen=True)
class Recheck:
    queued: int = 0  # sent to a worker now
    checking: int = 0  # already held by a batch: that check stands, no second fetch
    waiting: int = 0  # due now, but their host is in a running batch: the next sweep after it sends them

    def __str__(self) -> str:
        parts = []
        if self.queued or not (self.checking or self.waiting):
            parts.append(ngettext("%(count)d source queued for a check now.",
                                  "%(count)d sources queued for a check now.", self.queued) % {"count": self.queued})
        if self.checking:
            parts.append(ngettext(
                "%(count)d is already being checked; that check stands, no second one is started.",
                "%(count)d are already being checked; that check stands, no second one is started.",
                self.checking) % {"count": self.checking})
        if self.waiting:
            parts.append(ngettext(
                "%(count)d waits while another check of its host runs, and follows once it is done.",
                "%(count)d wait while another check of their host runs, and follow once it is done.",
                self.waiting) % {"count": self.waiting})
        return " ".join(parts)


def sources_recheck(*, source_ids: list[int]) -> Recheck:
    """"Re-check now", under the rules the sweeper keeps: a source a batch holds is not fetched a second time,
    and a host a batch holds gets no second batch (its sources are made due and follow once it is free)."""
    with transaction.atomic():
        hand_out_lock()
        wanted = Source.objects.filter(id__in=source_ids)
        checking = wanted.leased(selectors.lease_time()).count()
        free = wanted.free(selectors.lease_time())
        due = free.update(next_check_at=Now())
        lease, ids = sources_lease(queryset=free.exclude(domain__in=selectors.busy_domains()),
                                   per_domain=settings.FACTCHECK_CHECK_BATCH)
        sources_dispatch(lease, ids)
    return Recheck(queued=len(ids), checking=checking, waiting=due - len(ids))


def sources_cited_anew(*, jobs: list[batch.Job]) -> int:
    """After a batch: citations added or changed while their page was in flight were judged by the old quote,
    or not at all (a re-check of a page in flight is no second fetch). Their verdict is cleared and the page
    is due now, so the next sweep checks it again. Returns the sources made due."""
    current, _ = selectors.citation_needles([job.source_id for job in jobs])
    stale: dict[int, list[int]] = {}
    for job in jobs:
        changed = [cid for cid, needles in current.get(job.source_id, {}).items() if job.needles.get(cid) != needles]
        if changed:
            stale[job.source_id] = changed
    if not stale:
        return 0
    Citation.objects.filter(id__in=[cid for ids in stale.values() for cid in ids]).update(
        figure_status="", figure_checked_at=None)
    return Source.objects.filter(id__in=list(stale), lease=None).update(next_check_at=Now())


# --- Archived captures: queued here, looked up by the tasks (sources.archive_captures) -------------------

FIND_BATCH = 10


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


def captures_wanted(*, source_ids: list[int]) -> int:
    """After checks of these sources: queue a lookup for each of their citations in doubt (dead, figure gone,
    changed since cited) that is due one. Returns how many were queued; none while no archive is set."""
    if not archive_captures.archive().configured or not source_ids:
        return 0
    due = Citation.objects.filter(source_id__in=source_ids).in_doubt().capture_due(archive_captures.retry())
    ids = list(due.values_list("id", flat=True))
    if ids:
        _captures_dispatch(ids, force=False)
    return len(ids)


def captures_look_up(*, citation_ids: list[int]) -> int:
    """"Look up archived copy" in the admin: these citations now, whatever their state and last lookup."""
    ids = list(Citation.objects.filter(pk__in=citation_ids).values_list("id", flat=True))
    if ids and archive_captures.archive().configured:
        _captures_dispatch(ids, force=True)
    return len(ids)


def _captures_dispatch(citation_ids: list[int], *, force: bool) -> None:
    from .tasks import find_captures

    # Small tasks: a slow archive (two requests at a time, up to the fetch deadline each) must not push one
    # past its time limit, which would leave its citations taken without an answer until the retry.
    for start in range(0, len(citation_ids), FIND_BATCH):
        chunk = citation_ids[start:start + FIND_BATCH]
        transaction.on_commit(lambda chunk=chunk: find_captures.delay(chunk, force))
