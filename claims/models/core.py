from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import URLValidator
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.prepared import Prepared, one_of

from .. import partial_dates

CONTEXT_CHARS = 40
REF_PATTERN = re.compile(r"^\s*(\d{1,18})-(\d{1,9})\s*$")  # bounded to what the id columns hold


def parse_ref(ref: str) -> tuple[int, int] | None:
    """ "12-3" -> (article 12, claim number 3), or None if it is not a reference."""
    match = REF_PATTERN.match(ref or "")
    return (int(match[1]), int(match[2])) if match else None


def content_hash(text: str) -> str:
    # Whitespace-folded so the same wire copy, wrapped differently by two outlets, matches.
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")


class ExtractionStatus(models.TextChoices):
    NONE = "", _("Not run")
    PENDING = "pending", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Article(models.Model):
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    # The article's own page, checked on the source schedule: a silent edit becomes an ArticleVersion.
    page = models.ForeignKey("sources.Source", verbose_name=_("page"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="articles", help_text=_("The article's page, watched for silent edits."))
    publisher = models.CharField(_("publisher"), max_length=200, blank=True, db_index=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.GERMAN)
    # Verbatim: claim and figure offsets index into it, so it is never stripped or re-wrapped.
    text = models.TextField(_("text"))
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text=_("The earliest article with the same text (whitespace aside), found by a worker."),
    )
    # Highest claim number ever given; numbers of deleted claims are never handed out again.
    last_claim_number = models.PositiveIntegerField(_("last claim number"), default=0, editable=False)
    # Where extraction stands; a long article is extracted by a worker (claims.services.ingest).
    extraction_status = models.CharField(
        _("extraction status"), max_length=16, choices=ExtractionStatus.choices, blank=True,
        default=ExtractionStatus.NONE, editable=False,
    )
    extraction_message = models.TextField(_("extraction message"), blank=True, editable=False,
                                          help_text=_("What the last extraction found, or why it failed."))
    extraction_started_at = models.DateTimeField(_("extraction started"), null=True, blank=True, editable=False)
    extraction_finished_at = models.DateTimeField(_("extraction finished"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The text is stored once and never changes, so history keeps only what editors edit.
    history = HistoricalRecords(excluded_fields=[
        "text", "content_hash", "last_claim_number", "extraction_status", "extraction_message", "page",
        "extraction_started_at", "extraction_finished_at",
    ])

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty")]
        # The claims of one outlet or language (the API's ?publisher= and ?language=, the former case-blind)
        # walk the claims newest first and look up each one's article. When the outlet has few claims or none,
        # that walk went through every claim (2.2 s at a million): with these the database starts from the
        # outlet's articles instead, and knows from their statistics which way is shorter. Migration 0016 adds
        # a trigram index on PostgreSQL for the API's title search.
        indexes = [models.Index(Upper("publisher"), name="article_publisher_upper"),
                   models.Index(fields=["language"], name="article_language")]

    def __str__(self) -> str:
        return f"{self.pk}: {self.title}"

    def clean(self) -> None:
        if self.text is not None and not self.text.strip():
            raise ValidationError({"text": gettext("The article text is empty.")})
        limit = settings.FACTCHECK_MAX_ARTICLE_CHARS
        if self.text is not None and len(self.text) > limit:
            raise ValidationError({"text": gettext(
                "The text has {length} characters; an article may have at most {limit} (FACTCHECK_MAX_ARTICLE_CHARS). "
                "Split it into parts.").format(length=f"{len(self.text):,}", limit=f"{limit:,}")})

    def save(self, *args, **kwargs) -> None:
        self.content_hash = content_hash(self.text)
        super().save(*args, **kwargs)


class ClaimQuerySet(models.QuerySet):
    def by_ref(self, ref: str) -> ClaimQuerySet:
        parsed = parse_ref(ref)
        if parsed is None:
            return self.none()
        return self.filter(article_id=parsed[0], number=parsed[1])

    def published(self) -> ClaimQuerySet:
        """Claims with a verdict: what the desk publishes (ClaimReview, the public API)."""
        return self.filter(status__in=VERDICTS)

    # The two below test each claim with EXISTS on indexed columns, never a join that repeats a claim per match
    # (and a DISTINCT to undo it, a sort of every match at a million claims).

    def citing(self, cites: bool = True) -> ClaimQuerySet:
        """Claims that cite at least one source, or (cites=False) none."""
        from sources.models import Citation

        cited = models.Exists(Citation.objects.filter(claim=models.OuterRef("pk")))
        return self.filter(cited if cites else ~cited)

    def with_suggested_contradiction(self, suggested: bool = True) -> ClaimQuerySet:
        """Claims with a figure in a contradiction nobody has decided yet, or (suggested=False) without one."""
        open_ = Conflict.objects.suggested_contradictions()
        figure = Figure.objects.filter(claim=models.OuterRef("pk")).filter(
            models.Exists(open_.filter(figure_a=models.OuterRef("pk")))
            | models.Exists(open_.filter(figure_b=models.OuterRef("pk"))))
        return self.filter(models.Exists(figure) if suggested else ~models.Exists(figure))


class ReviewStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", _("Unreviewed")
    IN_REVIEW = "in_review", _("In review")
    SUPPORTED = "supported", _("Supported")
    DISPUTED = "disputed", _("Disputed")
    FALSE = "false", _("False")
    UNVERIFIABLE = "unverifiable", _("Unverifiable")


VERDICTS = frozenset(
    {ReviewStatus.SUPPORTED, ReviewStatus.DISPUTED, ReviewStatus.FALSE, ReviewStatus.UNVERIFIABLE}
)
# The review workflow: a claim is taken into review before it gets a verdict, and a verdict is reopened by
# taking it back into review or corrected to another verdict.
NEXT_STATUSES = {
    ReviewStatus.UNREVIEWED: frozenset({ReviewStatus.IN_REVIEW}),
    ReviewStatus.IN_REVIEW: frozenset({ReviewStatus.UNREVIEWED, *VERDICTS}),
    **{verdict: frozenset({ReviewStatus.IN_REVIEW, *VERDICTS}) for verdict in VERDICTS},
}


class Claim(models.Model):
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="claims")
    number = models.PositiveIntegerField(_("number"), editable=False)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    # The exact quote article.text[start:end], with context to find it again after an edit.
    text = models.TextField(_("text"), editable=False)
    prefix = models.CharField(_("prefix"), max_length=CONTEXT_CHARS, blank=True, editable=False)
    suffix = models.CharField(_("suffix"), max_length=CONTEXT_CHARS, blank=True, editable=False)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    # The article's publisher, kept by the database (migration 0020's triggers), whatever writes either row: the
    # API's claims of one outlet, newest first, are then one range of an index (0021) instead of a walk back
    # through every claim looking up its article (issue 16). Read it; what is written here is overwritten.
    publisher = models.CharField(_("publisher"), max_length=200, blank=True, default="", editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.UNREVIEWED, db_index=True
    )
    verdict_note = models.TextField(_("verdict note"), blank=True)
    # ClaimReview's `url`: where readers find the desk's own write-up of the verdict, not the API's address.
    review_url = models.URLField(
        _("fact-check page"), max_length=2000, blank=True, validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The public page of the desk's fact-check of this claim; a verdict is published as ClaimReview "
                  "once it has one."),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # Raised by every save: an edit made from an older version is refused, not silently written over.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["publisher"])  # the article's, recorded in its history

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["article_id", "number"]
        permissions = [("set_verdict", "Can set the review verdict of a claim")]
        indexes = [
            # The review queue reads claims of one status oldest first and stops at its size (claims.desk).
            models.Index(fields=["status", "created_at", "id"], name="claim_review_order"),
            # The API's claims of one status, newest first (its cursor pages by -id).
            models.Index(fields=["status", "-id"], name="claim_status_newest"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="claim_number_unique_per_article"),
            models.CheckConstraint(condition=Q(number__gte=1), name="claim_number_positive"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="claim_span_start_before_end"),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(VERDICTS)) | ~Q(verdict_note=""),
                name="claim_verdict_has_note",
                violation_error_message=_("A verdict needs a note saying why."),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.ref} {self.text[:60]}"

    @property
    def ref(self) -> str:
        return f"{self.article_id}-{self.number}"

    def clean(self) -> None:
        # On an admin add page the article is not saved yet, but it is attached: check against it.
        if self.start is None or self.end is None or not (self.article_id or Claim.article.is_cached(self)):
            return
        check_span(self.start, self.end, len(self.article.text or ""), gettext("the article text"))
        if self.pk and self.figures.filter(Q(start__lt=self.start) | Q(end__gt=self.end)).exists():
            raise ValidationError({"start": gettext("The span must still cover all of the claim's figures.")})
        if self.status in VERDICTS and not self.verdict_note.strip():
            raise ValidationError({"verdict_note": gettext("A verdict needs a note saying why.")})

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)

    def anchor(self) -> None:
        """Take the quote and its context from the article text at the span."""
        text = self.article.text
        self.text = text[self.start : self.end]
        self.prefix = text[max(0, self.start - CONTEXT_CHARS) : self.start]
        self.suffix = text[self.end : self.end + CONTEXT_CHARS]


