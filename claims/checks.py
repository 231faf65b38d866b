"""Configuration mistakes caught at start-up, with stable ids."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register


@register()
def eager_tasks_in_production(app_configs, **kwargs):
    if settings.DEBUG or not settings.CELERY_TASK_ALWAYS_EAGER:
        return []
    return [
        Warning(
            "REDIS_URL is not set, so Celery tasks run inside web requests.",
            hint="Set REDIS_URL and run workers (docker/compose.yaml) for anything beyond a demo.",
            id="factcheck.W001",
        )
    ]
