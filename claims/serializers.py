from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api_input import PlainDecimalField, StrictText
from sources.models import Citation, FigureStatus

from .extraction.found import number
from .models import (
    Article,
    ArticleLink,
    ArticleVersion,
    Attribution,
    Claim,
    ClaimAnchor,
    Conflict,
    ConflictKind,
    ConflictStatus,
    Figure,
    FigureKind,
    Language,
    NamedSource,
    Qualifier,
)


def figure_value(kind: str, date_value: str, value):
    """A figure's value as the API, the exports and ClaimReview give it: a date's ISO text, as precise as the
    article put it (2024-06-19, 2024-03, 1961), else a JSON number."""
    return date_value if kind == FigureKind.DATE else number(value)

class FigureSerializer(serializers.ModelSerializer):
    value = serializers.SerializerMethodField()
    low = serializers.SerializerMethodField()
    high = serializers.SerializerMethodField()

    class Meta:
        model = Figure
        fields = ["id", "start", "end", "text", "kind", "value", "low", "high", "unit", "qualifier", "as_of"]

    @extend_schema_field({
        "oneOf": [{"type": "number"}, {"type": "string"}],
        "description": "A number, or for a date its ISO text as precise as the article put it (2024-06-19, 2024-03).",
    })
    def get_value(self, figure: Figure):
        return figure_value(figure.kind, figure.date_value, figure.value)

    @extend_schema_field(serializers.FloatField(allow_null=True, help_text="Lowest value the wording allows, if any."))
    def get_low(self, figure: Figure):
        return number(figure.low)

    @extend_schema_field(serializers.FloatField(allow_null=True, help_text="Highest value the wording allows, if any."))
    def get_high(self, figure: Figure):
        return number(figure.high)


class FigureInputSerializer(StrictText, serializers.Serializer):
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)
    kind = serializers.ChoiceField(choices=FigureKind.choices)
    value = serializers.JSONField(help_text="A number, or for a date an ISO date such as 2024-06-19. A number sent as "
                                            "text must read the same in German and English: 4850 or 4.85, not 4.850.")
    low = PlainDecimalField(max_digits=30, decimal_places=6, required=False, allow_null=True,
                            help_text="The smallest value the wording allows; as text, 4850 or 4.85, not 4.850.")
    high = PlainDecimalField(max_digits=30, decimal_places=6, required=False, allow_null=True,
                             help_text="The largest value the wording allows; as text, 4850 or 4.85, not 4.850.")
    unit = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    qualifier = serializers.ChoiceField(choices=Qualifier.choices, required=False, allow_blank=True, default="")
    as_of = serializers.CharField(max_length=21, required=False, allow_blank=True, default="")

    def validate(self, data):
        value = data.pop("value")
        if data["kind"] == FigureKind.DATE:
            if not isinstance(value, str):
                raise serializers.ValidationError({"value": "A date is given as text, e.g. 2024-06-19."})
            data["date_value"] = value
        else:
            try:
                data["value"] = PlainDecimalField(max_digits=30, decimal_places=6).run_validation(value)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"value": exc.detail}) from None
        return data


class CitationSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="source.url", read_only=True)
    source_status = serializers.CharField(source="source.status", read_only=True,
                                          help_text="Outcome of the source's last check; empty before the first.")
    source_dead = serializers.BooleanField(source="source.is_dead", read_only=True)
    source_checked_at = serializers.DateTimeField(source="source.last_checked_at", read_only=True, allow_null=True)
    # Read-only fields lose the model's blank=True in DRF, and with it the "" the schema must allow.
    figure_status = serializers.ChoiceField(choices=FigureStatus.choices, allow_blank=True, read_only=True,
                                            help_text="Whether the last good fetch still showed the figure or quote.")

    class Meta:
        model = Citation
        fields = ["id", "source", "url", "role", "expected", "anchor", "start", "end", "figure_status",
                  "figure_checked_at", "source_status", "source_dead", "source_checked_at"]
        read_only_fields = ["source", "anchor", "start", "end", "figure_status", "figure_checked_at"]


