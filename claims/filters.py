from __future__ import annotations

import operator
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from functools import reduce

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from common.api_input import ambiguity
from common.filters import FilterSet

from . import search, units
from .models import Article, Claim, Conflict, Figure, FigureKind, Language, NamedSource, ReviewStatus

ID = {"min_value": 1, "max_value": 2**63 - 1}  # beyond a bigint is a 400, not an overflow
# Figure values are stored below 10**24 with 6 decimal places (models.NUMBER).
VALUE_LIMIT = Decimal(10) ** 24
VALUE_PLACE = Decimal("0.000001")


class IdFilter(django_filters.NumberFilter):
    # A whole number: NumberFilter's decimal form field would take 1.5 and the lookup would cut it to 1.
    field_class = forms.IntegerField


class StoredValueField(forms.DecimalField):
    """Any number, turned into the bound it sets on stored values: rounded toward the inside (value ≥ 0.0000001
    is value ≥ 0.000001) and cut to the column's range, so every number the schema allows is a valid filter."""

    def __init__(self, *, rounding: str, **kwargs) -> None:
        self.rounding = rounding
        super().__init__(**kwargs)

    def clean(self, value):
        if isinstance(value, str) and (problem := ambiguity(value)):
            raise forms.ValidationError(problem)
        number = super().clean(value)
        if number is None:
            return None
        with localcontext(prec=40):
            return max(-VALUE_LIMIT, min(VALUE_LIMIT, number)).quantize(VALUE_PLACE, rounding=self.rounding)


class ValueBoundFilter(django_filters.NumberFilter):
    field_class = StoredValueField

    def get_max_validator(self):
        return None  # StoredValueField cuts big numbers down instead


# Conditions on figures: all of them must hold for the same figure of a claim.
FIGURE_FILTERS = {"kind": "kind", "unit": "unit", "value_min": "value__gte", "value_max": "value__lte"}


def unit_is(unit: str) -> Q:
    """A figure's unit is this one however written: case, plural and inflection folded (claims.units). Each
    spelling compared case-blind, which the index on UPPER(unit) serves (migration 0016)."""
    return reduce(operator.or_, (Q(unit__iexact=spelling) for spelling in units.spellings(unit)))


class ClaimFilter(FilterSet):
    # A column of the claim itself: no join, so no DISTINCT (which cost a sort of every match: issue 16).
    status = django_filters.MultipleChoiceFilter(choices=ReviewStatus.choices, distinct=False)
    article = IdFilter(field_name="article_id", **ID)
    publisher = django_filters.CharFilter(lookup_expr="iexact")  # the article's, kept on the claim
    language = django_filters.ChoiceFilter(field_name="article__language", choices=Language.choices)
    text = django_filters.CharFilter(
        method="by_search", max_length=search.MAX_QUERY,
        help_text="Words (by their stems) and figures (by what they count: '5 Mio. Granaten' finds 'fünf Millionen "
                  "Artilleriegeschosse'), all of them in one claim.")
    speaker = django_filters.CharFilter(field_name="speaker", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(choices=FigureKind.choices, method="by_figure")
    unit = django_filters.CharFilter(
        method="by_figure", help_text="A figure's unit however written: Container finds containers and Containern.")
    value_min = ValueBoundFilter(method="by_figure", label="Smallest figure value", rounding=ROUND_CEILING,
                                 help_text="Digits with a point for decimals: 4850 or 4.85; 4.850 and 1,5 are refused.")
    value_max = ValueBoundFilter(method="by_figure", label="Largest figure value", rounding=ROUND_FLOOR,
                                 help_text="Digits with a point for decimals: 4850 or 4.85; 4.850 and 1,5 are refused.")

    cited = django_filters.BooleanFilter(method="by_citations", label=_("Cites a source"),
                                         help_text=_("false: claims that cite no source."))
    suggested_contradiction = django_filters.BooleanFilter(
        method="by_contradiction", label=_("Has a suggested contradiction"),
        help_text=_("true: claims with a figure in a contradiction nobody has decided yet."))

    class Meta:
        model = Claim
        fields = ["status", "article", "publisher", "language", "text", "speaker"]

    def by_citations(self, queryset, name, value):
        return queryset.citing(value)

    def by_contradiction(self, queryset, name, value):
        return queryset.with_suggested_contradiction(value)

    def by_search(self, queryset, name, value):
        return search.matching(queryset, value)

    def by_figure(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        wanted = {
            FIGURE_FILTERS[name]: self.form.cleaned_data[name]
            for name in FIGURE_FILTERS
            if self.form.cleaned_data.get(name) not in (None, "")
        }
        if not wanted:
            return queryset
        unit = unit_is(wanted.pop("unit")) if "unit" in wanted else Q()
        # EXISTS, not a join: no duplicate claims and one figure must meet every condition.
        return queryset.filter(Exists(Figure.objects.filter(unit, claim=OuterRef("pk"), **wanted)))


class ArticleFilter(FilterSet):
    publisher = django_filters.CharFilter(lookup_expr="iexact")
    published_after = django_filters.DateFilter(field_name="published", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published", lookup_expr="lte")
    title = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Article
        fields = ["publisher", "language", "title"]


class NamedSourceFilter(FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    resolved = django_filters.BooleanFilter(field_name="source", lookup_expr="isnull", exclude=True,
                                            label="Resolved to a page")

    class Meta:
        model = NamedSource
        fields = ["name", "kind"]


class ConflictFilter(FilterSet):
    article = IdFilter(method="by_article", **ID)
    min_score = django_filters.NumberFilter(field_name="score", lookup_expr="gte", min_value=0, max_value=1)

    class Meta:
        model = Conflict
        fields = ["status", "kind", "origin"]

    def by_article(self, queryset, name, value):
        return queryset.of_article(value)
