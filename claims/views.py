from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sources import services as source_services

from . import selectors, services
from .filters import ArticleFilter, ClaimFilter, ConflictFilter
from .models import Claim, parse_ref
from .serializers import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    ArticleWithClaimsSerializer,
    CitationInputSerializer,
    CitationSerializer,
    ClaimConflictDecideSerializer,
    ClaimCreateSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
    ConflictCreateSerializer,
    ConflictDecideSerializer,
    ConflictSerializer,
    FigureInputSerializer,
    FigureSerializer,
)


class ArticleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = selectors.articles()
    lookup_value_regex = r"\d{1,18}"
    filterset_class = ArticleFilter
    # Cursor pages need non-null orderings: `published` may be empty.
    ordering_fields = ["id", "created_at"]
    write_permissions = {"create": "claims.add_article", "claims": "claims.add_claim"}

    def get_serializer_class(self):
        if self.action == "create":
            return ArticleCreateSerializer
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    @extend_schema(request=ArticleCreateSerializer, responses={201: ArticleWithClaimsSerializer})
    def create(self, request, *args, **kwargs):
        data = self._validated(ArticleCreateSerializer, request)
        store = services.article_ingest if data.pop("extract") else services.article_create
        article = store(**data)
        article = selectors.articles().prefetch_related(
            Prefetch("claims", queryset=selectors.claims().order_by("number"))
        ).get(pk=article.pk)
        return Response(ArticleWithClaimsSerializer(article).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ClaimSerializer(many=True), request=ClaimCreateSerializer)
    @action(detail=True, methods=["get", "post"], filterset_class=None, ordering_fields=["number"])
    def claims(self, request, pk=None):
        article = get_object_or_404(selectors.articles(), pk=pk)
        if request.method == "POST":
            data = self._validated(ClaimCreateSerializer, request)
            claim = services.claim_create(article=article, **data)
            claim = selectors.claims().get(pk=claim.pk)
            return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(selectors.claims().filter(article=article))
        return self.get_paginated_response(ClaimSerializer(page, many=True).data)

    @staticmethod
    def _validated(serializer_class, request) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


@extend_schema(parameters=[OpenApiParameter("ref", str, OpenApiParameter.PATH, description="e.g. 12-3")])
class ClaimViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = selectors.claims()
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    ordering_fields = ["id", "number", "created_at", "updated_at"]
    lookup_field = "ref"
    lookup_value_regex = r"\d{1,18}-\d{1,9}"  # bounded: a 30-digit id is a 404, not an overflow
    http_method_names = ["get", "patch", "post", "head", "options"]
    write_permissions = {
        "partial_update": "claims.change_claim",
        "figures": "claims.add_figure",
        "conflicts": "claims.decide_conflict",
        # Citing a URL the desk has not seen creates its source too.
        "citations": ("sources.add_citation", "sources.add_source"),
    }

    def get_object(self) -> Claim:
        parsed = parse_ref(self.kwargs["ref"])
        if parsed is None:
            raise Http404
        claim = get_object_or_404(self.get_queryset(), article_id=parsed[0], number=parsed[1])
        self.check_object_permissions(self.request, claim)
        return claim

    @extend_schema(request=ClaimUpdateSerializer, responses=ClaimSerializer)
    def partial_update(self, request, *args, **kwargs):
        claim = self.get_object()
        serializer = ClaimUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.claim_update(claim=claim, user=request.user, changes=serializer.validated_data)
        return Response(ClaimSerializer(self.get_queryset().get(pk=claim.pk)).data)

    @extend_schema(request=FigureInputSerializer, responses={201: FigureSerializer})
    @action(detail=True, methods=["post"])
    def figures(self, request, ref=None):
        claim = self.get_object()
        serializer = FigureInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        figure = services.figure_create(claim=claim, **serializer.validated_data)
        return Response(FigureSerializer(figure).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CitationInputSerializer, responses={201: CitationSerializer})
    @action(detail=True, methods=["post"])
    def citations(self, request, ref=None):
        claim = self.get_object()
        serializer = CitationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        citation = source_services.citation_create(claim=claim, **serializer.validated_data)
        return Response(CitationSerializer(citation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ClaimConflictDecideSerializer, responses=ConflictSerializer(many=True))
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def conflicts(self, request, ref=None):
        """The claim's conflicting, corroborating and series figures, best first; POST decides one of them."""
        claim = self.get_object()
        mine = selectors.conflicts_of_claim(claim.pk)
        if request.method == "POST":
            serializer = ClaimConflictDecideSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            conflict = get_object_or_404(mine, pk=data.pop("conflict"))
            services.conflict_decide(conflict=conflict, user=request.user, **data)
            return Response(ConflictSerializer(mine.get(pk=conflict.pk)).data)
        return Response(ConflictSerializer(mine, many=True).data)


class ConflictViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = selectors.conflicts()
    lookup_value_regex = r"\d{1,18}"
    serializer_class = ConflictSerializer
    filterset_class = ConflictFilter
    ordering_fields = ["id", "created_at"]
    write_permissions = {"create": "claims.add_conflict", "decide": "claims.change_conflict"}

    @extend_schema(request=ConflictCreateSerializer, responses={201: ConflictSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ConflictCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conflict = services.conflict_create(**serializer.validated_data)
        return Response(
            ConflictSerializer(self.get_queryset().get(pk=conflict.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ConflictDecideSerializer, responses=ConflictSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        conflict = self.get_object()
        serializer = ConflictDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.conflict_decide(conflict=conflict, user=request.user, **serializer.validated_data)
        return Response(ConflictSerializer(self.get_queryset().get(pk=conflict.pk)).data)
