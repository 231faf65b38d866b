"""What a claim's sentence cites: the article's links inside it become citations of their pages, and the sources
its words name become attributions to named sources. Run on every claim extraction stores."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from sources import services as source_services
from sources.models import Citation, CitationRole

from ..extraction import attributions
from ..models import Article, ArticleLink, Attribution, Claim, NamedSource

logger = logging.getLogger(__name__)

# Words that describe a name rather than belong to it: "Nachrichtenagentur Yonhap" is the row of "Yonhap".
DESCRIPTORS = frozenset({
    "nachrichtenagentur", "agentur", "zeitung", "tageszeitung", "us-zeitung", "sender", "fernsehsender",
    "nachrichtensender", "magazin", "nachrichtenmagazin", "portal", "news", "agency", "newspaper", "broadcaster",
    "staatsmedien", "staatssender", "staatsagentur", "wirtschaftszeitung", "boulevardzeitung", "blatt",
})
ADJECTIVE_ENDINGS = ("es", "en", "er", "em", "e")
QUOTES = re.compile(r"[„“”\"«»‚‘’']")


def name_key(name: str) -> str:
    """One key for every way a source is named: case, quotes, leading descriptors and German endings folded
    ("des Statistischen Bundesamts" and "das Statistische Bundesamt", "Nachrichtenagentur Yonhap" and "Yonhap")."""
    words = QUOTES.sub("", name).lower().split()
    while len(words) > 1 and words[0] in DESCRIPTORS:
        words.pop(0)
    if not words:
        return ""
    # Adjectives inflect before the noun ("Statistischen", "Süddeutsche"); the noun takes a genitive -s.
    folded = [_ending(word, ADJECTIVE_ENDINGS) for word in words[:-1]] + [_ending(words[-1], ("s",))]
    return " ".join(folded)[:200]


def _ending(word: str, endings: tuple[str, ...]) -> str:
    word = word.removesuffix("’s").removesuffix("'s")
    if len(word) > 4:
        for ending in endings:
            if word.endswith(ending):
                return word[: -len(ending)]
    return word


def claims_link(*, article: Article, claims: Iterable[Claim]) -> None:
    """Cite each link inside a claim's span and attribute each source the span names (one query per claim at
    most for the names; the links are read once)."""
    claims = list(claims)
    links = list(ArticleLink.objects.filter(article=article))
    source_ids = set()
    for claim in claims:
        for link in links:
            if link.start < claim.end and claim.start < link.end:
                citation = _cite(claim, link)
                if citation is not None:
                    source_ids.add(citation.source_id)
        _attribute(article, claim)
    if source_ids:
        # A new citation is checked at once (as when an editor adds one): after commit, so the worker sees it.
        ids = sorted(source_ids)
        transaction.on_commit(lambda: source_services.sources_recheck(source_ids=ids))


def _cite(claim: Claim, link: ArticleLink) -> Citation | None:
    try:
        source, _ = source_services.source_get_or_create(url=link.url)
    except ValidationError as exc:
        logger.info("link %s of article %s is no source: %s", link.url, claim.article_id, exc.messages)
        return None
    citation, _ = Citation.objects.get_or_create(
        claim=claim, source=source,
        defaults={"role": CitationRole.CITES, "anchor": link.anchor[:500], "start": link.start, "end": link.end},
    )
    return citation


def _attribute(article: Article, claim: Claim) -> None:
    for found in attributions.find(article.text, claim.start, claim.end):
        named = named_source_get_or_create(name=found.name, kind=found.kind)
        Attribution.objects.get_or_create(
            claim=claim, start=found.start,
            defaults={"named_source": named, "end": found.end, "text": found.name[:300]},
        )


def named_source_get_or_create(*, name: str, kind: str) -> NamedSource:
    key = name_key(name)
    named = NamedSource.objects.filter(key=key).first()
    if named is not None:
        return named
    named, _ = NamedSource.objects.get_or_create(key=key, defaults={"name": QUOTES.sub("", name)[:200], "kind": kind})
    return named


@transaction.atomic
def named_source_resolve(*, named_source: NamedSource, url: str) -> NamedSource:
    """Give a named source its page: every claim that names it cites that page from now on, and it is checked."""
    source, _ = source_services.source_get_or_create(url=url)
    named_source.source = source
    named_source.save(update_fields=["source"])
    claim_ids = Attribution.objects.filter(named_source=named_source).values_list("claim_id", flat=True).distinct()
    for claim in Claim.objects.filter(pk__in=list(claim_ids)):
        Citation.objects.get_or_create(claim=claim, source=source, defaults={"role": CitationRole.CITES})
    transaction.on_commit(lambda: source_services.sources_recheck(source_ids=[source.pk]))
    return named_source
