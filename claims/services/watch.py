"""An article's page watched for silent edits: a check that finds the page changed hands its HTML here.

The article's own text never changes (claims and figures index into it). A page whose article text differs from
the last version becomes a new ArticleVersion, and every claim is found again in it (claims.web.anchoring):
unchanged, moved, changed (with the figures now read there) or gone.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction

from .. import extraction, web
from ..extraction import sentences
from ..models import AnchorStatus, Article, ArticleVersion, ClaimAnchor, content_hash
from ..web import anchoring
from . import alerts

logger = logging.getLogger(__name__)


def pages_changed(changes: list[tuple[int, str, datetime]]) -> int:
    """For each (source id, page HTML, fetched at): a new version of every article read from that page whose
    text changed. One page that cannot be read costs only itself. Returns the versions made."""
    made = 0
    for source_id, html, fetched_at in changes:
        for article in Article.objects.filter(page_id=source_id):
            try:
                made += article_page_changed(article=article, html=html, fetched_at=fetched_at) is not None
            except Exception:  # a page nobody foresaw must not stop the check batch that found it
                logger.exception("reading a new version of article %s failed", article.pk)
    return made


def article_page_changed(*, article: Article, html: str, fetched_at: datetime) -> ArticleVersion | None:
    page = web.read_html(html, url=article.page.url if article.page_id else article.url)
    return article_read_again(article=article, page=page, fetched_at=fetched_at)


@transaction.atomic
def article_read_again(*, article: Article, page: web.WebArticle, fetched_at: datetime) -> ArticleVersion | None:
    """A new version of the article if the page's article text is not the last one's; None if it is the same."""
    if not page.text.strip():
        logger.info("article %s: the page shows no article text now; no version made", article.pk)
        return None
    Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
    latest = article.versions.order_by("-number").first()
    digest = content_hash(page.text)
    if digest == (latest.content_hash if latest else article.content_hash):
        return None  # the page changed around the article (ads, teasers), not the article
    number = latest.number + 1 if latest else 2  # 1 is the article's own text
    version = ArticleVersion.objects.create(article=article, number=number, fetched_at=fetched_at,
                                            title=page.title[:300], text=page.text, content_hash=digest)
    anchors = _anchors(article, version)
    ClaimAnchor.objects.bulk_create(anchors)
    edited = [a.claim_id for a in anchors if a.status in (AnchorStatus.CHANGED, AnchorStatus.GONE)]
    version.changed_claims = len(edited)
    version.save(update_fields=["changed_claims"])
    if edited:  # a page that changed around unchanged claims is no edit anyone must decide on
        alerts.article_edited(version=version, claim_ids=edited)
    logger.info("article %s: version %s, %s claims changed or gone", article.pk, number, version.changed_claims)
    return version


def _anchors(article: Article, version: ArticleVersion) -> list[ClaimAnchor]:
    text = version.text
    passages = list(sentences.split(text))
    found = None  # the new text's claims, read only if a claim changed
    anchors = []
    for claim in article.claims.order_by("number"):
        anchor = anchoring.reanchor(claim.text, claim.prefix, claim.suffix, claim.start, text, passages)
        figures = []
        if anchor.status == anchoring.CHANGED:
            if found is None:
                found = list(extraction.iter_claims(text, language=article.language, published=article.published))
            figures = _figures_at(found, text, anchor)
        anchors.append(ClaimAnchor(version=version, claim=claim, status=anchor.status, start=anchor.start,
                                   end=anchor.end, text=text[anchor.start : anchor.end] if anchor.start is not None
                                   else "", similarity=anchor.similarity, figures=figures))
    return anchors


def _figures_at(found: list, text: str, anchor: anchoring.Anchor) -> list[dict]:
    """The figures extraction reads in the changed passage, as the API shows figures."""
    return [
        {key: value for key, value in figure.items() if key in ("text", "kind", "value", "low", "high", "unit",
                                                                 "qualifier", "as_of")}
        for claim in found if claim.start < anchor.end and anchor.start < claim.end
        for figure in claim.as_dict(text)["figures"]
    ]
