"""Name resolution that checks every address before aiohttp may connect to it.

aiohttp connects to exactly the addresses a resolver returns, so checking them here closes the gap between
"the name looked public" and "the socket went inward" (DNS rebinding). IP literals never reach a resolver;
the fetcher checks those itself before each hop.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from aiohttp.abc import AbstractResolver, ResolveResult

from . import addresses

# Names that can never be on the public web, refused without asking DNS at all: the reserved names of
# RFC 2606 and 6761, mDNS (RFC 6762), home networks (RFC 8375), ICANN's private-use .internal (2024), and
# names that DNS does not resolve (.onion, RFC 7686; .alt, RFC 9476). A single label goes to the local
# network's search domains, so it is refused too.
RESERVED_SUFFIXES = (".example", ".invalid", ".test", ".localhost", ".local", ".home.arpa", ".internal", ".onion",
                     ".alt")


class Unresolvable(OSError):
    """The name has no address we could use; aiohttp reports it as a connection error."""


async def lookup(host: str, port: int) -> list[str]:
    """The system resolver. Tests replace this function: they must never ask real DNS."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


class GuardedResolver(AbstractResolver):
    def __init__(self, allow: tuple = ()) -> None:
        self.allow = allow

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        name = host.rstrip(".").lower()
        # Refused like an inward address, not reported as a failed lookup: the checker did not try, and the
        # answer will not change (outcome "blocked", not the transient "unreachable").
        if "." not in name or name.endswith(RESERVED_SUFFIXES):
            raise addresses.Forbidden(f"{host} is a reserved name that is not on the public web")
        try:
            found = await lookup(host, port)
        except socket.gaierror as exc:
            raise Unresolvable(f"{host} could not be resolved: {exc.strerror or exc}") from exc
        if not found:
            raise Unresolvable(f"{host} has no address")
        results = []
        for text in dict.fromkeys(found):
            address = ipaddress.ip_address(text.split("%")[0])
            # One inward address is enough to refuse: an attacker's DNS may mix them. The message leaves the
            # address out: check details are readable by API users, and must not map the internal network.
            try:
                addresses.check(address, self.allow)
            except addresses.Forbidden:
                raise addresses.Forbidden(f"{host} resolves to an address that is not on the public web") from None
            results.append(_result(host, str(address), port, address.version))
        return results

    async def close(self) -> None:
        pass


def _result(host: str, address: str, port: int, version: int) -> ResolveResult:
    family = socket.AF_INET6 if version == 6 else socket.AF_INET
    return {"hostname": host, "host": address, "port": port, "family": family, "proto": 0,
            "flags": socket.AI_NUMERICHOST}
