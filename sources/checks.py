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


ARCHIVE_TEMPLATES = ("FACTCHECK_MEMENTO_TIMEMAP", "FACTCHECK_MEMENTO_TIMEGATE", "FACTCHECK_SAVE_PAGE_NOW_URL")


@register()
def archive_endpoints(app_configs, **kwargs):
    """An archive endpoint must be an http(s) URL with "{url}" where the page's URL goes; empty turns it off."""
    errors = []
    for name in ARCHIVE_TEMPLATES:
        value = getattr(settings, name)
        if value and (not value.startswith(("http://", "https://")) or "{url}" not in value):
            errors.append(Error(f"{name} must be an http(s) URL with {{url}} where the page's URL goes: {value!r}",
                                id="factcheck.E012"))
    return errors
