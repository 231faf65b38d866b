"""The conflict queue and a source's page in a real browser at 1280 px: the queue filtered to contradictions with
both sentences shown (in English and in German), a decision in bulk, and the Re-check button. Rita is a reviewer,
Alice an editor."""

from __future__ import annotations

from datetime import date

import pytest

from claims import services
from claims.models import Conflict, ConflictStatus
from sources import services as source_services
from sources.models import Source, SourceCheck
from tests.factories import ClaimFactory
from tests.sources.test_health_views import record

from .conftest import expect, log_in, said, skip_module_without_browser, submit

skip_module_without_browser()

QUEUE = "/admin/claims/conflict/queue/"
VETO_DE = "Russland legte im März 2024 im UN-Sicherheitsrat sein Veto gegen die Verlängerung des Expertengremiums ein."
VETO_EN = "In April 2024, Russia vetoed the extension of the UN Security Council's expert panel on North Korea."
SHELLS_DE = ("Nordkorea hat Russland bis zu fünf Millionen Artilleriegeschosse geliefert, sagt Südkoreas "
             "Verteidigungsminister.")
SHELLS_EN = "North Korea has delivered up to 5 million artillery shells to Russia, South Korea's defence minister says."
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def desk():
    """Two outlets on two days: one dates the veto to March, the other to April; both agree on the shells."""
    services.article_ingest(title="Russland und Nordkorea", text=f"{VETO_DE}\n\n{SHELLS_DE}", language="de",
                            publisher="Tagesblatt", published=date(2024, 6, 20))
    services.article_ingest(title="Russia and North Korea", text=f"{VETO_EN}\n\n{SHELLS_EN}", language="en",
                            publisher="World Wire", published=date(2024, 6, 21))
    assert sorted(Conflict.objects.values_list("kind", flat=True)) == ["contradiction", "corroboration"]


def test_the_queue_filtered_to_contradictions_shows_both_sentences(desk_page, language, rita, desk, screenshot):
    page = desk_page
    log_in(page, "rita")
    page.goto(QUEUE)
    expect(page.locator("#review-queue tbody tr")).to_have_count(2)
    expect(page.locator("#review-queue tbody tr").first).to_have_class("queue-row kind-contradiction")

    page.select_option("#id_kind", "contradiction")
    submit(page, "#queue-filters button[type=submit]")
    rows = page.locator("#review-queue tbody tr")
    expect(rows).to_have_count(1)
    first, second = rows.locator("td.queue-side").nth(0), rows.locator("td.queue-side").nth(1)
    expect(first.locator("blockquote")).to_have_text(VETO_DE)
    expect(first.locator("mark")).to_have_text("März 2024")
    expect(first.locator(".queue-source")).to_contain_text("Tagesblatt")
    expect(second.locator("blockquote")).to_have_text(VETO_EN)
    expect(second.locator("mark")).to_have_text("April 2024")
    expect(second.locator(".queue-source")).to_contain_text("World Wire")
    apart = said(language, "%(days)d day apart", "%(days)d days apart", 31, days=31)
    expect(rows.locator("td.queue-why")).to_contain_text(f"{said(language, 'The figures do not overlap')}, {apart}")
    confirm = rows.locator("button[value=confirmed]")
    expect(confirm).to_have_attribute("title", said(
        language, "Confirm: the two figures really disagree, so at least one report is wrong or counts something "
                  "else. Published with both claims' fact-checks."))
    assert page.evaluate(FITS), "the queue scrolls sideways at 1280 px"
    page.click(".queue-meanings summary")
    expect(page.locator(".queue-meanings dd").first).to_be_visible()
    print(screenshot(page, f"conflict-queue-contradictions-{language}"))

    # An outlet's name in a row narrows the queue to it, the other filters kept.
    with page.expect_navigation():
        first.locator("a.queue-outlet").click()
    expect(page.locator("#id_outlet")).to_have_value("Tagesblatt")
    expect(page.locator("#id_kind")).to_have_value("contradiction")
    expect(page.locator("#review-queue tbody tr")).to_have_count(1)


