"""The Content-Security-Policy header (django-csp, factcheck/settings.py) and what our pages put inline.

The browser tests (tests/browser/test_security.py) show the pages run under the policy; these check, without a
browser, that every kind of page sends it and that each inline script, style or event handler on a page is
one the policy allows by its hash (none of them ours)."""

from __future__ import annotations

import base64
import hashlib

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import html

from claims.models import Article, Claim, Conflict
from sources.models import Source
from tests.factories import UserFactory

REQUIRED = {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
    "object-src": ["'none'"], "base-uri": ["'none'"], "frame-ancestors": ["'none'"], "form-action": ["'self'"],
}
HANDLERS = ("onclick", "onload", "onerror", "onchange", "onsubmit", "onmouseover", "onfocus", "oninput")


def policy_of(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def sha256(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def blocked(page: str, policy: dict[str, list[str]]) -> list[str]:
    """Each inline part of the page the policy does not allow."""
    tree = html.fromstring(page)
    parts = [("style-src-attr", node.get("style")) for node in tree.xpath("//*[@style]")]
    parts += [("script-src-attr", node.get(name)) for name in HANDLERS for node in tree.xpath(f"//*[@{name}]")]
    parts += [("style-src-elem", node.text or "") for node in tree.xpath("//style")]
    parts += [("script-src-elem", node.text or "") for node in tree.xpath("//script[not(@src)]")
              if node.get("type") not in ("application/json", "application/ld+json")]
    return [f"{where}: {text[:80]!r}" for where, text in parts if sha256(text) not in allowed(policy, where)]


def allowed(policy: dict[str, list[str]], directive: str) -> list[str]:
    # As browsers fall back: script-src-attr to script-src to default-src (the same for styles).
    fallback = "script-src" if directive.startswith("script") else "style-src"
    return policy.get(directive) or policy.get(fallback) or policy.get("default-src") or []


@pytest.fixture
def demo(db):
    call_command("load_demo", password="pw", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


def desk_pages() -> list[str]:
    article = Article.objects.filter(claims__citations__isnull=False).first()
    claim = Conflict.objects.first().figure_a.claim
    source = Source.objects.first()
    return [
        "/admin/", "/admin/desk/", f"/admin/claims/article/{article.pk}/change/", "/admin/claims/article/",
        f"/admin/claims/claim/{claim.pk}/change/", f"/admin/claims/claim/{claim.pk}/history/", "/admin/claims/claim/",
        "/admin/claims/claim/deleted/", "/admin/claims/conflict/", "/admin/claims/conflict/queue/",
        "/admin/sources/source/", f"/admin/sources/source/{source.pk}/change/", "/admin/sources/citation/",
        "/admin/axes/accessattempt/", "/admin/django_celery_beat/periodictask/add/",
    ]


def test_every_kind_of_page_sends_the_strict_policy(demo):
    claim = Claim.objects.first()
    for url in [*desk_pages(), "/api/", "/api/claims/", f"/api/claims/{claim.ref}/", "/api/docs/"]:
        response = demo.get(url, headers={"Accept": "text/html"})
        assert response.status_code == 200, url
        policy = policy_of(response)
        assert {name: policy.get(name) for name in REQUIRED} == REQUIRED, url
        assert not any("unsafe-inline" in values or "unsafe-eval" in values for values in policy.values()), url
    anonymous = Client()
    for url in ["/admin/login/", "/api/auth/login/"]:
        assert {name: policy_of(anonymous.get(url)).get(name) for name in REQUIRED} == REQUIRED, url


def test_nothing_inline_on_a_page_is_outside_the_policy(demo):
    claim = Claim.objects.exclude(status__in=["unreviewed", "in_review"]).first()
    pages = [*desk_pages(), "/api/", "/api/claims/", f"/api/claims/{claim.ref}/", "/api/articles/",
             f"/api/claims/{claim.ref}/claimreview/?format=api", "/api/docs/"]
    for url in pages:
        response = demo.get(url, headers={"Accept": "text/html"})
        assert blocked(response.content.decode(), policy_of(response)) == [], url
    anonymous = Client()
    for url in ["/admin/login/", "/api/auth/login/"]:
        response = anonymous.get(url)
        assert blocked(response.content.decode(), policy_of(response)) == [], url


def test_the_api_docs_load_their_script_from_a_url(demo):
    page = demo.get("/api/docs/").content.decode()
    sources = html.fromstring(page).xpath("//script/@src")
    assert "/api/docs/?script=" in sources
    script = demo.get("/api/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle(" in script.content
