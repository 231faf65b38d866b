from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import normal_urls
from .fetching import evidence, outcomes, pages


def validate_source_url(value: str) -> None:
    try:
        normal_urls.normalise(value)
    except normal_urls.BadURL as exc:
        raise ValidationError(str(exc)) from exc


class Outcome(models.TextChoices):
    OK = outcomes.OK, _("OK")
    REDIRECTED = outcomes.REDIRECTED, _("Redirected")
    BROKEN = outcomes.BROKEN, _("Broken (404/410)")
    SERVER_ERROR = outcomes.SERVER_ERROR, _("Server error")
    RATE_LIMITED = outcomes.RATE_LIMITED, _("Rate limited")
    TIMEOUT = outcomes.TIMEOUT, _("Timeout")
    UNREACHABLE = outcomes.UNREACHABLE, _("Unreachable")
    BLOCKED = outcomes.BLOCKED, _("Blocked (internal address)")
    TOO_LARGE = outcomes.TOO_LARGE, _("Too large")
    SOFT_404 = outcomes.SOFT_404, _("Soft 404")
    BOT_WALL = outcomes.BOT_WALL, _("Bot wall")
    DISALLOWED = outcomes.DISALLOWED, _("Disallowed by robots.txt")
    CHECKER_ERROR = outcomes.CHECKER_ERROR, _("Checker error")


class SourceQuerySet(models.QuerySet):
    """Both filters use the database's clock, so workers on machines with skewed clocks agree."""

    def free(self, lease_time: timedelta):
        """Not leased to a worker; a lease older than the lease time was lost (worker killed, broker flushed)."""
        return self.filter(Q(lease=None) | Q(leased_at__lt=Now() - lease_time))

    def leased(self, lease_time: timedelta):
        """The complement of `free`: in a batch right now."""
        return self.exclude(lease=None).filter(leased_at__gte=Now() - lease_time)

    def due_for_check(self, lease_time: timedelta):
        return self.free(lease_time).filter(next_check_at__lte=Now())


