from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from . import services
from .services import alerts, delivery

EXTRACT_SECONDS = settings.FACTCHECK_EXTRACT_SECONDS


@shared_task(name="claims.find_duplicate", time_limit=60, soft_time_limit=50, acks_late=True)
def find_duplicate_task(article_id: int) -> int | None:
    # acks_late: the service only sets a pointer, so running it twice is harmless.
    original = services.article_find_duplicate(article_id=article_id)
    return original.pk if original else None


@shared_task(name="claims.detect_conflicts", time_limit=120, soft_time_limit=100, acks_late=True)
def detect_conflicts_task(claim_ids: list[int], edited: bool = False) -> dict:
    # acks_late: detection replaces its own suggestions, so a second run writes nothing new.
    # A claim deleted in the meantime simply has no figures left to match.
    outcome = services.conflicts_detect(claim_ids=claim_ids, edited=edited)
    return {"figures": outcome.figures, "created": outcome.created, "removed": outcome.removed}


@shared_task(name="claims.recompute_conflicts", time_limit=3600, soft_time_limit=3500)
def recompute_conflicts_task() -> dict:
    outcome = services.conflicts_recompute()
    return {"figures": outcome.figures, "created": outcome.created, "removed": outcome.removed}


@shared_task(bind=True, name="claims.extract_claims", time_limit=EXTRACT_SECONDS + 30,
             soft_time_limit=EXTRACT_SECONDS, acks_late=True)
def extract_claims_task(self, article_id: int) -> int | None:
    # acks_late: the service claims the article first and adds only what is missing, in one transaction, so a
    # second delivery does nothing and a run cut short leaves nothing half-written.
    try:
        claims = services.article_extract_queued(article_id=article_id)
    except SoftTimeLimitExceeded:
        # The limits travel in the task's message: say the one this run had.
        seconds = (self.request.timelimit or (None, None))[1] or self.soft_time_limit
        services.article_extraction_failed(article_id=article_id, message=(
            f"Extraction took longer than {seconds:,} s (FACTCHECK_EXTRACT_SECONDS) and was stopped; "
            "nothing was stored."))
        return None
    except Exception:
        services.article_extraction_failed(article_id=article_id, message=(
            "Extraction stopped on an error (the worker's log has it); nothing was stored."))
        raise
    return None if claims is None else len(claims)


@shared_task(name="alerts.dispatch", time_limit=120, soft_time_limit=100)
def dispatch_alerts_task() -> int:
    # Sent after each commit that wrote alerts, and by beat as a net for a lost message: alerts are locked as
    # they are taken, so two runs never make the same deliveries.
    delivery_ids = alerts.alerts_dispatch() + delivery.deliveries_overdue()
    for delivery_id in delivery_ids:
        deliver_alert_task.delay(delivery_id)
    return len(delivery_ids)


@shared_task(bind=True, name="alerts.deliver", time_limit=60, soft_time_limit=45,
             max_retries=settings.FACTCHECK_ALERT_RETRIES)
def deliver_alert_task(self, delivery_id: int) -> str:
    # The delivery is claimed by a conditional update first, so a second delivery of this message sends nothing.
    outcome, delay = delivery.delivery_send(delivery_id=delivery_id, retries=self.request.retries)
    if outcome is delivery.Sent.RETRY:
        if self.request.retries >= self.max_retries:
            delivery.delivery_gave_up(delivery_id=delivery_id)
        else:
            raise self.retry(countdown=delay)
    return outcome.value


@shared_task(name="alerts.digest", time_limit=600, soft_time_limit=540)
def send_digests_task() -> int:
    return delivery.digests_send()
