from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources.fetching.addresses import Forbidden, check, check_host, host_address, parse_networks

LOOPBACK = IPv4Address("127.0.0.1")


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0X7F000001", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0177.0.0.01", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7f.0.0x0.0001", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("0", "0.0.0.0"),
        ("0x", "0.0.0.0"),
        ("%31%32%37.0.0.1", "127.0.0.1"),
        ("%30x7f000001", "127.0.0.1"),
        ("\uff11\uff12\uff17\u3002\uff10\u3002\uff10\u3002\uff11", "127.0.0.1"),
        (" 127.0.0.1 ", "127.0.0.1"),
        ("127.1 anything", "127.0.0.1"),
        ("[::1]", "::1"),
        ("::1", "::1"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("[::ffff:7f00:1]", "::ffff:7f00:1"),
        ("[0:0:0:0:0:FFFF:7F00:0001]", "::ffff:7f00:1"),
        ("fe80::1%eth0", "fe80::1"),
        ("[fe80::1%25eth0]", "fe80::1"),
    ],
)
def test_it_reads_every_spelling_of_an_address(host, address):
    assert host_address(host) == ip_address(address)


def test_it_drops_the_zone_of_an_ipv6_address():
    assert host_address("fe80::1%eth0").scope_id is None


@pytest.mark.parametrize(
    "host",
    ["example.com", "1.example", "www.1.2.3.example", "xn--bcher-kva.example", "localhost", "0x7g", "example.com.", ""],
)
def test_it_leaves_names_to_the_resolver(host):
    assert host_address(host) is None


@pytest.mark.parametrize(
    "host",
    [
        "256.0.0.1",
        "1.2.3.256",
        "1.2.65536",
        "1.16777216",
        "4294967296",
        "0x100000000",
        "1.2.3.4.5",
        "127..1",
        "09.0.0.1",
        "0x7g.0.0.1",
        "example.123",
        "example.0x1",
        "[127.0.0.1]",
        "[::1",
        "[not-an-address]",
        "::ffff:127.1",
    ],
)
def test_it_refuses_a_host_that_only_looks_like_an_address(host):
    with pytest.raises(Forbidden, match="is not a valid address"):
        host_address(host)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("127.255.255.254", "a loopback address"),
        ("10.0.0.1", "10.0.0.1 is a private address"),
        ("172.16.0.1", "a private address"),
        ("172.31.255.255", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("100.64.0.1", "a carrier-grade NAT address"),
        ("100.127.255.254", "a carrier-grade NAT address"),
        ("224.0.0.1", "a multicast address"),
        ("239.255.255.250", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("255.255.255.255", "a broadcast address"),
        ("0.0.0.0", "an unspecified address"),
        ("0.1.2.3", "an unspecified address"),
        ("198.18.0.1", "a benchmarking address"),
        ("198.19.255.254", "a benchmarking address"),
        ("192.0.2.1", "a documentation address"),
        ("198.51.100.1", "a documentation address"),
        ("203.0.113.1", "a documentation address"),
        ("192.0.0.1", "an IETF protocol address"),
        ("::1", "::1 is a loopback address"),
        ("::", "an unspecified address"),
        ("fc00::1", "a private address"),
        ("fd12:3456::1", "a private address"),
        ("fe80::1", "a link-local address"),
        ("fec0::1", "a site-local address"),
        ("100::1", "a discard-only address"),
        ("2001:db8::1", "a documentation address"),
        ("ff02::1", "a multicast address"),
        ("4000::1", "a reserved address"),
    ],
)
def test_it_refuses_addresses_that_are_not_public(address, reason):
    with pytest.raises(Forbidden, match=reason):
        check(ip_address(address))


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("::ffff:127.0.0.1", "an IPv4-mapped form of 127.0.0.1 \\(loopback\\)"),
        ("::ffff:10.0.0.1", "an IPv4-mapped form of 10.0.0.1 \\(private\\)"),
        ("::ffff:169.254.169.254", "an IPv4-mapped form of 169.254.169.254 \\(link-local\\)"),
        ("::127.0.0.1", "an IPv4-compatible form of 127.0.0.1 \\(loopback\\)"),
        ("::192.168.0.1", "an IPv4-compatible form of 192.168.0.1 \\(private\\)"),
        ("64:ff9b::127.0.0.1", "a NAT64 form of 127.0.0.1 \\(loopback\\)"),
        ("64:ff9b::a00:1", "a NAT64 form of 10.0.0.1 \\(private\\)"),
        ("2002:7f00:1::", "a 6to4 form of 127.0.0.1 \\(loopback\\)"),
        ("2002:c0a8:101::1", "a 6to4 form of 192.168.1.1 \\(private\\)"),
    ],
)
def test_it_refuses_ipv6_forms_that_wrap_an_inward_ipv4_address(address, reason):
    with pytest.raises(Forbidden, match=reason):
        check(ip_address(address))


