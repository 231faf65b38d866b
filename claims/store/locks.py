"""The detection lock, and how a transaction of detection's own commits.

Detection tasks share one PostgreSQL advisory lock; a full recompute holds it alone, so tasks wait while it
runs and afterwards bring up to date whatever changed meanwhile. Two recomputes never run at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection

LOCK = 7_340_117  # PostgreSQL advisory lock: tasks share it, a full recompute holds it alone

# Detection writes only what it can find again: a commit lost to a server crash leaves its figures due (never
# derived), and the nightly run detects them (services.recompute). So a transaction of its own does not wait
# for its commit to reach the disk, half a millisecond of a new claim's detection (issue 16). What the
# transaction writes stays atomic and in order; only the last fraction of a second can be lost in a crash.
QUICK_COMMIT = "SET LOCAL synchronous_commit = off;"


def shared(sql: str, params: list, *, quick: bool) -> tuple[str, list]:
    """`sql` preceded by taking the shared detection lock (and QUICK_COMMIT with `quick`), in one round trip."""
    return f"SELECT pg_advisory_xact_lock_shared(%s); {QUICK_COMMIT if quick else ''} {sql}", [LOCK, *params]


def can_fork() -> bool:
    """Whether the recompute may share its work out between forked processes: on PostgreSQL, and outside a
    transaction (forking closes the parent's connections, which a caller's open transaction forbids)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


@contextlib.contextmanager
def recompute_lock() -> Iterator[None]:
    """Hold the detection lock alone, on a connection of its own, which forked children leave alone."""
    if connection.vendor != "postgresql":
        yield  # the SQLite demo is one process
        return
    if connection.in_atomic_block:
        # Inside the caller's transaction (which may hold the shared lock itself): lock until it ends.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        yield
        return
    holder = connection.get_new_connection(connection.get_connection_params())
    holder.autocommit = True
    try:
        with holder.cursor() as cursor:
            # Waits for running detection tasks (they share the lock) and for another recompute.
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        yield
    finally:
        holder.close()  # ends the session, and with it the lock
