"""Reads for the desk dashboard (claims.admin.dashboard). Each costs one query however many rows there are;
the source health reads live in sources.selectors."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from .models import ArticleVersion, Claim, Conflict, ConflictStatus, ReviewStatus
from .selectors import row_count

QUEUE_SIZE = 20
RECENT_CONFLICTS = 10
RECENT_EDITS = 10
# Only what the rows show: an article's text can run to many kilobytes and the queue needs its title.
# The article's language marks its quote and title (lang) on the page.
QUEUE_FIELDS = ["article_id", "number", "text", "status", "created_at", "article__title", "article__language"]
FIGURE_FIELDS = ["text", "claim__article_id", "claim__number", "claim__article__title"]


def claims_by_status() -> list[tuple[str, str, int]]:
    """(status, label, claims) for every review status in workflow order, zeros included."""
    counts = dict(Claim.objects.order_by().values_list("status").annotate(n=Count("id")))
    return [(status.value, status.label, counts.get(status.value, 0)) for status in ReviewStatus]


def _suggested_contradictions() -> QuerySet[Conflict]:
    return Conflict.objects.suggested_contradictions()


def _contested() -> Exists:
    """The outer claim has a figure in a suggested contradiction: an EXISTS per side, checked claim by claim in
    the queue's order until the queue is full. (Listing every contested claim first, as an IN over all
    suggestions, never finished at 5 million suggestions: issue 16.)"""
    suggested = _suggested_contradictions()
    return (Exists(suggested.filter(figure_a__claim_id=OuterRef("pk")))
            | Exists(suggested.filter(figure_b__claim_id=OuterRef("pk"))))


def _contradiction_count():
    """Suggested contradictions touching the outer claim through either of its figures; computed for the rows
    shown only, as it is not a sort key. One count per side: an OR across both sides defeats the indexes and
    made PostgreSQL scan every figure once per row shown. (A contradiction between two figures of one claim,
    which detection does not suggest, would count twice.)"""
    return _side_count("a") + _side_count("b")


def _side_count(side: str) -> Coalesce:
    # By the one status filtered for.
    return row_count(_suggested_contradictions().filter(**{f"figure_{side}__claim": OuterRef("pk")}), "status")


def review_queue() -> list[Claim]:
    """Claims in review, then unreviewed claims with suggested contradictions; oldest first within each, at most
    QUEUE_SIZE. Annotated with `contradictions`, the number of suggested contradictions. Two queries, each read
    in index order (claim_review_order) and stopped at the queue's size."""
    def oldest(queryset: QuerySet[Claim], limit: int) -> list[Claim]:
        rows = queryset.annotate(contradictions=_contradiction_count()).select_related("article").only(*QUEUE_FIELDS)
        return list(rows.order_by("created_at", "id")[:limit])

    # Both always run, so the page costs the same queries whatever the desk holds.
    in_review = oldest(Claim.objects.filter(status=ReviewStatus.IN_REVIEW), QUEUE_SIZE)
    contested = oldest(Claim.objects.filter(_contested(), status=ReviewStatus.UNREVIEWED), QUEUE_SIZE)
    return (in_review + contested)[:QUEUE_SIZE]


def recent_conflicts() -> QuerySet[Conflict]:
    """The latest suggested or confirmed conflicts of every kind, with both figures and their articles. Newest by
    id, the primary key's order: by created_at no index served it, 1.4 s at 5 million suggestions (issue 16)."""
    fields = [f"figure_{side}__{name}" for side in "ab" for name in FIGURE_FIELDS]
    return (
        Conflict.objects.filter(status__in=[ConflictStatus.SUGGESTED, ConflictStatus.CONFIRMED])
        .select_related("figure_a__claim__article", "figure_b__claim__article")
        .only("kind", "status", "score", "created_at", *fields)
        .order_by("-id")[:RECENT_CONFLICTS]
    )


def silent_edits() -> QuerySet[ArticleVersion]:
    """The latest versions of watched articles in which a claim changed or went: edits nobody announced."""
    return (
        ArticleVersion.objects.filter(changed_claims__gt=0).select_related("article")
        .only("number", "fetched_at", "changed_claims", "article__title", "article__publisher")
        .order_by("-fetched_at", "-id")[:RECENT_EDITS]
    )
