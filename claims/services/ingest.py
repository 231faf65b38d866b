"""Articles with the claims extraction finds in them: at once within the request, or later on a worker.

Whatever the text, extraction stores only what the columns hold: a figure whose number has more digits than
the figure columns keep (a 30-digit run is an account number or a typo, not a figure) is left out, never the
article. Each step is one pass over the text and its claims, so an article of 100,000 claims costs a hundred
times one of 1,000 (bench/ingest.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, ROUND_UP, Context, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Now
from simple_history.utils import bulk_create_with_history

from .. import extraction
from ..models import Article, Claim, ExtractionStatus, Figure, FigureKind
from . import _reserve_claim_numbers, article_create
from .conflicts import detect_after_commit

logger = logging.getLogger(__name__)

EXTRACTED = "Found by extraction"
NUMBER_COLUMNS = ("value", "low", "high")
REAL_DIGITS = Context(prec=15, rounding=ROUND_UP)  # what a double surely keeps, rounded away from zero


def extracts_in_background(text: str) -> bool:
    return len(text) > settings.FACTCHECK_EXTRACT_IN_REQUEST_CHARS


@transaction.atomic
def article_ingest(
    *, title: str, text: str, url: str = "", publisher: str = "", author: str = "",
    published: date | None = None, language: str = "de",
) -> Article:
    """Store an article with the claims and figures the extractor finds in it."""
    article = article_create(
        title=title, text=text, url=url, publisher=publisher, author=author, published=published, language=language,
    )
    article_extract(article=article)
    return article


@transaction.atomic
def article_ingest_later(
    *, title: str, text: str, url: str = "", publisher: str = "", author: str = "",
    published: date | None = None, language: str = "de",
) -> Article:
    """Store an article now and leave its claims to a worker (article_extract_queued)."""
    article = article_create(
        title=title, text=text, url=url, publisher=publisher, author=author, published=published, language=language,
    )
    article_extract_later(article=article)
    return article


def article_extract_later(*, article: Article) -> None:
    """Queue the article's extraction; it shows as pending until a worker takes it."""
    from ..tasks import extract_claims_task

    fields = {"extraction_status": ExtractionStatus.PENDING, "extraction_message": "",
              "extraction_started_at": None, "extraction_finished_at": None}
    Article.objects.filter(pk=article.pk).update(**fields)
    for name, value in fields.items():
        setattr(article, name, value)
    transaction.on_commit(lambda: extract_claims_task.delay(article.pk))


def article_extract_queued(*, article_id: int) -> list[Claim] | None:
    """A worker's run of a queued extraction; safe to run twice.

    The article is claimed with a conditional update first: a second delivery of the same task finds it running
    (or done) and does nothing. A run left `running` by a worker that died is taken over once it is older than
    the task's time limit. None if there was nothing to do.
    """
    stale = Now() - timedelta(seconds=settings.FACTCHECK_EXTRACT_SECONDS + 60)
    claimed = Article.objects.filter(
        Q(extraction_status=ExtractionStatus.PENDING)
        | Q(extraction_status=ExtractionStatus.RUNNING, extraction_started_at__lt=stale),
        pk=article_id,
    ).update(extraction_status=ExtractionStatus.RUNNING, extraction_started_at=Now(), extraction_message="")
    article = Article.objects.filter(pk=article_id).first() if claimed else None
    if article is None:
        logger.info("article %s is gone, or its extraction is taken or done", article_id)
        return None
    try:
        return article_extract(article=article)
    except ValidationError as exc:
        article_extraction_failed(article_id=article_id, message=" ".join(exc.messages))
        return None


def article_extraction_failed(*, article_id: int, message: str) -> None:
    """Record why a running extraction stopped. One that committed is done, whatever stopped its task after."""
    Article.objects.filter(pk=article_id, extraction_status=ExtractionStatus.RUNNING).update(
        extraction_status=ExtractionStatus.FAILED, extraction_message=message, extraction_finished_at=Now(),
    )


@transaction.atomic
def article_extract(*, article: Article) -> list[Claim]:
    """Add the claims extraction finds that the article lacks. Existing claims and their numbers stay; a found
    passage that overlaps a claim (an editor may have moved or cut its span) or that an editor deleted is left out."""
    # The article's row lock first: two extractions of one article at once would each add the same claims.
    Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
    found = storable(extraction.iter_claims(article.text, language=article.language, published=article.published))
    present = list(article.claims.values_list("start", "end"))
    # Every span a claim editors deleted ever had: one trimmed and then deleted keeps its whole passage out.
    gone = Claim.history.filter(article_id=article.pk, history_type="-").exclude(id__in=article.claims.values("pk"))
    deleted = set(Claim.history.filter(id__in=gone.values("id")).values_list("start", "end"))
    new = clear_of(list(found), [*present, *deleted])
    _check_claim_cap(len(present) + len(new))
    claims = _store(article, new) if new else []
    _extraction_done(article, len(claims))
    return claims


