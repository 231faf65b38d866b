from __future__ import annotations

from django.db.models import Count, QuerySet

from .models import Source


def sources() -> QuerySet[Source]:
    return Source.objects.annotate(citation_count=Count("citations"))
