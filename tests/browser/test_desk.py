"""The desk in a real browser: selecting a passage, the review workflow, conflicts, source checks, escaping,
and two editors saving the same claim. Alice and Bob are editors, Rita is a reviewer."""

from __future__ import annotations

import re
from datetime import date

from claims import roles, services
from claims.models import Claim, Conflict, ConflictStatus, ReviewStatus
from sources import services as source_services
from sources.models import FigureStatus, SourceCheck
from tests.factories import ArticleFactory, ClaimFactory, UserFactory, claim_at, figure_at

from .conftest import expect, log_in, skip_module_without_browser, submit

skip_module_without_browser()

# An emoji is two UTF-16 units but one code point, and HTML folds CR LF to LF: either would shift offsets.
SEOUL = (
    "Seoul 📈\r\n"
    "Nach Angaben der Regierung lieferte Nordkorea bis zu fünf Millionen Geschosse.\r\n\r\n"
    "📰 Südkorea schätzt, dass über 6.700 Container geliefert wurden. Weitere Angaben fehlen."
)
PASSAGE = "Südkorea schätzt, dass über 6.700 Container geliefert wurden."

# Selects `passage` in the article text: the text runs (span[data-at]) joined, claim numbers left out.
SELECT = """(passage) => {
  const nodes = [];
  for (const run of document.querySelectorAll("#article-text [data-at]")) {
    const walker = document.createTreeWalker(run, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  }
  const whole = nodes.map((node) => node.data).join("");
  const at = whole.indexOf(passage);
  if (at < 0) return false;
  const point = (index) => {
    for (const node of nodes) {
      if (index <= node.data.length) return [node, index];
      index -= node.data.length;
    }
  };
  const range = document.createRange();
  range.setStart(...point(at));
  range.setEnd(...point(at + passage.length));
  window.getSelection().removeAllRanges();
  window.getSelection().addRange(range);
  return true;
}"""
RUNS = "Array.from(document.querySelectorAll('#article-text [data-at]'), (s) => [Number(s.dataset.at), s.textContent])"


def article_url(article) -> str:
    return f"/admin/claims/article/{article.pk}/change/"


def claim_url(claim) -> str:
    return f"/admin/claims/claim/{claim.pk}/change/"


def test_an_editor_makes_a_claim_from_a_selection(page, alice):
    article = ArticleFactory(title="Lieferungen aus Nordkorea", text=SEOUL)
    claim_at(article, "Nach Angaben der Regierung lieferte Nordkorea bis zu fünf Millionen Geschosse.")
    start = SEOUL.index(PASSAGE)
    log_in(page, "alice")
    page.goto(article_url(article))

    # Every run sits where its data-at says, counted in code points: the numbers cannot drift.
    runs = page.evaluate(RUNS)
    assert "".join(text for _, text in runs) == SEOUL
    assert all(SEOUL[at : at + len(text)] == text for at, text in runs)
    create = page.locator("#create-claim")
    expect(create).to_be_disabled()
    page.fill("#selection-speaker", "Südkoreas Generalstab")
    assert page.evaluate(SELECT, PASSAGE)
    expect(create).to_be_enabled()
    expect(page.locator("#selection-preview")).to_contain_text(f"characters {start} to {start + len(PASSAGE)}")
    submit(page, "#create-claim")

    expect(page).to_have_url(re.compile(r"#claim-2$"))
    expect(page.locator(".messagelist .success")).to_have_text(
        f"Claim #2 created from «{PASSAGE}» (1 figure found in it).")
    expect(page.locator("#article-text a#claim-2")).to_have_text("#2")
    assert "".join(page.locator('#article-text mark.claim[data-claim="2"]').all_text_contents()) == PASSAGE
    claim = Claim.objects.get(article=article, number=2)
    assert (claim.start, claim.end, claim.text) == (start, start + len(PASSAGE), PASSAGE)
    assert claim.speaker == "Südkoreas Generalstab"
    # The desk's own stylesheet is served and applied, not just the admin's.
    assert page.locator("#article-text").evaluate("(box) => getComputedStyle(box).whiteSpace") == "pre-wrap"


