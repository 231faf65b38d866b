"""A verdict published with its page, in a real browser at 1280 px in English and in German: a reviewer gives a
claim its verdict and note on the claim's admin page, and its ClaimReview is refused until the reviewer also
gives the public fact-check page's URL, which it then names as its `url`. Rita is a reviewer."""

from __future__ import annotations

import pytest
from django.utils.text import capfirst

from claims import services
from tests.factories import ArticleFactory, claim_at

from .conftest import expect, log_in, said, skip_module_without_browser, submit
from .test_desk import claim_url

skip_module_without_browser()

# The claim's article is in the other language than the page's: the verdict's name in the ClaimReview must follow
# the article (its readers'), not the reviewer's screen.
ARTICLES = {
    "de": "Laut Zoll lieferte Nordkorea bis März 2024 fast 7.000 Container nach Russland.",
    "en": "Customs officials say North Korea shipped almost 7,000 containers to Russia by March 2024.",
}
OTHER = {"en": "de", "de": "en"}
NOTE = "Satellitenbilder zeigen bis März 2024 höchstens 5.000 Container."
PUBLISHER = "https://faktencheck.example/"


@pytest.fixture
def claim(rita, language):
    article_language = OTHER[language]
    text = ARTICLES[article_language]
    claim = claim_at(ArticleFactory(text=text, language=article_language), text)
    return services.claim_update(claim=claim, user=rita, changes={"status": "in_review"})


def claim_review(page, claim):
    return page.request.get(f"/api/claims/{claim.ref}/claimreview/", headers={"Accept": "application/ld+json"})


def test_a_verdict_is_published_with_the_url_of_its_page(desk_page, language, claim, settings):
    settings.FACTCHECK_PUBLISHER_URL = PUBLISHER
    page, public = desk_page, f"{PUBLISHER}pruefungen/{claim.ref}"
    log_in(page, "rita")
    page.goto(claim_url(claim))
    page.select_option("#id_status", "false")
    expect(page.locator("#id_status option:checked")).to_have_text(said(language, "False"))
    page.fill("#id_verdict_note", NOTE)
    submit(page, "input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    # A verdict without its page is not published yet, and the answer says what is missing.
    missing = claim_review(page, claim)
    assert missing.status == 404
    assert "has a verdict but no public page yet" in missing.json()["detail"]

    expect(page.locator("label[for=id_review_url]")).to_contain_text(capfirst(said(language, "fact-check page")))
    page.fill("#id_review_url", public)
    submit(page, "input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#id_review_url")).to_have_value(public)

    published = claim_review(page, claim)
    assert published.status == 200 and published.headers["content-type"] == "application/ld+json"
    review = published.json()
    assert (review["identifier"], review["url"], review["reviewBody"]) == (claim.ref, public, NOTE)
    assert review["author"]["url"] == PUBLISHER
    assert review["reviewRating"]["alternateName"] == said(claim.article.language, "False")
    assert review["reviewRating"]["ratingValue"] == review["reviewRating"]["worstRating"]
