"""What the desk publishes about its claims: schema.org ClaimReview (JSON-LD) for verdicts, and a CSV for editors.

ClaimReviews are built from rows: `claim_reviews()` takes claims read as values(*REVIEW) and reads their figures
and confirmed pairs in three prepared queries, however many claims there are. The CSV's rows take claims loaded
by `claims_for_export()` (article, figures, their conflicts and citations already fetched). Either way a stream
of any length costs the same few queries per chunk.

Shape of one ClaimReview (keys with an empty value are left out)::

    {"@context": "https://schema.org", "@type": "ClaimReview",
     "identifier": "12-3", "url": <the public page of the desk's fact-check, the claim's review_url>,
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
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from common.prepared import Prepared, given, one_of
from sources.models import Citation

from .api_rows import FIGURE, FIGURES, grouped, touching
from .extraction.found import number
from .models import VERDICTS, Claim, Conflict, ConflictStatus, Figure, ReviewStatus
from .serializers import figure_value

# A three-step truth scale. "Unverifiable" is no point on it: its Rating carries only the alternateName,
# which Google's ClaimReview guidance accepts for a verdict without a numeric rating.
RATINGS = {ReviewStatus.FALSE: 1, ReviewStatus.DISPUTED: 2, ReviewStatus.SUPPORTED: 3}
WORST_RATING, BEST_RATING = min(RATINGS.values()), max(RATINGS.values())

EXPORT_CHUNK = 500  # claims per query of the exports; each chunk costs the same few prefetch queries
CSV_COLUMNS = [
    "ref", "article_id", "article_title", "publisher", "number", "quote", "speaker", "status", "verdict_note",
    "reviewer", "reviewed_at", "review_url", "figures", "citations", "conflicts", "admin_url",
]


@dataclass(frozen=True)
class Dialect:
    """How a CSV is written for the program that opens it; the columns and their names are the same in each."""

    name: str
    filename: str
    delimiter: str
    decimal: str  # the decimal mark of numbers with a fraction
    moment: str  # strftime format of a time (in the desk's time zone)


# The standard is RFC 4180 with ISO times. German spreadsheets (Excel, LibreOffice in a German locale) split at
# semicolons, read "1,5" as a number and "18.11.2025 14:05:00" as a date and time; both files start with a byte
# order mark, which tells Excel the file is UTF-8.
DIALECTS = {
    "standard": Dialect("standard", "claims.csv", ",", ".", "%Y-%m-%dT%H:%M:%S%z"),
    "excel-de": Dialect("excel-de", "claims-de.csv", ";", ",", "%d.%m.%Y %H:%M:%S"),
}
STANDARD = DIALECTS["standard"]
# Spreadsheets run a cell as a formula when its first character is one of OWASP's formula starts (CSV
# injection), also in the full-width and small forms that NFKC folds to them (Excel takes "＝" in Japanese
# locales), or the minus sign U+2212, which some read as a minus. What comes before it they trim, so the first
# *visible* character counts; a cell that starts with a control character (OWASP: tab, CR, LF) is guarded
# whatever follows.
FORMULA_STARTS = frozenset("=+-@\u2212")
# Published JSON-LD ends up inside <script> tags: a quote saying "</script>" must not end the tag there.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def claims_for_export() -> QuerySet[Claim]:
    """Claims with everything csv_row reads, in a fixed number of queries however many claims there are."""
    # The CSV counts a claim's conflicts: their ids are all it reads of them.
    linked = Conflict.objects.undismissed().only("id", "figure_a_id", "figure_b_id")
    figures = Figure.objects.order_by("start").prefetch_related(
        Prefetch("conflicts_as_a", queryset=linked), Prefetch("conflicts_as_b", queryset=linked))
    citations = Citation.objects.select_related("source")
    return Claim.objects.select_related("article", "reviewer").defer("article__text").prefetch_related(
        Prefetch("figures", queryset=figures), Prefetch("citations", queryset=citations))


def is_published(claim: dict) -> bool:
    """Whether the claim has a verdict; it is published as ClaimReview once it also has its page (has_page)."""
    return claim["status"] in VERDICTS


def has_page(claim: dict) -> bool:
    return bool(claim["review_url"])


# What an appearance shows of an article, read through a relation ("article__" from a claim).
APPEARANCE = ("url", "title", "language", "published", "author", "publisher")
REVIEW = ("id", "article_id", "number", "text", "verdict_note", "review_url", "reviewed_at", "speaker", "status",
          *(f"article__{name}" for name in APPEARANCE))
# ClaimReviews are built from rows read by these prepared queries: a claim's, its figures', its confirmed pairs'
# and their other figures'. Built from model instances, a ClaimReview cost 7.5 ms at a million claims, 3 of
# them compiling the prefetches' deep joins (issue 16).
# Published claims with their page only: a feed reads a chunk's rows after it read their ids, and a claim reopened
# between the two must not go out with its draft note.
REVIEWS = Prepared(lambda: Claim.objects.filter(one_of("claims_claim.id")).published().exclude(review_url="")
                   .order_by().values(*REVIEW))
REVIEW_BY_REF = Prepared(lambda: Claim.objects.filter(article_id=given(), number=given()).values(*REVIEW))
CONFIRMED = Prepared(lambda: Conflict.objects.filter(touching(), status=ConflictStatus.CONFIRMED)
                     .order_by("id").values("id", "kind", "status", "figure_a_id", "figure_b_id"))
OTHER_FIGURES = Prepared(lambda: Figure.objects.filter(one_of("claims_figure.id")).order_by().values(
    *FIGURE, "claim__article_id", *(f"claim__article__{name}" for name in APPEARANCE)))


def claim_reviews(rows: list[dict]) -> list[dict[str, Any]]:
    """The schema.org ClaimReviews (see the module docstring for their shape) of claims read as values(*REVIEW),
    in their order."""
    ids = [row["id"] for row in rows]
    figures = grouped(FIGURES.rows(ids), lambda row: row)
    related = _confirmed([figure["id"] for figure in chain.from_iterable(figures.values())])
    publisher = _organization(getattr(settings, "FACTCHECK_PUBLISHER_NAME", "Fact-check desk"),
                              getattr(settings, "FACTCHECK_PUBLISHER_URL", ""))
    reviews = []
    for row in rows:
        ref = f"{row['article_id']}-{row['number']}"
        reviewed = timezone.localtime(row["reviewed_at"]).date().isoformat() if row["reviewed_at"] else None
        reviews.append(_compact({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": ref,
            "url": row["review_url"],
            "claimReviewed": row["text"],
            "reviewBody": row["verdict_note"],
            "datePublished": reviewed,
            "author": publisher,
            "itemReviewed": _compact({
                "@type": "Claim",
                # The speaker field does not say whether it names a person or a body; most quotes are people's.
                "author": _person(row["speaker"]),
                "datePublished": _iso(row["article__published"]),
                "appearance": _appearance(row, "article__"),
            }),
            "reviewRating": rating(row["status"], row["article__language"]),
            "additionalProperty": [figure_property(figure, related[figure["id"]], article=row["article_id"])
                                   for figure in figures[row["id"]]],
        }))
    return reviews


def rating(status: str, language: str = "en") -> dict[str, Any]:
    """The verdict on the scale, named in the article's language (a German article's reader reads "Falsch")."""
    with translation.override(language):
        label = str(ReviewStatus(status).label)
    if status not in RATINGS:
        return {"@type": "Rating", "alternateName": label}
    return {
        "@type": "Rating", "ratingValue": RATINGS[status], "worstRating": WORST_RATING, "bestRating": BEST_RATING,
        "alternateName": label,
    }


def figure_property(figure: dict, related: list[tuple[dict, dict]], *, article: int) -> dict[str, Any]:
    """A figure (a row of api_rows.FIGURE) as a PropertyValue; figures of other articles that a reviewer confirmed
    contradict it, continue its series or corroborate it (`related`: confirmed pairs with the figure at their
    other end, in the pairs' order) follow in `valueReference`.

    Each related figure: {"@type": "PropertyValue",
    "propertyID": <contradiction | series | revision | corroboration>, "status": "confirmed", "name": <its text>,
    "value", "minValue", "maxValue", "unitText",
    "observationDate", "subjectOf": <its article as a NewsArticle>}. Suggested and dismissed pairs and pairs
    within the claim's own article are left out: a reader learns nothing from an article disagreeing with itself.
    """
    return _compact({
        "@type": "PropertyValue",
        "name": figure["text"],
        **_measured(figure),
        "valueReference": [
            _compact({
                "@type": "PropertyValue",
                "propertyID": conflict["kind"],
                "status": conflict["status"],
                "name": other["text"],
                **_measured(other),
                "subjectOf": _appearance(other, "claim__article__"),
            })
            for conflict, other in related if other["claim__article_id"] != article
        ],
    })


def _confirmed(figure_ids: list[int]) -> defaultdict[int, list[tuple[dict, dict]]]:
    """Each figure's confirmed pairs with the figure at their other end (a pair is stored once, in id order)."""
    # Published is what a reviewer confirmed: a detector's suggestion is the desk's lead, not its finding.
    pairs = CONFIRMED.rows(figure_ids, figure_ids)
    # Both ends are read: in a feed's chunk the other end may be a figure of another claim of the chunk.
    ends = OTHER_FIGURES.rows(sorted({pair[side] for pair in pairs for side in ("figure_a_id", "figure_b_id")}))
    others = {row["id"]: row for row in ends}
    mine = set(figure_ids)
    related = defaultdict(list)
    for pair in pairs:
        for here, there in (("figure_a_id", "figure_b_id"), ("figure_b_id", "figure_a_id")):
            # A pair inside the claim has its other end in the same article: left out like any such pair.
            if pair[here] in mine and pair[there] in others:
                related[pair[here]].append((pair, others[pair[there]]))
    return related


def dumps(data: Any) -> str:
    """Compact JSON that stays data inside an HTML <script> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_SAFE)


def csv_row(claim: Claim, *, admin_url: str = "", dialect: Dialect = STANDARD) -> list[str]:
    """One CSV line in CSV_COLUMNS order, every cell safe to open in a spreadsheet (see csv_cell)."""
    conflicts = {conflict.pk for figure in claim.figures.all()
                 for conflict in chain(figure.conflicts_as_a.all(), figure.conflicts_as_b.all())}
    cells = [
        claim.ref, claim.article_id, claim.article.title, claim.article.publisher, claim.number, claim.text,
        claim.speaker, claim.status, claim.verdict_note, claim.reviewer.username if claim.reviewer else "",
        _moment(claim.reviewed_at, dialect), claim.review_url,
        "; ".join(figure.text for figure in claim.figures.all()),
        " ".join(citation.source.url for citation in claim.citations.all()),
        len(conflicts), admin_url,
    ]
    return [csv_cell(cell, dialect) for cell in cells]


def _moment(when, dialect: Dialect) -> str:
    if not when:
        return ""
    local = timezone.localtime(when)
    if dialect is STANDARD:
        return local.isoformat(timespec="seconds")
    return local.strftime(dialect.moment)


def csv_cell(value: Any, dialect: Dialect = STANDARD) -> str:
    """Text that a spreadsheet shows rather than runs: a leading apostrophe before a formula start. A number
    (never text that looks like one) is written with the dialect's decimal mark."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f").replace(".", dialect.decimal)
    elif isinstance(value, float):
        text = repr(value).replace(".", dialect.decimal)
    else:
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


def _measured(figure: dict) -> dict[str, Any]:
    return {
        "value": figure_value(figure["kind"], figure["date_value"], figure["value"]),
        "minValue": number(figure["low"]),
        "maxValue": number(figure["high"]),
        "unitText": figure["unit"],
        "observationDate": figure["as_of"],
    }


def _appearance(row: dict, prefix: str) -> dict[str, Any]:
    """The article of a row, its fields read under `prefix`, as a NewsArticle."""
    return _compact({
        "@type": "NewsArticle",
        "url": row[prefix + "url"],
        "headline": row[prefix + "title"],
        "inLanguage": row[prefix + "language"],
        "datePublished": _iso(row[prefix + "published"]),
        "author": _person(row[prefix + "author"]),
        "publisher": _organization(row[prefix + "publisher"]),
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


def csv_lines(rows: Iterable[list[str]], dialect: Dialect = STANDARD) -> Iterator[str]:
    # Every cell in quotes (OWASP's advice): a spreadsheet that splits at another character than the file's
    # (";" or a tab instead of ",", or "," instead of ";") keeps a quoted cell whole, so "Zoll; =SUM(A1)" cannot
    # start a cell of its own.
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL, delimiter=dialect.delimiter)
    # The byte order mark tells Excel the file is UTF-8; without it umlauts come out garbled.
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for row in rows:
        yield writer.writerow(row)


def csv_response(request, claims: Iterable[Claim], dialect: Dialect = STANDARD) -> StreamingHttpResponse:
    """The claims as a CSV download, streamed; the API's export and the claims list's actions all answer so."""
    changelist = reverse("admin:claims_claim_changelist")
    rows = (csv_row(claim, admin_url=request.build_absolute_uri(f"{changelist}{claim.pk}/change/"), dialect=dialect)
            for claim in claims)
    response = StreamingHttpResponse(csv_lines(rows, dialect), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dialect.filename}"'
    return response
