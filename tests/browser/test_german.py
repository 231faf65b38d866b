"""The desk in German in a real browser (1280 px): a German date and number entered in admin forms and stored
as meant, the language switch, and the German CSV opened as a German spreadsheet would. The demo's desk is
loaded for the screenshots of the German dashboard, article page and claim page (test-artifacts/screenshots)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from claims import publishing
from claims.models import Article, Claim, Figure

from .conftest import expect, log_in, skip_module_without_browser, submit

skip_module_without_browser()

@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", password="pw", verbosity=0)


@pytest.fixture
def german(browser, live_server):
    """A page in a browser set to German (its Accept-Language asks for de-DE), 1280 px wide; the page's own
    script errors fail the test, as with the English pages (conftest.new_page)."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    yield page
    context.close()
    assert not errors, f"the page's JavaScript failed: {errors}"


def test_the_german_desk_takes_a_german_date_and_number(german, demo, screenshot):
    log_in(german, "editor")
    expect(german.locator("html")).to_have_attribute("lang", "de")
    german.goto("/admin/desk/")
    expect(german.locator("h1")).to_have_text("Redaktionsübersicht")
    screenshot(german, "de-dashboard")

    article = Article.objects.filter(language="de").order_by("id").first()
    german.goto(f"/admin/claims/article/{article.pk}/change/")
    expect(german.locator("#article-text")).to_have_attribute("lang", "de")
    expect(german.locator("#article-desk h2").first).to_have_text("Text und Behauptungen")
    screenshot(german, "de-article")
    german.fill("#id_published", "18.11.2025")
    submit(german, "input[name=_continue]")
    expect(german.locator(".messagelist .success")).to_be_visible()
    expect(german.locator("#id_published")).to_have_value("18.11.2025")
    assert Article.objects.get(pk=article.pk).published == date(2025, 11, 18)

    claim = Claim.objects.filter(article=article, figures__isnull=False).order_by("number").first()
    german.goto(f"/admin/claims/claim/{claim.pk}/change/")
    expect(german.locator("h1")).to_have_text("Behauptung ändern")
    screenshot(german, "de-claim")
    figure = claim.figures.filter(kind="count").order_by("start").first() or claim.figures.first()
    german.goto(f"/admin/claims/figure/{figure.pk}/change/")
    german.fill("#id_kind", "count") if german.locator("#id_kind").evaluate("e => e.tagName") == "INPUT" else \
        german.select_option("#id_kind", "count")
    german.fill("#id_date_value", "")
    for field in ("low", "high"):
        german.fill(f"#id_{field}", "")
    german.fill("#id_value", "4.850")
    submit(german, "input[name=_continue]")
    expect(german.locator(".messagelist .success")).to_be_visible()
    expect(german.locator("#id_value")).to_have_value("4850")
    assert Figure.objects.get(pk=figure.pk).value == Decimal("4850")
    german.fill("#id_value", "1,5")
    submit(german, "input[name=_continue]")
    assert Figure.objects.get(pk=figure.pk).value == Decimal("1.5")
    german.fill("#id_value", "4.85")
    submit(german, "input[name=_continue]")
    expect(german.locator(".errorlist")).to_contain_text("„4.85“ ist keine Zahl in deutscher Schreibweise")
    assert Figure.objects.get(pk=figure.pk).value == Decimal("1.5")


def test_the_language_switch_holds_until_switched_back(page, alice):
    log_in(page, "alice")
    page.goto("/admin/desk/")
    expect(page.locator("h1")).to_have_text("Desk dashboard")
    submit(page, "#language-switch button[value=de]")
    expect(page.locator("h1")).to_have_text("Redaktionsübersicht")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.goto("/admin/claims/claim/")
    expect(page.locator("h1")).to_contain_text("Behauptung")
    expect(page.locator("#language-switch button[value=de]")).to_be_disabled()
    submit(page, "#language-switch button[value=en]")
    expect(page.locator("h1")).to_contain_text("claim")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_german_csv_opens_with_its_columns(german, demo):
    log_in(german, "editor")
    german.goto("/admin/claims/claim/")
    with german.expect_download() as waiting:
        german.click("#export-csv-de")
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
