from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="claims.find_duplicate", time_limit=60, soft_time_limit=50, acks_late=True)
def find_duplicate_task(article_id: int) -> int | None:
    # acks_late: the service only sets a pointer, so running it twice is harmless.
    original = services.article_find_duplicate(article_id=article_id)
    return original.pk if original else None
