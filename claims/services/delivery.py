"""Sending a delivery: an e-mail through Django's mail, or a signed webhook through our safe fetcher.

A webhook's address is typed by a user, so it is fetched like any source: through sources.fetching, whose address
policy refuses internal networks (a name resolving to 192.168.x as much as a literal 10.0.0.1). Such a refusal is
final and recorded as "refused"; timeouts, 429 and 5xx are retried by the task with backoff. Redirects are not
followed: a body meant for one address is not posted to another.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from dataclasses import replace
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from sources import selectors as source_selectors
from sources.fetching.fetch import Fetcher

from .. import webhooks
from ..models import Alert, Channel, Delivery, DeliveryState
from ..selectors import on_the_desk

TRANSIENT_ERRORS = frozenset({"timeout", "unreachable", "bad_response"})
WEBHOOK_DEADLINE = 10.0
# Longer than the delivery task's hard time limit: a delivery still "sending" after it has no worker left.
LEASE = timedelta(seconds=120)
OVERDUE = timedelta(minutes=5)
OVERDUE_BATCH = 1000

logger = logging.getLogger(__name__)


class Sent(Enum):
    SENT = "sent"
    RETRY = "retry"  # worth another try later
    FAILED = "failed"
    REFUSED = "refused"
    SKIPPED = "skipped"  # not ours to send (another worker has it, or it is gone)


def absolute(link: str) -> str:
    return settings.FACTCHECK_SITE_URL.rstrip("/") + link


def retry_delay(retries: int) -> float:
    """30 s, 1, 2, 4 … minutes, with jitter: a receiver that is down gets room to come back."""
    base = 30 * 2**retries
    return base + random.uniform(0, base / 5)


def delivery_send(*, delivery_id: int, retries: int = 0) -> tuple[Sent, float]:
    """Send one delivery, claimed first so two workers never send it twice. Returns the outcome and, for RETRY,
    the seconds to wait before the next try."""
    claimed = Delivery.objects.filter(pk=delivery_id, state=DeliveryState.PENDING).update(
        state=DeliveryState.SENDING, attempts=F("attempts") + 1, due_at=Now() + LEASE)
    if not claimed:
        return Sent.SKIPPED, 0.0
    delivery = Delivery.objects.select_related("alert", "follow", "user").get(pk=delivery_id)
    error = why_not_sent(delivery)
    if error:
        outcome = Sent.FAILED
    else:
        try:
            outcome, error = _email(delivery) if delivery.channel == Channel.EMAIL else _webhook(delivery)
        except Exception:
            # A bug, not the receiver's doing: recorded as failed (never left "sending"), not retried.
            logger.exception("delivery %s failed", delivery_id)
            outcome, error = Sent.FAILED, _bug()
    delay = retry_delay(retries) if outcome is Sent.RETRY else 0.0
    _record(delivery, outcome, error, delay)
    return outcome, delay


def _bug() -> str:
    return _("The delivery failed on an error (the worker's log has it).")


def why_not_sent(delivery: Delivery) -> str:
    """Asked again when sending, for what changed since the dispatch: empty if it may go."""
    if delivery.follow_id is None:
        return _("Not sent: the follow was removed (unfollowed) before it went out.")
    if not on_the_desk(delivery.user):
        return _("Not sent: the user is no longer on the desk (deactivated, or without the role to read claims).")
    if delivery.channel == Channel.EMAIL and not delivery.user.email:
        return _("The user has no e-mail address.")
    return ""


def delivery_gave_up(*, delivery_id: int) -> None:
    """Retries are used up: the last error stays."""
    Delivery.objects.filter(pk=delivery_id, state=DeliveryState.PENDING).update(state=DeliveryState.FAILED,
                                                                               due_at=None)


def deliveries_overdue() -> list[int]:
    """Deliveries whose message was lost: pending past their time, or sending past the lease (the worker died).
    They are made pending again and returned, to be queued anew."""
    overdue = Delivery.objects.filter(state__in=[DeliveryState.PENDING, DeliveryState.SENDING],
                                      due_at__lt=Now() - OVERDUE)
    ids = list(overdue.values_list("pk", flat=True)[:OVERDUE_BATCH])
    if ids:
        Delivery.objects.filter(pk__in=ids, due_at__lt=Now() - OVERDUE).update(
            state=DeliveryState.PENDING, due_at=Now())
        logger.warning("%s alert deliveries lost their message; queued again", len(ids))
    return ids


def _record(delivery: Delivery, outcome: Sent, error: str, delay: float) -> None:
    state = {Sent.SENT: DeliveryState.SENT, Sent.RETRY: DeliveryState.PENDING, Sent.FAILED: DeliveryState.FAILED,
             Sent.REFUSED: DeliveryState.REFUSED}[outcome]
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        state=state, last_error=error[:500], sent_at=now if outcome is Sent.SENT else None,
        due_at=now + timedelta(seconds=delay) if outcome is Sent.RETRY else None)
    if outcome is not Sent.SENT:
        logger.info("delivery %s (%s) %s: %s", delivery.pk, delivery.channel, outcome.value, error)


# --- E-mail -------------------------------------------------------------------------------------------------


def _email(delivery: Delivery) -> tuple[Sent, str]:
    alert = delivery.alert
    try:
        send_mail(subject(alert), _mail_body([alert]),
                  settings.DEFAULT_FROM_EMAIL, [delivery.user.email])
    except OSError as exc:  # smtplib's errors are OSErrors: the mail server may be back later
        return Sent.RETRY, str(exc)
    return Sent.SENT, ""


def subject(alert: Alert) -> str:
    # One line: a header may not hold a line break, whatever a page title or a claim brought along.
    return _("[Fact-check] {text}").format(text=" ".join(alert.text.split())[:100])


def _mail_body(alerts: list[Alert]) -> str:
    return "\n\n".join(f"{alert.get_kind_display()}: {alert.text}\n{absolute(alert.link)}" for alert in alerts)


def digests_send() -> int:
    """The daily digest: one mail per user with every alert held for it; returns the mails sent."""
    held = Delivery.objects.filter(state=DeliveryState.HELD, channel=Channel.EMAIL)
    sent = 0
    for user_id in held.values_list("user_id", flat=True).distinct():
        sent += _digest_send(user_id)
    return sent


@transaction.atomic
def _digest_send(user_id: int) -> int:
    """One user's digest. Whatever goes wrong stays with this user's deliveries: the next user gets theirs."""
    deliveries = list(Delivery.objects.select_for_update(skip_locked=True).select_related("alert", "user")
                      .filter(state=DeliveryState.HELD, channel=Channel.EMAIL, user_id=user_id)
                      .order_by("alert__created_at"))
    deliveries = _drop_unsendable(deliveries)
    if not deliveries:
        return 0
    ids = [delivery.pk for delivery in deliveries]
    alerts = list({delivery.alert_id: delivery.alert for delivery in deliveries}.values())
    try:
        send_mail(_("[Fact-check] {n} alert(s) today").format(n=len(alerts)), _mail_body(alerts),
                  settings.DEFAULT_FROM_EMAIL, [deliveries[0].user.email])
    except OSError as exc:  # smtplib's errors: the server or this mailbox may take it tomorrow
        _digest_failed(ids, str(exc))
        logger.warning("digest for user %s not sent: %s", user_id, exc)
        return 0
    except Exception:
        logger.exception("digest for user %s failed", user_id)
        Delivery.objects.filter(pk__in=ids).update(state=DeliveryState.FAILED, last_error=_bug(),
                                                   attempts=F("attempts") + 1)
        return 0
    Delivery.objects.filter(pk__in=ids).update(
        state=DeliveryState.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1)
    return 1


def _drop_unsendable(deliveries: list[Delivery]) -> list[Delivery]:
    """Marks failed, with the reason, the held deliveries that may not go out any more; returns the others."""
    keep, dropped = [], {}
    for delivery in deliveries:
        why = why_not_sent(delivery)
        if why:
            dropped.setdefault(why, []).append(delivery.pk)
        else:
            keep.append(delivery)
    for why, ids in dropped.items():
        Delivery.objects.filter(pk__in=ids).update(state=DeliveryState.FAILED, last_error=why[:500])
    return keep


def _digest_failed(ids: list[int], error: str) -> None:
    """Held for tomorrow's digest, until it has failed on FACTCHECK_ALERT_RETRIES days after the first."""
    # `attempts` here is the count before this one: the first try and that many retries.
    given_up = When(attempts__gte=settings.FACTCHECK_ALERT_RETRIES, then=Value(DeliveryState.FAILED))
    Delivery.objects.filter(pk__in=ids).update(
        state=Case(given_up, default=Value(DeliveryState.HELD)), attempts=F("attempts") + 1, last_error=error[:500])


