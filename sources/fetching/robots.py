"""robots.txt per host, fetched once through the safe fetcher and kept for an hour.

RFC 9309: a missing file (4xx) allows everything. An unreachable or failing file would, strictly, forbid
everything; we do not let that hide the page's own failure, so the page is fetched and its own outcome
recorded.
"""

from __future__ import annotations

import asyncio
import logging
import time

from protego import Protego
from yarl import URL

from .fetch import Fetched, Fetcher

logger = logging.getLogger(__name__)

AGENT = "factcheck-workbench"
TTL = 3600.0
MAX_BYTES = 500_000

# Parsed rules per origin, shared by the batches one worker process runs (each batch has its own event loop).
_known: dict[str, tuple[float, Protego | None]] = {}
# A host that cannot be reached for robots.txt cannot be reached for the page either: say so at once
# instead of waiting out a second deadline. Kept per batch only, since the next batch may find it back.
# A timeout is not among them: a slow robots.txt says little about the pages.
HOST_DOWN = frozenset({"unreachable", "blocked"})


def forget() -> None:
    _known.clear()


class Robots:
    """One batch's view of the cache: the first job for an origin fetches, the others wait for it."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._pending: dict[str, asyncio.Future] = {}
        self.down: dict[str, Fetched] = {}

    async def allows(self, url: str) -> bool:
        rules = await self._rules(_origin(URL(url)))
        return rules is None or rules.can_fetch(url, AGENT)

    def host_down(self, url: str) -> Fetched | None:
        """The failed robots.txt fetch, when it showed the whole host cannot be reached."""
        return self.down.get(_origin(URL(url)))

    async def _rules(self, origin: str) -> Protego | None:
        known = _known.get(origin)
        if known and known[0] > time.monotonic():
            return known[1]
        if origin in self._pending:
            return await self._pending[origin]
        future = asyncio.get_running_loop().create_future()
        self._pending[origin] = future
        rules = await self._fetch(origin)
        _known[origin] = (time.monotonic() + TTL, rules)
        future.set_result(rules)
        del self._pending[origin]
        return rules

    async def _fetch(self, origin: str) -> Protego | None:
        fetched = await self.fetcher.fetch(f"{origin}/robots.txt", max_bytes=MAX_BYTES)
        if fetched.error in HOST_DOWN:
            self.down[origin] = fetched
        if fetched.error or fetched.status is None or not 200 <= fetched.status < 300:
            if fetched.error or (fetched.status or 0) >= 500:
                logger.info("robots.txt of %s not read (%s); checking pages anyway", origin,
                            fetched.error or fetched.status)
            return None
        try:
            return Protego.parse(fetched.body.decode("utf-8", errors="replace"))
        except Exception:  # a hostile robots.txt must not stop the batch; protego raises assorted errors
            logger.warning("robots.txt of %s could not be parsed", origin)
            return None


def _origin(url: URL) -> str:
    return str(url.origin())
