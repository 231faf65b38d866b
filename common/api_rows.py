"""Rows as the API's serializers write them: shared by claims' and sources' lists read as plain rows."""

from __future__ import annotations

from django.db.models import DateTimeField
from django.utils import timezone


def when(value, zone=None):
    """A datetime as DRF's DateTimeField writes it: in the current time zone (or `zone`, which a page looks up
    once: each lookup goes through asgiref's thread-local, a few microseconds), ISO 8601, UTC as Z. (DRF's own
    to_representation is a third of a page's time at 200 datetimes a page.)"""
    if value is None:
        return None
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def in_order(rows: list[dict], ids: list[int]) -> list[dict]:
    """The rows in the order of `ids` (a query by ids gives them in any order), leaving out ids not found."""
    found = {row["id"]: row for row in rows}
    return [found[pk] for pk in ids if pk in found]


def times_of(model) -> frozenset[str]:
    """The model's date-and-time fields: the ones a row writes with when()."""
    return frozenset(field.name for field in model._meta.fields if isinstance(field, DateTimeField))


def written(row: dict, fields, times: frozenset[str], zone=None) -> dict:
    """The row's `fields` as a serializer writes them: the date-and-time ones (`times`) by when()."""
    return {name: when(row[name], zone) if name in times else row[name] for name in fields}
