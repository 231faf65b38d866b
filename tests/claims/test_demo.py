"""`make demo`: the logins last and the same on every run, the admin named after the desk, "View site" and the
icon leading somewhere, a reload giving no verdict to the wrong claim (Makefile, load_demo, serve_demo,
claims/admin/branding.py)."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest
from django.core.management import call_command

from claims import services
from claims.management.commands.load_demo import DEMO_DIR
from claims.management.commands.serve_demo import Command as ServeDemo
from claims.models import Article, Claim


@pytest.fixture
def password_file(settings, tmp_path) -> Path:
    settings.FACTCHECK_DEMO_PASSWORD_FILE = str(tmp_path / "demo-password")
    return tmp_path / "demo-password"


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue().rsplit("with the password: ", 1)[1].split()[0]


def test_a_second_demo_run_keeps_the_password(db, client, password_file):
    first = load_demo()
    assert password_file.read_text().strip() == first
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600  # the owner's alone
    assert load_demo() == first
    response = client.post("/admin/login/", {"username": "reviewer", "password": first})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_password_given_replaces_the_kept_one(db, client, password_file):
    load_demo()
    call_command("load_demo", password="neues-passwort", stdout=io.StringIO())
    assert load_demo() == "neues-passwort"
    assert client.post("/admin/login/", {"username": "editor", "password": "neues-passwort"}).status_code == 302


def test_the_server_prints_the_logins_last(db, password_file):
    password = load_demo()
    out = io.StringIO()
    server = ServeDemo(stdout=out)
    server.protocol, server.addr, server._raw_ipv6 = "http", "127.0.0.1", False
    server.on_bind(8000)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    last = "\n".join(lines[-5:])
    assert f"password: {password}" in last and "API token for 'editor': " in last
    assert "http://127.0.0.1:8000/admin/" in last and "Ctrl+C stops it" in last
    assert "Starting development server" in "\n".join(lines[:-5])  # Django's own lines come before


def test_the_admin_is_the_desks_own(client, alice):
    client.force_login(alice)
    page = client.get("/admin/").content.decode()
    assert "Fact-check desk" in page and "Django administration" not in page and "Django site admin" not in page
    assert 'rel="icon" href="/static/claims/favicon.svg"' in page


def test_view_site_and_the_icon_lead_somewhere(client, alice):
    client.force_login(alice)
    home = client.get("/", follow=True)
    assert home.redirect_chain == [("/admin/desk/", 302)] and home.status_code == 200
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"] == "/static/claims/favicon.svg"


def test_loading_the_demo_again_after_a_claim_was_deleted_gives_no_verdict_to_another_claim(db, root):
    """The demo's reviews find their claims by quote: a claim deleted since must not shift a verdict onto another."""
    call_command("load_demo", password="pw", stdout=open("/dev/null", "w"))
    manifest = json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["articles"] if e["file"] == "de-sanktionen.txt")
    article = Article.objects.get(url=entry["url"])
    claims = list(article.claims.order_by("number"))
    untouched = claims[2]
    assert untouched.status == "unreviewed"
    services.claim_delete(claim=claims[0], user=root)  # judged not worth keeping
    call_command("load_demo", password="pw", stdout=open("/dev/null", "w"))
    assert Claim.objects.get(pk=untouched.pk).status == "unreviewed"
