"""Admin lists that count what they can in time and estimate the rest.

Django's admin counts every filtered list exactly before it shows a page. At a million claims some filters cost
seconds to count though their first page takes milliseconds: "no suggested contradiction" asks, for every claim,
whether one of its figures is in an open contradiction (11.8 s at a million claims, issue 16). On PostgreSQL the
count here gets FACTCHECK_ADMIN_COUNT_MS; a count that takes longer is stopped and the planner's estimate of the
list's rows is shown instead, as "about …". SQLite, the demo's database, always counts.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connections, transaction
from django.utils.functional import cached_property


class CountInTime(Paginator):
    estimated = False  # True when count is the planner's estimate

    @cached_property
    def count(self) -> int:
        found = counted_in_time(self.object_list)
        if found is None:
            self.estimated = True
            return estimated_rows(self.object_list)
        return found


def counted_in_time(queryset) -> int | None:
    """The exact count, or None if PostgreSQL could not count it within FACTCHECK_ADMIN_COUNT_MS."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.count()
    # set_config(…, true) holds to the end of the transaction: the old value is put back at once, since a
    # request run in one transaction would keep the short limit for everything after.
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        before = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('statement_timeout', %s, true)",
                       [f"{settings.FACTCHECK_ADMIN_COUNT_MS}ms"])
        try:
            with transaction.atomic(using=queryset.db):  # a savepoint: the cancelled count leaves the rest usable
                return queryset.count()
        except DatabaseError as exc:
            if getattr(exc.__cause__, "pgcode", None) != "57014":  # query_canceled
                raise
            return None
        finally:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])


def estimated_rows(queryset) -> int:
    """The planner's estimate of how many rows the list holds (no rows are read)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])
