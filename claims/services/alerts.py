"""Alerts: written where a change is found, then handed to the people who follow what changed.

Raising is cheap and bulk, since it runs inside the check recorder and conflict detection: one read for the
details and one INSERT per batch, and only when something changed. Each alert names its change in `key`, so a
batch recorded again or a detection run twice adds nothing. Delivery is the worker's: after the commit a task
makes the deliveries (alerts_dispatch) and sends each (services.delivery).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import bulk
from sources.models import Citation

from ..models import (
    Alert,
    AlertInbox,
    AlertKind,
    Article,
    ArticleVersion,
    Channel,
    Claim,
    Conflict,
    Delivery,
    DeliveryState,
    Follow,
)
from ..models.alerts import new_secret
from ..selectors import desk_users

ALERT_FIELDS = ["kind", "key", "text", "link", "article_id", "claim_id", "source_id", "conflict_id", "claim_ids",
                "article_ids", "created_at"]
DISPATCH_BATCH = 500
QUOTE_CHARS = 120
URL_LENGTH = Follow._meta.get_field("url").max_length

logger = logging.getLogger(__name__)


# --- Raising ------------------------------------------------------------------------------------------------


def alerts_insert(rows: list[dict]) -> None:
    """Write alerts (dicts of ALERT_FIELDS without created_at) and have them dispatched after the commit."""
    if not rows:
        return
    now = timezone.now()
    for row in rows:
        row["created_at"] = now
        row["text"] = row["text"][:500]
        for name in ("article_id", "claim_id", "source_id", "conflict_id"):
            row.setdefault(name, None)
    bulk.insert(Alert, rows, ALERT_FIELDS, unique=["key"])
    transaction.on_commit(_dispatch_later)


def _dispatch_later() -> None:
    from ..tasks import dispatch_alerts_task

    dispatch_alerts_task.delay()


def checks_found(*, gone: list[int], died: list[int], lease) -> None:
    """From the check recorder: citations whose figure has just gone (it was there, or unchecked, before) and
    sources that have just become dead. `lease` names the check, so the batch recorded again is one alert."""
    rows = [_figure_gone(row, lease) for row in _citations(Q(id__in=gone))] if gone else []
    if died:
        rows += _sources_died(died, lease)
    alerts_insert(rows)


def _citations(where: Q) -> list[tuple]:
    return list(Citation.objects.filter(where).values_list(
        "id", "source_id", "source__url", "claim_id", "claim__article_id", "claim__text", "expected"))


def _figure_gone(row: tuple, lease) -> dict:
    citation_id, source_id, url, claim_id, article_id, claim_text, expected = row
    text = _("Cited figure gone from {url}: “{quote}”").format(url=url, quote=_short(expected or claim_text))
    return {"kind": AlertKind.FIGURE_GONE, "key": f"figure_gone:{citation_id}:{lease}", "text": text,
            "link": reverse("admin:claims_claim_change", args=[claim_id]), "claim_id": claim_id,
            "article_id": article_id, "source_id": source_id, "claim_ids": [claim_id], "article_ids": [article_id]}


def _sources_died(source_ids: list[int], lease) -> list[dict]:
    claims: dict[int, set] = {source_id: set() for source_id in source_ids}
    articles: dict[int, set] = {source_id: set() for source_id in source_ids}
    urls = {}
    for _citation, source_id, url, claim_id, article_id, _text, _expected in _citations(Q(source_id__in=source_ids)):
        claims[source_id].add(claim_id)
        articles[source_id].add(article_id)
        urls[source_id] = url
    rows = []
    for source_id in source_ids:
        if source_id not in urls:
            continue  # cited by no claim (an article's own page): nobody follows it here
        rows.append({"kind": AlertKind.SOURCE_DEAD, "key": f"source_dead:{source_id}:{lease}",
                     "text": _("Source dead: {url} (cited by {n} claim(s))").format(url=urls[source_id],
                                                                                 n=len(claims[source_id])),
                     "link": reverse("admin:sources_source_change", args=[source_id]), "source_id": source_id,
                     "claim_ids": sorted(claims[source_id]), "article_ids": sorted(articles[source_id])})
    return rows


def article_edited(*, version: ArticleVersion, claim_ids: list[int]) -> None:
    """A watched article's page now shows a version in which claims changed or went."""
    article = version.article
    alerts_insert([{
        "kind": AlertKind.ARTICLE_EDITED, "key": f"article_edited:{version.pk}",
        "text": _("Article edited silently: “{title}”, version {number}, {n} claim(s) changed or gone").format(
            title=_short(article.title), number=version.number, n=len(claim_ids)),
        "link": reverse("admin:claims_article_change", args=[article.pk]), "article_id": article.pk,
        "claim_ids": claim_ids, "article_ids": [article.pk],
    }])