@pytest.mark.parametrize("address", ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::808:808"])
def test_it_refuses_teredo_outright(address):
    with pytest.raises(Forbidden, match="Teredo"):
        check(ip_address(address))


@pytest.mark.parametrize("address", ["64:ff9b:1::808:808", "64:ff9b:1:7f00:1::"])
def test_it_refuses_local_use_nat64_outright(address):
    with pytest.raises(Forbidden, match="local-use NAT64"):
        check(ip_address(address))


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",
        "8.8.8.8",
        "1.1.1.1",
        "2606:4700::1111",
        "2a00:1450:4001:80b::200e",
        "::ffff:8.8.8.8",
        "64:ff9b::8.8.8.8",
        "2002:808:808::1",
    ],
)
def test_it_lets_public_addresses_through(address):
    check(ip_address(address))


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("2130706433", "127.0.0.1 is a loopback address"),
        ("0x7f000001", "127.0.0.1 is a loopback address"),
        ("0X7F.1", "127.0.0.1 is a loopback address"),
        ("0177.0.0.1", "127.0.0.1 is a loopback address"),
        ("127.1", "127.0.0.1 is a loopback address"),
        ("127.0.0.1.", "127.0.0.1 is a loopback address"),
        ("10.1", "10.0.0.1 is a private address"),
        ("0xa9fea9fe", "169.254.169.254 is a link-local address"),
        ("0", "0.0.0.0 is an unspecified address"),
        ("[::1]", "::1 is a loopback address"),
        ("[::ffff:7f00:1]", "IPv4-mapped form of 127.0.0.1"),
        ("::ffff:127.0.0.1", "IPv4-mapped form of 127.0.0.1"),
        ("fe80::1%eth0", "fe80::1 is a link-local address"),
        ("[fe80::1%25eth0]", "fe80::1 is a link-local address"),
        ("%31%32%37.0.0.1", "127.0.0.1 is a loopback address"),
        ("\uff11\uff12\uff17\uff0e\uff11", "127.0.0.1 is a loopback address"),
        ("256.0.0.1", "is not a valid address"),
    ],
)
def test_it_refuses_inward_hosts_however_they_are_spelled(host, reason):
    with pytest.raises(Forbidden, match=reason):
        check_host(host)


def test_it_refuses_decimal_integer_loopback():
    with pytest.raises(Forbidden, match="loopback"):
        check_host("2130706433")


def test_check_host_returns_a_public_address():
    assert check_host("0x08080808") == IPv4Address("8.8.8.8")


def test_check_host_leaves_names_alone():
    assert check_host("example.com") is None


@pytest.mark.parametrize("address", ["127.0.0.1", "127.8.9.10", "::ffff:127.0.0.1", "::ffff:7f00:1"])
def test_an_allowed_network_lets_its_addresses_through(address):
    check(ip_address(address), allow=parse_networks("127.0.0.0/8"))


@pytest.mark.parametrize("address", ["10.0.0.1", "::1", "::ffff:10.0.0.1", "169.254.169.254"])
def test_an_allowed_network_lets_nothing_else_through(address):
    with pytest.raises(Forbidden):
        check(ip_address(address), allow=parse_networks("127.0.0.0/8"))


def test_check_host_honours_the_allowed_networks():
    assert check_host("127.1", allow=parse_networks("127.0.0.0/8")) == LOOPBACK


def test_check_ignores_the_zone_of_a_given_address():
    with pytest.raises(Forbidden, match="^fe80::1 is a link-local address$"):
        check(IPv6Address("fe80::1%eth0"))


@pytest.mark.parametrize(
    ("text", "networks"),
    [
        ("", ()),
        ("   ", ()),
        ("127.0.0.0/8", (ip_network("127.0.0.0/8"),)),
        (" 10.0.0.0/8 ,fd00::/8 ", (ip_network("10.0.0.0/8"), ip_network("fd00::/8"))),
        ("127.0.0.1", (ip_network("127.0.0.1/32"),)),
        ("::1", (ip_network("::1/128"),)),
        ("10.0.0.0/8,", (ip_network("10.0.0.0/8"),)),
    ],
)
def test_parse_networks_reads_a_comma_separated_list(text, networks):
    assert parse_networks(text) == networks


@pytest.mark.parametrize("bad", ["localhost", "10.0.0.0/33", "10.0.0.1/8", "127.1", "::1/129", "10.0.0.0/8;"])
def test_parse_networks_names_the_bad_entry(bad):
    with pytest.raises(ValueError, match=re.escape(bad)):
        parse_networks(f"192.168.0.0/16, {bad}")


def _octal(address: IPv4Address) -> str:
    return ".".join(f"0{octet:o}" for octet in address.packed)


@given(st.ip_addresses(v=4))
def test_every_spelling_of_an_ipv4_address_reads_back_the_same(address):
    spellings = [str(int(address)), hex(int(address)), _octal(address), str(address)]
    assert {host_address(spelling) for spelling in spellings} == {address}
