"""Where a login lands: on the `next` page when it is one of ours, on the desk (the admin index) otherwise,
never off-site and never on Django's default /accounts/profile/ (a 404 here)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client

from claims import roles
from tests.factories import UserFactory

LOGINS = ["/admin/login/", "/api/auth/login/"]
DESK = "/admin/"
UNSAFE = [
    "https://evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example/", "///evil.example/",
    "javascript:alert(1)", "http:evil.example", "https:/evil.example", " //evil.example/", "\t//evil.example",
    "https://testserver@evil.example/", "data:text/html,<script>alert(1)</script>",
]


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", roles=[roles.EDITOR])


def log_in(login: str, next_url: str | None):
    """As the login form does: `next` from the page's address into a hidden field."""
    client = Client()
    data = {"username": "alice", "password": "pw"}
    if next_url is not None:
        data["next"] = next_url
        login = f"{login}?next={quote(next_url)}"
    return client, client.post(login, data)


@pytest.mark.parametrize("login", LOGINS)
@pytest.mark.parametrize("next_url", UNSAFE)
def test_an_unsafe_next_lands_on_the_desk(alice, login, next_url):
    client, response = log_in(login, next_url)
    assert response.status_code == 302 and response["Location"] == DESK
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("login", LOGINS)
def test_without_next_a_login_lands_on_the_desk(alice, login):
    client, response = log_in(login, None)
    assert response.status_code == 302 and response["Location"] == DESK


@pytest.mark.parametrize("login", LOGINS)
@pytest.mark.parametrize("next_url", ["/admin/desk/", "/api/claims/?status=in_review"])
def test_a_next_page_of_ours_is_where_a_login_lands(alice, login, next_url):
    client, response = log_in(login, next_url)
    assert response.status_code == 302 and response["Location"] == next_url
    assert client.get(response["Location"]).status_code == 200
