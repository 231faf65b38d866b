from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from common.api import RowsList, asks_more
from common.api_rows import in_order, times_of, written
from common.filters import FilterSet
from common.prepared import Prepared, given, one_of

from . import selectors, services, warc_records
from .models import Outcome, Source, SourceCheck
from .serializers import RecheckSerializer, SourceCheckSerializer, SourceCreateSerializer, SourceSerializer


class WarcRenderer(JSONRenderer):
    """Lets content negotiation accept a client asking for application/warc; the file streams itself."""

    media_type = warc_records.MEDIA_TYPE
    format = "warc"


class SourceFilter(FilterSet):
    domain = django_filters.CharFilter(method="by_domain", help_text="The host name, in any case.")
    url = django_filters.CharFilter(lookup_expr="icontains")
    # A column of the source itself: no join, so no DISTINCT (issue 16).
    status = django_filters.MultipleChoiceFilter(choices=Outcome.choices, distinct=False,
                                                 help_text="Outcome of the last check.")
    is_dead = django_filters.BooleanFilter()
    figure_gone = django_filters.BooleanFilter()

    class Meta:
        model = Source
        fields = ["domain", "url", "status", "is_dead", "figure_gone"]

    def by_domain(self, queryset, name, value):
        # Stored lower-case (normal_urls.domain): the lower-cased name matches on the column's index, where the
        # case-blind match (UPPER) walked every source for a domain with none (57 ms at 200,000).
        return queryset.filter(domain=value.strip().lower())


SOURCE = SourceSerializer.Meta.fields
TIMES = times_of(Source)
SOURCES = Prepared(lambda: selectors.sources().filter(one_of("sources_source.id")).order_by().values(*SOURCE))


NO_SOURCE = "No Source matches the given query."  # as get_object_or_404 words it
SOURCE_EXISTS = Prepared(lambda: Source.objects.filter(id=given()).values("id"))
CHECK = SourceCheckSerializer.Meta.fields
CHECK_TIMES = times_of(SourceCheck)


def check_rows(page: list[dict]) -> list[dict]:
    """SourceCheckSerializer's rows for a page of checks read as values(*CHECK)."""
    zone = timezone.get_current_timezone()
    return [written(row, CHECK, CHECK_TIMES, zone) for row in page]


def source_rows(page: list[dict]) -> list[dict]:
    """SourceSerializer's rows for the page's sources, their citations counted and checked for a gone figure for
    these ids alone: over the whole filtered table PostgreSQL hashed every citation with a gone figure for each
    page, and the serializer's work per field was most of the rest (issue 16). tests/claims/test_api_rows.py holds
    them equal to the serializer."""
    ids = [row["id"] for row in page]
    zone = timezone.get_current_timezone()
    return [written(row, SOURCE, TIMES, zone) for row in in_order(SOURCES.rows(ids), ids)]


class SourceViewSet(RowsList, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = selectors.sources()
    lookup_value_regex = r"[0-9]{1,18}"  # ASCII: \d would take other scripts' digits
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    ordering_fields = ["id", "domain", "created_at", "last_checked_at", "next_check_at"]
    write_permissions = {"create": "sources.add_source", "recheck": "sources.change_source"}

    def list(self, request, *args, **kwargs):
        return self.rows_page(self.filter_queryset(self.get_queryset()), source_rows)

    def retrieve(self, request, *args, **kwargs):
        if request.query_params:
            # The list's filters apply to a detail too (a 404 outside them, a 400 for a bad one), as DRF has it.
            return super().retrieve(request, *args, **kwargs)
        # The list's row for this source, read once; the lookup's pattern made pk digits.
        found = source_rows([{"id": int(kwargs["pk"])}])
        if not found:
            raise Http404(NO_SOURCE)
        return Response(found[0])

    @extend_schema(request=SourceCreateSerializer, responses={200: SourceSerializer, 201: SourceSerializer})
    def create(self, request, *args, **kwargs):
        serializer = SourceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source, created = services.source_get_or_create(**serializer.validated_data)
        data = SourceSerializer(selectors.sources().get(pk=source.pk)).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(responses=SourceCheckSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, ordering_fields=[])
    def checks(self, request, pk=None):
        """The source's check history, newest first."""
        if asks_more(request):
            self.get_object()
        if not SOURCE_EXISTS.rows(int(pk)):
            raise Http404(NO_SOURCE)
        return self.rows_page(SourceCheck.objects.filter(source_id=pk), check_rows, CHECK)

    @extend_schema(filters=False, responses={(200, warc_records.MEDIA_TYPE): OpenApiResponse(
        OpenApiTypes.BINARY, description="The source's WARC evidence (gzip per record): a warcinfo record, then the "
        "request and response of each fetch that found the page changed, oldest first.")})
    @action(detail=True, methods=["get"], filterset_class=None, ordering_fields=[], pagination_class=None,
            renderer_classes=[JSONRenderer, WarcRenderer])
    def warc(self, request, pk=None):
        """The raw HTTP exchanges of the fetches that found the page changed, as one .warc.gz file."""
        source = Source.objects.filter(pk=pk).only("id", "url", "domain").first()
        if source is None:
            raise Http404(NO_SOURCE)
        return warc_records.warc_response(source)

    @extend_schema(request=None, responses={202: RecheckSerializer})
    @action(detail=True, methods=["post"])
    def recheck(self, request, pk=None):
        """Check the source now, whatever its schedule says; a check already under way is not started twice."""
        recheck = services.sources_recheck(source_ids=[self.get_object().pk])
        return Response(RecheckSerializer(recheck).data, status=status.HTTP_202_ACCEPTED)