class Source(models.Model):
    url = models.CharField(
        _("URL"), max_length=normal_urls.MAX_LENGTH, unique=True, validators=[validate_source_url],
        help_text=_("An http(s) URL, stored normalised: one row per page."),
    )
    domain = models.CharField(_("domain"), max_length=253, db_index=True, editable=False)
    title = models.CharField(_("title"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Health, written by the checker only.
    status = models.CharField(_("status"), max_length=16, choices=Outcome.choices, blank=True, db_index=True,
                              help_text=_("Outcome of the last check; empty until the first."))
    is_dead = models.BooleanField(_("dead"), default=False, db_index=True,
                                  help_text=_("Failed several checks in a row, spread over days."))
    failure_count = models.PositiveIntegerField(_("failures in a row"), default=0,
                                                help_text=_("Consecutive checks that found the page gone."))
    retry_count = models.PositiveIntegerField(_("retries"), default=0,
                                              help_text=_("Consecutive transient failures (for backoff)."))
    first_failure_at = models.DateTimeField(_("first failure"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_good_at = models.DateTimeField(_("last good fetch"), null=True, blank=True)
    changed_at = models.DateTimeField(_("content changed"), null=True, blank=True,
                                      help_text=_("When the page's content last changed."))
    final_url = models.CharField(_("final URL"), max_length=normal_urls.MAX_LENGTH, blank=True)
    etag = models.CharField(_("ETag"), max_length=200, blank=True)
    last_modified = models.CharField(_("last modified"), max_length=100, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    # The schedule lives here, not in Redis: a flushed broker loses no check.
    next_check_at = models.DateTimeField(_("next check"), default=timezone.now, db_index=True)
    lease = models.UUIDField(_("lease"), null=True, blank=True, editable=False)
    leased_at = models.DateTimeField(_("leased at"), null=True, blank=True, editable=False)
    # Save Page Now was asked to capture the page (when first cited): asked once, never again.
    save_requested_at = models.DateTimeField(_("archive asked to capture"), null=True, blank=True, editable=False)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["domain", "url"]

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        try:
            self.url = normal_urls.normalise(self.url)
        except normal_urls.BadURL:
            pass  # the field's validator has reported it already

    def save(self, *args, **kwargs) -> None:
        self.domain = normal_urls.domain(self.url)
        super().save(*args, **kwargs)


class SourceVersionQuerySet(models.QuerySet):
    def current(self):
        """Each source's version as last fetched: the one its snapshot points at."""
        return self.filter(source__snapshot__text_hash=F("text_hash"))


class SourceVersion(models.Model):
    """One distinct visible text of a source, compressed, kept for good: what a citation saw must survive the
    page's later changes. A check whose text is already known adds nothing, so storage grows with changes."""

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="versions")
    # SHA-256 of the text. Versions carried over from the single snapshot (migration 0010) have the hash of the
    # page body they were read from instead: SQL cannot read compressed text, and a miss costs one spare row.
    text_hash = models.CharField(_("text hash"), max_length=64)
    first_seen_at = models.DateTimeField(_("first seen"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    size = models.PositiveIntegerField(_("characters"), null=True, blank=True,
                                       help_text=_("Length of the text; unknown for versions kept before 0010."))
    text_z = models.BinaryField(_("text (compressed)"))

    objects = SourceVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("source version")
        verbose_name_plural = _("source versions")
        ordering = ["source_id", "-first_seen_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "text_hash"], name="sourceversion_once_per_text")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.first_seen_at:%Y-%m-%d %H:%M}"

    @property
    def text(self) -> str:
        return pages.unpack(self.text_z)


class Snapshot(models.Model):
    """The last good fetch of a source: when, and which version of the text it showed."""

    source = models.OneToOneField(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="snapshot")
    fetched_at = models.DateTimeField(_("fetched"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    title = models.CharField(_("title"), max_length=300, blank=True)
    # Points at the version by its key within the source: the recorder writes both in one round trip, before
    # the version's id is known.
    text_hash = models.CharField(_("text hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    @property
    def version(self) -> SourceVersion | None:
        return SourceVersion.objects.filter(source_id=self.source_id, text_hash=self.text_hash).first()

    @property
    def text(self) -> str:
        version = self.version
        return version.text if version else ""


class FetchRecord(models.Model):
    """The raw HTTP exchange of a fetch that found the page changed (or read it first): a WARC response record
    and its request record, each a gzip member of its own, so a source's records joined make one .warc.gz."""

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.CASCADE,
                               related_name="fetch_records")
    lease = models.UUIDField(_("lease"), help_text=_("The check this fetch was: the source's check under this lease."))
    captured_at = models.DateTimeField(_("captured"))
    target_uri = models.CharField(_("target URI"), max_length=normal_urls.MAX_LENGTH)
    content_hash = models.CharField(_("content hash"), max_length=64)
    size = models.PositiveIntegerField(_("size"), help_text=_("Bytes stored, compressed."))
    data = models.BinaryField(_("WARC records (gzip)"))

    class Meta:
        verbose_name = _("fetch record")
        verbose_name_plural = _("fetch records")
        ordering = ["source_id", "captured_at", "id"]
        constraints = [models.UniqueConstraint(fields=["source", "lease"], name="fetchrecord_one_per_lease")]
        indexes = [models.Index(fields=["source", "captured_at"], name="fetchrecord_of_source"),
                   models.Index(fields=["captured_at"], name="fetchrecord_when")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.target_uri} at {self.captured_at:%Y-%m-%d %H:%M}"


class SourceCheck(models.Model):
    """One attempt to fetch a source. Append-only: a database trigger refuses updates."""

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="checks")
    lease = models.UUIDField(_("lease"),
                             help_text=_("The lease this check ran under: one result per source and lease."))
    checked_at = models.DateTimeField(_("checked"))
    seconds = models.FloatField(_("seconds"))
    method = models.CharField(_("method"), max_length=8)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    http_status = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    redirect_chain = models.JSONField(_("redirect chain"), default=list, blank=True)
    final_url = models.CharField(_("final URL"), max_length=normal_urls.MAX_LENGTH, blank=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    content_length = models.PositiveBigIntegerField(_("content length"), null=True, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    changed = models.BooleanField(_("changed"), null=True, help_text=_("Content differs from the last good fetch."))
    retry_after = models.FloatField(_("retry after"), null=True, blank=True)

    class Meta:
        verbose_name = _("source check")
        verbose_name_plural = _("source checks")
        ordering = ["-checked_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "lease"], name="sourcecheck_one_per_lease")]
        indexes = [models.Index(fields=["source", "-checked_at"], name="sourcecheck_latest"),
                   models.Index(fields=["checked_at"], name="sourcecheck_when")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.outcome} at {self.checked_at:%Y-%m-%d %H:%M}"


class CheckHour(models.Model):
    """Checks, and checks that did not read the page, per hour (UTC): kept by a database trigger as checks are
    written (migration 0008), so the dashboard reads 720 rows for 30 days instead of counting every check (issue
    16). Checks deleted with their source stay counted: they were done."""

    hour = models.DateTimeField(_("hour"), unique=True)
    checks = models.PositiveIntegerField(_("checks"), default=0)
    failures = models.PositiveIntegerField(_("failures"), default=0)

    class Meta:
        verbose_name = _("checks of an hour")
        verbose_name_plural = _("checks per hour")
        ordering = ["hour"]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H:00} {self.checks} checks"


class FigureStatus(models.TextChoices):
    UNCHECKED = "", _("Not checked yet")
    FOUND = evidence.FOUND, _("Figure still there")
    GONE = evidence.GONE, _("Figure gone")
    UNREADABLE = evidence.UNREADABLE, _("Page text not readable")


ARCHIVE_FIELDS = ["archive_url", "archive_at", "archive_checked_at", "archive_note"]


class CitationRole(models.TextChoices):
    CITES = "cites", _("Cites")
    SUPPORTS = "supports", _("Supports")
    CONTRADICTS = "contradicts", _("Contradicts")


class CitationQuerySet(models.QuerySet):
    def in_doubt(self):
        """What was cited may no longer be on the page: it is dead, the figure is gone, or it changed since."""
        return self.filter(Q(source__is_dead=True) | Q(figure_status=FigureStatus.GONE)
                           | Q(source__changed_at__gt=F("created_at")))

    def capture_due(self, retry: timedelta):
        """Never looked up; or looked up a while ago without finding a capture from before the citation (the
        archive may have one by now, or may answer again). One found from before stands: it cannot get better."""
        not_before = Q(archive_at=None) | Q(archive_at__gt=F("created_at"))
        return self.filter(Q(archive_checked_at=None) | (not_before & Q(archive_checked_at__lt=Now() - retry)))


class Citation(models.Model):
    claim = models.ForeignKey("claims.Claim", verbose_name=_("claim"), on_delete=models.CASCADE,
                              related_name="citations")
    # PROTECT: deleting a source must not silently strip claims of their evidence.
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations")
    role = models.CharField(_("role"), max_length=16, choices=CitationRole.choices, default=CitationRole.CITES)
    expected = models.TextField(_("expected"), blank=True,
                                help_text=_("The quote or figure expected on the source page."))
    # A link in the article's text: its anchor and where the anchor stands in the article.
    anchor = models.CharField(_("anchor"), max_length=500, blank=True,
                              help_text=_("The link's text in the article, if any."))
    start = models.PositiveIntegerField(_("start"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    figure_status = models.CharField(_("figure on the page"), max_length=16, choices=FigureStatus.choices,
                                     blank=True, db_index=True,
                                     help_text=_("Whether the last good fetch still showed the figure or quote."))
    figure_checked_at = models.DateTimeField(_("figure checked"), null=True, blank=True)
    # The archived capture to show for this citation (Memento): the one closest before the citation, else the
    # first after it (archive_note says so), or no capture and archive_note says why.
    archive_url = models.CharField(_("archived copy"), max_length=normal_urls.MAX_LENGTH, blank=True)
    archive_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    archive_checked_at = models.DateTimeField(_("archive looked up"), null=True, blank=True)
    archive_note = models.CharField(_("archive note"), max_length=500, blank=True)
    # PROTECT: the text a claim relied on is evidence; it goes only with its source, which citations protect.
    cited_version = models.ForeignKey(
        SourceVersion, verbose_name=_("version as cited"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="citations", editable=False,
        help_text=_("The source's text when it was cited: the version current then, or the first one fetched."))

    # What a check or a lookup finds is in SourceCheck and the archive; history keeps what editors set.
    history = HistoricalRecords(excluded_fields=["figure_status", "figure_checked_at", "cited_version",
                                                *ARCHIVE_FIELDS])

    objects = CitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["claim_id", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "source"], name="citation_unique_per_claim")]

    def __str__(self) -> str:
        return f"{self.claim} {self.role} {self.source}"

    @property
    def archived_before(self) -> bool:
        """The archived copy shows the page as it was when cited (or earlier), not a later state."""
        return bool(self.archive_url and self.archive_at and self.archive_at <= self.created_at)
