from __future__ import annotations

import pytest

from sources.normal_urls import BadURL, domain, normalise


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("HTTPS://UN-Press.Example:443/en/2024/sc.htm#top", "https://un-press.example/en/2024/sc.htm"),
        ("http://nyt-archive.example:80", "http://nyt-archive.example/"),
        ("https://a.example/x?utm_source=mail&id=7&fbclid=abc", "https://a.example/x?id=7"),
        ("  https://a.example:8443/x  ", "https://a.example:8443/x"),
        ("https://bücher.example/seite", "https://xn--bcher-kva.example/seite"),
        ("https://[2001:DB8::1]/x", "https://[2001:db8::1]/x"),
        ("https://straße.example/", "https://xn--strae-oqa.example/"),  # IDNA 2008: ß is not "ss"
        ("https://💩.la/", "https://xn--ls8h.la/"),  # registered under IDNA 2003, and it resolves
        ("http://ex%61mple.org./", "http://example.org/"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://2130706433/x", "http://127.0.0.1/x"),
        ("http://a_b.example.org/", "http://a_b.example.org/"),
        # A browser opens a.example for these (a backslash before the query is a slash), so the source is there.
        ("http://a.example\\@evil.example/", "http://a.example/@evil.example/"),
        ("https://a.example\\x\\y?q=a\\b", "https://a.example/x/y?q=a\\b"),
    ],
)
def test_it_normalises_one_page_to_one_url(given, stored):
    assert normalise(given) == stored


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("ftp://files.example/report.pdf", "Only http and https"),
        ("javascript:alert(1)", "Only http and https"),
        ("un-press.example/x", "Only http and https"),
        ("https:///nohost", "no host"),
        ("https://a.example/a b", "spaces"),
        ("", "empty"),
        ("https://a.example:99999/", "cannot be read"),
        ("https://a.example/" + "x" * 2000, "longer than"),
        ("https://" + "a" * 64 + ".example/", "label longer than 63"),
        ("https://" + "a" * 63 + ("." + "b" * 63) * 3 + ".example/", "longer than 253"),
        ("https://a..example/", "empty label"),
        ("https://.a.example/", "empty label"),
        ("https://a.example../", "empty label"),
        ("https://a!b.example/", "contains '!'"),
        ("https://a%2Fb.example/", "contains '/'"),
        ("https://a.exam_ple/", "contains '_'"),
        ("https://-a.example/", "starts or ends with a hyphen"),
        ("https://a-.example/", "starts or ends with a hyphen"),
        ("https://xn--zz.example/", "not valid Punycode"),
        ("https://a\u00e4%FF.example/", "not a valid internationalised name"),
        ("http://intranet/", "is a single label"),
        ("http://localhost:8000/", "is a single label"),
        ("http://localhost./", "is a single label"),
        ("http://a.example:0/", "port 0"),
        ("http://1.2.3.999/", "not a valid one"),
        ("http://news.example.123/", "must be an IPv4 address"),
        ("https://b\u00fccher.example/" + "x" * 1977, "once its host name is encoded"),
    ],
)
def test_it_refuses_what_cannot_be_a_source(given, message):
    with pytest.raises(BadURL, match=message):
        normalise(given)


@pytest.mark.parametrize(
    "url",
    [
        "https://a.example/list?123",
        "https://a.example/list?a=1&b",
        "https://a.example/list?b=2&a=1&b=",
        "https://a.example/list?q=%FF%fe&url=http://x.example/y;z=1&x=a+b%20c",
        "https://a.example/list?&a=1&&",
        "https://a.example/list?=x",
    ],
)
def test_it_keeps_the_query_as_written(url):
    assert normalise(url) == url


def test_it_drops_only_campaign_tags_from_the_query():
    given = "https://a.example/x?b&UTM_Source=mail&%75tm_medium=y&a=1&fbclid=abc&c=utm_source"
    assert normalise(given) == "https://a.example/x?b&a=1&c=utm_source"


def test_domain_is_the_host():
    assert domain("https://un-press.example/en/") == "un-press.example"