def contradictions_suggested(pairs: Iterable[tuple[int, int]]) -> None:
    """New suggested contradictions between these figure pairs (conflict detection has just inserted them):
    one read for all of them. Keyed by the pair, so a suggestion removed and found again is not news."""
    wanted = set(pairs)
    if not wanted:
        return
    suggested = Conflict.objects.suggested_contradictions().filter(
        figure_a_id__in={a for a, _ in wanted}, figure_b_id__in={b for _, b in wanted})
    found = suggested.values_list(
        "id", "figure_a_id", "figure_b_id", "figure_a__claim_id", "figure_a__claim__article_id",
        "figure_b__claim_id", "figure_b__claim__article_id", "explanation")
    rows = []
    for conflict_id, a, b, claim_a, article_a, claim_b, article_b, explanation in found:
        if (a, b) not in wanted:
            continue
        rows.append({"kind": AlertKind.CONTRADICTION, "key": f"contradiction:{a}:{b}",
                     "text": _("New contradiction suggested: {explanation}").format(explanation=_short(explanation)),
                     "link": reverse("admin:claims_conflict_change", args=[conflict_id]), "conflict_id": conflict_id,
                     "claim_id": claim_b, "article_id": article_b, "claim_ids": sorted({claim_a, claim_b}),
                     "article_ids": sorted({article_a, article_b})})
    alerts_insert(rows)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


# --- Dispatching --------------------------------------------------------------------------------------------


def alerts_dispatch() -> list[int]:
    """Make the deliveries of alerts not dispatched yet; returns the deliveries to send now (e-mail, webhooks).
    Safe to run twice at once: each takes the alerts the other has not locked."""
    with transaction.atomic():
        alerts = list(Alert.objects.select_for_update(skip_locked=True).filter(dispatched_at=None)
                      .order_by("id")[:DISPATCH_BATCH])
        if not alerts:
            return []
        deliveries = _deliveries(alerts, _follows_of(alerts))
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        Alert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(dispatched_at=timezone.now())
        return list(Delivery.objects.filter(alert__in=alerts, state=DeliveryState.PENDING)
                    .values_list("pk", flat=True))


def _follows_of(alerts: list[Alert]) -> list[Follow]:
    """The follows matching these alerts, of people still on the desk: an account deactivated or stripped of its
    roles keeps its follows, but hears nothing more of unpublished claims."""
    claim_ids = {i for alert in alerts for i in alert.claim_ids}
    article_ids = {i for alert in alerts for i in alert.article_ids}
    return list(Follow.objects.filter(Q(article=None, claim=None) | Q(article_id__in=article_ids)
                                      | Q(claim_id__in=claim_ids), user__in=desk_users().values("pk"))
                .order_by("pk"))


def _deliveries(alerts: list[Alert], follows: list[Follow]) -> list[Delivery]:
    now = timezone.now()
    deliveries = []
    for alert in alerts:
        # One delivery per person and channel (and webhook address), however many of their follows match.
        seen = set()
        for follow in follows:
            key = (follow.user_id, follow.channel, follow.url)
            if key in seen or not follow.covers(alert):
                continue
            seen.add(key)
            state = _first_state(follow)
            deliveries.append(Delivery(alert=alert, follow=follow, user_id=follow.user_id, channel=follow.channel,
                                       state=state, created_at=now,
                                       sent_at=now if follow.channel == Channel.FEED else None,
                                       due_at=now if state == DeliveryState.PENDING else None))
    return deliveries


