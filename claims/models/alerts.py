"""Following and alerts: who wants to hear about what, what changed, and how each follower was told.

An Alert is one change the workbench noticed (a cited figure gone, a source dead, an article edited silently, a
new suggested contradiction), written once where the change is found; its `key` makes a second write of the same
change (a redelivered task, a rerun) a no-op. A Delivery is that alert for one follower on one channel.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    FEED = "feed", _("Atom feed")
    WEBHOOK = "webhook", _("Webhook")


class AlertKind(models.TextChoices):
    FIGURE_GONE = "figure_gone", _("Cited figure gone")
    SOURCE_DEAD = "source_dead", _("Source dead")
    ARTICLE_EDITED = "article_edited", _("Article edited silently")
    CONTRADICTION = "contradiction", _("New contradiction suggested")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    HELD = "held", _("Held for the daily digest")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    REFUSED = "refused", _("Refused (address not on the public web)")


class Follow(models.Model):
    """A user follows an article, a claim, or (neither set) the whole desk, on one channel."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="follows")
    article = models.ForeignKey("claims.Article", verbose_name=_("article"), on_delete=models.CASCADE, null=True,
                                blank=True, related_name="follows")
    claim = models.ForeignKey("claims.Claim", verbose_name=_("claim"), on_delete=models.CASCADE, null=True,
                              blank=True, related_name="follows")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    url = models.CharField(_("webhook URL"), max_length=2000, blank=True)
    secret = models.CharField(_("webhook secret"), max_length=64, blank=True, default=new_secret)
    digest = models.BooleanField(_("daily digest"), default=False,
                                 help_text=_("E-mail only: one mail a day instead of one per alert."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(condition=Q(article=None) | Q(claim=None), name="follow_one_target"),
            # Coalesce: NULLs are distinct in a unique index, and "the whole desk" is both NULL.
            models.UniqueConstraint(Coalesce("article", 0), Coalesce("claim", 0), "user", "channel", "url",
                                    name="follow_unique_per_target_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.channel} {self.target_label()}"

    def target_label(self) -> str:
        if self.claim_id:
            return str(_("claim {id}").format(id=self.claim_id))
        if self.article_id:
            return str(_("article {id}").format(id=self.article_id))
        return str(_("the whole desk"))

    def covers(self, alert: Alert) -> bool:
        if self.claim_id:
            return self.claim_id in alert.claim_ids
        if self.article_id:
            return self.article_id in alert.article_ids
        return True


class Alert(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=AlertKind.choices)
    key = models.CharField(_("key"), max_length=200, unique=True,
                           help_text=_("Names the change: the same change written twice is one alert."))
    text = models.CharField(_("text"), max_length=500)
    link = models.CharField(_("link"), max_length=300, help_text=_("The page where it is decided."))
    article = models.ForeignKey("claims.Article", verbose_name=_("article"), on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    claim = models.ForeignKey("claims.Claim", verbose_name=_("claim"), on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    source = models.ForeignKey("sources.Source", verbose_name=_("source"), on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    conflict = models.ForeignKey("claims.Conflict", verbose_name=_("conflict"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    # Everything the change touches, for matching followers: a dead source may be cited by many claims.
    claim_ids = models.JSONField(_("claims"), default=list, blank=True)
    article_ids = models.JSONField(_("articles"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True,
                                         help_text=_("When its deliveries were made."))

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["id"], condition=Q(dispatched_at=None), name="alert_undispatched")]

    def __str__(self) -> str:
        return self.text


class Delivery(models.Model):
    alert = models.ForeignKey(Alert, verbose_name=_("alert"), on_delete=models.CASCADE, related_name="deliveries")
    # SET_NULL: unfollowing stops what is still to send, not the alerts already received (the feed and My alerts
    # read deliveries, by `user`).
    follow = models.ForeignKey(Follow, verbose_name=_("follow"), on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # When the next attempt is due (pending) or the attempt under way runs out (sending): a delivery overdue by
    # more than five minutes lost its message (a flushed broker, a killed worker) and is queued again.
    due_at = models.DateTimeField(_("due"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["alert", "follow"], name="delivery_one_per_follow")]
        indexes = [models.Index(fields=["user", "channel", "-created_at"], name="delivery_of_user"),
                   models.Index(fields=["due_at"], condition=Q(state__in=["pending", "sending"]),
                                name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.channel} {self.state}"


class AlertInbox(models.Model):
    """Per user: the secret of their Atom feed and when they last looked at their alerts."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="alert_inbox")
    feed_token = models.CharField(_("feed token"), max_length=64, unique=True, default=new_secret)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert inbox")
        verbose_name_plural = _("alert inboxes")

    def __str__(self) -> str:
        return str(self.user)
