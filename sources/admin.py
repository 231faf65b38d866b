from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from .models import Citation, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["url", "domain", "title", "publisher", "citation_count", "created_at"]
    search_fields = ["url", "title", "domain", "publisher"]
    readonly_fields = ["domain", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_total=Count("citations"))

    @admin.display(description="Citations", ordering="citation_total")
    def citation_count(self, source: Source) -> int:
        return source.citation_total


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "role", "source", "expected"]
    list_select_related = ["claim", "source"]
    list_filter = ["role"]
    search_fields = ["source__url", "expected", "claim__text"]
    raw_id_fields = ["claim"]
    autocomplete_fields = ["source"]