class CitationInputSerializer(StrictText, serializers.Serializer):
    url = serializers.CharField(max_length=2000)
    role = serializers.ChoiceField(choices=Citation._meta.get_field("role").choices, default="cites")
    expected = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)


class NamedSourceSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="source.url", read_only=True, default=None, allow_null=True,
                                help_text="The page an editor resolved it to; null until then.")

    class Meta:
        model = NamedSource
        fields = ["id", "name", "kind", "url"]
        read_only_fields = fields


class NamedSourceListSerializer(NamedSourceSerializer):
    claims = serializers.IntegerField(source="claim_count", read_only=True, help_text="Claims that name it.")

    class Meta(NamedSourceSerializer.Meta):
        fields = [*NamedSourceSerializer.Meta.fields, "claims"]
        read_only_fields = fields


class AttributionSerializer(serializers.ModelSerializer):
    """Where the claim names a source: "laut New York Times"."""

    named_source = serializers.IntegerField(source="named_source_id", read_only=True)
    name = serializers.CharField(source="named_source.name", read_only=True)
    kind = serializers.CharField(source="named_source.kind", read_only=True)

    class Meta:
        model = Attribution
        fields = ["named_source", "name", "kind", "text", "start", "end"]
        read_only_fields = fields


class ArticleLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArticleLink
        fields = ["url", "anchor", "start", "end"]
        read_only_fields = fields


REVIEW_URL_HELP = "The public page of the desk's fact-check (ClaimReview's url); empty until a reviewer gives it."


class ClaimSerializer(serializers.ModelSerializer):
    ref = serializers.CharField(read_only=True)
    reviewer = serializers.CharField(source="reviewer.username", read_only=True, default=None, allow_null=True)
    # Text, not a uri: empty until a reviewer gives the verdict its page (a read-only URLField loses blank=True).
    review_url = serializers.CharField(read_only=True, help_text=REVIEW_URL_HELP)
    figures = FigureSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    named_sources = AttributionSerializer(source="attributions", many=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "ref", "article", "number", "start", "end", "text", "prefix", "suffix", "speaker",
            "status", "verdict_note", "review_url", "reviewer", "reviewed_at", "figures", "citations",
            "named_sources", "version", "created_at", "updated_at",
        ]
        read_only_fields = fields


class ClaimCreateSerializer(StrictText, serializers.Serializer):
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)
    speaker = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ClaimUpdateSerializer(StrictText, serializers.Serializer):
    start = serializers.IntegerField(min_value=0, required=False)
    end = serializers.IntegerField(min_value=0, required=False)
    speaker = serializers.CharField(max_length=200, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Claim._meta.get_field("status").choices, required=False)
    verdict_note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    review_url = serializers.CharField(
        max_length=2000, required=False, allow_blank=True,
        help_text="The public page of the desk's fact-check (http or https); ClaimReview's url. Reviewers only.")
    version = serializers.IntegerField(
        min_value=1, required=False,
        help_text="The version you read; if the claim changed since, the edit is refused with 409 "
                  "(the If-Match header with the ETag does the same).",
    )


@extend_schema_field({"type": "string", "anyOf": [{"format": "uri"}, {"maxLength": 0}]})
class OptionalURLField(serializers.CharField):
    """A URL, or "" when none was given (which `format: uri` alone would call invalid)."""


class ArticleSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True)
    url = OptionalURLField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "title", "url", "publisher", "author", "published", "language", "content_hash",
            "duplicate_of", "claim_count", "extraction_status", "extraction_message", "extraction_started_at",
            "extraction_finished_at", "created_at", "updated_at",
        ]
        read_only_fields = fields


class ClaimAnchorSerializer(serializers.ModelSerializer):
    claim = serializers.CharField(source="claim.ref", read_only=True)
    number = serializers.IntegerField(source="claim.number", read_only=True)
    quote = serializers.CharField(source="claim.text", read_only=True, help_text="The claim as first stored.")

    class Meta:
        model = ClaimAnchor
        fields = ["claim", "number", "status", "quote", "text", "start", "end", "similarity", "figures"]
        read_only_fields = fields