def test_a_reviewer_confirms_two_conflicts_at_once_with_one_note(page, rita, desk, screenshot):
    log_in(page, "rita")
    page.goto(QUEUE)
    for box in page.locator("#review-queue input[name=selected]").all():
        box.check()
    page.fill("#decision-note", "Beide mit dem UN-Protokoll abgeglichen.")
    page.keyboard.press("Enter")  # Enter in the note decides nothing
    page.wait_for_timeout(300)
    assert set(Conflict.objects.values_list("status", flat=True)) == {ConflictStatus.SUGGESTED}
    print(screenshot(page, "conflict-queue-bulk"))
    submit(page, "#confirm-selected")
    expect(page.locator(".messagelist .success")).to_have_text("2 conflicts confirmed.")
    expect(page.locator("#content-main")).to_contain_text("Nothing to review with these filters.")
    decided = Conflict.objects.all()
    assert {(c.status, c.note, c.decided_by.username) for c in decided} == {
        (ConflictStatus.CONFIRMED, "Beide mit dem UN-Protokoll abgeglichen.", "rita")}
    page.select_option("#id_status", "confirmed")
    submit(page, "#queue-filters button[type=submit]")
    expect(page.locator("#review-queue tbody tr")).to_have_count(2)


def test_an_editor_rechecks_a_source_from_its_page(page, alice, public_web, screenshot):
    public_web.pages["bericht"] = "Bis März wurden fast 7.000 Container gezählt."
    source = source_services.citation_create(claim=ClaimFactory(), url=public_web.url("/page/bericht"),
                                             expected="7.000", check=False).source
    record(source, "unreachable", detail=f"Cannot connect to host {source.domain}:443 ssl:default [None]")
    log_in(page, "alice")
    page.goto(f"/admin/sources/source/{source.pk}/change/")
    expect(page.locator(".field-last_check .readonly")).to_contain_text(
        "The name does not resolve: there is no such site, or its name server does not answer.")
    raw = page.locator(".field-last_check details.check-raw code")
    expect(raw).to_be_hidden()
    page.click(".field-last_check details.check-raw summary")
    expect(raw).to_have_text(f"Cannot connect to host {source.domain}:443 ssl:default [None]")
    assert page.evaluate(FITS), "the source page scrolls sideways at 1280 px"
    print(screenshot(page, "source-page-failed-check"))

    submit(page, "#recheck-source")
    expect(page.locator(".messagelist .success")).to_have_text("1 source queued for a check now.")
    expect(page.locator(".field-health .readonly")).to_have_text("OK")
    expect(page.locator(".field-last_check .readonly")).to_contain_text("The page was read.")
    print(screenshot(page, "source-page-rechecked"))
    assert SourceCheck.objects.filter(source=source).latest("checked_at").outcome == "ok"
    assert public_web.stats.paths["/page/bericht"] == 1
    assert Source.objects.get(pk=source.pk).lease is None  # the check is done and its lease released


def test_a_viewer_has_no_recheck_button(page, desk):
    from django.contrib.auth.models import Group, Permission

    from claims import roles
    from tests.factories import UserFactory

    group = Group.objects.create(name="viewer")
    for code in roles.VIEW_ALL:
        app, codename = code.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    UserFactory(username="vera").groups.add(group)
    source = source_services.citation_create(claim=ClaimFactory(), url="https://wire.example/veto", check=False).source
    log_in(page, "vera")
    page.goto(f"/admin/sources/source/{source.pk}/change/")
    expect(page.locator("#recheck-source")).to_have_count(0)
    page.goto(QUEUE)
    expect(page.locator("#review-queue tbody tr")).to_have_count(2)
    expect(page.locator("#review-queue input[name=selected]")).to_have_count(0)


def pick(page, field: str, term: str, choice: str) -> None:
    """Open the figure picker of `field`, search `term` and choose the result containing `choice`."""
    page.click(f"#id_{field} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", term)
    option = page.locator(".select2-results__option").filter(has_text=choice)
    expect(option).to_have_count(1)
    option.click()


def test_an_editor_adds_a_conflict_by_picking_figures_by_their_text(page, alice, desk):
    Conflict.objects.all().delete()
    log_in(page, "alice")
    page.goto("/admin/claims/conflict/add/")
    pick(page, "figure_a", "Artilleriegeschosse", "«bis zu fünf Millionen Artilleriegeschosse» in “Nordkorea hat")
    pick(page, "figure_b", "5 million", "«up to 5 million artillery shells»")
    expect(page.locator("#select2-id_figure_b-container")).to_contain_text("(claim ")
    expect(page.locator("#select2-id_figure_b-container")).to_contain_text("Russia and North Korea")
    page.select_option("#id_kind", "corroboration")
    page.fill("#id_explanation", "Beide nennen fünf Millionen Geschosse.")
    submit(page, "input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    conflict = Conflict.objects.get()
    assert (conflict.kind, conflict.origin) == ("corroboration", "manual")
    assert {conflict.figure_a.text, conflict.figure_b.text} == {"bis zu fünf Millionen Artilleriegeschosse",
                                                               "up to 5 million artillery shells"}
