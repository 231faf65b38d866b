from __future__ import annotations

from django.contrib import admin

from . import selectors
from .models import Citation, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["url", "domain", "title", "publisher", "citations_listed", "created_at"]
    search_fields = ["url", "title", "domain", "publisher"]
    readonly_fields = ["domain", "created_at", "updated_at"]

    def get_queryset(self, request):
        return selectors.sources()

    @admin.display(description="Citations", ordering="citation_count")
    def citations_listed(self, source: Source) -> int:
        return source.citation_count


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "role", "source", "expected"]
    list_select_related = ["claim", "source"]
    list_filter = ["role"]
    search_fields = ["source__url", "expected", "claim__text"]
    raw_id_fields = ["claim"]
    autocomplete_fields = ["source"]