def check_span(start: int, end: int, length: int, inside: str, offset: int = 0) -> None:
    if start >= end:
        raise ValidationError({"end": gettext("The span must end after it starts ({start} to {end}).").format(
            start=start, end=end)})
    if start < offset or end > offset + length:
        raise ValidationError(
            {"end": gettext("The span {start} to {end} lies outside {inside} ({offset} to {last}).").format(
                start=start, end=end, inside=inside, offset=offset, last=offset + length)}
        )


class FigureKind(models.TextChoices):
    COUNT = "count", _("Count")
    MONEY = "money", _("Money")
    PERCENT = "percent", _("Percent")
    DURATION = "duration", _("Duration")
    DATE = "date", _("Date")
    OTHER = "other", _("Other")


class Qualifier(models.TextChoices):
    NONE = "", _("Exact")
    UP_TO = "up_to", _("Up to")
    MORE_THAN = "more_than", _("More than")
    ALMOST = "almost", _("Almost")
    LESS_THAN = "less_than", _("Less than")
    ABOUT = "about", _("About")
    AT_LEAST = "at_least", _("At least")
    JUST_OVER = "just_over", _("Just over")


def validate_partial_date(value: str) -> None:
    if value and not partial_dates.is_valid(value):
        raise ValidationError(f"{value!r} is not a date written as YYYY, YYYY-MM, YYYY-MM-DD or FIRST/LAST.")