def test_an_editor_can_name_the_speaker_after_selecting(page, alice):
    article = ArticleFactory(text=SEOUL)
    log_in(page, "alice")
    page.goto(article_url(article))
    assert page.evaluate(SELECT, PASSAGE)
    expect(page.locator("#create-claim")).to_be_enabled()
    page.click("#selection-speaker")  # the selection leaves the text; the one made there still stands
    page.keyboard.type("Südkoreas Generalstab")
    expect(page.locator("#create-claim")).to_be_enabled(timeout=2_000)
    submit(page, "#create-claim")
    expect(page.locator(".messagelist .success")).to_have_text(
        f"Claim #1 created from «{PASSAGE}» (1 figure found in it).")
    assert Claim.objects.get(article=article, number=1).speaker == "Südkoreas Generalstab"


def test_a_verdict_needs_a_note_and_shows_in_the_text_and_history(page, rita):
    claim = ClaimFactory()
    log_in(page, "rita")
    page.goto(claim_url(claim))
    options = page.locator("#id_status option")
    expect(options).to_have_text(["Unreviewed", "In review"])  # the workflow: into review before a verdict

    page.select_option("#id_status", ReviewStatus.IN_REVIEW)
    submit(page, "input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.select_option("#id_status", ReviewStatus.SUPPORTED)
    submit(page, "input[name=_continue]")
    expect(page.locator(".errorlist")).to_contain_text(["A verdict needs a note saying why."])
    assert Claim.objects.get(pk=claim.pk).status == ReviewStatus.IN_REVIEW

    expect(page.locator("#id_status")).to_have_value(ReviewStatus.SUPPORTED)
    page.fill("#id_verdict_note", "So steht es im Bericht des Ministeriums, Seite 4.")
    submit(page, "input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    claim.refresh_from_db()
    assert (claim.status, claim.reviewer.username) == (ReviewStatus.SUPPORTED, "rita")
    assert claim.verdict_note == "So steht es im Bericht des Ministeriums, Seite 4."
    change = page.locator("#history table.claim-history tbody tr").filter(has_text="In review → Supported")
    expect(change).to_contain_text("rita")
    with page.expect_navigation():
        page.click("ul.object-tools a.historylink")
    expect(page.locator("#change-history tbody tr").first).to_contain_text("rita")

    page.goto(article_url(claim.article))
    expect(page.locator('#article-text mark.claim[data-claim="1"]')).to_have_class(re.compile(r"\bstatus-supported\b"))
    expect(page.locator("#article-text a#claim-1")).to_have_class(re.compile(r"\bstatus-supported\b"))
    expect(page.locator("#row-claim-1 .status-badge")).to_have_text("Supported")


def test_a_reviewer_confirms_a_contradiction_on_the_claim_page(page, rita):
    first = services.article_ingest(title="Container I", text="Im März 2024 zählten US-Beamte fast 7.000 Container.")
    services.article_ingest(title="Container II", text="Im März 2024 zählten US-Beamte 5.000 Container.")
    conflict = Conflict.objects.get(kind="contradiction")
    log_in(page, "rita")
    page.goto(claim_url(first.claims.get()))

    row = page.locator("#conflicts table.conflicts tbody tr").filter(has_text="fast 7.000 Container")
    expect(row).to_contain_text("Suggested")
    with page.expect_navigation():
        row.locator("button[name=decision][value=confirmed]").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        f"Contradiction of «{conflict.figure_a.text}» and «{conflict.figure_b.text}» confirmed.")
    expect(row).to_contain_text("Confirmed")
    expect(row.locator("button[value=confirmed]")).to_have_count(0)
    expect(row.locator("button[value=dismissed]")).to_have_count(1)
    conflict.refresh_from_db()
    assert (conflict.status, conflict.decided_by.username) == (ConflictStatus.CONFIRMED, "rita")


def test_a_recheck_from_the_admin_records_the_check_and_its_health(page, alice, public_web):
    public_web.pages["bericht"] = "Bis März wurden fast 7.000 Container gezählt."
    claim = ClaimFactory()
    citation = source_services.citation_create(claim=claim, url=public_web.url("/page/bericht"), expected="7.000",
                                               check=False)
    source = citation.source
    log_in(page, "alice")
    page.goto(f"/admin/sources/source/{source.pk}/change/")
    expect(page.locator(".field-health .readonly")).to_have_text("not checked yet")
    expect(page.locator(".field-history .readonly")).to_have_text("Not checked yet.")

    page.goto("/admin/sources/source/")
    page.check(f"#result_list input.action-select[value='{source.pk}']")
    page.select_option("select[name=action]", "recheck_now")
    submit(page, "button[name=index]")
    expect(page.locator(".messagelist .success")).to_have_text("1 source queued for a check now.")
    expect(page.locator("#result_list tbody tr td.field-health")).to_have_text("OK")

    page.goto(f"/admin/sources/source/{source.pk}/change/")
    expect(page.locator(".field-health .readonly")).to_have_text("OK")
    checks = page.locator(".field-history table tr").filter(has_text="GET")
    expect(checks).to_have_count(1)
    expect(checks.locator("td")).to_contain_text(["OK", "200", "GET"])
    page.goto(article_url(claim.article))
    expect(page.locator("#row-claim-1")).to_contain_text("OK Figure still there")

    check = SourceCheck.objects.get(source=source)
    assert (check.outcome, check.http_status) == ("ok", 200)
    citation.refresh_from_db()
    assert citation.figure_status == FigureStatus.FOUND
    assert public_web.stats.paths["/page/bericht"] == 1


SCRIPT = "<script>window.__xss=1</script>"
BREAKOUT = '"><img src=x onerror="window.__xss=2">'


def test_markup_in_an_article_is_shown_as_text_and_never_run(page, alice):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    text = f"Vorspann {SCRIPT} Mitte. Nordkorea lieferte {BREAKOUT} fast 7.000 Container. Ende."
    article = ArticleFactory(title=f"Titel {SCRIPT} {BREAKOUT}", text=text)
    claim = claim_at(article, f"Nordkorea lieferte {BREAKOUT} fast 7.000 Container.", speaker=BREAKOUT)
    figure_at(claim, "fast 7.000 Container", value=7000)
    services.claim_update(claim=claim, user=alice, changes={"status": ReviewStatus.IN_REVIEW})  # on the dashboard
    log_in(page, "alice")

    page.goto(article_url(article))
    expect(page.locator("#article-text")).to_contain_text(SCRIPT)
    expect(page.locator("#article-text")).to_contain_text(BREAKOUT)
    expect(page.locator("#article-text")).to_have_text(re.compile(r"#1\s*Nordkorea lieferte"))
    expect(page.locator("#row-claim-1")).to_contain_text(BREAKOUT)
    assert SCRIPT in page.title()
    for url in (article_url(article), claim_url(claim), "/admin/claims/claim/", "/admin/claims/article/",
                "/admin/desk/"):
        page.goto(url)
        assert page.evaluate("typeof window.__xss") == "undefined", url
        expect(page.locator("img[src='x']")).to_have_count(0)
    expect(page.locator("#review-queue")).to_contain_text(f"Titel {SCRIPT} {BREAKOUT}")
    assert dialogs == []


SMUGGLING = """Munition für Moskau: Was Nordkorea liefert

Nach Angaben des südkoreanischen Verteidigungsministers lieferte Nordkorea bis Februar 2024 fast 6.700 \
Container mit Munition an Russland. "Das entspricht mehr als drei Millionen Artilleriegeschossen", sagte Shin \
Won-sik in Seoul.

Im März 2024 zählten US-Beamte dagegen 5.000 Container. Der Handel zwischen beiden Ländern stieg 2023 auf \
34 Millionen Dollar, teilte das Statistikamt mit.

Wie viele Geschosse an der Front ankommen, ist unklar. Experten schätzen, dass jedes fünfte Geschoss nicht zündet."""
VERDICTS = {
    1: (ReviewStatus.SUPPORTED, "Deckt sich mit dem Bericht des Ministeriums."),
    2: (ReviewStatus.DISPUTED, "Die Umrechnung in Geschosse ist umstritten."),
    3: (ReviewStatus.IN_REVIEW, ""),
    4: (ReviewStatus.FALSE, "Das Statistikamt nennt 2023 keinen Handel in dieser Höhe."),
    5: (ReviewStatus.UNVERIFIABLE, "Keine Quelle für die Schätzung."),
}


CITED = {1: ("/page/ministerium", "6.700"), 2: ("/page/interview", "drei Millionen"), 4: ("/status/404", "34")}


def test_screenshots_of_the_article_desk_and_the_dashboard(page, rita, screenshot, public_web):
    services.article_ingest(title="Container laut US-Beamten", published=date(2024, 6, 20),
                            text="Im März 2024 zählten US-Beamte fast 7.000 Container.")
    article = services.article_ingest(title="Munition für Moskau", text=SMUGGLING, publisher="Nachrichten Beispiel",
                                      published=date(2024, 6, 20))
    claim_at(article, "Experten schätzen, dass jedes fünfte Geschoss nicht zündet.", speaker="Experten")
    claim_at(article, "Wie viele Geschosse an der Front ankommen, ist unklar.")
    for number, (status, note) in VERDICTS.items():
        claim = article.claims.get(number=number)
        claim = services.claim_update(claim=claim, user=rita, changes={"status": ReviewStatus.IN_REVIEW})
        if status != ReviewStatus.IN_REVIEW:
            services.claim_update(claim=claim, user=rita, changes={"status": status, "verdict_note": note})
    public_web.pages["ministerium"] = "Bis Februar 2024 wurden fast 6.700 Container geliefert."
    cited = [source_services.citation_create(claim=article.claims.get(number=number), url=public_web.url(path),
                                             expected=expected, check=False)
             for number, (path, expected) in CITED.items()]
    source_services.sources_recheck(source_ids=[citation.source_id for citation in cited])
    log_in(page, "rita")

    page.goto(article_url(article))
    for status in ReviewStatus:
        expect(page.locator(f"#article-text mark.claim.status-{status}").first).to_be_visible()
    expect(page.locator("#article-text mark.figure")).not_to_have_count(0)
    expect(page.locator("table.desk-claims tbody tr")).to_have_count(6)
    expect(page.locator("#row-claim-1")).to_contain_text("OK Figure still there")
    expect(page.locator("#row-claim-4")).to_contain_text("Broken (404/410)")
    path = screenshot(page, "article-desk")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    page.goto("/admin/desk/")
    expect(page.locator("h1")).to_have_text("Desk dashboard")
    expect(page.locator("#claims-by-status")).to_contain_text("7 claims in all.")
    expect(page.locator("#sources-by-health")).to_contain_text("3 sources in all.")
    expect(page.locator("#checks-per-day")).to_contain_text("3 checks, 1 failed")
    expect(page.locator("#review-queue tbody tr").filter(has_text="Im März 2024")).not_to_have_count(0)
    expect(page.locator("#recent-conflicts tbody tr")).not_to_have_count(0)
    path = screenshot(page, "dashboard")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_save_from_a_stale_page_is_refused_and_keeps_the_newer_change(new_page, alice):
    UserFactory(username="bob", roles=[roles.EDITOR])
    claim = ClaimFactory(speaker="Verteidigungsminister")
    pages = {}
    for name in ("alice", "bob"):
        pages[name] = new_page()
        log_in(pages[name], name)
        pages[name].goto(claim_url(claim))

    pages["bob"].fill("#id_speaker", "Shin Won-sik")
    submit(pages["bob"], "input[name=_continue]")
    expect(pages["bob"].locator(".messagelist .success")).to_be_visible()
    pages["alice"].fill("#id_speaker", "Regierungssprecher")
    submit(pages["alice"], "input[name=_continue]")

    refusal = pages["alice"].locator(".errorlist.nonfield")
    expect(refusal).to_contain_text("changed by someone else since you opened it (bob at ")
    assert Claim.objects.get(pk=claim.pk).speaker == "Shin Won-sik"
