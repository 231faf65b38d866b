"""When to look at a source again, and when it may be called dead.

Healthy pages are checked rarely; transient trouble is retried soon with exponential backoff and jitter
(jitter so a host that failed for a thousand sources is not hit by a thousand retries at once); pages that
answer "gone" are checked again over the following days. A single failure never makes a source dead: like
InternetArchiveBot, we want several consecutive failures spread over days.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import outcomes


@dataclass(frozen=True)
class Intervals:
    healthy: timedelta = timedelta(days=7)
    retry_first: timedelta = timedelta(minutes=15)
    retry_max: timedelta = timedelta(days=1)
    checker_first: timedelta = timedelta(hours=1)
    gone_first: timedelta = timedelta(days=1)
    dead_after: int = 3
    dead_span: timedelta = timedelta(days=3)
    jitter: float = 0.2


def next_check(outcome: str, *, retries: int, failures: int, retry_after: float | None,
               intervals: Intervals, rng: random.Random | None = None) -> timedelta:
    """Delay until the next check. `retries` and `failures` already count this check."""
    rng = rng or random
    if outcome in outcomes.TRANSIENT:
        delay = min(intervals.retry_first * 2 ** max(retries - 1, 0), intervals.retry_max)
        if retry_after is not None:
            delay = max(delay, timedelta(seconds=retry_after))
    elif outcome in outcomes.FAILURES:
        delay = min(intervals.gone_first * 2 ** max(failures - 1, 0), intervals.healthy)
    elif outcome == outcomes.CHECKER_ERROR:
        # A bug fails the same way on the next try; hourly, then daily, so a fixed checker gets to it soon.
        delay = min(intervals.checker_first * 2 ** max(retries - 1, 0), intervals.retry_max)
    else:
        delay = intervals.healthy
    spread = 1 + rng.uniform(-intervals.jitter, intervals.jitter)
    if retry_after is not None and outcome in outcomes.TRANSIENT:
        spread = max(spread, 1.0)  # never earlier than the server asked
    return delay * spread


def is_dead(*, failures: int, first_failure_at: datetime | None, now: datetime, intervals: Intervals) -> bool:
    if failures < intervals.dead_after or first_failure_at is None:
        return False
    return now - first_failure_at >= intervals.dead_span
