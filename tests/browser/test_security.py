"""The Content-Security-Policy and the logins in a real browser. Every page of the desk, every admin page, the
interactive API docs and the browsable API render and run with nothing blocked: new_page fails a test on
any violation, as it does on an uncaught JavaScript error."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.core.management import call_command

from claims.models import Article, Claim, Conflict, ConflictStatus
from sources.models import Source
from tests.factories import UserFactory

from .conftest import expect, log_in, skip_module_without_browser, submit

skip_module_without_browser()

POLICY = "content-security-policy"
# The model admins' list and add links on the admin index.
MODEL_LINKS = "#content-main tr[class^='model-'] a"


def visit(page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, f"{url}: {response and response.status}"
    policy = response.headers.get(POLICY, "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, f"{url}: {policy!r}"


def hrefs(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "(links) => links.map((a) => a.getAttribute('href'))")


def load_demo() -> None:
    call_command("load_demo", password="pw", stdout=open("/dev/null", "w"))  # noqa: SIM115
    UserFactory(username="root", is_superuser=True)


def test_every_admin_page_runs_under_the_policy(page):
    load_demo()
    log_in(page, "root")
    visit(page, "/admin/")
    expect(page.locator("#desk-dashboard-link")).to_be_visible()
    lists = [href for href in hrefs(page, MODEL_LINKS) if not href.endswith("/add/")]
    adds = [href for href in hrefs(page, MODEL_LINKS) if href.endswith("/add/")]
    assert len(lists) >= 15, lists
    for url in lists:
        visit(page, url)
        objects = hrefs(page, "#result_list tbody a[href$='/change/']")
        if objects:  # the first row's page and its history
            visit(page, objects[0])
            visit(page, objects[0].removesuffix("change/") + "history/")
    for url in adds:
        visit(page, url)


def test_the_desks_own_pages_run_under_the_policy(page):
    load_demo()
    log_in(page, "reviewer")
    visit(page, "/admin/desk/")
    expect(page.locator("#claims-by-status svg.desk-chart")).to_be_visible()
    # The chart shrinks with the page: its size comes from the stylesheet now, not a style attribute.
    assert page.locator("#claims-by-status svg").evaluate("(svg) => getComputedStyle(svg).maxWidth") == "100%"
    expect(page.locator("#recent-conflicts .kind-badge").first).to_be_visible()
    assert page.locator("#recent-conflicts .kind-badge").first.evaluate(
        "(badge) => getComputedStyle(badge).color") == "rgb(255, 255, 255)"

    article = Article.objects.filter(claims__citations__isnull=False).first()
    visit(page, f"/admin/claims/article/{article.pk}/change/")
    expect(page.locator("#article-text mark.claim").first).to_be_visible()
    expect(page.locator("table.desk-claims .health-badge").first).to_be_visible()
    claim = Claim.objects.filter(figures__conflicts_as_a__isnull=False).first() or Claim.objects.first()
    visit(page, f"/admin/claims/claim/{claim.pk}/change/")
    # Following: the button on the claim page, then "my alerts" with the follow listed.
    page.get_by_role("button", name="Follow in my feed").click()
    expect(page.locator("#follow-buttons")).to_contain_text("you follow it: feed")
    visit(page, "/admin/alerts/")
    expect(page.locator("#my-follows")).to_contain_text(f"#{claim.ref}")
    visit(page, "/admin/claims/claim/deleted/")
    visit(page, "/admin/claims/conflict/queue/")
    visit(page, "/admin/claims/conflict/")
    expect(page.locator("#result_list .kind-badge").first).to_be_visible()
    visit(page, "/admin/sources/source/")
    expect(page.locator("#result_list .health-badge").first).to_be_visible()
    visit(page, f"/admin/sources/source/{Source.objects.first().pk}/change/")
    # The admin's own scripts run: the action bar counts the selection.
    visit(page, "/admin/claims/claim/")
    page.check("#action-toggle")
    expect(page.locator(".action-counter")).to_contain_text(f"{Claim.objects.count()} of {Claim.objects.count()}")


def test_a_decision_on_the_claim_page_works_under_the_policy(page):
    load_demo()
    conflict = Conflict.objects.filter(status=ConflictStatus.SUGGESTED).first()
    log_in(page, "reviewer")
    visit(page, f"/admin/claims/claim/{conflict.figure_a.claim_id}/change/")
    submit(page, f"#conflicts tr:has(a[href$='/conflict/{conflict.pk}/change/']) button[value=confirmed]")
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.CONFIRMED


def test_the_api_docs_and_the_browsable_api_run_under_the_policy(page):
    load_demo()
    log_in(page, "editor")
    visit(page, "/api/docs/")
    # Swagger UI ran: it fetched the schema and drew the operations.
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-tag", has_text="claims")).to_be_visible()
    assert page.locator("body").evaluate("(body) => getComputedStyle(body).margin") == "0px"

    visit(page, "/api/")
    visit(page, "/api/claims/")
    page.click("button[data-target='#filtersModal']")  # Bootstrap's script opens the filters
    expect(page.locator("#filtersModal")).to_be_visible()
    claim = Claim.objects.exclude(status="unreviewed").exclude(status="in_review").first()
    visit(page, f"/api/claims/{claim.ref}/")
    page.click("#extra-actions-menu")
    expect(page.locator("ul[aria-labelledby='extra-actions-menu']")).to_be_visible()
    visit(page, f"/api/claims/{claim.ref}/claimreview/?format=api")
    visit(page, "/api/articles/")
    expect(page.locator("#post-generic-content-form").first).to_be_attached()
    # DRF's "Log out" link is an inline handler, allowed by its hash: it still logs out.
    page.click(".navbar .dropdown-toggle")
    with page.expect_navigation():
        page.click("text=Log out")
    expect(page.locator(".navbar")).to_contain_text("Log in")


def test_the_login_pages_run_under_the_policy(page):
    visit(page, "/admin/login/")
    visit(page, "/api/auth/login/")
    expect(page.locator("#id_username")).to_be_visible()


def test_an_off_site_next_lands_on_the_desk(page):
    UserFactory(username="alice")
    for login in ("/admin/login/", "/api/auth/login/"):
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"):
            page.context.clear_cookies()
            visit(page, f"{login}?next={quote(target)}")
            page.fill("#id_username", "alice")
            page.fill("#id_password", "pw")
            with page.expect_navigation():
                page.click("input[type=submit]")
            expect(page).to_have_url(re.compile(r"/admin/$"))
            expect(page.locator("#user-tools")).to_contain_text("alice")


def test_a_locked_out_person_is_told_why_on_the_login_page(page):
    UserFactory(username="alice")
    visit(page, "/admin/login/?next=/admin/")
    for _ in range(5):
        page.fill("#id_username", "alice")
        page.fill("#id_password", "wrong")
        with page.expect_navigation():
            page.click("input[type=submit]")
    expect(page.locator("#lockout-message")).to_contain_text("Too many failed logins")
    page.click("text=Back to the login page")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "pw")
    with page.expect_navigation() as navigation:
        page.click("input[type=submit]")
    assert navigation.value.status == 429
    expect(page.locator("#lockout-message")).to_contain_text("locked for 15 minutes")
