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
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .. import extraction
from ..models import Article, Claim, ExtractionStatus, Figure, FigureKind, content_hash
from .conflicts import detect_after_commit
from .links import claims_link
from .rows import reserve_claim_numbers

logger = logging.getLogger(__name__)

EXTRACTED = "Found by extraction"
NUMBER_COLUMNS = ("value", "low", "high")
REAL_DIGITS = Context(prec=15, rounding=ROUND_UP)  # what a double surely keeps, rounded away from zero


def extracts_in_background(text: str) -> bool:
    return len(text) > settings.FACTCHECK_EXTRACT_IN_REQUEST_CHARS


# What a form or a POST gives: an article that agrees on all of it is the same submission.
SUBMITTED_ARTICLE_FIELDS = ("title", "text", "url", "publisher", "author", "published", "language")
# A PostgreSQL advisory lock taken with two keys (this one and the text's hash) lives apart from the one-key
# lock of conflict detection.
ARTICLE_CREATE_LOCK = 7_340_118


def _lock_for_creating(digest: str) -> None:
    """Two identical creates at once would both find nothing stored and both insert: the second waits here
    until the first commits, then finds its row. There is no row to lock yet, so the lock is on the text's
    hash. SQLite, the development database, has no such lock (nor row locks): the guarantee is PostgreSQL's."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ARTICLE_CREATE_LOCK, int(digest[:8], 16) - 2**31])


@transaction.atomic
def article_get_or_create(
    *, title: str, text: str, url: str = "", publisher: str = "", author: str = "",
    published: date | None = None, language: str = "de", extract: bool = False, later: bool = False,
) -> tuple[Article, bool]:
    """Store an article (with the claims extraction finds in it, if `extract`: now, or with `later` by a worker),
    or return the stored one if this very submission was stored before: a form posted twice, a client retrying,
    a file ingested again (nothing is extracted or queued a second time).

    The same text from another outlet, under another title or URL, is another article (duplicate_of links
    wire copies); only every field the same is the same submission."""
    article = Article(
        title=title, text=text, url=url, publisher=publisher, author=author,
        published=published, language=language,
    )
    article.full_clean(exclude=["content_hash"])
    digest = content_hash(article.text)
    _lock_for_creating(digest)
    fields = {name: getattr(article, name) for name in SUBMITTED_ARTICLE_FIELDS}
    stored = Article.objects.filter(content_hash=digest, **fields).order_by("pk").first()
    if stored is not None:
        if extract and stored.extraction_status == ExtractionStatus.NONE:
            # Stored before without extraction and now asked with it: extracted as asked, once (a client told
            # 202 must find work under way, not an article nobody will ever extract).
            _extract(stored, later=later)
        return stored, False
    article.save()
    from ..tasks import find_duplicate_task

    transaction.on_commit(lambda: find_duplicate_task.delay(article.pk))
    if extract:
        _extract(article, later=later)
    return article, True


def _extract(article: Article, *, later: bool) -> None:
    if later:
        article_extract_later(article=article)
    else:
        article_extract(article=article)


def article_create(**fields: Any) -> Article:
    """Store an article, or return the same submission stored before (article_get_or_create)."""
    return article_get_or_create(**fields)[0]


def article_update(*, article: Article, fields: Iterable[str]) -> Article:
    """Save an editor's change of these fields only (the admin's form has set them on `article`): the claim
    counter and duplicate_of are written elsewhere, and saving a stale copy of them would hand out a claim number
    twice."""
    article.save(update_fields=[*fields, "updated_at"])
    return article


def article_ingest(**fields: Any) -> Article:
    """Store an article with the claims and figures the extractor finds in it (article_get_or_create)."""
    return article_get_or_create(**fields, extract=True)[0]


def article_ingest_later(**fields: Any) -> Article:
    """Store an article now and leave its claims to a worker (article_extract_queued)."""
    return article_get_or_create(**fields, extract=True, later=True)[0]


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


def extract_now_or_later(article: Article) -> None:
    """Extract a short article now, a long one on a worker (as the API does with a posted text)."""
    _extract(article, later=extracts_in_background(article.text))


def article_extract_or_queue(*, article: Article) -> list[Claim] | None:
    """ "Extract claims again": a short article now, a long one by a worker (None: queued)."""
    if extracts_in_background(article.text):
        article_extract_later(article=article)
        return None
    return article_extract(article=article)


def _check_claim_cap(count: int) -> None:
    limit = settings.FACTCHECK_MAX_ARTICLE_CLAIMS
    if count > limit:
        raise ValidationError({"text": _(
            "Extraction finds {count} claims in the text; an article may have at most {limit} "
            "(FACTCHECK_MAX_ARTICLE_CLAIMS). Split it into parts.").format(count=f"{count:,}", limit=f"{limit:,}")})


def _store(article: Article, new: list[extraction.Claim]) -> list[Claim]:
    first = reserve_claim_numbers(article, len(new))
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
    claims_link(article=article, claims=claims)
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
    return Figure(
        claim=claim, start=figure.start, end=figure.end, text=text[figure.start : figure.end], kind=figure.kind,
        **Figure.stored_values(figure.kind, figure.value), low=figure.low, high=figure.high, unit=figure.unit[:64],
        qualifier=figure.qualifier, as_of=figure.as_of,
    )
