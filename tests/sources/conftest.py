from __future__ import annotations

import socket

import pytest

from sources.fetching import addresses, resolver, robots
from sources.fetching.fetch import Policy
from tests.simweb import SimWeb

# The canary lives on 127.0.0.1, which policy refuses; "public" hosts are stand-ins on 127.0.0.2 and 127.0.0.3.
STAND_INS = "127.0.0.2/31"


class FakeDNS:
    """Names the tests may use, each answering with loopback addresses; anything else is NXDOMAIN.
    An answer may be a list of answers given in turn (the last repeats), to play DNS rebinding."""

    def __init__(self) -> None:
        self.names: dict[str, list] = {}
        self.asked: list[str] = []

    async def lookup(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        answer = self.names.get(host.rstrip(".").lower())
        if answer is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if answer and isinstance(answer[0], list):
            return answer.pop(0) if len(answer) > 1 else answer[0]
        return answer


@pytest.fixture
def fake_dns(monkeypatch) -> FakeDNS:
    dns = FakeDNS()
    monkeypatch.setattr(resolver, "lookup", dns.lookup)
    return dns


@pytest.fixture(autouse=True)
def fresh_robots():
    robots.forget()
    yield
    robots.forget()


@pytest.fixture
def canary():
    """A server on 127.0.0.1 that no fetch may ever reach."""
    with SimWeb(["127.0.0.1"]) as web:
        yield web


@pytest.fixture
def web():
    """The 'public' web: stand-in hosts on 127.0.0.2 and 127.0.0.3."""
    with SimWeb(["127.0.0.2", "127.0.0.3"]) as sim:
        yield sim


@pytest.fixture
def policy() -> Policy:
    return Policy(allow=addresses.parse_networks(STAND_INS), deadline=3.0, max_bytes=1_000_000, connect_timeout=2.0)
