"""The API's busiest lists as plain rows: a few values() queries and dicts of exactly the serializers' shape.

A page of 50 claims through ClaimSerializer and prefetch_related cost 17 ms of Python against 4 ms of SQL
(issue 16): Django clones a queryset per claim and relation, DRF walks a field object per value. Here each
relation is one values() query and each row a dict. tests/test_api_rows.py holds these equal to the
serializers' output, so the schema stays the serializers' (and drf-spectacular's) alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from common.api_rows import in_order, times_of, when, written
from common.prepared import MARK, FirstPages, Prepared, given, one_of
from sources.models import Citation

from . import selectors
from .extraction.found import number
from .models import Article, ArticleLink, ArticleVersion, Attribution, Claim, Conflict, Figure
from .models.core import FIGURES_OF_CLAIMS, touching_article
from .serializers import figure_value

FIGURE = ("id", "claim_id", "start", "end", "text", "kind", "value", "low", "high", "date_value", "unit",
          "qualifier", "as_of")


def figure(row: dict) -> dict:
    return {"id": row["id"], "start": row["start"], "end": row["end"], "text": row["text"], "kind": row["kind"],
            **reading(row), "qualifier": row["qualifier"], "as_of": row["as_of"]}


def reading(row: dict) -> dict:
    """A figure's value, bounds and unit, as FigureSerializer gives them."""
    return {"value": figure_value(row["kind"], row["date_value"], row["value"]),
            "low": number(row["low"]), "high": number(row["high"]), "unit": row["unit"]}


def citation(row: dict, zone=None) -> dict:
    return {"id": row["id"], "source": row["source_id"], "url": row["source__url"], "role": row["role"],
            "expected": row["expected"], "anchor": row["anchor"], "start": row["start"], "end": row["end"],
            "figure_status": row["figure_status"], "figure_checked_at": when(row["figure_checked_at"], zone),
            "source_status": row["source__status"], "source_dead": row["source__is_dead"],
            "source_checked_at": when(row["source__last_checked_at"], zone)}


def attribution(row: dict) -> dict:
    return {"named_source": row["named_source_id"], "name": row["named_source__name"],
            "kind": row["named_source__kind"], "text": row["text"], "start": row["start"], "end": row["end"]}


def grouped(rows: Iterable[dict], shape) -> defaultdict[int, list[dict]]:
    by_claim = defaultdict(list)
    for row in rows:
        by_claim[row["claim_id"]].append(shape(row))
    return by_claim


CLAIM = ("id", "article_id", "number", "start", "end", "text", "prefix", "suffix", "speaker", "status", "verdict_note",
         "review_url", "reviewer__username", "reviewed_at", "version", "created_at", "updated_at")


CLAIMS = Prepared(lambda: Claim.objects.filter(one_of("claims_claim.id")).order_by().values(*CLAIM))
CLAIM_BY_REF = Prepared(lambda: Claim.objects.filter(article_id=given(), number=given()).values(*CLAIM))


def claims(ids: list[int]) -> list[dict]:
    """ClaimSerializer's rows for these claims, in the order of `ids`."""
    return claims_of(in_order(CLAIMS.rows(ids), ids))


# The first page of one outlet's claims, newest first.
PUBLISHER_CLAIMS = FirstPages(lambda limit: Claim.objects.filter(publisher__iexact=given()).order_by("-id")
                              .values(*CLAIM)[:limit])


def claims_of_publisher(publisher: str, limit: int) -> list[dict]:
    """Rows of the outlet's claims as values(*CLAIM), newest first, at most `limit`: what the claims list filtered
    by `publisher` (case-blind) reads for its first page, one range of the index of migration 0021. PostgreSQL
    only: SQLite's iexact is a LIKE whose pattern Django makes of the value while compiling (views.only_publisher)."""
    return PUBLISHER_CLAIMS.rows(limit, publisher)


FIGURES = Prepared(lambda: Figure.objects.filter(one_of("claims_figure.claim_id")).order_by("claim_id", "start")
                   .values(*FIGURE))
CITATIONS = Prepared(lambda: Citation.objects.filter(one_of("sources_citation.claim_id")).order_by("claim_id", "id")
                     .values("id", "claim_id", "source_id", "source__url", "role", "expected", "anchor", "start", "end",
                             "figure_status", "figure_checked_at", "source__status", "source__is_dead",
                             "source__last_checked_at"))
ATTRIBUTIONS = Prepared(lambda: Attribution.objects.filter(one_of("claims_attribution.claim_id"))
                        .order_by("claim_id", "start")
                        .values("claim_id", "named_source_id", "named_source__name", "named_source__kind", "text",
                                "start", "end"))


def claims_of(rows: list[dict]) -> list[dict]:
    """ClaimSerializer's rows for claims read as values(*CLAIM) (a list page's own query), in their order."""
    ids, zone = [row["id"] for row in rows], timezone.get_current_timezone()
    figures = grouped(FIGURES.rows(ids), figure)
    citations = grouped(CITATIONS.rows(ids), partial(citation, zone=zone))
    attributions = grouped(ATTRIBUTIONS.rows(ids), attribution)
    return [{
        "ref": f"{row['article_id']}-{row['number']}", "article": row["article_id"], "number": row["number"],
        "start": row["start"], "end": row["end"], "text": row["text"], "prefix": row["prefix"],
        "suffix": row["suffix"], "speaker": row["speaker"], "status": row["status"],
        "verdict_note": row["verdict_note"], "review_url": row["review_url"], "reviewer": row["reviewer__username"],
        "reviewed_at": when(row["reviewed_at"], zone), "figures": figures[row["id"]],
        "citations": citations[row["id"]], "named_sources": attributions[row["id"]], "version": row["version"],
        "created_at": when(row["created_at"], zone), "updated_at": when(row["updated_at"], zone),
    } for row in rows]


