"""Login throttling on top of django-axes (settings AXES_*): which client a request comes from, whose failures a
successful login forgives, and what a locked-out client is told.

Axes counts failures per user and per client address and refuses every login (even with the right password)
once either count reaches AXES_FAILURE_LIMIT within AXES_COOLOFF_TIME.
"""

from __future__ import annotations

import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def client_address(request: HttpRequest) -> str | None:
    """The client's address behind FACTCHECK_TRUSTED_PROXIES reverse proxies (AXES_CLIENT_IP_CALLABLE).

    Each proxy appends the address it was connected from to X-Forwarded-For, so the N-th entry from the right
    is the one the outermost trusted proxy saw; anything left of it the client may have written itself. With
    fewer entries than proxies the request did not come through them all: take the peer address.
    """
    hops = settings.FACTCHECK_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


class LoginAttempts(AxesDatabaseHandler):
    """Axes' database handler, with a narrower reset on success (AXES_RESET_ON_SUCCESS)."""

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # Axes would delete every failure matching any lockout parameter, the client's address included: a
        # login to one's own account would then wipe the failures made against other accounts from the same
        # client, and one valid account would give unlimited guesses. A success only forgives the failures
        # of this user from this client, which were this user's own typing.
        deleted, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials), ip_address=request.axes_ip_address,
        ).delete()
        return deleted


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with a Retry-After; JSON for API clients, a page for people."""
    limit, cool_off = get_failure_limit(request, credentials), get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60)
    message = (f"Too many failed logins: after {limit} failed attempts for one user or from one address, logging "
               f"in is locked for {minutes} minute{'s' if minutes != 1 else ''} from the last failed attempt. "
               "Try again later.")
    # Axes' own log lines mask the user and the address (AXES_SENSITIVE_PARAMETERS); this one says whom to unlock.
    logger.warning("login refused, locked out: user %r from %s on %s", get_client_username(request, credentials),
                   get_client_ip_address(request), request.path)
    if _wants_json(request):
        response = JsonResponse({"detail": message, "failure_limit": limit, "cooloff_minutes": minutes}, status=429)
    else:
        # Rendered now: axes answers from its middleware, after the stage that renders template responses.
        response = render(request, "claims/locked_out.html",
                          {"title": "Logins locked", "message": message, "login_url": request.get_full_path()},
                          status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def _wants_json(request: HttpRequest) -> bool:
    # A browser names text/html in Accept; curl's */* on an API path means a program.
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return True
    page, data = "text/html", "application/json"
    choices = [data, page] if request.path.startswith(API_PREFIX) else [page, data]
    return request.get_preferred_type(choices) == data
