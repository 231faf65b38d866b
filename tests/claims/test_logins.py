"""Login throttling (django-axes, claims/logins.py): five failed logins for one user, or from one client
address, lock that user or address out for 15 minutes, whatever password comes next.

Alice and Bob are editors; Mallory has an account of her own and guesses at Bob's from her address."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client

from tests.factories import UserFactory
from tests.test_project import settings_in_subprocess

ADMIN_LOGIN = "/admin/login/"
API_LOGIN = "/api/auth/login/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
LOCKED = "Too many failed logins"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


def client_at(address: str) -> Client:
    return Client(REMOTE_ADDR=address, HTTP_ACCEPT=BROWSER)


def log_in(client: Client, username: str, password: str = "pw", url: str = ADMIN_LOGIN):
    return client.post(url, {"username": username, "password": password, "next": "/admin/"})


def logged_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def fail(client: Client, username: str, times: int, url: str = ADMIN_LOGIN) -> list[int]:
    return [log_in(client, username, "wrong", url).status_code for _ in range(times)]


def age_attempts(minutes: int) -> None:
    """The clock moves on: every recorded failure happened `minutes` earlier."""
    from axes.models import AccessAttempt  # here: the app is missing without throttling

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_five_wrong_passwords_lock_the_user_out_even_with_the_right_one(alice):
    client = client_at("10.0.0.1")
    # The first four are told the password is wrong (the form again); the fifth is the lockout.
    assert fail(client, "alice", 5) == [200, 200, 200, 200, 429]
    response = log_in(client, "alice")
    assert response.status_code == 429 and not response.wsgi_request.user.is_authenticated
    # Per user: from another address too.
    response = log_in(client_at("10.0.0.2"), "alice")
    assert response.status_code == 429 and not response.wsgi_request.user.is_authenticated


def test_the_browsable_apis_login_counts_and_refuses_alike(alice):
    client = client_at("10.0.0.1")
    assert fail(client, "alice", 3) == [200, 200, 200]
    assert fail(client, "alice", 2, API_LOGIN) == [200, 429]
    assert log_in(client_at("10.0.0.2"), "alice", url=API_LOGIN).status_code == 429
    assert log_in(client_at("10.0.0.2"), "alice").status_code == 429


def test_many_users_from_one_client_lock_the_client(alice, bob):
    mallory = client_at("10.0.0.66")
    statuses = [log_in(mallory, name, "wrong").status_code for name in ("carl", "dora", "emil", "fritz", "alice")]
    assert statuses == [200, 200, 200, 200, 429]
    # Bob's right password from that address is refused; from his own it works (and Alice's too: one failure).
    assert log_in(mallory, "bob").status_code == 429
    assert logged_in(log_in(client_at("10.0.0.2"), "bob"))
    assert logged_in(log_in(client_at("10.0.0.3"), "alice"))


def test_the_lockout_ends_fifteen_minutes_after_the_last_failure(alice):
    client = client_at("10.0.0.1")
    fail(client, "alice", 5)
    age_attempts(14)
    assert log_in(client, "alice").status_code == 429
    # Refused attempts while locked out do not count: the lock ends when the message says it does.
    age_attempts(2)
    assert logged_in(log_in(client, "alice"))


def test_a_success_forgives_the_users_own_failures(alice):
    client = client_at("10.0.0.1")
    assert fail(client, "alice", 4) == [200] * 4
    assert logged_in(log_in(client, "alice"))
    client.logout()
    assert fail(client, "alice", 4) == [200] * 4
    assert logged_in(log_in(client, "alice"))


def test_a_login_to_ones_own_account_does_not_forgive_guesses_at_another(bob):
    UserFactory(username="mallory")
    mallory = client_at("10.0.0.66")
    assert fail(mallory, "bob", 4) == [200] * 4
    assert logged_in(log_in(mallory, "mallory"))
    mallory.logout()
    assert fail(mallory, "bob", 1) == [429]
    assert log_in(client_at("10.0.0.2"), "bob").status_code == 429


def test_the_lockout_says_what_happened_and_for_how_long(alice):
    client = client_at("10.0.0.1")
    fail(client, "alice", 5)
    response = log_in(client, "alice")
    assert response.status_code == 429 and response["Retry-After"] == "900"
    assert "claims/locked_out.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert ("Too many failed logins: after 5 failed attempts for one user or from one address, logging in is "
            "locked for 15 minutes from the last failed attempt. Try again later.") in page
    assert "axes_reset_username" in page
    # A program on the API gets JSON; a browser there gets the page.
    response = client_at("10.0.0.2").post(API_LOGIN, {"username": "alice", "password": "pw"},
                                          HTTP_ACCEPT="application/json")
    assert response.status_code == 429 and response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith(LOCKED) and response.json()["cooloff_minutes"] == 15
    response = log_in(client_at("10.0.0.2"), "alice", url=API_LOGIN)
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_a_lockout_is_logged(alice, caplog):
    client = client_at("10.0.0.1")
    with caplog.at_level(logging.INFO):
        fail(client, "alice", 5)
        log_in(client, "alice")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(m.startswith("AXES: Locking out") and "/admin/login/" in m for m in warnings), warnings
    refused = [m for m in warnings if m.startswith("login refused, locked out")]
    assert refused == ["login refused, locked out: user 'alice' from 10.0.0.1 on /admin/login/"] * 2


def test_behind_a_proxy_the_forwarded_address_is_the_client(alice, bob, settings):
    settings.FACTCHECK_TRUSTED_PROXIES = 1
    # Both come through the proxy at 10.0.0.254; the proxy appends who connected to it, after anything the
    # client wrote itself.
    mallory = Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7", HTTP_ACCEPT=BROWSER)
    statuses = [log_in(mallory, name, "wrong").status_code for name in ("carl", "dora", "emil", "fritz", "gert")]
    assert statuses == [200, 200, 200, 200, 429]
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").count() == 5
    colleague = Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="198.51.100.8", HTTP_ACCEPT=BROWSER)
    assert logged_in(log_in(colleague, "bob"))


def test_without_trusted_proxies_a_forwarded_header_is_ignored(alice):
    mallory = Client(REMOTE_ADDR="10.0.0.66", HTTP_ACCEPT=BROWSER)
    for n, name in enumerate(("carl", "dora", "emil", "fritz", "gert")):
        mallory.defaults["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{n}"  # a new address each time, made up
        log_in(mallory, name, "wrong")
    assert log_in(mallory, "alice").status_code == 429


def test_force_login_and_force_authenticate_need_no_password(alice, api_as):
    client = Client()
    client.force_login(alice)
    assert client.get("/admin/").status_code == 200
    assert api_as(alice).get("/api/claims/").status_code == 200


def test_the_limits_come_from_the_environment():
    expr = "settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds(), settings.AXES_LOCKOUT_PARAMETERS"
    result = settings_in_subprocess({"SECRET_KEY": "k"}, expr)
    assert result.stdout.strip() == "5 900.0 ['username', 'ip_address']", result.stderr
    result = settings_in_subprocess({"SECRET_KEY": "k", "FACTCHECK_LOGIN_FAILURE_LIMIT": "3",
                                     "FACTCHECK_LOGIN_COOLOFF_MINUTES": "60"}, expr)
    assert result.stdout.strip() == "3 3600.0 ['username', 'ip_address']", result.stderr


@pytest.mark.parametrize("variable, value", [("FACTCHECK_LOGIN_FAILURE_LIMIT", "0"),
                                             ("FACTCHECK_LOGIN_COOLOFF_MINUTES", "0"),
                                             ("FACTCHECK_TRUSTED_PROXIES", "-1")])
def test_a_limit_that_makes_no_sense_stops_start_up(variable, value):
    result = settings_in_subprocess({"SECRET_KEY": "k", variable: value}, "settings.AXES_FAILURE_LIMIT")
    assert result.returncode != 0 and variable in result.stderr