CONFLICT_FIGURE = ("id", "claim__article_id", "claim__number", "start", "end", "text", "kind", "value", "low", "high",
                   "date_value", "unit", "as_of")


CONFLICT_FIGURES = Prepared(lambda: Figure.objects.filter(one_of("claims_figure.id")).order_by()
                            .values(*CONFLICT_FIGURE))


def conflict_figure(row: dict) -> dict:
    return {"id": row["id"], "article": row["claim__article_id"], "claim": row["claim__number"], "start": row["start"],
            "end": row["end"], "text": row["text"], **reading(row), "as_of": row["as_of"]}


CONFLICT = ("id", "kind", "status", "score", "origin", "explanation", "details", "note", "figure_a_id", "figure_b_id",
            "decided_by__username", "decided_at", "created_at", "updated_at")


def touching() -> Q:
    """A prepared condition: the conflict has one of the figures given, twice (for each side), on either side,
    matched on each side's own index (see ConflictQuerySet.touching)."""
    return Q(one_of("claims_conflict.figure_a_id")) | Q(one_of("claims_conflict.figure_b_id"))


CLAIM_ID_BY_REF = Prepared(lambda: Claim.objects.filter(article_id=given(), number=given()).values("id"))
# A claim's conflicts, strongest suggestion first and hand-made ones (no score) last (selectors.conflicts_of_claim).
TOUCHING = Prepared(lambda: Conflict.objects.filter(touching()).order_by(F("score").desc(nulls_last=True), "-id")
                    .values(*CONFLICT))


def conflicts_of_claim(claim_id: int) -> list[dict]:
    """ConflictSerializer's rows for the claim's conflicts, in selectors.conflicts_of_claim's order."""
    figures = [row["id"] for row in FIGURES_OF_CLAIMS.rows([claim_id])]
    return conflicts_of(TOUCHING.rows(figures, figures))


# The first page of an article's conflicts in id order, newest first.
ARTICLE_CONFLICTS = FirstPages(lambda limit: Conflict.objects.filter(touching_article(connection.vendor, MARK))
                               .order_by("-id").values(*CONFLICT)[:limit])


def conflicts_of_article(article_id: int, limit: int) -> list[dict]:
    """Rows of the article's conflicts as values(*CONFLICT), newest first, at most `limit`: what the conflicts
    list filtered by the article reads for its first page (ConflictQuerySet.of_article, in one statement)."""
    return ARTICLE_CONFLICTS.rows(limit, article_id, article_id)


def conflicts_of(rows: list[dict]) -> list[dict]:
    """ConflictSerializer's rows for conflicts read as values(*CONFLICT), in their order."""
    wanted = {row[side] for row in rows for side in ("figure_a_id", "figure_b_id")}
    figures = {row["id"]: conflict_figure(row) for row in CONFLICT_FIGURES.rows(sorted(wanted))}
    zone = timezone.get_current_timezone()
    return [{
        "id": row["id"], "kind": row["kind"], "status": row["status"], "score": row["score"],
        "origin": row["origin"], "explanation": row["explanation"], "details": row["details"], "note": row["note"],
        "figures": [figures[row["figure_a_id"]], figures[row["figure_b_id"]]],
        "decided_by": row["decided_by__username"], "decided_at": when(row["decided_at"], zone),
        "created_at": when(row["created_at"], zone), "updated_at": when(row["updated_at"], zone),
    } for row in rows]


ARTICLE = ("id", "title", "url", "publisher", "author", "published", "language", "content_hash", "duplicate_of_id",
           "claim_count", "extraction_status", "extraction_message", "extraction_started_at",
           "extraction_finished_at", "created_at", "updated_at", "text", "page__url")
ARTICLE_ROW = ARTICLE[:-2]  # ArticleSerializer's: the list reads no text
ARTICLE_BY_ID = Prepared(lambda: selectors.articles().filter(id=given()).values(*ARTICLE))
LINKS = Prepared(lambda: ArticleLink.objects.filter(article_id=given()).values("url", "anchor", "start", "end"))
ARTICLE_TIMES = times_of(Article)
HAS_VERSIONS = Prepared(lambda: ArticleVersion.objects.filter(article_id=given()).values("id")[:1])


def article_row(row: dict, fields=ARTICLE_ROW, zone=None) -> dict:
    """ArticleSerializer's row (with `fields` from ARTICLE, in its order) for an article read as values()."""
    built = written(row, fields, ARTICLE_TIMES, zone)
    built["duplicate_of"] = built.pop("duplicate_of_id")
    built["published"] = row["published"].isoformat() if row["published"] else None
    return built


def articles_of(rows: list[dict]) -> list[dict]:
    """ArticleSerializer's rows for articles read as values(*ARTICLE_ROW), in their order: no model instances,
    and no article text read for a list that does not show it."""
    zone = timezone.get_current_timezone()
    return [article_row(row, zone=zone) for row in rows]


def article(pk: int) -> dict | None:
    """ArticleDetailSerializer's row (None if there is none): the article, its claims counted
    and its links in two prepared reads; its later versions, which few articles have, by the serializer."""
    from .serializers import ArticleVersionSerializer

    found = ARTICLE_BY_ID.rows(pk)
    if not found:
        return None
    row = found[0]
    versions = []
    if HAS_VERSIONS.rows(pk):
        versions = ArticleVersionSerializer(selectors.article_versions(pk), many=True).data
    return {**article_row(row, ARTICLE[:-1]), "links": LINKS.rows(pk), "page": row["page__url"],
            "versions": versions}
