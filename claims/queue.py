"""The reviewers' conflict queue: contradictions first, then the other kinds by score, filtered by kind, status,
article and outlet. A fixed number of queries whatever the desk holds, each read in index order and stopped at
the page's size (migration 0019 indexes status, kind and score together)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, QuerySet

from .models import Article, Conflict, ConflictKind, ConflictStatus, Figure

SIZE = 100
# An article or outlet with at most this many figures is matched on each side's own index by the figures' ids;
# a bigger one by a subquery, read once while the conflicts are walked best first (its matches come early).
LISTED_FIGURES = 5000
# A title search narrows to at most this many articles, newest first.
TITLED_ARTICLES = 50
# Only what a row shows: an article's text can run to many kilobytes.
FIELDS = ["kind", "status", "score", "origin", "explanation", "details", "note", "decided_at",
          "decided_by__username", "figure_a_id", "figure_b_id"] + [
    f"figure_{side}__{name}" for side in "ab" for name in (
        "text", "start", "end", "claim__number", "claim__start", "claim__text", "claim__article_id",
        "claim__article__title", "claim__article__publisher", "claim__article__published")]
# Contradictions lead: they are where a report is wrong.
KINDS = [ConflictKind.CONTRADICTION, ConflictKind.REVISION, ConflictKind.SERIES, ConflictKind.CORROBORATION]


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    status: str = ConflictStatus.SUGGESTED
    article: str = ""  # an article's id, or words of its title
    outlet: str = ""  # the publisher, any case


@dataclass
class Page:
    rows: list[Conflict]
    more: bool  # there are more than the rows shown


def conflict_queue(filters: Filters, size: int = SIZE) -> Page:
    """Contradictions best first, then the other kinds merged by score (one query per kind)."""
    base = _within(Conflict.objects.filter(status=filters.status), filters)
    kinds = [filters.kind] if filters.kind else KINDS
    found = [list(_best(base.filter(kind=kind), size + 1)) for kind in kinds]
    rows = found[0] + sorted((row for rows in found[1:] for row in rows), key=_best_first)
    return Page(rows[:size], len(rows) > size)


def _best(queryset: QuerySet[Conflict], limit: int) -> QuerySet[Conflict]:
    return (queryset.select_related("figure_a__claim__article", "figure_b__claim__article", "decided_by")
            .only(*FIELDS).order_by(F("score").desc(nulls_last=True), "-id")[:limit])


def _best_first(conflict: Conflict) -> tuple:
    # As the database orders them: highest score first, hand-made ones (no score) last, newest first among equals.
    return (conflict.score is None, -(conflict.score or 0), -conflict.pk)


def _within(queryset: QuerySet[Conflict], filters: Filters) -> QuerySet[Conflict]:
    articles = _articles(filters)
    if articles is None:
        return queryset
    figures = Figure.objects.filter(claim__article__in=articles).values("id")
    ids = list(figures.order_by()[:LISTED_FIGURES + 1].values_list("id", flat=True))
    return queryset.touching(ids if len(ids) <= LISTED_FIGURES else figures)


def _articles(filters: Filters) -> QuerySet[Article] | None:
    """The articles the filters allow, or None when they allow every article."""
    article, outlet = filters.article.strip(), filters.outlet.strip()
    if not (article or outlet):
        return None
    articles = Article.objects.all()
    if outlet:
        articles = articles.filter(publisher__iexact=outlet)
    if article.isdecimal() and len(article) < 19:
        return articles.filter(pk=int(article)).values("id")
    if article:
        titled = articles.filter(title__icontains=article).order_by("-id")[:TITLED_ARTICLES]
        return Article.objects.filter(pk__in=list(titled.values_list("id", flat=True))).values("id")
    return articles.values("id")
