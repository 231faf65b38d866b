from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecomputeRun(models.Model):
    """One run of the conflict recompute (claims.services.recompute): a full pass over every figure when the
    matching rules changed since the last full pass, else only the figures whose detection is due. The desk sees
    when it last ran and what it did; the next run reads which rules the last full pass used."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True,
                                       help_text=_("Empty while it runs, or if it stopped."))
    rules = models.CharField(_("rules"), max_length=64, help_text=_("Fingerprint of the matching rules it ran with."))
    full = models.BooleanField(_("full"), help_text=_("Every figure matched, not only those due."))
    figures = models.PositiveIntegerField(_("figures"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)

    class Meta:
        verbose_name = _("recompute run")
        verbose_name_plural = _("recompute runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{'full' if self.full else 'due'} recompute of {self.started_at:%Y-%m-%d %H:%M}"
