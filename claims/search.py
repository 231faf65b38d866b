"""Searching claims the way the desk reads them: words by their stems, figures by what they are.

"5 Mio. Granaten" finds "fünf Millionen Artilleriegeschosse" and "5.000.000 shells" and never "500.000
Granaten": the query is read by the same extractor and frame rules as an article (claims.extraction,
claims.matching.subjects), so a figure in it is a value and the thing it counts ("=q:artilleriegeschoss"), and a
claim matches when one of its figures has that measure, that quantity and a value inside what the query states.
The other words are matched by full-text search: PostgreSQL's German configuration over a GIN index, SQLite's
FTS5 in the embedded default (migration 0013 makes both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from .extraction import extract
from .matching import subjects

MAX_QUERY = 300
# The languages a query is read in, the desk's first: "7.000 Container" is seven thousand in German and seven in
# English, and "5.000.000 shells" only names its quantity in English.
LANGUAGES = ("de", "en")
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(frozen=True)
class Wanted:
    """A figure the query names: its measure, the quantity it counts (if the frame rules know it) and the values
    a stored figure may have (for a date, its ISO text, as precise as the query)."""

    measure: str
    quantity: str
    low: Decimal | None
    high: Decimal | None
    date: str


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]
    figures: tuple[Wanted, ...]


def read(text: str) -> Query:
    """The query's figures (read as the article reader would) and its remaining words."""
    text = text[:MAX_QUERY]
    readings = [_reading(text, language) for language in LANGUAGES]
    # The first reading whose every count names its quantity; else the desk's language.
    figures, spans = next((r for r in readings if r[0] and all(w.quantity or w.measure != "count" for w in r[0])),
                          readings[0])
    rest = "".join(" " if any(start <= i < end for start, end in spans) else ch for i, ch in enumerate(text))
    return Query(tuple(WORD.findall(rest)), tuple(figures))


def _reading(text: str, language: str) -> tuple[list[Wanted], list[tuple[int, int]]]:
    figures, spans = [], []
    for claim in extract(text, language=language):
        found = claim["figures"]
        specs = [subjects.Spec(f["kind"], f["unit"], f.get("date_value", ""), f.get("as_of", ""),
                               f["start"] - claim["start"], f["end"] - claim["start"]) for f in found]
        derived = subjects.derive(text[claim["start"] : claim["end"]], language, specs)
        for figure, (measure, terms) in zip(found, derived, strict=True):
            quantity = next((t for t in terms if t.startswith("=q:")), "")
            spans.append((figure["start"], _unit_end(text, figure)))
            if figure["kind"] == "date":
                figures.append(Wanted("date", "", None, None, figure["value"]))
                continue
            value = Decimal(str(figure["value"]))
            low = value if figure.get("low") is None else Decimal(str(figure["low"]))
            high = value if figure.get("high") is None else Decimal(str(figure["high"]))
            figures.append(Wanted(measure, "" if quantity == "=q:" + figure["kind"] else quantity, low, high, ""))
    return figures, spans


def _unit_end(text: str, figure: dict) -> int:
    """Where the figure's counted noun ends: "Granaten" is the quantity the figure is matched by, not a word."""
    unit = figure.get("unit") or ""
    after = text.find(unit, figure["end"]) if unit and unit not in text[figure["start"] : figure["end"]] else -1
    return after + len(unit) if after >= 0 and not text[figure["end"] : after].strip() else figure["end"]


def matching(claims: QuerySet, text: str) -> QuerySet:
    """The claims the query finds: every word (by its German stem, or as a prefix on SQLite) and every figure."""
    query = read(text)
    words = _searchable(query.words)
    if not words and not query.figures:
        return claims.none()
    for wanted in query.figures:
        claims = claims.filter(pk__in=_figures(wanted).values("claim_id"))
    return claims.filter(_words(words)) if words else claims


def _searchable(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words left once PostgreSQL drops its German stop words ("und", "die"): a query of stop words alone
    is an empty search, which no index serves, so it would test the text of every claim."""
    if not words or connection.vendor != "postgresql":
        return words
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(plainto_tsquery('german', %s))", [" ".join(words)])
        return words if cursor.fetchone()[0] else ()


def _figures(wanted: Wanted) -> QuerySet:
    from .models import Figure

    if wanted.date:
        return Figure.objects.filter(kind="date", date_value__startswith=wanted.date)
    found = Figure.objects.filter(measure=wanted.measure, value__gte=wanted.low, value__lte=wanted.high)
    if wanted.quantity:
        found = found.filter(Q(subject=wanted.quantity) | Q(subject__startswith=wanted.quantity + " "))
    return found


def _words(words: tuple[str, ...]) -> RawSQL:
    if connection.vendor == "postgresql":
        # The expression is the index's (migration 0013), so PostgreSQL can use it or, for a common word, walk
        # the newest claims and test each.
        return RawSQL("to_tsvector('german', claims_claim.text) @@ plainto_tsquery('german', %s)",
                      [" ".join(words)], output_field=BooleanField())
    # FTS5: each word a quoted prefix, so "Container" finds "Containern" as the German stemmer would.
    phrase = " AND ".join('"' + word.replace('"', "") + '"*' for word in words)
    return RawSQL("claims_claim.id IN (SELECT rowid FROM claims_claim_fts WHERE claims_claim_fts MATCH %s)",
                  [phrase], output_field=BooleanField())
