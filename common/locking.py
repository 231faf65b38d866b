"""Writes that race: row locks held until commit, and a save that says in words why a lost race failed.
Shared by the apps' services (claims.services, sources.services), which must not import each other both ways."""

from __future__ import annotations

from django.db import IntegrityError, transaction


def lock_rows(model, *pks: int) -> None:
    """Hold the rows until commit, so creates under them run one after the other: the second of two identical
    creates finds the first's row instead of nothing. (In id order, so two lockers cannot deadlock.)"""
    list(model.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk"))


def save_or_explain(row) -> None:
    """Save a row checked under a lock that not every writer takes (admin forms, detection). If one of them
    stored the same row meanwhile, the unique constraint refuses it: `full_clean` then says why in words, as if
    that row had been there at the check."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        row.full_clean()
        raise
