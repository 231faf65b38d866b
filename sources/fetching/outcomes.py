"""What one fetch says about a source: the outcome names editors see, and how each counts."""

from __future__ import annotations

import email.utils
import time

from yarl import URL

from . import pages
from .fetch import Fetched

OK = "ok"
REDIRECTED = "redirected"
BROKEN = "broken"
SERVER_ERROR = "server_error"
RATE_LIMITED = "rate_limited"
TIMEOUT = "timeout"
UNREACHABLE = "unreachable"
BLOCKED = "blocked"
TOO_LARGE = "too_large"
SOFT_404 = "soft_404"
BOT_WALL = "bot_wall"
DISALLOWED = "disallowed"
# The checker itself failed on this page (a bug, logged with its traceback): says nothing about the page.
CHECKER_ERROR = "checker_error"

GOOD = frozenset({OK, REDIRECTED})
# Worth asking again soon: the next answer may well differ.
TRANSIENT = frozenset({SERVER_ERROR, RATE_LIMITED, TIMEOUT, UNREACHABLE})
# Evidence the page is gone; enough of these, spread over days, make a source dead.
FAILURES = frozenset({BROKEN, SERVER_ERROR, TIMEOUT, UNREACHABLE, SOFT_404})
# Counted in a source's retry_count, so each retry waits longer.
RETRIED = TRANSIENT | {CHECKER_ERROR}
MAX_RETRY_AFTER = 7 * 24 * 3600
SHORT_PAGE = 2000


def classify(fetched: Fetched, page: pages.Page | None) -> str:
    if fetched.error:
        return _from_error(fetched.error)
    status = fetched.status or 0
    if status in (401, 403, 999) or (status in (200, 202, 429, 503) and _walled(fetched, page)):
        return BOT_WALL
    if status == 429 or (status == 503 and retry_after(fetched) is not None):
        return RATE_LIMITED
    if status >= 500:
        return SERVER_ERROR
    if status >= 400:
        return BROKEN
    if status >= 300 and status != 304:
        return BROKEN  # a redirect without a Location header leads nowhere
    if _sent_home(fetched) or (page is not None and pages.looks_not_found(page)):
        return SOFT_404
    return REDIRECTED if fetched.redirected and fetched.final_url != fetched.url else OK


def _from_error(error: str) -> str:
    return {
        "blocked": BLOCKED, "timeout": TIMEOUT, "too_large": TOO_LARGE,
        "redirect_loop": BROKEN, "too_many_redirects": BROKEN, "bad_response": SERVER_ERROR,
    }.get(error, UNREACHABLE)


def _walled(fetched: Fetched, page: pages.Page | None) -> bool:
    if page is not None and pages.looks_like_bot_wall(page):
        return True
    # Challenge scripts also sit on ordinary pages (a newsletter captcha): only a page with little text is a wall.
    short = page is None or len(page.text) < SHORT_PAGE
    return short and pages.looks_like_bot_wall_raw(fetched.body)


def _sent_home(fetched: Fetched) -> bool:
    """A deep link redirected to the site's front page: the article is gone, the site pretends it is not."""
    if not fetched.redirected:
        return False
    asked, landed = URL(fetched.url), URL(fetched.final_url)
    front = asked.path in ("", "/") or asked.path.rsplit("/", 1)[-1].startswith(("index.", "default."))
    return landed.path in ("", "/") and not front and not landed.query_string


def retry_after(fetched: Fetched) -> float | None:
    """Seconds the server asked us to wait, from a number or an HTTP date; None when it did not say."""
    value = fetched.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isascii() and value.isdecimal():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(max(when.timestamp() - time.time(), 0.0), MAX_RETRY_AFTER)
