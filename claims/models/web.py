"""What an article brought from the web: the links in its body, the sources its text names, and the later
versions of its page with where each claim stands in them."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from .core import Article, Claim


class ArticleLink(models.Model):
    """A link inside the article's body: its anchor and where the anchor stands in the stored text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    anchor = models.CharField(max_length=500)
    url = models.CharField(max_length=2000, help_text="As the page gave it, made absolute.")

    class Meta:
        ordering = ["article_id", "start", "id"]
        constraints = [models.CheckConstraint(condition=Q(start__lt=F("end")), name="articlelink_span_ordered")]

    def __str__(self) -> str:
        return f"{self.anchor[:40]} → {self.url}"


class SourceKind(models.TextChoices):
    OUTLET = "outlet", "Outlet"
    AGENCY = "agency", "News agency"
    OFFICIAL = "official", "Official body"
    PERSON = "person", "Person"
    OTHER = "other", "Organisation"


class NamedSource(models.Model):
    """A source the desk's articles name ("laut New York Times"): one row however often and however inflected
    it is named. Resolved to a page, it is checked like any cited source."""

    name = models.CharField(max_length=200, help_text="As first written, without its article.")
    key = models.CharField(max_length=200, unique=True, editable=False,
                           help_text="The name folded (case, articles, inflection): how two namings are one.")
    kind = models.CharField(max_length=16, choices=SourceKind.choices, default=SourceKind.OTHER)
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="named_as", help_text="The page it was resolved to.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Attribution(models.Model):
    """Where a claim's text names a source: "laut der New York Times", "berichtete Yonhap"."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    named_source = models.ForeignKey(NamedSource, on_delete=models.PROTECT, related_name="attributions")
    start = models.PositiveIntegerField(help_text="Offsets of the name in the article text.")
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=300, help_text="The name as written here.")

    class Meta:
        ordering = ["claim_id", "start"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "start"], name="attribution_once_per_place"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="attribution_span_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.claim} ← {self.text}"


class ArticleVersion(models.Model):
    """A later text of the article's page, found by a check: the article's own text stays what claims index."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(help_text="2 for the first change; 1 is the article's own text.")
    fetched_at = models.DateTimeField()
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    content_hash = models.CharField(max_length=64)
    changed_claims = models.PositiveIntegerField(default=0, help_text="Claims changed or gone in this version.")

    class Meta:
        ordering = ["article_id", "number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="articleversion_number_unique")]

    def __str__(self) -> str:
        return f"article {self.article_id} version {self.number}"


class AnchorStatus(models.TextChoices):
    UNCHANGED = "unchanged", "Unchanged"
    MOVED = "moved", "Moved"
    CHANGED = "changed", "Changed"
    GONE = "gone", "Gone"


class ClaimAnchor(models.Model):
    """Where a claim stands in a later version of its article, found again from its quote and context."""

    version = models.ForeignKey(ArticleVersion, on_delete=models.CASCADE, related_name="anchors")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="anchors")
    status = models.CharField(max_length=16, choices=AnchorStatus.choices, db_index=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="The passage in the new version.")
    similarity = models.FloatField(null=True, blank=True, help_text="0 to 100: how alike the two passages are.")
    figures = models.JSONField(default=list, blank=True, help_text="The figures read in the new passage.")

    class Meta:
        ordering = ["version_id", "claim_id"]
        constraints = [models.UniqueConstraint(fields=["version", "claim"], name="claimanchor_once_per_version")]

    def __str__(self) -> str:
        return f"{self.claim} in version {self.version_id}: {self.status}"