NUMBER = {"max_digits": 30, "decimal_places": 6, "null": True, "blank": True}


class Figure(models.Model):
    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="figures")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.CharField(_("text"), max_length=500, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=FigureKind.choices)
    value = models.DecimalField(_("value"), **NUMBER, help_text=_("The number; empty for a date."))
    low = models.DecimalField(_("low"), **NUMBER, help_text=_("Lowest value the wording allows, if bounded."))
    high = models.DecimalField(_("high"), **NUMBER, help_text=_("Highest value the wording allows, if bounded."))
    date_value = models.CharField(
        _("date"), max_length=21, blank=True, validators=[validate_partial_date],
        help_text=_("For a date: as precise as the text, e.g. 2024-06-19, 2024-03 or 1961."),
    )
    unit = models.CharField(_("unit"), max_length=64, blank=True, db_index=True)
    qualifier = models.CharField(_("qualifier"), max_length=16, choices=Qualifier.choices, blank=True)
    as_of = models.CharField(
        _("as of"), max_length=21, blank=True, validators=[validate_partial_date],
        help_text=_("The time the figure is stated for, e.g. 2023 or 2024-03."),
    )
    # Written by conflict detection (claims.matching): what the figure measures and what it is about.
    measure = models.CharField(_("measure"), max_length=100, blank=True, editable=False)
    subject = models.CharField(_("subject"), max_length=500, blank=True, editable=False,
                               help_text=_("Key terms, space-separated."))
    derived = models.PositiveSmallIntegerField(
        _("derived"), default=0, editable=False,
        help_text=_("Version of the rules that derived measure and subject; 0: not yet."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # What detection derives is rewritten in bulk and can be derived again: not history.
    history = HistoricalRecords(excluded_fields=["measure", "subject", "derived"])

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["claim_id", "start"]
        # Search finds figures by measure and value (claims.search); migration 0013 adds a dates index and the
        # claims' text and speaker indexes, which differ between PostgreSQL and SQLite.
        indexes = [models.Index(fields=["measure", "value"], name="figure_measure_value"),
                   # The API's claims with a figure of a unit, case-blind (see Article.Meta).
                   models.Index(Upper("unit"), name="figure_unit_upper")]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="figure_span_start_before_end"),
            models.CheckConstraint(
                condition=(Q(kind="date") & Q(value__isnull=True) & ~Q(date_value=""))
                | (~Q(kind="date") & Q(value__isnull=False) & Q(date_value="")),
                name="figure_value_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="figure_low_not_above_high",
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(value__isnull=True) | Q(low__lte=F("value")),
                name="figure_value_not_below_low",
            ),
            models.CheckConstraint(
                condition=Q(high__isnull=True) | Q(value__isnull=True) | Q(value__lte=F("high")),
                name="figure_value_not_above_high",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.get_kind_display()})"

    @staticmethod
    def stored_values(kind: str, value, date_value: str = "") -> dict:
        """`value` and `date_value` as a stored figure holds them. The extractor (and the demo's data) give a
        date's ISO text in `value`; stored, it sits in `date_value` and `value` is empty."""
        if kind == FigureKind.DATE and not date_value:
            return {"value": None, "date_value": value}
        return {"value": value, "date_value": date_value}

    def clean(self) -> None:
        errors = {}
        if self.kind == FigureKind.DATE:
            if self.value is not None:
                errors["value"] = gettext("A date keeps its value in date_value, not value.")
            if not self.date_value:
                errors["date_value"] = gettext("A date figure needs its date, e.g. 2024-06-19.")
        elif self.kind:
            if self.value is None:
                errors["value"] = gettext("A figure needs its value.")
            if self.date_value:
                errors["date_value"] = gettext("Only a date figure has a date value.")
        if self.low is not None and self.high is not None and self.low > self.high:
            errors["low"] = gettext("The low bound is above the high bound.")
        elif self.value is not None and (
            (self.low is not None and self.value < self.low) or (self.high is not None and self.value > self.high)
        ):
            errors["value"] = gettext("The value lies outside its bounds.")
        if errors:
            raise ValidationError(errors)
        if self.start is not None and self.end is not None and (self.claim_id or Figure.claim.is_cached(self)):
            claim = self.claim
            if claim.start is not None and claim.end is not None:
                name = gettext("claim #{ref}").format(ref=claim.ref) if claim.pk else gettext("the claim")
                check_span(self.start, self.end, claim.end - claim.start, name, claim.start)

    def anchor(self) -> None:
        self.text = self.claim.article.text[self.start : self.end]