def _first_state(follow: Follow) -> str:
    if follow.channel == Channel.FEED:
        return DeliveryState.SENT  # the feed reads it from here: written is delivered
    if follow.digest:
        return DeliveryState.HELD
    return DeliveryState.PENDING


# --- Following ----------------------------------------------------------------------------------------------


def follow_create(*, user, channel: str, article_id: int | None = None, claim_id: int | None = None,
                  url: str = "", digest: bool = False) -> Follow:
    """Follow an article, a claim, or (neither given) the whole desk. Following again is the same follow."""
    if article_id and claim_id:
        raise ValidationError(_("Follow an article or a claim, not both."))
    if article_id and not Article.objects.filter(pk=article_id).exists() or \
            claim_id and not Claim.objects.filter(pk=claim_id).exists():
        raise ValidationError(_("There is no such article or claim (deleted meanwhile?)."))
    url = url.strip() if channel == Channel.WEBHOOK else ""
    if channel == Channel.WEBHOOK:
        _check_webhook_url(url)
    if channel == Channel.EMAIL and not user.email:
        # Else "Followed." and every mail after it fails where nobody looks.
        raise ValidationError(_("You have no e-mail address: set your e-mail address first, then follow by e-mail."))
    follow, _created = Follow.objects.get_or_create(
        user=user, article_id=article_id, claim_id=claim_id, channel=channel, url=url,
        defaults={"digest": digest and channel == Channel.EMAIL})
    return follow


def _check_webhook_url(url: str) -> None:
    """What can be told now (an http(s) URL, not an internal address literal); a name that resolves inward is
    refused when the delivery is attempted, by the fetcher, and recorded as refused."""
    from yarl import URL

    try:
        parsed = URL(url)
    except ValueError:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host or len(url) > URL_LENGTH \
            or any(ord(char) < 32 for char in url):
        raise ValidationError({"url": _("A webhook needs an http or https URL (at most {n} characters).").format(
            n=URL_LENGTH)})
    # Counted in bytes too: the URL is in the follows' unique index, whose rows PostgreSQL caps near 2,700 bytes,
    # and a letter outside ASCII takes up to four.
    if len(url.encode("utf-8", "replace")) > URL_LENGTH:
        raise ValidationError({"url": _("This webhook URL is too long: at most {n} bytes, and a letter outside "
                                        "ASCII takes two to four of them.").format(n=URL_LENGTH)})


def follow_delete(*, user, follow_id: int) -> int:
    return Follow.objects.filter(pk=follow_id, user=user).delete()[0]


def unfollow(*, user, article_id: int | None = None, claim_id: int | None = None) -> int:
    """Stop following this article, claim or (neither) the desk, on every channel."""
    return Follow.objects.filter(user=user, article_id=article_id, claim_id=claim_id).delete()[0]


def feed_token_renew(*, user) -> AlertInbox:
    """A new secret address for the user's feed: the old one (seen in a log, a proxy or a feed reader's service)
    answers 404 from now on."""
    inbox = inbox_of(user)
    inbox.feed_token = new_secret()
    inbox.save(update_fields=["feed_token"])
    return inbox


def follow_secret_renew(*, user, follow_id: int) -> Follow:
    """A new signing secret for one of the user's webhooks: what the old one signs no longer verifies."""
    follow = Follow.objects.filter(pk=follow_id, user=user, channel=Channel.WEBHOOK).first()
    if follow is None:
        raise ValidationError(_("No such webhook of yours."))
    follow.secret = new_secret()
    follow.save(update_fields=["secret"])
    return follow


def inbox_of(user) -> AlertInbox:
    inbox, _created = AlertInbox.objects.get_or_create(user=user)
    return inbox


def inbox_visit(*, user) -> tuple[AlertInbox, object]:
    """Mark the user's alerts seen now; returns the inbox and the previous visit's time (None: never)."""
    inbox = inbox_of(user)
    before = inbox.last_seen_at
    AlertInbox.objects.filter(pk=inbox.pk).update(last_seen_at=timezone.now())
    return inbox, before

