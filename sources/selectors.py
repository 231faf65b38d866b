from __future__ import annotations

import uuid
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, QuerySet

from claims.models import Figure, FigureKind

from .fetching import batch, evidence
from .models import Citation, FigureStatus, Source, SourceCheck


def sources() -> QuerySet[Source]:
    gone = Citation.objects.filter(source=OuterRef("pk"), figure_status=FigureStatus.GONE)
    return Source.objects.annotate(citation_count=Count("citations"), figure_gone=Exists(gone))


def checks_of(source: Source) -> QuerySet[SourceCheck]:
    return SourceCheck.objects.filter(source=source)


def check_jobs(source_ids: list[int], slot: uuid.UUID) -> list[batch.Job]:
    """What the fetcher needs for the sources still held under `slot`: plain data, no model instances."""
    rows = list(Source.objects.filter(id__in=source_ids, claim=slot).values_list(
        "id", "url", "etag", "last_modified", "content_hash"))
    needles, fresh = _citations([row[0] for row in rows])
    return [
        batch.Job(source_id=sid, url=url, etag=etag, last_modified=modified, last_hash=digest,
                  needles=needles.get(sid, {}), fresh=frozenset(fresh[sid]))
        for sid, url, etag, modified, digest in rows
    ]


def _citations(source_ids: list[int]) -> tuple[dict[int, dict[int, list[evidence.Needle]]], dict[int, set[int]]]:
    """Per source: what each citation looks for, and which citations were never judged."""
    citations = list(Citation.objects.filter(source_id__in=source_ids).values_list(
        "id", "source_id", "claim_id", "expected", "figure_status"))
    figures = defaultdict(list)
    claim_ids = {claim_id for _, _, claim_id, expected, _ in citations if not expected.strip()}
    for claim_id, text, kind, value in Figure.objects.filter(claim_id__in=claim_ids).values_list(
            "claim_id", "text", "kind", "value"):
        figures[claim_id].append((text, kind, value))
    needles: dict[int, dict[int, list[evidence.Needle]]] = defaultdict(dict)
    fresh: dict[int, set[int]] = defaultdict(set)
    for citation_id, source_id, claim_id, expected, figure_status in citations:
        if expected.strip():
            needles[source_id][citation_id] = [evidence.Needle(text=expected.strip(), quote=True)]
        else:
            needles[source_id][citation_id] = _figure_needles(figures[claim_id])
        if not figure_status:
            fresh[source_id].add(citation_id)
    return needles, fresh


def _figure_needles(figures: list[tuple]) -> list[evidence.Needle]:
    amounts = [evidence.figure_needle(text, value) for text, kind, value in figures if kind != FigureKind.DATE]
    # A date is written so many ways that it is only looked for when the claim has nothing else.
    return amounts or [evidence.Needle(text=text) for text, kind, value in figures]
