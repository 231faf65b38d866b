"""What the desk publishes about its claims: schema.org ClaimReview (JSON-LD) for verdicts, and a CSV for editors.

The builders take claims loaded by `claims_for_export()` (article, figures, their conflicts and citations already
fetched) and return plain dicts and lists: no queries of their own, so a stream of any length costs the same few
queries per chunk.

Shape of one ClaimReview (keys with an empty value are left out)::

    {"@context": "https://schema.org", "@type": "ClaimReview",
     "identifier": "12-3", "url": <the API address of this review, if the caller has one>,
     "claimReviewed": <the quote>, "reviewBody": <verdict note>, "datePublished": <review date, YYYY-MM-DD>,
     "author": {"@type": "Organization", "name": FACTCHECK_PUBLISHER_NAME, "url": FACTCHECK_PUBLISHER_URL},
     "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": <speaker>},
                      "datePublished": <article date>,
                      "appearance": {"@type": "NewsArticle", "url", "headline", "inLanguage", "datePublished",
                                     "author": {"@type": "Person", ...}, "publisher": {"@type": "Organization", ...}}},
     "reviewRating": {"@type": "Rating", "ratingValue", "worstRating", "bestRating", "alternateName": "Supported"},
     "additionalProperty": [<one PropertyValue per figure of the claim, see figure_property()>]}

The rating scale is RATINGS below. Figures go in `additionalProperty` and the time a figure is stated for in
`observationDate` (borrowed from schema.org's Observation); neither is defined on ClaimReview or PropertyValue,
so the Schema Markup Validator lists them as unexpected while Google reads the rest and skips them.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from sources.models import Citation

from .extraction.found import number
from .models import VERDICTS, Article, Claim, Conflict, ConflictStatus, Figure, FigureKind, ReviewStatus

# A three-step truth scale. "Unverifiable" is no point on it: its Rating carries only the alternateName,
# which Google's ClaimReview guidance accepts for a verdict without a numeric rating.
RATINGS = {ReviewStatus.FALSE: 1, ReviewStatus.DISPUTED: 2, ReviewStatus.SUPPORTED: 3}
WORST_RATING, BEST_RATING = min(RATINGS.values()), max(RATINGS.values())

EXPORT_CHUNK = 500  # claims per query of the exports; each chunk costs the same few prefetch queries
CSV_COLUMNS = [
    "ref", "article_id", "article_title", "publisher", "number", "quote", "speaker", "status", "verdict_note",
    "reviewer", "reviewed_at", "figures", "citations", "conflicts", "admin_url",
]
# Spreadsheets run a cell as a formula when its first character is one of OWASP's formula starts (CSV
# injection), also in the full-width and small forms that NFKC folds to them (Excel takes "＝" in Japanese
# locales), or the minus sign U+2212, which some read as a minus. What comes before it they trim, so the first
# *visible* character counts; a cell that starts with a control character (OWASP: tab, CR, LF) is guarded
# whatever follows.
FORMULA_STARTS = frozenset("=+-@\u2212")
# Published JSON-LD ends up inside <script> tags: a quote saying "</script>" must not end the tag there.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def claims_for_export(*, reviews: bool = False) -> QuerySet[Claim]:
    """Claims with everything the builders read, in a fixed number of queries however many claims there are.
    For ClaimReviews alone (`reviews`), only what they publish: confirmed conflicts and no citations (a claim's
    suggestions are many at a million claims, and each brought its other figure, claim and article)."""
    linked = (Conflict.objects.filter(status=ConflictStatus.CONFIRMED) if reviews
              else Conflict.objects.exclude(status=ConflictStatus.DISMISSED))
    # Other articles' texts can be long and are never shown.
    figures = Figure.objects.order_by("start").prefetch_related(
        Prefetch("conflicts_as_a", queryset=linked.select_related("figure_b__claim__article").defer(
            "figure_b__claim__article__text")),
        Prefetch("conflicts_as_b", queryset=linked.select_related("figure_a__claim__article").defer(
            "figure_a__claim__article__text")),
    )
    claims = Claim.objects.select_related("article", "reviewer").defer("article__text")
    if reviews:
        return claims.prefetch_related(Prefetch("figures", queryset=figures))
    return claims.prefetch_related(Prefetch("figures", queryset=figures),
                                   Prefetch("citations", queryset=Citation.objects.select_related("source")))


def is_published(claim: Claim) -> bool:
    return claim.status in VERDICTS


def claim_review(claim: Claim, *, url: str = "") -> dict[str, Any]:
    """The schema.org ClaimReview of a claim with a verdict (see the module docstring for its shape)."""
    reviewed = timezone.localtime(claim.reviewed_at).date().isoformat() if claim.reviewed_at else None
    return _compact({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim.ref,
        "url": url,
        "claimReviewed": claim.text,
        "reviewBody": claim.verdict_note,
        "datePublished": reviewed,
        "author": _organization(
            getattr(settings, "FACTCHECK_PUBLISHER_NAME", "Fact-check desk"),
            getattr(settings, "FACTCHECK_PUBLISHER_URL", ""),
        ),
        "itemReviewed": _compact({
            "@type": "Claim",
            # The speaker field does not say whether it names a person or a body; most quotes are people's.
            "author": _person(claim.speaker),
            "datePublished": _iso(claim.article.published),
            "appearance": _appearance(claim.article),
        }),
        "reviewRating": rating(claim.status),
        "additionalProperty": [figure_property(figure, claim=claim) for figure in claim.figures.all()],
    })


def rating(status: str) -> dict[str, Any]:
    label = ReviewStatus(status).label
    if status not in RATINGS:
        return {"@type": "Rating", "alternateName": label}
    return {
        "@type": "Rating", "ratingValue": RATINGS[status], "worstRating": WORST_RATING, "bestRating": BEST_RATING,
        "alternateName": label,
    }


def figure_property(figure: Figure, *, claim: Claim) -> dict[str, Any]:
    """A figure as a PropertyValue; figures of other articles that a reviewer confirmed contradict it, continue
    its series or corroborate it follow in `valueReference`.

    Each related figure: {"@type": "PropertyValue",
    "propertyID": <contradiction | series | revision | corroboration>, "status": "confirmed", "name": <its text>,
    "value", "minValue", "maxValue", "unitText",
    "observationDate", "subjectOf": <its article as a NewsArticle>}. Suggested and dismissed pairs and pairs
    within the claim's own article are left out: a reader learns nothing from an article disagreeing with itself.
    """
    # Published is what a reviewer confirmed: a detector's suggestion is the desk's lead, not its finding.
    related = [
        (conflict, other) for conflict, other in _linked(figure)
        if conflict.status == ConflictStatus.CONFIRMED and other.claim.article_id != claim.article_id
    ]
    related.sort(key=lambda pair: pair[0].pk)
    return _compact({
        "@type": "PropertyValue",
        "name": figure.text,
        **_measured(figure),
        "valueReference": [
            _compact({
                "@type": "PropertyValue",
                "propertyID": conflict.kind,
                "status": conflict.status,
                "name": other.text,
                **_measured(other),
                "subjectOf": _appearance(other.claim.article),
            })
            for conflict, other in related
        ],
    })


def dumps(data: Any) -> str:
    """Compact JSON that stays data inside an HTML <script> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_SAFE)


