from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import urls
from .fetching import evidence, outcomes, pages


def validate_source_url(value: str) -> None:
    try:
        urls.normalise(value)
    except urls.BadURL as exc:
        raise ValidationError(str(exc)) from exc


class Outcome(models.TextChoices):
    OK = outcomes.OK, "OK"
    REDIRECTED = outcomes.REDIRECTED, "Redirected"
    BROKEN = outcomes.BROKEN, "Broken (404/410)"
    SERVER_ERROR = outcomes.SERVER_ERROR, "Server error"
    RATE_LIMITED = outcomes.RATE_LIMITED, "Rate limited"
    TIMEOUT = outcomes.TIMEOUT, "Timeout"
    UNREACHABLE = outcomes.UNREACHABLE, "Unreachable"
    BLOCKED = outcomes.BLOCKED, "Blocked (internal address)"
    TOO_LARGE = outcomes.TOO_LARGE, "Too large"
    SOFT_404 = outcomes.SOFT_404, "Soft 404"
    BOT_WALL = outcomes.BOT_WALL, "Bot wall"
    DISALLOWED = outcomes.DISALLOWED, "Disallowed by robots.txt"
    CHECKER_ERROR = outcomes.CHECKER_ERROR, "Checker error"


class SourceQuerySet(models.QuerySet):
    """Both filters use the database's clock, so workers on machines with skewed clocks agree."""

    def claimable(self, lease: timedelta):
        """Not held by a worker; a claim older than the lease was lost (worker killed, broker flushed)."""
        return self.filter(Q(claim=None) | Q(claimed_at__lt=Now() - lease))

    def held(self, lease: timedelta):
        """The complement of `claimable`: in a batch right now."""
        return self.exclude(claim=None).filter(claimed_at__gte=Now() - lease)

    def due_for_check(self, lease: timedelta):
        return self.claimable(lease).filter(next_check_at__lte=Now())


class Source(models.Model):
    url = models.CharField(
        max_length=urls.MAX_LENGTH, unique=True, validators=[validate_source_url],
        help_text="An http(s) URL, stored normalised: one row per page.",
    )
    domain = models.CharField(max_length=253, db_index=True, editable=False)
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Health, written by the checker only.
    status = models.CharField(max_length=16, choices=Outcome.choices, blank=True, db_index=True,
                              help_text="Outcome of the last check; empty until the first.")
    is_dead = models.BooleanField(default=False, db_index=True,
                                  help_text="Failed several checks in a row, spread over days.")
    failure_count = models.PositiveIntegerField(default=0, help_text="Consecutive checks that found the page gone.")
    retry_count = models.PositiveIntegerField(default=0, help_text="Consecutive transient failures (for backoff).")
    first_failure_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_good_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True, help_text="When the page's content last changed.")
    final_url = models.CharField(max_length=urls.MAX_LENGTH, blank=True)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    # The schedule lives here, not in Redis: a flushed broker loses no check.
    next_check_at = models.DateTimeField(default=timezone.now, db_index=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["domain", "url"]

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        try:
            self.url = urls.normalise(self.url)
        except urls.BadURL:
            pass  # the field's validator has reported it already

    def save(self, *args, **kwargs) -> None:
        self.domain = urls.domain(self.url)
        super().save(*args, **kwargs)


class Snapshot(models.Model):
    """The visible text of the last good fetch, compressed: the evidence outlives the page."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="snapshot")
    fetched_at = models.DateTimeField()
    content_hash = models.CharField(max_length=64)
    title = models.CharField(max_length=300, blank=True)
    text_z = models.BinaryField()

    @property
    def text(self) -> str:
        return pages.unpack(self.text_z)


class SourceCheck(models.Model):
    """One attempt to fetch a source. Append-only: a database trigger refuses updates."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="checks")
    slot = models.UUIDField(help_text="The claim this check ran under: one result per source and slot.")
    checked_at = models.DateTimeField()
    seconds = models.FloatField()
    method = models.CharField(max_length=8)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    detail = models.CharField(max_length=500, blank=True)
    http_status = models.PositiveIntegerField(null=True, blank=True)
    redirect_chain = models.JSONField(default=list, blank=True)
    final_url = models.CharField(max_length=urls.MAX_LENGTH, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    content_length = models.PositiveBigIntegerField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    changed = models.BooleanField(null=True, help_text="Content differs from the last good fetch.")
    retry_after = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "slot"], name="sourcecheck_one_per_slot")]
        indexes = [models.Index(fields=["source", "-checked_at"], name="sourcecheck_latest"),
                   models.Index(fields=["checked_at"], name="sourcecheck_when")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.outcome} at {self.checked_at:%Y-%m-%d %H:%M}"


class CheckHour(models.Model):
    """Checks, and checks that did not read the page, per hour (UTC): kept by a database trigger as checks are
    written (migration 0008), so the dashboard reads 720 rows for 30 days instead of counting every check (issue
    16). Checks deleted with their source stay counted: they were done."""

    hour = models.DateTimeField(unique=True)
    checks = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["hour"]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H:00} {self.checks} checks"


class FigureStatus(models.TextChoices):
    UNCHECKED = "", "Not checked yet"
    FOUND = evidence.FOUND, "Figure still there"
    GONE = evidence.GONE, "Figure gone"
    UNREADABLE = evidence.UNREADABLE, "Page text not readable"


class CitationRole(models.TextChoices):
    CITES = "cites", "Cites"
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"


class Citation(models.Model):
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="citations")
    # PROTECT: deleting a source must not silently strip claims of their evidence.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    role = models.CharField(max_length=16, choices=CitationRole.choices, default=CitationRole.CITES)
    expected = models.TextField(blank=True, help_text="The quote or figure expected on the source page.")
    # A link in the article's text: its anchor and where the anchor stands in the article.
    anchor = models.CharField(max_length=500, blank=True, help_text="The link's text in the article, if any.")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    figure_status = models.CharField(max_length=16, choices=FigureStatus.choices, blank=True, db_index=True,
                                     help_text="Whether the last good fetch still showed the figure or quote.")
    figure_checked_at = models.DateTimeField(null=True, blank=True)

    # What a check finds is in SourceCheck; history keeps what editors set.
    history = HistoricalRecords(excluded_fields=["figure_status", "figure_checked_at"])

    class Meta:
        ordering = ["claim_id", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "source"], name="citation_unique_per_claim")]

    def __str__(self) -> str:
        return f"{self.claim} {self.role} {self.source}"
