from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, time
from itertools import islice

from django.db import connection
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from common.api import BrowsableAPI, FirstPage, RowsList, one_value, public_read
from common.api_input import StrictText
from common.api_rows import in_order
from common.prepared import Prepared
from sources import services as source_services

from . import api_rows, publishing, selectors, services
from .filters import ArticleFilter, ClaimFilter, ConflictFilter, NamedSourceFilter
from .models import VERDICTS, Claim, Conflict, parse_ref
from .public import PublicClaimSerializer
from .serializers import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleFromWebSerializer,
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
    NamedSourceListSerializer,
)


class ArticleViewSet(RowsList, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = selectors.articles()
    lookup_value_regex = r"[0-9]{1,18}"  # ASCII: \d would take other scripts' digits
    filterset_class = ArticleFilter
    # Cursor pages need non-null orderings: `published` may be empty.
    ordering_fields = ["id", "created_at"]
    write_permissions = {"create": "claims.add_article", "claims": "claims.add_claim"}

    def get_queryset(self):
        return selectors.articles_detail() if self.action == "retrieve" else selectors.articles()

    def get_serializer_class(self):
        if self.action == "create":
            return ArticleCreateSerializer
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def list(self, request, *args, **kwargs):
        return self.rows_page(self.filter_queryset(self.get_queryset()), api_rows.articles_of, api_rows.ARTICLE_ROW)

    def retrieve(self, request, *args, **kwargs):
        if request.query_params:
            # The list's filters apply to a detail too (a 404 outside them, a 400 for a bad one), as DRF has it.
            return super().retrieve(request, *args, **kwargs)
        # ArticleDetailSerializer's answer as rows (api_rows.article); the lookup's pattern made pk digits.
        body = api_rows.article(int(self.kwargs["pk"]))
        if body is None:
            raise Http404("No Article matches the given query.")  # as get_object_or_404 words it
        return Response(body)

    @extend_schema(request=PolymorphicProxySerializer(
                       component_name="ArticleInput", resource_type_field_name=None,
                       serializers=[ArticleCreateSerializer, ArticleFromWebSerializer]),
                   responses={201: ArticleWithClaimsSerializer, 202: ArticleSerializer})
    def create(self, request, *args, **kwargs):
        """Store an article and the claims extraction finds in it (201). A text longer than
        FACTCHECK_EXTRACT_IN_REQUEST_CHARS is stored at once and left to a worker: 202 with the article, whose
        `extraction_status` (at the Location given) goes from pending to done, or failed with a message.

        From the web: `{"url": …}` fetches the page (through the same guarded fetcher as source checks) and
        stores its article text; `{"html": …}` or `{"markdown": …}` give the page itself. The body's links
        become the citations of the claims whose sentences hold them, the sources the text names become
        their named sources, and a page read from its URL is watched for silent edits."""
        if _from_web(request.data):
            return self._create_from_web(request)
        data = self._validated(ArticleCreateSerializer, request)
        extract = data.pop("extract")
        if extract and services.extracts_in_background(data["text"]):
            # Sent again, the same long article is the stored one, still 202 with where its extraction stands.
            article, _ = services.article_get_or_create(**data, extract=True, later=True)
            location = request.build_absolute_uri(reverse("article-detail", kwargs={"pk": article.pk}))
            return Response(ArticleSerializer(selectors.articles().get(pk=article.pk)).data,
                            status=status.HTTP_202_ACCEPTED, headers={"Location": location})
        article, created = services.article_get_or_create(**data, extract=extract)
        return Response(_with_claims(article.pk), status=created_or_found(created))

    def _create_from_web(self, request):
        data = self._validated(ArticleFromWebSerializer, request)
        given = services.Given(title=data["title"], publisher=data["publisher"], author=data["author"],
                               published=data["published"], language=data["language"])
        # A page that cannot be fetched or read raises Django's ValidationError: a 400 saying why (api_errors).
        if "html" in data:
            article, created = services.article_from_html(html=data["html"], url=data["url"], given=given,
                                                          extract=data["extract"])
        elif "markdown" in data:
            article, created = services.article_from_markdown(markdown=data["markdown"], url=data["url"],
                                                              given=given, extract=data["extract"])
        else:
            article, created = services.article_from_url(url=data["url"], given=given, extract=data["extract"])
        return Response(_with_claims(article.pk), status=created_or_found(created))

    @extend_schema(methods=["GET"], responses=ClaimSerializer(many=True))
    @extend_schema(methods=["POST"], request=ClaimCreateSerializer, responses={201: ClaimSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None, ordering_fields=["number"])
    def claims(self, request, pk=None):
        article = get_object_or_404(selectors.articles(), pk=pk)
        if request.method == "POST":
            data = self._validated(ClaimCreateSerializer, request)
            # As on the desk: the figures extraction finds in the passage come with the claim.
            claim, created, _figures = services.claim_from_selection(article=article, user=request.user, **data)
            claim = selectors.claims().get(pk=claim.pk)
            return Response(ClaimSerializer(claim).data, status=created_or_found(created))
        return self.rows_page(Claim.objects.filter(article=article), api_rows.claims_of, api_rows.CLAIM)

    @staticmethod
    def _validated(serializer_class, request) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        # Publishers paste this into <script> tags; see publishing.SCRIPT_SAFE.
        return super().render(data, accepted_media_type, renderer_context).decode().translate(
            publishing.SCRIPT_SAFE).encode()


# The exports stream their own response; these renderers only let content negotiation accept the clients'
# Accept headers (no 406) and write a refusal (bad filter, bad date) as JSON.
class NDJSONRenderer(JSONRenderer):
    media_type = "application/x-ndjson"
    format = "jsonl"


class CSVRenderer(JSONRenderer):
    media_type = "text/csv"
    format = "csv"


NO_CLAIM = "No Claim matches the given query."  # as get_object_or_404 words it
PUBLISHING_ACTIONS = frozenset({"claimreview", "claimreviews", "export"})
# The class names the {ref} path parameter for all actions; the list-wide exports have none.
NO_REF = OpenApiParameter("ref", str, OpenApiParameter.PATH, exclude=True)
SINCE = OpenApiParameter(
    "since", OpenApiTypes.DATE, OpenApiParameter.QUERY,
    description="Only verdicts given on or after this day (YYYY-MM-DD, server time zone).",
)


@extend_schema(parameters=[
    OpenApiParameter("ref", str, OpenApiParameter.PATH, description="e.g. 12-3", pattern=r"^[0-9]{1,18}-[0-9]{1,9}$")
])
@extend_schema_view(list=extend_schema(parameters=[NO_REF]))
class ClaimViewSet(RowsList, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Claim.objects.all()
    serializer_class = ClaimSerializer
    # What anonymous clients may read with FACTCHECK_PUBLIC_API: published claims and their ClaimReviews.
    public_actions = frozenset({"list", "retrieve", "claimreview", "claimreviews"})
    filterset_class = ClaimFilter
    ordering_fields = ["id", "number", "created_at", "updated_at"]
    public_ordering_fields = ["id", "number"]
    lookup_field = "ref"
    lookup_value_regex = r"[0-9]{1,18}-[0-9]{1,9}"  # bounded: a 30-digit id is a 404, not an overflow
    http_method_names = ["get", "patch", "post", "head", "options"]
    write_permissions = {
        "partial_update": "claims.change_claim",
        "figures": "claims.add_figure",
        "conflicts": "claims.decide_conflict",
        # Citing a URL the desk has not seen creates its source too.
        "citations": ("sources.add_citation", "sources.add_source"),
    }

    def get_queryset(self):
        public = public_read(self)
        if self.action == "export":
            # The CSV reads the figures, their conflicts and the citations too: all fetched up front.
            claims = publishing.claims_for_export()
        elif public and self.action not in PUBLISHING_ACTIONS:
            claims = selectors.public_claims()
        else:
            claims = super().get_queryset()  # the staff's answers are built by api_rows
        # The public sees what the desk has published, none of its work in progress.
        return claims.published() if public else claims

    def get_serializer_class(self):
        return PublicClaimSerializer if public_read(self) else ClaimSerializer

    def get_object(self) -> Claim:
        parsed = parse_ref(self.kwargs["ref"])
        if parsed is None:
            raise Http404
        claim = get_object_or_404(self.get_queryset(), article_id=parsed[0], number=parsed[1])
        self.check_object_permissions(self.request, claim)
        return claim

    @extend_schema(request=ClaimUpdateSerializer, responses={
        200: ClaimSerializer,
        412: OpenApiResponse(description="If-Match names another version of the claim than the current one."),
        428: OpenApiResponse(description="Neither `version` nor `If-Match` was sent: say which version you read."),
    })
    def partial_update(self, request, *args, **kwargs):
        """Change a claim. Send the version you read, as `version` in the body or as the ETag in `If-Match`:
        without one the edit is refused (428), with a stale one too (409 for `version`, 412 for `If-Match`)."""
        claim = self.get_object()
        serializer = ClaimUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        matched, stated = _if_match(request, claim), changes.pop("version", None)
        if matched is None and stated is None:
            # An edit that names no version cannot tell whether it overwrites someone else's since.
            raise PreconditionRequired
        if None not in (matched, stated) and matched != stated:
            raise PreconditionFailed(f"If-Match names version {matched}, the body version {stated}: send one.")
        version = stated if matched is None else matched
        try:
            claim = services.claim_update(claim=claim, user=request.user, changes=changes, version=version)
        except services.StaleEdit as exc:
            if matched is None:
                raise
            raise PreconditionFailed(" ".join(exc.messages)) from None
        response = Response(api_rows.claims([claim.pk])[0])
        response["ETag"] = etag(claim)
        return response

    def list(self, request, *args, **kwargs):
        if public_read(self):
            return super().list(request, *args, **kwargs)
        publisher = only_publisher(request)
        if publisher is not None:
            # One outlet's claims, asked alone: the first page read by one prepared statement, as the
            # conflicts of an article are (ConflictViewSet.list).
            page = FirstPage(Claim, ("-id",), lambda limit: api_rows.claims_of_publisher(publisher, limit))
            return self.get_paginated_response(api_rows.claims_of(self.paginate_queryset(page)))
        return self.rows_page(self.filter_queryset(self.get_queryset()), api_rows.claims_of, api_rows.CLAIM)

    def retrieve(self, request, *args, **kwargs):
        if public_read(self):
            claim = self.get_object()
            response = Response(self.get_serializer(claim).data)
        else:
            # The staff's answer built from the claim's row, read once (no object permissions to check on a read).
            row = claim_row(api_rows.CLAIM_BY_REF, self.kwargs["ref"])
            response = Response(api_rows.claims_of([row])[0])
            claim = Claim(pk=row["id"], version=row["version"])
        response["ETag"] = etag(claim)
        return response

    @extend_schema(request=FigureInputSerializer, responses={201: FigureSerializer})
    @action(detail=True, methods=["post"])
    def figures(self, request, ref=None):
        claim = self.get_object()
        serializer = FigureInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        figure, created = services.figure_get_or_create(claim=claim, **serializer.validated_data)
        return Response(FigureSerializer(figure).data, status=created_or_found(created))

    @extend_schema(request=CitationInputSerializer, responses={201: CitationSerializer})
    @action(detail=True, methods=["post"])
    def citations(self, request, ref=None):
        claim = self.get_object()
        serializer = CitationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        citation, created = source_services.citation_get_or_create(claim=claim, **serializer.validated_data)
        return Response(CitationSerializer(citation).data, status=created_or_found(created))

    @extend_schema(methods=["GET"], responses=ConflictSerializer(many=True))
    @extend_schema(methods=["POST"], request=ClaimConflictDecideSerializer, responses=ConflictSerializer)
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None,
            ordering_fields=[])  # best first, always
    def conflicts(self, request, ref=None):
        """The claim's conflicting, corroborating and series figures, best first; POST decides one of them."""
        if request.method != "POST":  # GET, and HEAD, which DRF sends here too
            # Read by prepared queries: the claim's id, its figures, their conflicts and the figures at both ends.
            return Response(api_rows.conflicts_of_claim(claim_row(api_rows.CLAIM_ID_BY_REF, ref)["id"]))
        mine = selectors.conflicts_of_claim(self.get_object().pk)
        serializer = ClaimConflictDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        conflict = get_object_or_404(mine, pk=data.pop("conflict"))
        services.conflict_decide(conflict=conflict, user=request.user, **data)
        return Response(ConflictSerializer(mine.get(pk=conflict.pk)).data)

    @extend_schema(responses={
        200: OpenApiResponse(OpenApiTypes.OBJECT, description="The verdict as schema.org ClaimReview (JSON-LD)."),
        404: OpenApiResponse(description="No such claim, or it has no verdict yet."),
    })
    @action(detail=True, methods=["get"], renderer_classes=[JSONLDRenderer, JSONRenderer, BrowsableAPI])
    def claimreview(self, request, ref=None):
        claim = claim_row(publishing.REVIEW_BY_REF, ref)
        if public_read(self) and not publishing.is_published(claim):
            # As for a claim that does not exist: the public learns nothing of claims the desk has not published.
            raise Http404(NO_CLAIM)
        ref = f"{claim['article_id']}-{claim['number']}"
        if not publishing.is_published(claim):
            raise NotFound(f"claim {ref} has no verdict yet (status: {claim['status']}); "
                           "only reviewed claims are published")
        if not publishing.has_page(claim):
            if public_read(self):
                raise Http404(NO_CLAIM)
            raise NotFound(f"claim {ref} has a verdict but no public page yet: a reviewer sets its review_url (the "
                           "address of the desk's fact-check), and then it is published as ClaimReview")
        return Response(publishing.claim_reviews([claim])[0])

    @extend_schema(
        parameters=[NO_REF, SINCE], filters=True,
        responses={(200, NDJSONRenderer.media_type): OpenApiResponse(
            OpenApiTypes.STR, description="JSON Lines: one ClaimReview per claim with a verdict, oldest review first."
        )},
    )
    @action(detail=False, methods=["get"], pagination_class=None, renderer_classes=[JSONRenderer, NDJSONRenderer],
            ordering_fields=[])  # oldest review first, always
    def claimreviews(self, request):
        since = _since(one_value(request.query_params, "since"))
        # A verdict goes out once it has its page (review_url).
        claims = self.filter_queryset(self.get_queryset()).filter(status__in=VERDICTS).exclude(review_url="")
        if since is not None:
            claims = claims.filter(reviewed_at__gte=since)
        # Oldest first, so a harvester can resume with since= its last day.
        ids = claims.order_by("reviewed_at", "id").values_list("id", flat=True)
        return StreamingHttpResponse(self._review_lines(ids.iterator(chunk_size=publishing.EXPORT_CHUNK)),
                                     content_type=f"{NDJSONRenderer.media_type}; charset=utf-8")

    def _review_lines(self, ids: Iterator[int]) -> Iterator[str]:
        while chunk := list(islice(ids, publishing.EXPORT_CHUNK)):
            rows = in_order(publishing.REVIEWS.rows(chunk), chunk)
            for review in publishing.claim_reviews(rows):
                yield publishing.dumps(review) + "\n"

    @extend_schema(
        parameters=[NO_REF, OpenApiParameter(
            "dialect", str, enum=sorted(publishing.DIALECTS), description="standard (the default): commas, ISO times; "
            "excel-de: for German spreadsheets, semicolons, decimal commas, times as 18.11.2025 14:05:00.")],
        filters=True,
        responses={(200, CSVRenderer.media_type): OpenApiResponse(
            OpenApiTypes.STR, description=f"CSV (UTF-8 with BOM), columns: {', '.join(publishing.CSV_COLUMNS)}."
        )},
    )
    @action(detail=False, methods=["get"], pagination_class=None, renderer_classes=[JSONRenderer, CSVRenderer])
    def export(self, request):
        """The claims the list filters select, as CSV for a spreadsheet."""
        name = one_value(request.query_params, "dialect") or "standard"
        if name not in publishing.DIALECTS:
            raise ValidationError({"dialect": [f"Unknown dialect {name!r}: give one of "
                                               f"{', '.join(sorted(publishing.DIALECTS))}."]})
        claims = self.filter_queryset(self.get_queryset())
        return publishing.csv_response(request, claims.iterator(chunk_size=publishing.EXPORT_CHUNK),
                                       publishing.DIALECTS[name])


def claim_row(query: Prepared, ref: str) -> dict:
    """The claim's row by its reference (a prepared query taking article id and number), or a 404."""
    parsed = parse_ref(ref)
    found = query.rows(*parsed) if parsed else []
    if not found:
        raise Http404(NO_CLAIM)
    return found[0]


def _since(raw: str | None) -> datetime | None:
    if raw is None:
        return None
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        raise ValidationError({"since": [f"{raw!r} is not a day: use YYYY-MM-DD, e.g. 2024-06-19."]}) from None
    return timezone.make_aware(datetime.combine(day, time.min))


class ConflictViewSet(RowsList, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = selectors.conflicts()
    lookup_value_regex = r"[0-9]{1,18}"  # ASCII: \d would take other scripts' digits
    serializer_class = ConflictSerializer
    filterset_class = ConflictFilter
    ordering_fields = ["id", "created_at"]
    write_permissions = {"create": "claims.add_conflict", "decide": "claims.decide_conflict"}

    def list(self, request, *args, **kwargs):
        article = only_article(request)
        if article is not None:
            # The busiest filter, asked alone: its first page read by one prepared statement, without the
            # FilterSet and the query's compiling and planning (about a millisecond of the 4 a request took).
            page = FirstPage(Conflict, ("-id",),
                             lambda limit: api_rows.conflicts_of_article(article, limit))
            return self.get_paginated_response(api_rows.conflicts_of(self.paginate_queryset(page)))
        return self.rows_page(self.filter_queryset(self.get_queryset()), api_rows.conflicts_of, api_rows.CONFLICT)

    def retrieve(self, request, *args, **kwargs):
        # The row itself, read once, built by api_rows: not the figures and claims joined, not read twice.
        rows = self.filter_queryset(Conflict.objects.values(*api_rows.CONFLICT))
        return Response(api_rows.conflicts_of([get_object_or_404(rows, pk=kwargs["pk"])])[0])

    @extend_schema(request=ConflictCreateSerializer, responses={201: ConflictSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ConflictCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conflict, created = services.conflict_get_or_create(**serializer.validated_data)
        return Response(ConflictSerializer(self.get_queryset().get(pk=conflict.pk)).data,
                        status=created_or_found(created))

    @extend_schema(request=ConflictDecideSerializer, responses=ConflictSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        conflict = self.get_object()
        serializer = ConflictDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.conflict_decide(conflict=conflict, user=request.user, **serializer.validated_data)
        return Response(ConflictSerializer(self.get_queryset().get(pk=conflict.pk)).data)


class NamedSourceResolveSerializer(StrictText, serializers.Serializer):
    url = serializers.CharField(max_length=2000, help_text="The page the source is resolved to.")


class NamedSourceViewSet(viewsets.ReadOnlyModelViewSet):
    """The sources the desk's articles name ("laut Reuters"), one row however often and however inflected."""

    queryset = selectors.named_sources()
    lookup_value_regex = r"[0-9]{1,18}"
    serializer_class = NamedSourceListSerializer
    filterset_class = NamedSourceFilter
    ordering_fields = ["id", "name"]
    write_permissions = {"resolve": "claims.change_namedsource"}

    @extend_schema(request=NamedSourceResolveSerializer, responses=NamedSourceListSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def resolve(self, request, pk=None):
        """Give the named source its page: every claim that names it then cites the page, which is checked like
        any cited source."""
        serializer = NamedSourceResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.named_source_resolve(named_source=self.get_object(), url=serializer.validated_data["url"])
        return Response(NamedSourceListSerializer(selectors.named_sources().get(pk=pk)).data)


ARTICLE_ID = re.compile(r"[1-9][0-9]{0,17}")  # what ConflictFilter.article takes, written plainly


def asked_alone(request, name: str) -> str | None:
    """The value when a request asks for nothing but `name=<value>`, once; otherwise None."""
    values = request.query_params.getlist(name)
    return values[0] if len(request.query_params) == 1 and len(values) == 1 else None


def only_article(request) -> int | None:
    """The article's id when a request asks for nothing but `article=<id>`, once; otherwise None."""
    value = asked_alone(request, "article")
    return int(value) if value is not None and ARTICLE_ID.fullmatch(value) else None


def only_publisher(request) -> str | None:
    """The publisher when a request asks for nothing but `publisher=<name>`, once, written plainly; otherwise
    None. What the FilterSet's form would change or refuse (spaces around it stripped, nothing left, a NUL)
    goes through it, and so does everything on SQLite."""
    if connection.vendor != "postgresql":
        return None  # see api_rows.claims_of_publisher
    value = asked_alone(request, "publisher")
    return value if value and value == value.strip() and "\x00" not in value else None


def _with_claims(pk: int) -> dict:
    """A stored article as a create answers with it: its detail (links, page, versions) and its claims."""
    article = selectors.articles_detail().prefetch_related(
        Prefetch("claims", queryset=selectors.claims().order_by("number"))).get(pk=pk)
    return ArticleWithClaimsSerializer(article).data


def _from_web(data) -> bool:
    """A body with html or markdown, or a url and no text, is an article from the web."""
    if not hasattr(data, "keys"):
        return False
    return "html" in data or "markdown" in data or ("url" in data and "text" not in data)


def created_or_found(created: bool) -> int:
    """A create sent twice (a retry, a double click) finds the first one's row: 200 with it, not a second 201."""
    return status.HTTP_201_CREATED if created else status.HTTP_200_OK


def etag(claim: Claim) -> str:
    return f'"claim-{claim.pk}-v{claim.version}"'


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = (
        'Say which version of the claim you are changing: send "version" in the body (the claim\'s "version" '
        "field) or an If-Match header with the ETag its GET returned. If-Match: * names no version."
    )


def _if_match(request, claim: Claim) -> int | None:
    """The version an If-Match header names; it must be a (strong) ETag of this very claim."""
    header = request.headers.get("If-Match")
    # "*" means "whatever is current": it protects no edit, so it counts as no version at all.
    if header is None or header.strip() == "*":
        return None
    match = re.fullmatch(rf'\s*"claim-{claim.pk}-v(\d{{1,9}})"\s*', header)
    if not match:
        raise PreconditionFailed(f"If-Match {header[:100]!r} is not an ETag of claim {claim.ref}: send the ETag "
                                 "its GET returned.")
    return int(match[1])
