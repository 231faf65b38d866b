"""Searching claims the way the desk reads them: words by their stems, figures by what they are.

"5 Mio. Granaten" finds "fünf Millionen Artilleriegeschosse" and "5.000.000 shells" and never "500.000
Granaten": the query is read by the same extractor and frame rules as an article (claims.extraction,
claims.matching.subjects), so a figure in it is a value and the thing it counts ("=q:artilleriegeschoss"), and a
claim matches when one of its figures has that measure, that quantity and a value inside what the query states.
The other words are matched by full-text search: PostgreSQL's German configuration over a GIN index, SQLite's
FTS5 in the embedded default (migration 0013 makes both for the claims, 0015 for the articles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import simplemma
from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from .extraction import extract
from .matching import subjects

MAX_QUERY = 300
# The languages a query is read in, the desk's first: "7.000 Container" is seven thousand in German and seven in
# English, and "5.000.000 shells" only names its quantity in English.
LANGUAGES = ("de", "en")
POINTS = "pp"  # the extractor's unit for percentage points
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(frozen=True)
class Wanted:
    """A figure the query names: its measure, the quantity it counts (if the frame rules know it) and the values
    a stored figure may have (for a date, its ISO text, as precise as the query); a percentage, whether in
    percentage points (a change of 0,2 points is no level of 0,2 percent)."""

    measure: str
    quantity: str
    low: Decimal | None
    high: Decimal | None
    date: str
    points: bool = False


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]
    figures: tuple[Wanted, ...]


def read(text: str) -> Query:
    """The query's figures (read as the article reader would) and its remaining words."""
    text = text[:MAX_QUERY]
    readings = [_reading(text, language) for language in LANGUAGES]
    figures, spans, language, _ = max(readings, key=_fit)
    rest = "".join(" " if any(start <= i < end for start, end in spans) else ch for i, ch in enumerate(text))
    # A word that names what a figure of the query counts is part of it ("Grad Celsius"), not a word to find.
    counted = {wanted.quantity[3:] for wanted in figures if wanted.quantity}
    words = [word for word in WORD.findall(rest) if subjects.unit_term(word, language) not in counted]
    return Query(tuple(words), tuple(figures))


def _fit(reading: tuple[list[Wanted], list[tuple[int, int]], str, int]) -> tuple[int, int, int, int]:
    """How well a reading fits the query: every count naming what it counts ("5.000.000 shells" only in
    English), then numbers written the way its language writes them ("2,000 officers" is English, "1.200 Stellen"
    German), then how much of the query its figures take; the desk's language first among equals."""
    figures, spans, language, fit = reading
    named = bool(figures) and all(wanted.quantity or wanted.measure != "count" for wanted in figures)
    return named, fit, sum(end - start for start, end in spans), -LANGUAGES.index(language)


# A query is a phrase of running text, never a line of its own: the reader takes "3000 Stellen" alone on a line
# for a Swiss postcode and its place. What goes before it reads as the middle of a sentence.
RUNNING = "… "


def _reading(text: str, language: str) -> tuple[list[Wanted], list[tuple[int, int]], str, int]:
    figures, spans, fit = [], [], 0
    shift = len(RUNNING)
    running = RUNNING + text
    for claim in extract(running, language=language):
        found = claim["figures"]
        specs = [subjects.Spec(f["kind"], f["unit"], f.get("date_value", ""), f.get("as_of", ""),
                               f["start"] - claim["start"], f["end"] - claim["start"]) for f in found]
        derived = subjects.derive(running[claim["start"] : claim["end"]], language, specs)
        for figure, (measure, terms) in zip(found, derived, strict=True):
            quantity = next((t for t in terms if t.startswith("=q:")), "")
            spans.append((figure["start"] - shift, _unit_end(running, figure) - shift))
            fit += _written_in(figure["text"], language)
            if figure["kind"] == "date":
                figures.append(Wanted("date", "", None, None, figure["value"]))
                continue
            low, high = _bounds(figure)
            figures.append(Wanted(measure, "" if quantity == "=q:" + figure["kind"] else quantity, low, high, "",
                                  figure["unit"] == POINTS))
    return figures, spans, language, fit


