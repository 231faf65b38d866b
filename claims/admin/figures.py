"""Figures in the admin: their own list and page, and the figures inline of a claim's page."""

from __future__ import annotations

from django.contrib import admin

from common.history_admin import LOCALIZED_NUMBERS, HistoryAdmin

from .. import services
from ..models import Claim, Figure
from .forms import GuardedFigureDeletes, bound_to
from .shared import FoundOnAdd, adopt, changes_of


class FigureInline(admin.TabularInline):
    model = Figure
    formset = GuardedFigureDeletes
    formfield_overrides = LOCALIZED_NUMBERS
    fields = ["start", "end", "text", "kind", "value", "low", "high", "date_value", "unit", "qualifier", "as_of"]
    readonly_fields = ["text"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        return bound_to(super().get_formset(request, obj, **kwargs), request.user)

    # On a stored claim a figure is added or moved by selecting it in the claim's text above the form
    # (figure_page), not by typing offsets into the article; its values stay editable here.
    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "start", "end"] if obj else self.readonly_fields

    def has_add_permission(self, request, obj=None):
        return obj is None and super().has_add_permission(request, obj)


def figure_fields(figure: Figure) -> dict:
    return {name: getattr(figure, name) for name in FigureInline.fields if name != "text"}


def save_figure_formset(claim: Claim, formset) -> None:
    """Inline rows go through the services, so anchoring and detection stay in one place."""
    figures = formset.save(commit=False)
    for figure in formset.deleted_objects:
        services.figure_delete(figure=figure)
    for figure in figures:
        if figure.pk:
            figure_form = next(f for f in formset.forms if f.instance is figure)
            services.figure_update(figure=figure, changes=changes_of(figure_form))
        else:
            services.figure_create(claim=claim, **figure_fields(figure))


@admin.register(Figure)
class FigureAdmin(FoundOnAdd, HistoryAdmin):
    list_display = ["id", "text", "kind", "value", "date_value", "unit", "qualifier", "as_of", "claim"]
    list_select_related = ["claim"]
    list_filter = ["kind", "qualifier", "unit"]
    search_fields = ["text", "unit", "claim__text"]
    raw_id_fields = ["claim"]
    readonly_fields = ["text"]

    def save_model(self, request, obj, form, change):
        if change:
            services.figure_update(figure=obj, changes=changes_of(form))
            obj.refresh_from_db()
        else:
            adopt(obj, *services.figure_get_or_create(claim=obj.claim, **figure_fields(obj)))
