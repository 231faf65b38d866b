"""The desk in both its languages in a real browser (1280 px): a date and a number entered in admin forms as the
page's language writes them and stored as meant, the language switch, and the German CSV opened as a German
spreadsheet would. The demo's desk in German is photographed for the note: dashboard, article page, claim page
and conflict queue (test-artifacts/screenshots/de-*.png)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from claims import publishing
from claims.models import Article, Claim, Conflict, Figure

from .conftest import expect, log_in, said, skip_module_without_browser, submit
from .test_desk import SELECT
from .test_queue import QUEUE

skip_module_without_browser()

AFTER = "(el) => getComputedStyle(el, '::after').content"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", password="pw", verbosity=0)


@dataclass(frozen=True)
class Spelling:
    """How a language writes 18 November 2025, 4850 and 1.5, and a number it does not write (which a form must
    refuse, not guess: "4.85" on a German page is neither 4.85 nor 485)."""

    date: str
    date_shown: str
    thousands: str
    decimal: str
    foreign: str


SPELLINGS = {
    "en": Spelling(date="11/18/2025", date_shown="2025-11-18", thousands="4,850", decimal="1.5", foreign="4,85"),
    "de": Spelling(date="18.11.2025", date_shown="18.11.2025", thousands="4.850", decimal="1,5", foreign="4.85"),
}


def test_the_desk_takes_a_date_and_a_number_as_its_language_writes_them(desk_page, language, demo):
    page, spelling = desk_page, SPELLINGS[language]
    log_in(page, "editor")
    expect(page.locator("html")).to_have_attribute("lang", language)
    article = Article.objects.filter(language="de").order_by("id").first()
    page.goto(f"/admin/claims/article/{article.pk}/change/")
    expect(page.locator("#article-text")).to_have_attribute("lang", "de")  # the article's, whatever the page's
    page.fill("#id_published", spelling.date)
    submit(page, "input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#id_published")).to_have_value(spelling.date_shown)
    assert Article.objects.get(pk=article.pk).published == date(2025, 11, 18)

    claim = Claim.objects.filter(article=article, figures__kind="count").order_by("number").first()
    figure = claim.figures.filter(kind="count").order_by("start").first()
    page.goto(f"/admin/claims/figure/{figure.pk}/change/")
    for field in ("low", "high"):
        page.fill(f"#id_{field}", "")
    page.fill("#id_value", spelling.thousands)
    submit(page, "input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#id_value")).to_have_value("4850")
    assert Figure.objects.get(pk=figure.pk).value == Decimal("4850")
    page.fill("#id_value", spelling.decimal)
    submit(page, "input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#id_value")).to_have_value(spelling.decimal)
    assert Figure.objects.get(pk=figure.pk).value == Decimal("1.5")
    page.fill("#id_value", spelling.foreign)
    submit(page, "input[name=_continue]")
    expect(page.locator(".errorlist")).to_contain_text(said(
        language, "“%(value)s” is not a number as this page writes them: thousands as 4,850, decimals as 1.5.",
        value=spelling.foreign))
    assert Figure.objects.get(pk=figure.pk).value == Decimal("1.5")


def test_the_language_switch_holds_until_switched_back(page, alice):
    log_in(page, "alice")
    page.goto("/admin/desk/")
    expect(page.locator("h1")).to_have_text("Desk dashboard")
    submit(page, "#language-switch button[value=de]")
    expect(page.locator("h1")).to_have_text(said("de", "Desk dashboard"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.goto("/admin/claims/claim/")
    expect(page.locator("h1")).to_contain_text("Behauptung")
    expect(page.locator("#language-switch button[value=de]")).to_be_disabled()
    submit(page, "#language-switch button[value=en]")
    expect(page.locator("h1")).to_contain_text("claim")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_german_csv_opens_with_its_columns(desk_page, language, demo):
    page = desk_page
    log_in(page, "editor")
    page.goto("/admin/claims/claim/")
    export = page.locator("#export-csv-de")
    expect(export).to_have_text(said(language, "Export all as CSV for German spreadsheets"))
    with page.expect_download() as waiting:
        export.click()
    download = waiting.value
    assert download.suggested_filename == "claims-de.csv"
    body = open(download.path(), "rb").read()
    assert body.startswith(b"\xef\xbb\xbf")
    # As a German spreadsheet reads it: UTF-8 behind the byte order mark, cells split at semicolons.
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";")
    assert header == publishing.CSV_COLUMNS
    assert len(rows) == Claim.objects.count() and all(len(row) == len(header) for row in rows)
    published = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    reviewed = Claim.objects.exclude(review_url="").first()
    assert published[reviewed.ref]["review_url"] == reviewed.review_url
    assert published[reviewed.ref]["reviewed_at"][2] == "." and published[reviewed.ref]["reviewed_at"][5] == "."


def test_screenshots_of_the_german_desk(new_page, demo, screenshot):
    """The note's pictures, each checked to be German and to show what it is taken for."""
    page = new_page("de-DE")
    log_in(page, "reviewer")
    page.goto("/admin/desk/")
    expect(page.locator("h1")).to_have_text(said("de", "Desk dashboard"))
    expect(page.locator("#review-queue tbody tr")).not_to_have_count(0)
    screenshot(page, "de-dashboard")

    # The article page with its claims marked and one figure's reading shown, as a pointer over it shows it.
    # One with a contradiction awaiting a decision, which marks its claim too.
    pairs = Conflict.objects.filter(kind="contradiction", status="suggested").select_related(
        "figure_a__claim__article", "figure_b__claim__article")
    article = next(figure.claim.article for pair in pairs for figure in (pair.figure_a, pair.figure_b)
                   if figure.claim.article.language == "de")
    page.goto(f"/admin/claims/article/{article.pk}/change/")
    expect(page.locator("#article-desk h2").first).to_have_text(said("de", "Text and claims"))
    expect(page.locator("#article-text a.claim-no")).to_have_count(article.claims.count())
    expect(page.locator("#article-text a.claim-no.contested")).not_to_have_count(0)
    figure = page.locator("#article-text mark.figure").first
    figure.hover()
    assert said("de", "As of: %(as_of)s", as_of="") in figure.evaluate(AFTER)
    screenshot(page, "de-article")

    # The claim page with its figures and the form for one selected in its text.
    claim = Claim.objects.filter(article__language="de", figures__kind="count").order_by("article_id", "number")[0]
    shown = claim.figures.filter(kind="count").order_by("start").first()
    page.goto(f"/admin/claims/claim/{claim.pk}/change/")
    expect(page.locator("#figure-desk mark.figure")).to_have_count(claim.figures.count())
    assert page.evaluate(SELECT, shown.text)
    submit(page, "#read-figure")
    expect(page.locator("#figure-form h3")).to_have_text(
        said("de", "Correct the figure «%(text)s»", text=shown.text))
    screenshot(page, "de-claim")

    # The queue filtered to contradictions: each row with both sentences, their figures marked.
    page.goto(QUEUE)
    page.select_option("#id_kind", "contradiction")
    submit(page, "#queue-filters button[type=submit]")
    rows = page.locator("#review-queue tbody tr")
    expect(rows).not_to_have_count(0)
    for row in rows.all():
        expect(row.locator("td.queue-side blockquote")).to_have_count(2)
        expect(row.locator("td.queue-side mark")).to_have_count(2)
    screenshot(page, "de-queue")