class ConflictKind(models.TextChoices):
    CONTRADICTION = "contradiction", _("Contradiction")
    SERIES = "series", _("Series over time")
    REVISION = "revision", _("Revision")
    CORROBORATION = "corroboration", _("Corroboration")


class ConflictStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class ConflictOrigin(models.TextChoices):
    DETECTED = "detected", _("Detected")
    MANUAL = "manual", _("Added by hand")


class FigureKey(models.Model):
    """A blocking key of a figure (claims.matching.blocking): figures are compared only under a shared key."""

    pk = models.CompositePrimaryKey("key", "figure")
    key = models.BigIntegerField(_("key"))
    figure = models.ForeignKey(Figure, verbose_name=_("figure"), on_delete=models.CASCADE, related_name="+",
                               db_index=True)

    def __str__(self) -> str:
        return f"{self.key} → figure {self.figure_id}"


class ConflictDismissal(models.Model):
    """A dismissed pair by where its figures stand in their articles, so it stays dismissed when the
    figures are extracted again as new rows."""

    anchor = models.CharField(_("anchor"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict dismissal")
        verbose_name_plural = _("conflict dismissals")

    def __str__(self) -> str:
        return self.anchor

    @staticmethod
    def anchor_of(a: tuple[int, int, int], b: tuple[int, int, int]) -> str:
        """Anchors of two figures, each (article id, start, end), in a fixed order."""
        first, second = sorted((a, b))
        return "{}:{}-{}|{}:{}-{}".format(*first, *second)


# Prepared (common.prepared): read for every conflict lookup, the busiest of the API's detail endpoints.
FIGURES_OF_CLAIMS = Prepared(lambda: Figure.objects.filter(one_of("claims_figure.claim_id")).values("id"))


def touching_article(vendor: str, article_id) -> RawSQL:
    """A condition: the conflict has a figure of the article on either side, in one statement. The figure ids
    come from a subquery read once, before the scan (an ARRAY on PostgreSQL), and each side's own index is
    matched on them, as on a list sent in. `article_id` may be prepared.MARK: it then stands twice."""
    figures = "SELECT f.id FROM claims_figure f JOIN claims_claim c ON c.id = f.claim_id WHERE c.article_id = %s"
    side = "= ANY(ARRAY({}))" if vendor == "postgresql" else "IN ({})"
    return RawSQL(f"(claims_conflict.figure_a_id {side.format(figures)} "
                  f"OR claims_conflict.figure_b_id {side.format(figures)})",
                  [article_id, article_id], output_field=models.BooleanField())


class ConflictQuerySet(models.QuerySet):
    """The conflicts of some figures, claims or an article. The figure ids are read first and matched on each
    side's own index: an OR across the joins to claims (or articles) made PostgreSQL hash-join every suggestion,
    17 s per request at 5 million (issue 16)."""

    def touching(self, figure_ids) -> ConflictQuerySet:
        """A queryset of figure ids stays a subquery, read by the database; other ids are listed once."""
        ids = figure_ids if isinstance(figure_ids, models.QuerySet) else list(figure_ids)
        return self.filter(Q(figure_a_id__in=ids) | Q(figure_b_id__in=ids))

    def of_claims(self, claim_ids) -> ConflictQuerySet:
        return self.touching(row["id"] for row in FIGURES_OF_CLAIMS.rows(list(claim_ids)))

    def of_article(self, article_id: int) -> ConflictQuerySet:
        return self.filter(touching_article(connections[self.db].vendor, article_id))

    def undismissed(self) -> ConflictQuerySet:
        return self.exclude(status=ConflictStatus.DISMISSED)

    def suggested_contradictions(self) -> ConflictQuerySet:
        """Contradictions nobody has decided yet."""
        return self.filter(kind=ConflictKind.CONTRADICTION, status=ConflictStatus.SUGGESTED)

    def detected_suggestions(self) -> ConflictQuerySet:
        """What detection made and nobody has decided: the only conflicts detection ever rewrites or removes."""
        return self.filter(status=ConflictStatus.SUGGESTED, origin=ConflictOrigin.DETECTED)


class Conflict(models.Model):
    # Stored in id order (a < b) so one pair has exactly one row.
    figure_a = models.ForeignKey(Figure, verbose_name=_("figure A"), on_delete=models.CASCADE,
                                 related_name="conflicts_as_a")
    figure_b = models.ForeignKey(Figure, verbose_name=_("figure B"), on_delete=models.CASCADE,
                                 related_name="conflicts_as_b")
    kind = models.CharField(_("kind"), max_length=16, choices=ConflictKind.choices, default=ConflictKind.CONTRADICTION)
    status = models.CharField(
        _("status"), max_length=16, choices=ConflictStatus.choices, default=ConflictStatus.SUGGESTED, db_index=True
    )
    explanation = models.TextField(_("explanation"), blank=True,
                                   help_text=_("Why the figures disagree, form a series or agree."))
    score = models.FloatField(_("score"), null=True, blank=True, db_index=True,
                              help_text=_("How sure detection is, 0 to 1; empty for a conflict added by hand."))
    origin = models.CharField(_("origin"), max_length=10, choices=ConflictOrigin.choices, default=ConflictOrigin.MANUAL)
    details = models.JSONField(_("details"), default=dict, blank=True, editable=False,
                               help_text=_("Shared terms, gap, times and bounds, as detection found them."))
    note = models.TextField(_("note"), blank=True, help_text=_("The reviewer's note on the decision."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ConflictQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["details"])

    class Meta:
        verbose_name = _("conflict")
        verbose_name_plural = _("conflicts")
        ordering = ["-id"]
        permissions = [("decide_conflict", "Can confirm or dismiss a conflict")]
        # Two indexes by score, best first, are PostgreSQL's alone (SQLite cannot index NULLS LAST): see
        # migration 0012. The API filters by kind and origin: a kind or origin with few conflicts walked all
        # of them, newest first (0.2 s at 5 million; see Article.Meta).
        indexes = [models.Index(fields=["kind"], name="conflict_kind"),
                   models.Index(fields=["origin"], name="conflict_origin")]
        constraints = [
            models.CheckConstraint(condition=Q(figure_a__lt=F("figure_b")), name="conflict_pair_ordered"),
            models.UniqueConstraint(
                fields=["figure_a", "figure_b"], name="conflict_pair_unique",
                violation_error_message=_("These two figures are already linked by a conflict."),
            ),
            models.CheckConstraint(
                condition=Q(status="suggested") | Q(decided_at__isnull=False),
                name="conflict_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        # Named by the figures' text, as editors know them (ids said nothing: "figure 1 / 25"): the figures loaded
        # with the conflict (select_related), else both texts in one query, not one each.
        try:
            if Conflict.figure_a.is_cached(self) or Conflict.figure_b.is_cached(self):
                texts = (self.figure_a.text, self.figure_b.text)
            else:
                found = dict(Figure._base_manager.filter(pk__in=[self.figure_a_id, self.figure_b_id])
                             .values_list("pk", "text"))
                texts = (found[self.figure_a_id], found[self.figure_b_id])
        except (ObjectDoesNotExist, KeyError):  # not chosen yet, or gone since (an old version in the history)
            return str(self.get_kind_display())
        return f"{self.get_kind_display()}: «{texts[0]}» / «{texts[1]}»"

    def clean(self) -> None:
        if self.figure_a_id and self.figure_a_id == self.figure_b_id:
            raise ValidationError({"figure_b": gettext("A figure cannot conflict with itself.")})
        if self.figure_a_id and self.figure_b_id and self.figure_a_id > self.figure_b_id:
            self.figure_a_id, self.figure_b_id = self.figure_b_id, self.figure_a_id
