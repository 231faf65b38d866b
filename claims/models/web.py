"""What an article brought from the web: the links in its body, the sources its text names, and the later
versions of its page with where each claim stands in them."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .core import Article, Claim


class ArticleLink(models.Model):
    """A link inside the article's body: its anchor and where the anchor stands in the stored text."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="links")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    anchor = models.CharField(_("anchor"), max_length=500)
    url = models.CharField(_("URL"), max_length=2000, help_text=_("As the page gave it, made absolute."))

    class Meta:
        verbose_name = _("article link")
        verbose_name_plural = _("article links")
        ordering = ["article_id", "start", "id"]
        constraints = [models.CheckConstraint(condition=Q(start__lt=F("end")), name="articlelink_span_ordered")]

    def __str__(self) -> str:
        return f"{self.anchor[:40]} → {self.url}"


class SourceKind(models.TextChoices):
    OUTLET = "outlet", _("Outlet")
    AGENCY = "agency", _("News agency")
    OFFICIAL = "official", _("Official body")
    PERSON = "person", _("Person")
    OTHER = "other", _("Organisation")


class NamedSource(models.Model):
    """A source the desk's articles name ("laut New York Times"): one row however often and however inflected
    it is named. Resolved to a page, it is checked like any cited source."""

    name = models.CharField(_("name"), max_length=200, help_text=_("As first written, without its article."))
    key = models.CharField(_("key"), max_length=200, unique=True, editable=False,
                           help_text=_("The name folded (case, articles, inflection): how two namings are one."))
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices, default=SourceKind.OTHER)
    source = models.ForeignKey("sources.Source", verbose_name=_("source"), null=True, blank=True,
                               on_delete=models.SET_NULL,
                               related_name="named_as", help_text=_("The page it was resolved to."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("named source")
        verbose_name_plural = _("named sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Attribution(models.Model):
    """Where a claim's text names a source: "laut der New York Times", "berichtete Yonhap"."""

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="attributions")
    named_source = models.ForeignKey(NamedSource, verbose_name=_("named source"), on_delete=models.PROTECT,
                                     related_name="attributions")
    start = models.PositiveIntegerField(_("start"), help_text=_("Offsets of the name in the article text."))
    end = models.PositiveIntegerField(_("end"))
    text = models.CharField(_("text"), max_length=300, help_text=_("The name as written here."))

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        ordering = ["claim_id", "start"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "start"], name="attribution_once_per_place"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="attribution_span_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.claim} ← {self.text}"


class ArticleVersion(models.Model):
    """A later text of the article's page, found by a check: the article's own text stays what claims index."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"),
                                         help_text=_("2 for the first change; 1 is the article's own text."))
    fetched_at = models.DateTimeField(_("fetched"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    changed_claims = models.PositiveIntegerField(_("changed claims"), default=0,
                                                 help_text=_("Claims changed or gone in this version."))

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article_id", "number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="articleversion_number_unique")]

    def __str__(self) -> str:
        return f"article {self.article_id} version {self.number}"


class AnchorStatus(models.TextChoices):
    UNCHANGED = "unchanged", _("Unchanged")
    MOVED = "moved", _("Moved")
    CHANGED = "changed", _("Changed")
    GONE = "gone", _("Gone")


class ClaimAnchor(models.Model):
    """Where a claim stands in a later version of its article, found again from its quote and context."""

    version = models.ForeignKey(ArticleVersion, verbose_name=_("version"), on_delete=models.CASCADE,
                                related_name="anchors")
    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="anchors")
    status = models.CharField(_("status"), max_length=16, choices=AnchorStatus.choices, db_index=True)
    start = models.PositiveIntegerField(_("start"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True, help_text=_("The passage in the new version."))
    similarity = models.FloatField(_("similarity"), null=True, blank=True,
                                   help_text=_("0 to 100: how alike the two passages are."))
    figures = models.JSONField(_("figures"), default=list, blank=True,
                               help_text=_("The figures read in the new passage."))

    class Meta:
        verbose_name = _("claim anchor")
        verbose_name_plural = _("claim anchors")
        ordering = ["version_id", "claim_id"]
        constraints = [models.UniqueConstraint(fields=["version", "claim"], name="claimanchor_once_per_version")]

    def __str__(self) -> str:
        return f"{self.claim} in version {self.version_id}: {self.status}"
