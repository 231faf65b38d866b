from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from claims import roles

from .factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def service_unavailable(what: str, why: str) -> None:
    """Outside CI a missing service skips the test with one line; in CI it is a failure."""
    variable = "DATABASE_URL" if what == "PostgreSQL" else "REDIS_URL"
    message = f"needs {what}: {why} (point {variable} at a running server)"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        service_unavailable("Redis", "REDIS_URL is not set")
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=2).close()
    except OSError as exc:
        service_unavailable("Redis", str(exc))
    return url


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", None, ""})
_real_getaddrinfo = socket.getaddrinfo


def _loopback_only(host, *args, **kwargs):
    """The network rule: no test may ask real DNS. Names must come from the fake resolver (fake_dns)."""
    name = host.decode() if isinstance(host, bytes) else host
    if name not in LOOPBACK_NAMES and not _is_loopback_literal(name):
        raise socket.gaierror(socket.EAI_NONAME, f"tests may not resolve {name!r}: use the fake_dns fixture")
    return _real_getaddrinfo(host, *args, **kwargs)


def _is_loopback_literal(name: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_real_dns(monkeypatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only)


@pytest.fixture
def require_postgres() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        service_unavailable("PostgreSQL", "DATABASE_URL does not name a PostgreSQL database")


@pytest.fixture
def require_redis() -> str:
    return redis_url()


def pytest_sessionstart(session) -> None:
    # CI must run the suite on the real services, never quietly on SQLite.
    if IN_CI and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError("CI=true but DATABASE_URL does not point at PostgreSQL")
    if IN_CI and not os.environ.get("REDIS_URL"):
        raise pytest.UsageError("CI=true but REDIS_URL is not set")


@pytest.fixture
def alice(db):
    """Alice is an editor."""
    return UserFactory(username="alice", roles=[roles.EDITOR])


@pytest.fixture
def rita(db):
    """Rita is a reviewer."""
    return UserFactory(username="rita", roles=[roles.REVIEWER])


@pytest.fixture
def victor(db):
    """Victor can log in but has no role: he may read, not write."""
    return UserFactory(username="victor", is_staff=False)


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def api(db):
    return APIClient()


@pytest.fixture
def api_as(db):
    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make