# --- Webhooks -----------------------------------------------------------------------------------------------


def payload(alert: Alert) -> dict:
    """The JSON a webhook gets. `text` alone (with the link) is what a chat tool's incoming webhook shows."""
    link = absolute(alert.link)
    return {"text": f"{alert.text} {link}", "alert": {
        "id": alert.pk, "kind": alert.kind, "text": alert.text, "link": link,
        "created_at": alert.created_at.isoformat(), "claim": alert.claim_id, "article": alert.article_id,
        "source": alert.source_id, "conflict": alert.conflict_id}}


def _webhook(delivery: Delivery) -> tuple[Sent, str]:
    body = json.dumps(payload(delivery.alert), ensure_ascii=False).encode()
    timestamp = int(time.time())
    headers = {"Content-Type": "application/json", webhooks.TIMESTAMP_HEADER: str(timestamp),
               webhooks.SIGNATURE_HEADER: webhooks.sign(delivery.follow.secret, timestamp, body),
               webhooks.DELIVERY_HEADER: str(delivery.pk)}
    fetched = asyncio.run(_post(delivery.follow.url, headers, body))
    if fetched.error == "blocked":
        return Sent.REFUSED, fetched.detail
    if fetched.error:
        return (Sent.RETRY if fetched.error in TRANSIENT_ERRORS else Sent.FAILED), f"{fetched.error}: {fetched.detail}"
    if 200 <= fetched.status < 300:
        return Sent.SENT, ""
    error = _("the receiver answered HTTP {status}").format(status=fetched.status)
    return (Sent.RETRY if fetched.status == 429 or fetched.status >= 500 else Sent.FAILED), error


async def _post(url: str, headers: dict, body: bytes):
    policy = replace(source_selectors.policy(), max_redirects=0, deadline=WEBHOOK_DEADLINE, max_bytes=65_536)
    async with Fetcher(policy) as fetcher:
        return await fetcher.fetch(url, method="POST", headers=headers, data=body)
