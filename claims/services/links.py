"""What a claim's sentence cites: the article's links inside it become citations of their pages, and the sources
its words name become attributions to named sources. Run on every claim extraction stores."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from django.db import transaction
from simple_history.utils import bulk_create_with_history

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
    """Cite each link inside a claim's span and attribute each source the span names: a few statements per
    article, whatever its number of claims and links."""
    claims = list(claims)
    _cite_links(article, claims)
    _attribute(article, claims)


def _cite_links(article: Article, claims: list[Claim]) -> None:
    links = list(ArticleLink.objects.filter(article=article))
    wanted = [(claim, link) for claim in claims for link in links if link.start < claim.end and claim.start < link.end]
    sources = source_services.sources_for_urls({link.url for _, link in wanted})
    # A claim cites a page once: a second link to the same page in one sentence adds nothing. The claims are new,
    # so none of them cites anything yet.
    first: dict[tuple[int, int], Citation] = {}
    for claim, link in wanted:
        if link.url in sources:
            first.setdefault((claim.pk, sources[link.url].pk), Citation(
                claim=claim, source=sources[link.url], role=CitationRole.CITES, anchor=link.anchor[:500],
                start=link.start, end=link.end))
    citations = list(first.values())
    bulk_create_with_history(citations, Citation, default_change_reason="Cited by a link in the article")
    if citations:
        # A new citation is checked at once (as when an editor adds one): after commit, so the worker sees it.
        ids = sorted({citation.source.pk for citation in citations})
        source_services.citations_take_current_version(source_ids=ids)
        transaction.on_commit(lambda: source_services.sources_recheck(source_ids=ids))


def _attribute(article: Article, claims: list[Claim]) -> None:
    found = [(claim, named, name_key(named.name)) for claim in claims
             for named in attributions.find_in_passage(article.text, claim.start, claim.end)]
    if not found:
        return
    by_key = _named_sources({key: named for _, named, key in found})
    Attribution.objects.bulk_create([
        Attribution(claim=claim, named_source=by_key[key], start=named.start, end=named.end, text=named.name[:300])
        for claim, named, key in found
    ], ignore_conflicts=True)


def _named_sources(wanted: dict[str, attributions.Named]) -> dict[str, NamedSource]:
    known = {named.key: named for named in NamedSource.objects.filter(key__in=list(wanted))}
    missing = [NamedSource(key=key, name=QUOTES.sub("", found.name)[:200], kind=found.kind)
               for key, found in wanted.items() if key not in known]
    if missing:
        # Another ingest may add the same source at the same moment: its row is then ours.
        NamedSource.objects.bulk_create(missing, ignore_conflicts=True)
        known = {named.key: named for named in NamedSource.objects.filter(key__in=list(wanted))}
    return known


@transaction.atomic
def named_source_resolve(*, named_source: NamedSource, url: str) -> NamedSource:
    """Give a named source its page: every claim that names it cites that page from now on, and it is checked."""
    source, _ = source_services.source_get_or_create(url=url)
    named_source.source = source
    named_source.save(update_fields=["source"])
    claim_ids = Attribution.objects.filter(named_source=named_source).values_list("claim_id", flat=True).distinct()
    for claim in Claim.objects.filter(pk__in=list(claim_ids)):
        Citation.objects.get_or_create(claim=claim, source=source, defaults={"role": CitationRole.CITES})
    source_services.citations_take_current_version(source_ids=[source.pk])
    transaction.on_commit(lambda: source_services.sources_recheck(source_ids=[source.pk]))
    return named_source
