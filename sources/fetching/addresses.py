"""Which IP addresses the fetcher may connect to: a guard against server-side request forgery.

A claim's source URL is typed by whoever wrote the claim, so the fetcher must not be talked into reaching
the database, the cloud metadata service or a printer on the office network. Pure stdlib, no Django.

`host_address(host)` recognises an address however it is spelled (`2130706433`, `0x7f.1`, `[::ffff:7f00:1]`),
`check(address)` refuses anything that is not public, and `check_host(host)` does both. Host names are not
resolved here: the caller resolves them and passes every resulting address to `check`.
"""

from __future__ import annotations

import functools
import ipaddress
import string
import unicodedata
from urllib.parse import unquote

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_DIGITS = {8: frozenset("01234567"), 10: frozenset(string.digits), 16: frozenset(string.hexdigits)}

# Named ranges come first so the message is precise; `is_reserved` and `is_global` catch the rest.
_RANGES: tuple[tuple[Network, str], ...] = tuple(
    (ipaddress.ip_network(cidr), name)
    for cidr, name in (
        ("0.0.0.0/8", "unspecified"),
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "carrier-grade NAT"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "IETF protocol"),
        ("192.0.2.0/24", "documentation"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("255.255.255.255/32", "broadcast"),
        ("240.0.0.0/4", "reserved"),
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("100::/64", "discard-only"),
        ("2001:db8::/32", "documentation"),
        ("fc00::/7", "private"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("ff00::/8", "multicast"),
    )
)
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# The local-use prefix may be cut anywhere from /48 to /96, so the IPv4 address can sit in several places.
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_TEREDO = ipaddress.IPv6Network("2001::/32")


class Forbidden(ValueError):
    """The fetcher must not connect to this address; the message says why."""


def parse_networks(text: str) -> tuple[Network, ...]:
    """Networks from a comma-separated list of CIDRs such as "127.0.0.0/8, ::1"; blank entries are ignored."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry))
        except ValueError as exc:
            raise ValueError(f"{entry!r} is not an IP network in CIDR form: {exc}") from exc
    return tuple(networks)


def host_address(host: str) -> Address | None:
    """The IP address a URL host spells, or None if the host is a name.

    Raises Forbidden when the host looks like an address but is not a valid one, as a browser would refuse it.
    """
    text = _normalise(host)
    if text.startswith("[") or ":" in text:
        return _parse_ipv6(text, host)
    if not _ends_in_number(text):
        return None
    return _parse_ipv4(text, host)


def check(address: Address, allow: tuple[Network, ...] = ()) -> None:
    """Raise Forbidden unless the address is public or inside one of the `allow` networks."""
    address = _without_zone(address)
    if _allowed(address, allow):
        return
    if isinstance(address, ipaddress.IPv6Address):
        _check_ipv6(address, allow)
    else:
        _refuse_if_not_public(address)


@functools.lru_cache(maxsize=4096)
def check_host(host: str, allow: tuple[Network, ...] = ()) -> Address | None:
    """The address a URL host spells, once checked; None if the host is a name that still has to be resolved.
    Cached: a batch asks this for every hop, mostly of the same few hosts (a refusal raises, and is not cached)."""
    address = host_address(host)
    if address is not None:
        check(address, allow)
    return address


def _normalise(host: str) -> str:
    # Browsers percent-decode and apply Unicode mapping before parsing a host, and Python's idna codec (used by
    # getaddrinfo) turns fullwidth digits and ideographic full stops into ASCII: "１２７。０。０。１" is loopback.
    text = unicodedata.normalize("NFKC", unquote(host)).replace("\u3002", ".").strip().lower()
    # inet_aton reads up to the first whitespace and ignores the rest, so "127.1 x" is 127.0.0.1 to it.
    return text.split(maxsplit=1)[0] if text else text


def _parse_ipv6(text: str, host: str) -> ipaddress.IPv6Address:
    inner = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    # The zone only picks the interface; the address is what decides where the packet goes.
    inner = inner.partition("%")[0]
    try:
        return ipaddress.IPv6Address(inner)
    except ValueError:
        raise Forbidden(f"{host!r} is not a valid address") from None


def _ends_in_number(text: str) -> bool:
    # The WHATWG URL standard's rule: a host whose last label is a number must be an IPv4 address.
    parts = _labels(text)
    last = parts[-1]
    return bool(last) and (last.isascii() and last.isdigit() or _parse_number(last) is not None)


def _parse_ipv4(text: str, host: str) -> ipaddress.IPv4Address:
    # WHATWG's IPv4 parser, which also accepts everything inet_aton does: up to four parts,
    # each decimal, 0x-hex or 0-octal, the last one filling the bytes that are left ("127.1").
    numbers = [_parse_number(part) for part in _labels(text)]
    if len(numbers) > 4 or None in numbers:
        raise Forbidden(f"{host!r} is not a valid address")
    *leading, last = numbers
    if any(number > 255 for number in leading) or last >= 256 ** (5 - len(numbers)):
        raise Forbidden(f"{host!r} is not a valid address")
    return ipaddress.IPv4Address(last + sum(number << (8 * (3 - i)) for i, number in enumerate(leading)))


def _labels(text: str) -> list[str]:
    parts = text.split(".")
    # One trailing dot is allowed, as in a fully qualified name.
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return parts


def _parse_number(part: str) -> int | None:
    if not part:
        return None
    radix = 10
    if part[:2] in ("0x", "0X"):
        part, radix = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        part, radix = part[1:], 8
    if not part:
        return 0  # "0x" alone is zero to WHATWG
    # int() would also take "_", "+", spaces and non-ASCII digits, which no URL parser does.
    if not set(part) <= _DIGITS[radix]:
        return None
    return int(part, radix)


def _without_zone(address: Address) -> Address:
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id:
        return ipaddress.IPv6Address(int(address))
    return address


def _allowed(address: Address, allow: tuple[Network, ...]) -> bool:
    return any(address in network for network in allow)


def _check_ipv6(address: ipaddress.IPv6Address, allow: tuple[Network, ...]) -> None:
    if address in _TEREDO:
        raise Forbidden(f"{address} is a Teredo address, which can tunnel to any IPv4 host")
    if address in _NAT64_LOCAL:
        raise Forbidden(f"{address} is a local-use NAT64 address, whose destination depends on the local network")
    embedded = _embedded_ipv4(address)
    if embedded is None:
        _refuse_if_not_public(address)
        return
    # The packet ends up at the embedded IPv4 address, so that is the one to judge.
    form, ipv4 = embedded
    if _allowed(ipv4, allow):
        return
    category = _category(ipv4)
    if category:
        raise Forbidden(f"{address} is {_article(form)} {form} form of {ipv4} ({category})")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    if address.ipv4_mapped is not None:
        return "IPv4-mapped", address.ipv4_mapped
    if address.sixtofour is not None:
        return "6to4", address.sixtofour
    last_32_bits = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _NAT64:
        return "NAT64", last_32_bits
    # :: and ::1 are the unspecified and loopback addresses, not IPv4-compatible ones.
    if address in _IPV4_COMPATIBLE and int(address) > 1:
        return "IPv4-compatible", last_32_bits
    return None


def _refuse_if_not_public(address: Address) -> None:
    category = _category(address)
    if category:
        raise Forbidden(f"{address} is {_article(category)} {category} address")


def _category(address: Address) -> str | None:
    """A short name for why the address is not public, or None if it is."""
    for network, name in _RANGES:
        if address in network:
            return name
    if address.is_reserved:
        return "reserved"
    if not address.is_global:
        return "non-public"
    return None


def _article(word: str) -> str:
    return "an" if word[0].lower() in "aeiou" else "a"
