"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's sync API marks its asyncio loop as running in the main thread for as long as it is started.
While it is, Django refuses ORM calls in that thread (SynchronousOnlyOperation) and asyncio.run() fails, so
the browser lives as long as this package's tests (not the whole session, where tests/sources would break),
and Django's guard is off only for that time: the loop sits idle while a test touches the database.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from claims.roles import ROLES
from sources.fetching import robots
from tests.simweb import SimWeb

from ..conftest import IN_CI

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # missing() says so
    expect = sync_playwright = None

REPO = Path(__file__).resolve().parents[2]
CALL_FAILED = pytest.StashKey[bool]()
# Runs in every page before its own scripts (Playwright injects it past the page's CSP): each violation of the
# Content-Security-Policy is written to the console, where new_page collects it.
CSP_TAG = "csp-violation:"
REPORT_CSP_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', (e) => console.error("
    f"'{CSP_TAG} ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile "
    "+ ':' + e.lineNumber + ' ' + e.sample));"
)


def missing() -> str:
    """What the browser tests lack, said in one line; empty when nothing is missing."""
    if sync_playwright is None:
        return "needs Playwright: `pip install -r requirements-dev.txt` (playwright is not importable)"
    if shutil.which("chromium") is None:
        return "needs Chromium: `apt-get install chromium` (no chromium on PATH)"
    return ""


def skip_module_without_browser() -> None:
    """For a test module's top: outside CI, one skip line for the whole module when the browser is missing
    (a skip from a fixture would print a line per test). In CI the browser fixture fails each test instead."""
    if missing() and not IN_CI:
        pytest.skip(missing(), allow_module_level=True)


def artifacts() -> Path:
    """Where screenshots go: $FACTCHECK_ARTIFACTS (relative to the repository root) or test-artifacts/."""
    return REPO / os.environ.get("FACTCHECK_ARTIFACTS", "test-artifacts")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    # As tests/conftest.py does for PostgreSQL and Redis: a failure in CI, a skip elsewhere.
    reason = missing()
    if reason and IN_CI:
        pytest.fail(reason, pytrace=False)
    if reason:
        pytest.skip(reason)
    chromium = shutil.which("chromium")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            yield browser
            browser.close()
        finally:
            playwright.stop()


@pytest.fixture(autouse=True)
def role_groups(transactional_db) -> None:
    """The roles' groups come from a data migration, and each live-server test ends by emptying every table:
    put them back, or the second test's editor has no permissions."""
    wanted = {tuple(code.split(".")) for codes in ROLES.values() for code in codes}
    permissions = {(p.content_type.app_label, p.codename): p
                   for p in Permission.objects.select_related("content_type")
                   if (p.content_type.app_label, p.codename) in wanted}
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permissions[tuple(code.split("."))] for code in codes])


@pytest.fixture
def new_page(browser, live_server, request) -> Iterator[Callable[[], Page]]:
    """Each call opens a page in a context of its own (own cookies: own user), 1280 px wide, in a browser set to
    `locale` (its Accept-Language, which the desk's LocaleMiddleware follows). Uncaught JavaScript errors and
    anything the Content-Security-Policy blocks fail the test; a failed test leaves a screenshot of every page
    it opened."""
    contexts, errors, violations = [], [], []

    def open_page(locale: str = "en-US", **options) -> Page:
        context = browser.new_context(base_url=live_server.url, locale=locale,
                                      viewport={"width": 1280, "height": 900}, **options)
        context.set_default_timeout(15_000)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        page.on("console", lambda message: _collect_violation(page, message.text, violations))
        return page

    yield open_page
    if request.node.stash.get(CALL_FAILED, False):
        folder = artifacts() / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        for n, context in enumerate(contexts):
            for m, page in enumerate(context.pages):
                page.screenshot(path=folder / f"{request.node.name}-{n}-{m}.png", full_page=True)
    for context in contexts:
        context.close()
    assert not errors, f"the page's JavaScript failed: {errors}"
    assert not violations, f"the Content-Security-Policy blocked: {violations}"


def _collect_violation(page: Page, text: str, violations: list[str]) -> None:
    # Chromium also says "Refused to ... Content Security Policy" itself, for each blocked load or inline part.
    if text.startswith(CSP_TAG) or "Content Security Policy" in text:
        violations.append(f"{page.url}: {text}")


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


# The desk's two languages, each as a browser set to it asks for it.
LOCALES = {"en": "en-US", "de": "de-DE"}


@pytest.fixture(params=list(LOCALES))
def language(request) -> str:
    """Runs a test once per language of the desk: English, then German."""
    return request.param


@pytest.fixture
def desk_page(new_page, language) -> Page:
    """A page in a browser set to the test's `language`."""
    return new_page(LOCALES[language])


def said(language: str, message: str, plural: str = "", count: int = 0, /, **values) -> str:
    """`message` (a msgid, with `plural` and `count` for ngettext) as the desk words it in `language`, filled with
    `values`. A German text must come translated from the catalogue: an English one there would not show that
    the page is German."""
    with translation.override(language):
        text = translation.ngettext(message, plural, count) if plural else translation.gettext(message)
    if language != "en":
        assert text not in (message, plural), f"no {language} translation of {message!r}"
    return text % values if values else text


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    def save(page: Page, name: str) -> Path:
        folder = artifacts() / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return save


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


def log_in(page: Page, username: str, password: str = "pw") -> None:
    """Through the admin's login form, as a person would."""
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("#login-form input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def submit(page: Page, selector: str) -> None:
    """Click a submit button and wait for the answer (after a redirect, the page it leads to)."""
    with page.expect_navigation():
        page.click(selector)


@pytest.fixture
def public_web(settings):
    """A 'public' site on 127.0.0.2: the only address source checks may reach here."""
    settings.FACTCHECK_FETCH_ALLOW_NETWORKS = "127.0.0.2/32"
    robots.forget()
    with SimWeb(["127.0.0.2"]) as web:
        yield web
    robots.forget()
