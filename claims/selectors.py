"""Reusable reads, shaped so a page of results costs a fixed number of queries."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sources.models import Citation

from .models import Article, ArticleVersion, Attribution, Claim, ClaimAnchor, Conflict, NamedSource


def row_count(related: QuerySet, by: str) -> Coalesce:
    """How many of `related` (filtered on OuterRef) the outer row has, as a subquery per row shown, 0 for none.
    `by` is a column with one value for all of them, so the subquery gives one count or no row. A join and GROUP
    BY instead made every list page count a million rows (issue 16)."""
    counted = related.order_by().values(by).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


# Who is on the desk: may read claims. Alerts, My alerts and the feed go only to them.
DESK_PERMISSION = "claims.view_claim"


def on_the_desk(user) -> bool:
    return user.is_active and user.has_perm(DESK_PERMISSION)


def desk_users() -> QuerySet:
    """Active users holding DESK_PERMISSION (directly, through a group, or as superusers): what ModelBackend's
    has_perm says for each, as one query, for matching an alert's followers."""
    app_label, codename = DESK_PERMISSION.split(".")
    perms = Permission.objects.filter(codename=codename, content_type__app_label=app_label)
    return get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(user_permissions__in=perms) | Q(groups__permissions__in=perms)).distinct()


def articles() -> QuerySet[Article]:
    """Articles with their claims counted per row shown."""
    return Article.objects.annotate(claim_count=row_count(Claim.objects.filter(article=OuterRef("pk")), "article"))


def articles_detail() -> QuerySet[Article]:
    """An article with its links, watched page and later versions (with the claims edited in each)."""
    return articles().select_related("page").prefetch_related("links", Prefetch("versions", queryset=_versions()))


def article_versions(article_id: int) -> QuerySet[ArticleVersion]:
    return _versions().filter(article_id=article_id)


def _versions() -> QuerySet[ArticleVersion]:
    anchors = ClaimAnchor.objects.select_related("claim").order_by("claim__number")
    return ArticleVersion.objects.prefetch_related(Prefetch("anchors", anchors))


def named_sources() -> QuerySet[NamedSource]:
    return NamedSource.objects.select_related("source").annotate(claim_count=Count("attributions"))


def claims() -> QuerySet[Claim]:
    return Claim.objects.select_related("reviewer").prefetch_related(
        "figures", Prefetch("citations", queryset=Citation.objects.select_related("source")),
        Prefetch("attributions", queryset=Attribution.objects.select_related("named_source")),
    )


def public_claims() -> QuerySet[Claim]:
    """What claims.public's serializers read: the article without its text, the figures; no reviewer."""
    return Claim.objects.select_related("article").defer("article__text").prefetch_related("figures")


def conflicts() -> QuerySet[Conflict]:
    return Conflict.objects.select_related("figure_a__claim", "figure_b__claim", "decided_by")


def conflicts_of_claim(claim_id: int) -> QuerySet[Conflict]:
    """A claim's conflicts, strongest suggestion first; hand-made ones (no score) last."""
    return conflicts().of_claims([claim_id]).order_by(F("score").desc(nulls_last=True), "-id")


# One stored spelling of each unit, by its UPPER() form, read by skipping through the index on UPPER(unit)
# (migration 0016): each step finds the next larger key. A DISTINCT read all 1.5M figures at a million claims,
# 68 ms on every claims list page (issue 16); this reads two index entries per unit.
UNITS = """
WITH RECURSIVE found(k, n) AS (
    SELECT min(upper(unit)), 1 FROM claims_figure WHERE upper(unit) > ''
    UNION ALL
    SELECT (SELECT min(upper(unit)) FROM claims_figure WHERE upper(unit) > found.k), n + 1 FROM found
    WHERE found.k IS NOT NULL AND n < %s
)
SELECT (SELECT unit FROM claims_figure WHERE upper(unit) = found.k LIMIT 1) FROM found WHERE k IS NOT NULL
ORDER BY k
"""


def unit_spellings(most: int) -> list[str]:
    """Up to `most` units the figures are in, one spelling of each however its letters are cased, in order."""
    with connection.cursor() as cursor:
        cursor.execute(UNITS, [most])
        return [unit for (unit,) in cursor.fetchall()]
