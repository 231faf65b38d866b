"""Reusable reads, shaped so a page of results costs a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from sources.models import Citation

from .models import Article, Claim, Conflict


def articles() -> QuerySet[Article]:
    return Article.objects.annotate(claim_count=Count("claims"))


def claims() -> QuerySet[Claim]:
    return Claim.objects.select_related("reviewer").prefetch_related(
        "figures", Prefetch("citations", queryset=Citation.objects.select_related("source"))
    )


def conflicts() -> QuerySet[Conflict]:
    return Conflict.objects.select_related("figure_a__claim", "figure_b__claim", "decided_by")