class ArticleVersionSerializer(serializers.ModelSerializer):
    """A later text of the article's page: the claims that changed or went in it (unchanged ones left out)."""

    claims = serializers.SerializerMethodField()

    class Meta:
        model = ArticleVersion
        fields = ["number", "fetched_at", "title", "content_hash", "changed_claims", "claims"]
        read_only_fields = fields

    @extend_schema_field(ClaimAnchorSerializer(many=True))
    def get_claims(self, version: ArticleVersion):
        edited = [anchor for anchor in version.anchors.all() if anchor.status != "unchanged"]
        return ClaimAnchorSerializer(edited, many=True).data


class ArticleDetailSerializer(ArticleSerializer):
    links = ArticleLinkSerializer(many=True, read_only=True, help_text="The links in the article's body.")
    page = serializers.CharField(source="page.url", read_only=True, default=None, allow_null=True,
                                 help_text="The article's page, checked for silent edits; null if not watched.")
    versions = ArticleVersionSerializer(many=True, read_only=True,
                                        help_text="Later texts of the page, with the claims edited in each.")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "links", "page", "versions"]
        read_only_fields = fields


class ArticleCreateSerializer(StrictText, serializers.ModelSerializer):
    # Never trimmed: claim offsets index into the text exactly as given.
    text = serializers.CharField(trim_whitespace=False)
    extract = serializers.BooleanField(
        default=True, write_only=True, help_text="Find the numbered claims and their figures (default)."
    )

    class Meta:
        model = Article
        fields = ["title", "text", "url", "publisher", "author", "published", "language", "extract"]


class ArticleFromWebSerializer(StrictText, serializers.Serializer):
    """An article from the web: its `url` (fetched), or its page's `html`, or `markdown`; the rest overrides
    what the page says of itself."""

    url = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    html = serializers.CharField(required=False, trim_whitespace=False, help_text="The page's HTML; `url` (if "
                                 "given) resolves its relative links and has the page watched.")
    markdown = serializers.CharField(required=False, trim_whitespace=False)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    author = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    published = serializers.DateField(required=False, allow_null=True, default=None)
    language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True, default="",
                                       help_text="Default: what the page declares, or what its words are.")
    extract = serializers.BooleanField(default=True)

    def validate(self, data):
        given = [name for name in ("html", "markdown") if name in data]
        if len(given) > 1:
            raise serializers.ValidationError("Send the page as html or as markdown, not both.")
        if not given and not data["url"]:
            raise serializers.ValidationError("Send the article's url, its page's html, or markdown.")
        return data


class ArticleWithClaimsSerializer(ArticleDetailSerializer):
    claims = ClaimSerializer(many=True, read_only=True)

    class Meta(ArticleDetailSerializer.Meta):
        fields = [*ArticleDetailSerializer.Meta.fields, "claims"]
        read_only_fields = fields


class ConflictFigureSerializer(FigureSerializer):
    article = serializers.IntegerField(source="claim.article_id", read_only=True)
    claim = serializers.IntegerField(source="claim.number", read_only=True)

    class Meta(FigureSerializer.Meta):
        fields = ["id", "article", "claim", "start", "end", "text", "value", "low", "high", "unit", "as_of"]


class ConflictSerializer(serializers.ModelSerializer):
    figures = serializers.SerializerMethodField()
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Conflict
        fields = [
            "id", "kind", "status", "score", "origin", "explanation", "details", "note", "figures", "decided_by",
            "decided_at", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ConflictFigureSerializer(many=True))
    def get_figures(self, conflict: Conflict):
        return ConflictFigureSerializer([conflict.figure_a, conflict.figure_b], many=True).data


class ConflictCreateSerializer(StrictText, serializers.Serializer):
    figure_a = serializers.PrimaryKeyRelatedField(queryset=Figure.objects.all())
    figure_b = serializers.PrimaryKeyRelatedField(queryset=Figure.objects.all())
    kind = serializers.ChoiceField(choices=ConflictKind.choices, default=ConflictKind.CONTRADICTION)
    explanation = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConflictDecideSerializer(StrictText, serializers.Serializer):
    status = serializers.ChoiceField(choices=ConflictStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ClaimConflictDecideSerializer(ConflictDecideSerializer):
    conflict = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="Id of one of the claim's conflicts."
    )
