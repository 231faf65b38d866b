from __future__ import annotations

from django.db import models


class RecomputeRun(models.Model):
    """One run of the conflict recompute (claims.services.recompute): a full pass over every figure when the
    matching rules changed since the last full pass, else only the figures whose detection is due. The desk sees
    when it last ran and what it did; the next run reads which rules the last full pass used."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="Empty while it runs, or if it stopped.")
    rules = models.CharField(max_length=64, help_text="Fingerprint of the matching rules it ran with.")
    full = models.BooleanField(help_text="Every figure matched, not only those due.")
    figures = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{'full' if self.full else 'due'} recompute of {self.started_at:%Y-%m-%d %H:%M}"
