from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q

from .models import Article, Claim, Conflict, Figure, FigureKind, Language, ReviewStatus

ID = {"min_value": 1, "max_value": 2**63 - 1}  # beyond a bigint is a 400, not an overflow
VALUE = {"max_digits": 30, "decimal_places": 6}

# Conditions on figures: all of them must hold for the same figure of a claim.
FIGURE_FILTERS = {"kind": "kind", "unit": "unit__iexact", "value_min": "value__gte", "value_max": "value__lte"}


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ReviewStatus.choices)
    article = django_filters.NumberFilter(field_name="article_id", **ID)
    publisher = django_filters.CharFilter(field_name="article__publisher", lookup_expr="iexact")
    language = django_filters.ChoiceFilter(field_name="article__language", choices=Language.choices)
    text = django_filters.CharFilter(field_name="text", lookup_expr="icontains")
    speaker = django_filters.CharFilter(field_name="speaker", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(choices=FigureKind.choices, method="by_figure")
    unit = django_filters.CharFilter(method="by_figure")
    value_min = django_filters.NumberFilter(method="by_figure", label="Smallest figure value", **VALUE)
    value_max = django_filters.NumberFilter(method="by_figure", label="Largest figure value", **VALUE)

    class Meta:
        model = Claim
        fields = ["status", "article", "publisher", "language", "text", "speaker"]

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
        # EXISTS, not a join: no duplicate claims and one figure must meet every condition.
        return queryset.filter(Exists(Figure.objects.filter(claim=OuterRef("pk"), **wanted)))


class ArticleFilter(django_filters.FilterSet):
    publisher = django_filters.CharFilter(lookup_expr="iexact")
    published_after = django_filters.DateFilter(field_name="published", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published", lookup_expr="lte")
    title = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Article
        fields = ["publisher", "language", "title"]


class ConflictFilter(django_filters.FilterSet):
    article = django_filters.NumberFilter(method="by_article", **ID)
    min_score = django_filters.NumberFilter(field_name="score", lookup_expr="gte", min_value=0, max_value=1)

    class Meta:
        model = Conflict
        fields = ["status", "kind", "origin"]

    def by_article(self, queryset, name, value):
        return queryset.filter(Q(figure_a__claim__article_id=value) | Q(figure_b__claim__article_id=value))
