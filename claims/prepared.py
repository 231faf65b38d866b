"""Queries compiled once and run again with new values: the API's busiest reads.

Django compiles a query in about half a millisecond, and a page of claims with its figures, citations and named
sources and the token behind the request is five queries: a fifth of the request at a million claims (issue
16). A prepared query is a values() query built once per connection around a placeholder, kept as its SQL and
its columns' converters, then run with the value of the moment. A list of ids travels as one parameter (an array
on PostgreSQL, a JSON array on SQLite), so the SQL is the same whatever the page's length.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler

MARK = object()  # stands for the value until it is known


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
        with wrapper.cursor() as cursor:
            cursor.execute(plan.sql, [next(given) if param is MARK else param for param in plan.params])
            rows = cursor.fetchall()
        if plan.converters:
            rows = plan.compiler.apply_converters(rows, plan.converters)
        return [dict(zip(plan.names, row, strict=True)) for row in rows]

    @staticmethod
    def _sent(value):
        """A list of ids as one parameter: an array on PostgreSQL, JSON text for SQLite's json_each."""
        if isinstance(value, Sequence) and not isinstance(value, str):
            return list(value) if connection.vendor == "postgresql" or not value else json.dumps(list(value))
        return value


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
