"""The desk's wide pages at 1280 px, with long real-style data, fit the window: no sideways scrolling on the claims
list, the sources list or a claim's page (claims/static/claims/desk.css). And the admin is the desk's own: its
name, its icon, "View site" leading to the dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims import services
from sources import services as source_services
from sources.models import Source
from tests.factories import ArticleFactory, claim_at, figure_at

from .conftest import expect, log_in, skip_module_without_browser

skip_module_without_browser()

WIDTH = 1280
TEXT = (
    "Nach Angaben des Sprechers des Bundesministeriums für wirtschaftliche Zusammenarbeit und Entwicklung "
    "lieferte die Demokratische Volksrepublik Korea zwischen August 2023 und Februar 2024 bis zu fünf Millionen "
    "Artilleriegeschosse und Raketen an die Russische Föderation. Die Ladungen gingen in fast 7.000 "
    "Standardcontainern über den Hafen Rajin an der Grenze zu Russland."
)
LONG_URL = ("https://www.verteidigungsministerium-der-republik-korea.example/pressemitteilungen/2024/02/"
            "nordkorea-munitionslieferungen-an-russland-standardcontainer-hafen-rajin-satellitenbilder-auswertung"
            "?utm_source=newsletter&kategorie=sicherheitspolitik&seite=3")


@pytest.fixture
def long_desk(rita):
    article = ArticleFactory(
        text=TEXT, publisher="Frankfurter Allgemeine Sonntagszeitung Wirtschaftsredaktion",
        title="Munitionslieferungen über den Hafen Rajin: Was Satellitenbilder über Nordkoreas Hilfe für Russland "
              "verraten")
    first = claim_at(article, TEXT[: TEXT.index("Föderation.") + len("Föderation.")],
                     speaker="Sprecher des Bundesministeriums für wirtschaftliche Zusammenarbeit und Entwicklung")
    second = claim_at(article, TEXT[TEXT.index("Die Ladungen"):])
    figure_at(first, "fünf Millionen", value=5_000_000, low=0, high=5_000_000, qualifier="up_to",
              unit="Artilleriegeschosse und Raketen")
    figure_at(second, "7.000", value=7000, low=6500, high=7000, qualifier="almost", unit="Standardcontainern")
    for claim in (first, second):
        services.claim_update(claim=claim, user=rita, changes={"status": "in_review"})
    services.claim_update(claim=second, user=rita, changes={
        "status": "unverifiable", "verdict_note": "Die Zahl der Container lässt sich nicht prüfen."})
    for n in range(3):
        source_services.citation_create(claim=first, url=f"{LONG_URL}&teil={n}", check=False,
                                        expected="bis zu fünf Millionen Artilleriegeschosse und Raketen an die "
                                                 "Russische Föderation")
    now = timezone.now()
    Source.objects.update(last_checked_at=now - timedelta(days=3), next_check_at=now + timedelta(days=4))
    return first


# Boxes that scroll sideways inside the page (the admin puts a list's table in one): each must hold its content.
SCROLLERS = """Array.from(document.querySelectorAll("body *"))
  .filter((e) => !["INPUT", "TEXTAREA", "SELECT"].includes(e.tagName))
  .filter((e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
  .map((e) => `${e.tagName}#${e.id}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`)"""


def fits(page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= WIDTH, f"{path} is {width} px wide at a {WIDTH} px window"
    assert page.evaluate(SCROLLERS) == [], path
    # Every cell of a list or an inline ends inside the window.
    right = page.evaluate("Math.max(...Array.from(document.querySelectorAll('td, th'), "
                          "(c) => c.getBoundingClientRect().right))")
    assert right <= WIDTH, f"{path}: a cell ends at {right} px"


@pytest.mark.parametrize("user", ["alice", "rita"])
def test_the_wide_pages_fit_1280_pixels(new_page, long_desk, user, screenshot, request):
    request.getfixturevalue(user)
    page = new_page()
    log_in(page, user)
    fits(page, "/admin/claims/claim/")
    screenshot(page, f"layout-claims-list-{user}")
    fits(page, "/admin/sources/source/")
    screenshot(page, f"layout-sources-list-{user}")
    fits(page, f"/admin/claims/claim/{long_desk.pk}/change/")
    screenshot(page, f"layout-claim-page-{user}")
    # The claims list's status and the sources' dates are there to read.
    page.goto("/admin/claims/claim/")
    expect(page.locator("#result_list select[name$=status]").first).to_be_in_viewport()
    page.goto("/admin/sources/source/")
    expect(page.locator("#result_list td.field-next_check_at").first).to_be_in_viewport()


def test_the_admin_is_the_desks_own(page, alice):
    log_in(page, "alice")
    expect(page.locator("#site-name")).to_have_text("Fact-check desk")
    expect(page).to_have_title("Articles, claims, sources and conflicts | Fact-check desk")
    icon = page.evaluate("""async () => {
        const link = document.querySelector("link[rel=icon]");
        const answer = await fetch(link.href);
        return [answer.status, answer.headers.get("content-type")];
    }""")
    assert icon == [200, "image/svg+xml"]
    page.click("#user-tools a[href='/']")  # "View site"
    expect(page).to_have_url(f"{page.url.split('/admin/')[0]}/admin/desk/")
    expect(page.locator("h1")).to_contain_text("Desk dashboard")
    # The address browsers ask for on their own.
    answer = page.request.get("/favicon.ico")
    assert answer.status == 200 and answer.headers["content-type"] == "image/svg+xml"
