"""Figures where editors are, in a real browser at 1280 px: a claim made from a selection gets its figures and a
figure is added by selecting it in the claim's text (each in English and in German), and a figure's reading
shows on hover and on keyboard focus (with a claim whose contradiction awaits a decision marked in the text)."""

from __future__ import annotations

import re
from datetime import date

from claims import services
from claims.models import Figure
from tests.factories import ArticleFactory, claim_at, figure_at

from .conftest import expect, log_in, said, skip_module_without_browser, submit
from .test_desk import SELECT, article_url, claim_url

skip_module_without_browser()

TEXT = ("Am 14. Januar meldete das Ministerium fast 7.000 Container. Im März waren es 5.000.\n\n"
        "Der Handel stieg 2023 auf 29 Millionen Dollar, berichtete die Agentur.")
FIRST = "Am 14. Januar meldete das Ministerium fast 7.000 Container."
AFTER = "(el) => getComputedStyle(el, '::after').content"
# 6,300 and 7,000 as each language writes them.
BOUNDS = {"en": ("6,300", "7,000"), "de": ("6.300", "7.000")}


def test_a_claim_made_from_a_selection_gets_its_figures(desk_page, language, alice):
    page = desk_page
    article = ArticleFactory(text=TEXT, published=date(2024, 6, 20))
    log_in(page, "alice")
    page.goto(article_url(article))
    assert page.evaluate(SELECT, FIRST)
    submit(page, "#create-claim")
    found = said(language, "%(count)d figure found in it", "%(count)d figures found in it", 2, count=2)
    expect(page.locator(".messagelist .success")).to_have_text(
        said(language, "Claim #%(number)s created from «%(text)s» (%(found)s).", number=1, text=FIRST, found=found))
    claim = article.claims.get()
    assert sorted(claim.figures.values_list("text", "date_value", "as_of")) == [
        ("14. Januar", "2024-01-14", ""), ("fast 7.000 Container", "", "2024-01-14")]
    marks = page.locator('#article-text mark.claim[data-claim="1"] mark.figure')
    expect(marks).to_have_text(["14. Januar", "fast 7.000 Container"])


def test_a_figure_is_added_by_selecting_it_in_the_claim_text(desk_page, language, alice, screenshot):
    page = desk_page
    article = ArticleFactory(text=TEXT, published=date(2024, 6, 20))
    claim = claim_at(article, FIRST)
    figure_at(claim, "14. Januar", value="2024-01-14", kind="date")
    log_in(page, "alice")
    page.goto(claim_url(claim))
    read = page.locator("#read-figure")
    expect(read).to_be_disabled()
    assert page.evaluate(SELECT, "fast 7.000 Container")
    expect(read).to_be_enabled()
    submit(page, "#read-figure")

    # The form shows what the extractor read there, ready to be confirmed or corrected.
    low, high = BOUNDS[language]
    expect(page.locator("#extractor-reading")).to_contain_text(
        said(language, "Bounds: %(bounds)s", bounds=said(language, "%(low)s to %(high)s", low=low, high=high)))
    expect(page.locator("#id_fig-kind")).to_have_value("count")
    expect(page.locator("#id_fig-value")).to_have_value(re.compile(r"^7[.,]?000$"))
    expect(page.locator("#id_fig-low")).to_have_value(re.compile(r"^6[.,]?300$"))
    expect(page.locator("#id_fig-unit")).to_have_value("Container")
    expect(page.locator("#id_fig-as_of")).to_have_value("2024-01-14")
    # The text and the form fit 1280 px.
    assert page.locator("#figure-desk").evaluate("(el) => el.getBoundingClientRect().right") <= 1280
    page.locator("#figure-form").scroll_into_view_if_needed()
    screenshot(page, f"claim-figure-form-{language}")

    page.fill("#id_fig-unit", "Schiffscontainer")  # a correction before saving
    submit(page, "#save-figure")
    expect(page.locator(".messagelist .success")).to_have_text(
        said(language, "Figure «%(text)s» added.", text="fast 7.000 Container"))
    figure = claim.figures.get(text="fast 7.000 Container")
    assert (figure.value, figure.low, figure.unit, figure.as_of) == (7000, 6300, "Schiffscontainer", "2024-01-14")
    assert figure.history.get().history_user.username == "alice"
    expect(page.locator("#article-text mark.figure")).to_have_count(2)


def test_a_figure_shows_its_reading_on_hover_and_focus_and_a_contested_claim_is_marked(page, alice, screenshot):
    article = services.article_ingest(title="Container", text=TEXT, published=date(2024, 6, 20))
    rice = claim_at(ArticleFactory(text="Laut Zoll waren es 12 Tonnen Reis."), "Laut Zoll waren es 12 Tonnen Reis.")
    ours = Figure.objects.get(claim__article=article, text="fast 7.000 Container")
    services.conflict_create(figure_a=ours, figure_b=figure_at(rice, "12 Tonnen", value=12, unit="Tonnen"),
                             kind="contradiction")
    log_in(page, "alice")
    page.goto(article_url(article))

    figure = page.locator("#article-text mark.figure", has_text="fast 7.000 Container")
    assert figure.evaluate(AFTER) == "none"  # nothing shown until asked
    figure.hover()
    shown = figure.evaluate(AFTER)
    for line in ("Value: 7,000", "Bounds: 6,300 to 7,000", "Unit: Container", "As of: 2024-01-14"):
        assert line in shown, shown
    # The contradiction awaiting a decision marks its claim, number and text, and only that one.
    expect(page.locator("#article-text a.claim-no.contested")).to_have_text(["#1 ⚠"])
    assert "".join(page.locator("#article-text mark.claim.contested").all_text_contents()) == FIRST
    expect(page.locator("#article-text a.claim-no:not(.contested)")).to_have_count(2)
    screenshot(page, "article-figure-reading-and-contradiction")

    # From the keyboard: the figures are in the tab order, and focus shows the reading too.
    page.mouse.move(0, 0)
    page.locator("#article-text").evaluate("(box) => box.closest('section').querySelector('h2').focus()")
    money = page.locator("#article-text mark.figure", has_text="29 Millionen Dollar")
    for _ in range(40):
        page.keyboard.press("Tab")
        if money.evaluate("(el) => el === document.activeElement"):
            break
    assert money.evaluate("(el) => el === document.activeElement")
    assert "Value: 29,000,000" in money.evaluate(AFTER) and "Unit: USD" in money.evaluate(AFTER)