# Digits grouped in threes after a mark: "2,000" and "1.200" are thousands in English and German alone; a mark
# before one or two digits ("40.5", "4,1") is the decimal point of the same language.
GROUPED = {",": "en", ".": "de"}
DECIMAL = {".": "en", ",": "de"}
NUMBER = re.compile(r"\d+(?:[.,’']\d+)*")


def _written_in(text: str, language: str) -> int:
    """+1 for each number written as `language` writes numbers, -1 for each written as the other does."""
    fit = 0
    for number in NUMBER.findall(text):
        marks = [(i, ch) for i, ch in enumerate(number) if not ch.isdigit()]
        if not marks:
            continue
        position, mark = marks[-1]
        if mark in "’'":
            found = "de"  # Swiss thousands
        elif len(number) - position - 1 == 3 and len({ch for _, ch in marks}) == 1:
            found = GROUPED[mark]
        else:
            found = DECIMAL[mark]
        fit += 1 if found == language else -1
    return fit


def _bounds(figure: dict) -> tuple[Decimal, Decimal]:
    """What values a query's figure allows: the article reader's bounds ("bis zu", "fast", "mehr als", and a tenth
    either way for "rund"), and for "rund" no more than the number is precise: "rund 1.200" is 1,150 to 1,250
    (a tenth would take "rund 1.300" too), "rund 1.000" stays 900 to 1,100."""
    value = Decimal(str(figure["value"]))
    low = value if figure.get("low") is None else Decimal(str(figure["low"]))
    high = value if figure.get("high") is None else Decimal(str(figure["high"]))
    if figure.get("qualifier") == "about":
        place = Decimal(1).scaleb(value.normalize().as_tuple().exponent)
        return max(low, value - place / 2), min(high, value + place / 2)
    return low, high


def _unit_end(text: str, figure: dict) -> int:
    """Where the figure's counted noun ends: "Granaten" is the quantity the figure is matched by, not a word."""
    unit = figure.get("unit") or ""
    after = text.find(unit, figure["end"]) if unit and unit not in text[figure["start"] : figure["end"]] else -1
    return after + len(unit) if after >= 0 and not text[figure["end"] : after].strip() else figure["end"]


def matching(claims: QuerySet, text: str) -> QuerySet:
    """The claims the query finds: every figure, and every word (by its German stem, or as a prefix on SQLite) in
    the claim, or, when the query has figures, anywhere in its article: the figures pick the claim, the words its
    story ("4,5 % Inflation" finds "im Jänner 2024 auf 4,5 Prozent gesunken" in a report on inflation)."""
    query = read(text)
    words = _searchable(query.words)
    if not words and not query.figures:
        return claims.none()
    for wanted in query.figures:
        claims = claims.filter(pk__in=_figures(wanted).values("claim_id"))
    if not words:
        return claims
    return claims.filter(_in_story(words) if query.figures else _words(words))


# German function words, as PostgreSQL's german configuration drops them from a query (a few of its list). On
# SQLite every word of a query must be in the text, so these would make "und 7.000 Container" find nothing.
FUNCTION_WORDS = frozenset("""
aber als am an auch auf aus bei bin bis bist da damit dann das dass dein deine dem den der des dessen die dies
diese dieser dieses doch dort du durch ein eine einem einen einer eines er es etwas euer für gegen hat hatte
hier ich ihm ihn ihr ihre im in ist ja jede jedem jeden jeder jedes jener kein keine man mein mich mir mit nach
nicht noch nun nur ob oder ohne sehr sein seine sich sie sind so solche soll sondern um und uns unser unter vom
von vor war waren was weil welche wenn wer werden wie wieder will wir wird wo zu zum zur zwar zwischen über
""".split())