def article_extract_or_queue(*, article: Article) -> list[Claim] | None:
    """ "Extract claims again": a short article now, a long one by a worker (None: queued)."""
    if extracts_in_background(article.text):
        article_extract_later(article=article)
        return None
    return article_extract(article=article)


def _check_claim_cap(count: int) -> None:
    limit = settings.FACTCHECK_MAX_ARTICLE_CLAIMS
    if count > limit:
        raise ValidationError({"text": f"Extraction finds {count:,} claims in the text; an article may have at most "
                                       f"{limit:,} (FACTCHECK_MAX_ARTICLE_CLAIMS). Split it into parts."})


def _store(article: Article, new: list[extraction.Claim]) -> list[Claim]:
    first = _reserve_claim_numbers(article, len(new))
    claims = []
    for offset, found_claim in enumerate(new):
        claim = Claim(article=article, number=first + offset, start=found_claim.start, end=found_claim.end,
                      speaker=found_claim.speaker[:200])
        claim.anchor()
        claims.append(claim)
    claims = bulk_create_with_history(claims, Claim, default_change_reason=EXTRACTED)
    figures = [
        _figure_row(claim, figure, article.text) for claim, found_claim in zip(claims, new, strict=True)
        for figure in found_claim.figures
    ]
    bulk_create_with_history(figures, Figure, default_change_reason=EXTRACTED)
    detect_after_commit(claim.pk for claim in claims)
    return claims


def _extraction_done(article: Article, added: int) -> None:
    fields = {"extraction_status": ExtractionStatus.DONE, "extraction_message": f"{added:,} new claim(s) found."}
    Article.objects.filter(pk=article.pk).update(**fields, extraction_finished_at=Now())
    for name, value in fields.items():
        setattr(article, name, value)


def clear_of(found: list[extraction.Claim], taken: Iterable[tuple[int, int]]) -> list[extraction.Claim]:
    """The found claims that overlap no taken span, in one sweep (taken spans may overlap each other).

    A claim [s, e) overlaps a taken span [ts, te) when ts < e and te > s: taken in order of ts, the spans that
    start before e are known by the furthest end among them.
    """
    spans = sorted(taken)
    kept, index, furthest = [], 0, -1
    for claim in sorted(found, key=lambda c: c.end):
        while index < len(spans) and spans[index][0] < claim.end:
            furthest = max(furthest, spans[index][1])
            index += 1
        if furthest <= claim.start:
            kept.append(claim)
    return sorted(kept, key=lambda c: c.start)


def storable(found: Iterable[extraction.Claim]) -> Iterator[extraction.Claim]:
    """The found claims as the columns can hold them, numbered anew: a figure whose number or text does not fit
    its column is left out, and so is a claim left without figures."""
    number = 0
    for claim in found:
        figures = [figure for figure in claim.figures if _fits(figure)]
        if figures:
            number += 1
            yield replace(claim, number=number, figures=figures)


def _fits(figure: extraction.Figure) -> bool:
    if figure.end - figure.start > Figure._meta.get_field("text").max_length:
        return False
    if figure.kind == FigureKind.DATE:
        return True
    as_float = connection.vendor == "sqlite"
    return all(fits_column(getattr(figure, name), Figure._meta.get_field(name), as_float=as_float)
               for name in NUMBER_COLUMNS)


def fits_column(number: Decimal | None, field: models.DecimalField, *, as_float: bool = False) -> bool:
    """Whether the column holds the number: rounded to its decimal places (as PostgreSQL rounds on the way in),
    at most max_digits digits in all. `as_float`: the column is a REAL (SQLite), exact to 15 digits, and a number
    a hair below the limit may be read back as the limit itself, which Django then cannot quantize."""
    if number is None:
        return True
    whole_digits = field.max_digits - field.decimal_places
    if not number.is_finite() or number.adjusted() >= whole_digits:
        return False  # decided without rounding: a number of 5,000 digits is never quantized
    if as_float:
        number = REAL_DIGITS.plus(number)
    step = Decimal(1).scaleb(-field.decimal_places)
    rounded = number.quantize(step, rounding=ROUND_HALF_UP, context=Context(prec=field.max_digits + 1))
    return rounded.adjusted() < whole_digits


def _figure_row(claim: Claim, figure: extraction.Figure, text: str) -> Figure:
    is_date = figure.kind == "date"
    return Figure(
        claim=claim, start=figure.start, end=figure.end, text=text[figure.start : figure.end], kind=figure.kind,
        value=None if is_date else figure.value, date_value=figure.value if is_date else "",
        low=figure.low, high=figure.high, unit=figure.unit[:64], qualifier=figure.qualifier, as_of=figure.as_of,
    )
