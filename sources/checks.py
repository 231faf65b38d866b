"""Fetch settings that are wrong or dangerous, caught at start-up with stable ids."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Warning, register

from .fetching import addresses


@register()
def fetch_allow_networks(app_configs, **kwargs):
    text = settings.FACTCHECK_FETCH_ALLOW_NETWORKS
    try:
        networks = addresses.parse_networks(text)
    except ValueError as exc:
        return [Error(f"FACTCHECK_FETCH_ALLOW_NETWORKS cannot be read: {exc}", id="factcheck.E002")]
    if networks and not settings.DEBUG:
        return [
            Warning(
                f"FACTCHECK_FETCH_ALLOW_NETWORKS lets source checks reach {text}, which is not the public web.",
                hint="It exists for tests and benchmarks on loopback; leave it empty in production.",
                id="factcheck.W002",
            )
        ]
    return []
