from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from . import selectors, services
from .models import Source
from .serializers import SourceCreateSerializer, SourceSerializer


class SourceFilter(django_filters.FilterSet):
    domain = django_filters.CharFilter(lookup_expr="iexact")
    url = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Source
        fields = ["domain", "url"]


class SourceViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = selectors.sources()
    lookup_value_regex = r"\d{1,18}"
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    ordering_fields = ["id", "domain", "created_at"]
    write_permissions = {"create": "sources.add_source"}

    @extend_schema(request=SourceCreateSerializer, responses={200: SourceSerializer, 201: SourceSerializer})
    def create(self, request, *args, **kwargs):
        serializer = SourceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source, created = services.source_get_or_create(**serializer.validated_data)
        data = SourceSerializer(selectors.sources().get(pk=source.pk)).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