def csv_row(claim: Claim, *, admin_url: str = "") -> list[str]:
    """One CSV line in CSV_COLUMNS order, every cell safe to open in a spreadsheet (see csv_cell)."""
    conflicts = {conflict.pk for figure in claim.figures.all() for conflict, _ in _linked(figure)
                 if conflict.status != ConflictStatus.DISMISSED}
    cells = [
        claim.ref, claim.article_id, claim.article.title, claim.article.publisher, claim.number, claim.text,
        claim.speaker, claim.status, claim.verdict_note, claim.reviewer.username if claim.reviewer else "",
        timezone.localtime(claim.reviewed_at).isoformat(timespec="seconds") if claim.reviewed_at else "",
        "; ".join(figure.text for figure in claim.figures.all()),
        " ".join(citation.source.url for citation in claim.citations.all()),
        len(conflicts), admin_url,
    ]
    return [csv_cell(cell) for cell in cells]


def csv_cell(value: Any) -> str:
    """Text that a spreadsheet shows rather than runs: a leading apostrophe before a formula start."""
    text = "" if value is None else str(value)
    return "'" + text if may_run(text) else text


def may_run(text: str) -> bool:
    """Whether a spreadsheet might take the cell for a formula (see FORMULA_STARTS)."""
    if text and unicodedata.category(text[0]) == "Cc":
        return True
    first = next((char for char in text if not _invisible(char)), "")
    return unicodedata.normalize("NFKC", first)[:1] in FORMULA_STARTS


def _invisible(char: str) -> bool:
    # Any Unicode space (no-break, ideographic …), control character, or format character (zero-width space,
    # word joiner, byte order mark): none of them shows, and spreadsheets skip them to the first one that does.
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def _linked(figure: Figure) -> Iterable[tuple[Conflict, Figure]]:
    """The figure's conflicts with the figure at their other end (a pair is stored once, in id order)."""
    yield from ((conflict, conflict.figure_b) for conflict in figure.conflicts_as_a.all())
    yield from ((conflict, conflict.figure_a) for conflict in figure.conflicts_as_b.all())


def _measured(figure: Figure) -> dict[str, Any]:
    return {
        # A date's value is its ISO text, as precise as the article put it (2024-06-19, 2024-03, 1961).
        "value": figure.date_value if figure.kind == FigureKind.DATE else number(figure.value),
        "minValue": number(figure.low),
        "maxValue": number(figure.high),
        "unitText": figure.unit,
        "observationDate": figure.as_of,
    }


def _appearance(article: Article) -> dict[str, Any]:
    return _compact({
        "@type": "NewsArticle",
        "url": article.url,
        "headline": article.title,
        "inLanguage": article.language,
        "datePublished": _iso(article.published),
        "author": _person(article.author),
        "publisher": _organization(article.publisher),
    })


def _organization(name: str, url: str = "") -> dict[str, str] | None:
    return _compact({"@type": "Organization", "name": name, "url": url}) if name else None


def _person(name: str) -> dict[str, str] | None:
    return {"@type": "Person", "name": name} if name else None


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    # Blank fields are left out rather than published as "" or null; a 0 is a value and stays.
    return {key: value for key, value in data.items() if value is not None and value != "" and value != []}


class _Echo:
    """A file for csv.writer that hands each formatted line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    # Every cell in quotes (OWASP's advice): a spreadsheet that splits at ";" (Excel in a German locale) or a tab
    # instead of "," keeps a quoted cell whole, so "Zoll; =SUM(A1)" cannot start a cell of its own.
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    # The byte order mark tells Excel the file is UTF-8; without it umlauts come out garbled.
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for row in rows:
        yield writer.writerow(row)


def csv_response(request, claims: Iterable[Claim]) -> StreamingHttpResponse:
    """The claims as a CSV download, streamed; the API's export and the claims list's action both answer so."""
    rows = (csv_row(claim, admin_url=request.build_absolute_uri(reverse("admin:claims_claim_change", args=[claim.pk])))
            for claim in claims)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="claims.csv"'
    return response
