"""Queries compiled once and run again with new values: the API's busiest reads.

Django compiles a query in about half a millisecond, and a page of claims with its figures, citations and named
sources and the token behind the request is five queries: a fifth of the request at a million claims (issue
16). A prepared query is a values() query built once per connection around a placeholder, kept as its SQL and
its columns' converters, then run with the value of the moment. A list of ids travels as one parameter (an array
on PostgreSQL, a JSON array on SQLite), so the SQL is the same whatever the page's length.

On PostgreSQL with persistent connections the statement is also prepared on the server (PREPARE, once per
connection), so each run skips parsing and, after a few runs, planning: planning took two to three times as long
as running these lookups (0.3 to 0.8 ms against 0.15 to 0.5 ms at a million claims). Every prepared query looks
rows up by ids or keys, so a generic plan is the same index scan a custom one would be. DB_SERVER_PREPARE=false
turns this off, for a connection pooler that does not keep prepared statements (PgBouncer in transaction mode).
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler

MARK = object()  # stands for the value until it is known
PLACEHOLDER = re.compile(r"%[s%]")
NAMES = itertools.count(1)
logger = logging.getLogger(__name__)


def given() -> RawSQL:
    """The value given when the query runs, where a lookup takes one (`filter(key=given())`)."""
    return RawSQL("%s", [MARK])


def one_of(column: str) -> RawSQL:
    """A condition: `column` (table.column, as in the SQL) is one of the ids given when the query runs."""
    if connection.vendor == "postgresql":
        return RawSQL(f"{column} = ANY(%s)", [MARK], output_field=BooleanField())
    return RawSQL(f"{column} IN (SELECT value FROM json_each(%s))", [MARK], output_field=BooleanField())


class Prepared:
    """`build()` gives a values() query holding `one_of()` or `given()`; rows() runs it with their values, in the
    order they come in the SQL."""

    def __init__(self, build: Callable[[], QuerySet]) -> None:
        self.build = build
        self.name = f"factcheck_prepared_{next(NAMES)}"  # the server's name for it, the same on every connection
        self.server = True  # False once the server refused to prepare it: it then runs as plain SQL

    def rows(self, *values) -> list[dict]:
        values = [self._sent(value) for value in values]
        if any(value == [] for value in values):
            return []
        wrapper = connections[DEFAULT_DB_ALIAS]  # `connection` is a proxy shared by every thread
        plan = compiled(wrapper).get(self)
        if plan is None:
            plan = compiled(wrapper)[self] = _compile(self.build(), wrapper)
        if len(values) != plan.marks:
            raise ValueError(f"this query takes {plan.marks} values, not {len(values)}")
        given = iter(values)
        params = [next(given) if param is MARK else param for param in plan.params]
        with wrapper.cursor() as cursor:
            if self._on_server(wrapper, plan):
                cursor.execute(f"EXECUTE {self.name}({', '.join(['%s'] * len(params))})" if params
                               else f"EXECUTE {self.name}", params)
            else:
                cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if plan.converters:
            rows = plan.compiler.apply_converters(rows, plan.converters)
        return [dict(zip(plan.names, row, strict=True)) for row in rows]

    def _on_server(self, wrapper, plan: _Plan) -> bool:
        """Whether the statement is prepared on the server for this connection, preparing it the first time."""
        if not self.server or not server_prepares(wrapper):
            return False
        done = prepared_on(wrapper)
        if self.name in done:
            return True
        numbers = itertools.count(1)
        sql = PLACEHOLDER.sub(lambda mark: "%" if mark.group() == "%%" else f"${next(numbers)}", plan.sql)
        # Straight on the driver's cursor: setting up the connection is not one of the request's queries (tests
        # count those). Inside a transaction a refusal would abort it, so a savepoint keeps it apart.
        inside = not wrapper.get_autocommit()
        with wrapper.wrap_database_errors, wrapper.connection.cursor() as raw:
            try:
                if inside:
                    raw.execute("SAVEPOINT factcheck_prepare")
                raw.execute(f"PREPARE {self.name} AS {sql}")
            except wrapper.Database.Error:
                if inside:
                    raw.execute("ROLLBACK TO SAVEPOINT factcheck_prepare")
                logger.warning("PostgreSQL did not prepare %s; it runs as plain SQL", self.name, exc_info=True)
                self.server = False
                return False
            finally:
                if inside:
                    raw.execute("RELEASE SAVEPOINT factcheck_prepare")
        done.add(self.name)
        return True

    @staticmethod
    def _sent(value):
        """A list of ids as one parameter: an array on PostgreSQL, JSON text for SQLite's json_each."""
        if isinstance(value, Sequence) and not isinstance(value, str):
            return list(value) if connection.vendor == "postgresql" or not value else json.dumps(list(value))
        return value


class FirstPages:
    """A list's first page read by a prepared query: `build(limit)` gives the values() query cut to `limit` rows.
    Django writes the limit into the SQL itself, so each page length is a statement of its own."""

    def __init__(self, build: Callable[[int], QuerySet]) -> None:
        self.build = build
        self.by_limit: dict[int, Prepared] = {}

    def rows(self, limit: int, *values) -> list[dict]:
        if limit not in self.by_limit:
            self.by_limit[limit] = Prepared(lambda: self.build(limit))
        return self.by_limit[limit].rows(*values)


def server_prepares(wrapper) -> bool:
    """PostgreSQL with connections kept between requests: with a new connection for each request, preparing
    would cost a round trip and save nothing."""
    return (wrapper.vendor == "postgresql" and getattr(settings, "FACTCHECK_SERVER_PREPARE", True)
            and wrapper.settings_dict.get("CONN_MAX_AGE") != 0)


def prepared_on(wrapper) -> set[str]:
    """The statements the server holds for this connection: none once Django has opened a new one."""
    held = wrapper.__dict__.get("factcheck_server_prepared")
    if held is None or held[0] is not wrapper.connection:
        held = wrapper.__dict__["factcheck_server_prepared"] = (wrapper.connection, set())
    return held[1]


def compiled(wrapper) -> dict:
    """The plans compiled on this connection, kept on it: a plan holds its connection (the compiler and the
    converters do), so plans kept anywhere else would keep every thread's connection alive after the thread."""
    return wrapper.__dict__.setdefault("factcheck_prepared", {})


@dataclass(frozen=True)
class _Plan:
    compiler: SQLCompiler
    sql: str
    params: list
    marks: int
    names: list[str]
    converters: dict


def _compile(queryset: QuerySet, wrapper) -> _Plan:
    query = queryset.query
    compiler = query.get_compiler(connection=wrapper)
    sql, params = compiler.as_sql()
    # As Django's ValuesIterable names the columns.
    names = list(query.selected) if query.selected else [*query.extra_select, *query.values_select,
                                                          *query.annotation_select]
    converters = compiler.get_converters([column for column, _, _ in compiler.select])
    return _Plan(compiler, sql, list(params), sum(param is MARK for param in params), names, converters)
