"""The public projection: what an anonymous client reads when FACTCHECK_PUBLIC_API is on.

The rule is the one publishing follows: the public sees what the desk publishes as ClaimReview, and nothing of
the work behind it. So anonymous clients read only claims with a verdict (`ClaimQuerySet.published`), through
the serializers below, and only on the actions a view lists in `public_actions`
(`common.api.ReadLoggedInWriteWithModelPerms`): no reviewer's or decider's name, no conflict notes or
detection details, no source checks, no version counters, no offsets into an article text they cannot read,
no CSV with its reviewer column and admin links. Articles (third parties' texts, stored verbatim), sources,
conflicts and the CSV export stay behind the login.

Each serializer names its fields outright instead of inheriting a staff serializer's list, so a field added
for the desk does not become public by accident (tests/claims/test_public_api.py lists every public field).
"""

from __future__ import annotations

from rest_framework import serializers

from .models import Article, Claim
from .serializers import REVIEW_URL_HELP, FigureSerializer


class PublicFigureSerializer(FigureSerializer):
    class Meta(FigureSerializer.Meta):
        fields = ["text", "kind", "value", "low", "high", "unit", "qualifier", "as_of"]


class PublicArticleSerializer(serializers.ModelSerializer):
    """The article a claim appeared in, as a citation of it: no text."""

    class Meta:
        model = Article
        fields = ["title", "url", "publisher", "author", "published", "language"]
        read_only_fields = fields


class PublicClaimSerializer(serializers.ModelSerializer):
    ref = serializers.CharField(read_only=True)
    appearance = PublicArticleSerializer(source="article", read_only=True)
    review_url = serializers.CharField(read_only=True, help_text=REVIEW_URL_HELP)
    figures = PublicFigureSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = ["ref", "article", "number", "text", "prefix", "suffix", "speaker", "status", "verdict_note",
                  "review_url", "reviewed_at", "appearance", "figures"]
        read_only_fields = fields
