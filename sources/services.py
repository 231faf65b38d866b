"""Writes to sources and citations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from . import urls
from .models import Citation, Source


def source_get_or_create(*, url: str, title: str = "", publisher: str = "") -> tuple[Source, bool]:
    try:
        normal = urls.normalise(url)
    except urls.BadURL as exc:
        raise ValidationError({"url": str(exc)}) from exc
    source = Source.objects.filter(url=normal).first()
    if source:
        return source, False
    source = Source(url=normal, title=title, publisher=publisher)
    source.full_clean()
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        # Someone stored the same page a moment ago: theirs is ours.
        return Source.objects.get(url=normal), False
    return source, True


@transaction.atomic
def citation_create(*, claim, url: str, role: str = "cites", expected: str = "") -> Citation:
    source, _ = source_get_or_create(url=url)
    citation = Citation(claim=claim, source=source, role=role, expected=expected)
    citation.full_clean()
    citation.save()
    return citation
