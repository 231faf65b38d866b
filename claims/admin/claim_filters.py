"""The claims list's filters for what is missing or open: a claim citing no source, a claim with a contradiction
nobody has decided (ClaimQuerySet.citing, .with_suggested_contradiction: EXISTS on indexes, no DISTINCT)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class CitationFilter(admin.SimpleListFilter):
    title = _("citations")
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("no", _("No citation")), ("yes", _("Cites a source"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        return queryset.citing(self.value() == "yes")


class ContradictionFilter(admin.SimpleListFilter):
    title = _("contradictions")
    parameter_name = "contradiction"

    def lookups(self, request, model_admin):
        return [("suggested", _("Suggested contradiction")), ("none", _("No suggested contradiction"))]

    def queryset(self, request, queryset):
        if self.value() not in ("suggested", "none"):
            return queryset
        return queryset.with_suggested_contradiction(self.value() == "suggested")
