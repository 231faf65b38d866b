from __future__ import annotations

from celery import shared_task

from . import services


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
