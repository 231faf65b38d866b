"""Query parameters read strictly: the API refuses what its schema does not allow instead of guessing.

django-filter and DRF read the last of a repeated parameter and drop an empty one, so `?language=` listed
everything and `?article=1&article=2` listed article 2 only.
"""

from __future__ import annotations

import copy

import django_filters
from django.template import loader
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from .api import one_value, public_read

# Filters that take free text: for them an empty value is a value (and matches as it always did).
TEXT_FILTERS = (django_filters.CharFilter,)
# Filters that take the parameter repeated, one value each time.
MANY_FILTERS = (django_filters.MultipleChoiceFilter,)
# What a boolean filter reads as true or false; its form takes anything else for "no filter".
BOOLEANS = frozenset({"true", "false", "True", "False", "1", "0"})


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        # No filter asked for, no FilterSet built: its form cost about 0.6 ms of every request, detail views
        # included (issue 16). Our filters filter only on a value given.
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not any(name in request.query_params for name in filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def to_html(self, request, queryset, view):
        # The browsable API's filter form: every filter, not only those the request asks for (FilterSet).
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return None
        filterset.filters = copy.deepcopy(type(filterset).base_filters)
        return loader.get_template(self.template).render({"filter": filterset}, request)

    def get_filterset_kwargs(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            refuse_unreadable(request.query_params, filterset_class.base_filters)
        return super().get_filterset_kwargs(request, queryset, view)


def refuse_unreadable(query_params, filters: dict) -> None:
    errors = {}
    for name, filter_ in filters.items():
        values = query_params.getlist(name)
        if len(values) > 1 and not isinstance(filter_, MANY_FILTERS):
            errors[name] = [f"Give {name} once, not {len(values)} times."]
        elif "" in values and not isinstance(filter_, TEXT_FILTERS):
            errors[name] = [f"{name} is empty: give a value or leave the parameter out."]
        elif isinstance(filter_, django_filters.BooleanFilter) and not BOOLEANS.issuperset(values):
            errors[name] = [f"{name} is true or false."]
    if errors:
        raise ValidationError(errors)


class StrictOrderingFilter(OrderingFilter):
    """DRF drops the fields of `?ordering=` it does not know and orders by the rest (or by default), so a typo
    went unnoticed. Here a field not offered is a 400 naming those that are, and the schema lists them (both
    directions, several joined by commas) so that a client can know them beforehand."""

    def get_ordering(self, request, queryset, view):
        raw = one_value(request.query_params, self.ordering_param)
        if raw is None:
            return self.get_default_ordering(view)
        allowed = [name for name, _label in self.get_valid_fields(queryset, view, {"request": request})]
        terms = raw.split(",")
        if any(term.removeprefix("-") not in allowed for term in terms):
            raise ValidationError({self.ordering_param: [refusal(raw, allowed)]})
        return terms

    def get_valid_fields(self, queryset, view, context=None):
        # An anonymous reader orders by public fields only: the page cursor carries the last row's value of the
        # ordering field, so ordering by updated_at would hand out the desk's edit times.
        fields = super().get_valid_fields(queryset, view, context or {})
        if public_read(view):
            public = getattr(view, "public_ordering_fields", ())
            fields = [(name, label) for name, label in fields if name in public]
        return fields

    def get_schema_operation_parameters(self, view):
        fields = [name for name, _label in self.get_valid_fields(None, view)]
        if not fields:
            return []  # a list in a fixed order takes no ordering
        return [{
            "name": self.ordering_param,
            "required": False,
            "in": "query",
            "description": gettext("Fields to order by, several joined by commas; a - before a field orders it "
                                   "from the largest down (e.g. -{field})").format(field=fields[0]),
            # OpenAPI's way of writing a comma list: an array, not exploded.
            "style": "form",
            "explode": False,
            "schema": {"type": "array", "minItems": 1,
                       "items": {"type": "string", "enum": [f"{sign}{name}" for name in fields for sign in ("", "-")]}},
        }]


def refusal(raw: str, allowed: list[str]) -> str:
    if not allowed:
        return gettext("This list comes in a fixed order: leave ordering out.")
    return gettext("{given} is not an ordering of this list. Order by {fields}, with a - before a field for the "
                   "largest first (e.g. -{first}), several joined by commas.").format(
        given=repr(raw), fields=", ".join(allowed), first=allowed[0])