def _searchable(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words left once the German stop words ("und", "die") are dropped: a query of stop words alone is an
    empty search, which no index serves, so it would test the text of every claim."""
    if not words:
        return words
    if connection.vendor != "postgresql":
        return tuple(word for word in words if word.lower() not in FUNCTION_WORDS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(plainto_tsquery('german', %s))", [" ".join(words)])
        return words if cursor.fetchone()[0] else ()


def _figures(wanted: Wanted) -> QuerySet:
    from .models import Figure

    if wanted.date:
        return Figure.objects.filter(kind="date", date_value__startswith=wanted.date)
    found = Figure.objects.filter(measure=wanted.measure, value__gte=wanted.low, value__lte=wanted.high)
    if wanted.measure == "percent":
        found = found.filter(unit=POINTS) if wanted.points else found.exclude(unit=POINTS)
    if wanted.quantity:
        found = found.filter(Q(subject=wanted.quantity) | Q(subject__startswith=wanted.quantity + " "))
    return found


def _words(words: tuple[str, ...]) -> RawSQL:
    """Every word in the claim's text, or the claim said by someone the query names: "Shin Won-sik" finds what
    the extractor gave to "Shin" after the first mention."""
    names = _names(words)
    # upper() in SQL on both sides: Python's turns "ß" into "SS", the database's keeps it. SQLite's upper() folds
    # ASCII letters only; its LIKE folds every letter (claims.sqlite_text).
    said = f" OR upper(claims_claim.speaker) IN ({', '.join(['upper(%s)'] * len(names))})" if names else ""
    if connection.vendor == "sqlite" and names:
        said = " OR " + " OR ".join([r"claims_claim.speaker LIKE %s ESCAPE '\'"] * len(names))
        names = [re.sub(r"([\\%_])", r"\\\1", name) for name in names]
    if connection.vendor == "postgresql":
        # The expression is the index's (migration 0013), so PostgreSQL can use it or, for a common word, walk
        # the newest claims and test each; the speakers' trigram index serves the names.
        return RawSQL(f"(to_tsvector('german', claims_claim.text) @@ plainto_tsquery('german', %s){said})",
                      [" ".join(words), *names], output_field=BooleanField())
    return RawSQL(f"(claims_claim.id IN (SELECT rowid FROM claims_claim_fts WHERE claims_claim_fts MATCH %s){said})",
                  [_prefixes(words), *names], output_field=BooleanField())


def _names(words: tuple[str, ...]) -> list[str]:
    """The names a query of capitalised words may be, each run of them ("Kim Jong Un", "Kim Jong", "Jong Un",
    "Kim"): a claim is found when its speaker is one of them. A lower-case word makes the query no name, and a
    run of one word needs three letters ("Un" alone names no one)."""
    if not all(word[0].isupper() for word in words):
        return []
    runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    return sorted(run for run in runs if " " in run or len(run) >= 3)


def _prefixes(words: tuple[str, ...]) -> str:
    """FTS5: each word, or its lemma, as a quoted prefix, so "Container" finds "Containern" and "Containern"
    finds "Container", about as the German stemmer on PostgreSQL would."""
    return " AND ".join(_prefix(word) for word in words)


def _prefix(word: str) -> str:
    forms = dict.fromkeys(form.replace('"', "") for form in (word, simplemma.lemmatize(word, lang=("de", "en"))))
    return "(" + " OR ".join(f'"{form}"*' for form in forms if form) + ")"


# As migration 0015 indexes it: a tsvector holds at most 1 MB, and the desk takes far longer articles.
STORY_CHARS = 100_000


def _in_story(words: tuple[str, ...]) -> RawSQL:
    if connection.vendor == "postgresql":
        return RawSQL("claims_claim.article_id IN (SELECT id FROM claims_article WHERE to_tsvector('german', "
                      f"title || ' ' || left(text, {STORY_CHARS})) @@ plainto_tsquery('german', %s))",
                      [" ".join(words)], output_field=BooleanField())
    return RawSQL("claims_claim.article_id IN (SELECT rowid FROM claims_article_fts WHERE claims_article_fts "
                  "MATCH %s)", [_prefixes(words)], output_field=BooleanField())
