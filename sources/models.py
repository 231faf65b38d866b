from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from . import urls


def validate_source_url(value: str) -> None:
    try:
        urls.normalise(value)
    except urls.BadURL as exc:
        raise ValidationError(str(exc)) from exc


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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "source"], name="citation_unique_per_claim")]

    def __str__(self) -> str:
        return f"{self.claim} {self.role} {self.source}"
