from __future__ import annotations

import pytest

from sources.urls import BadURL, domain, normalise


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("HTTPS://UN-Press.Example:443/en/2024/sc.htm#top", "https://un-press.example/en/2024/sc.htm"),
        ("http://nyt-archive.example:80", "http://nyt-archive.example/"),
        ("https://a.example/x?utm_source=mail&id=7&fbclid=abc", "https://a.example/x?id=7"),
        ("  https://a.example:8443/x  ", "https://a.example:8443/x"),
        ("https://bücher.example/seite", "https://xn--bcher-kva.example/seite"),
        ("https://[2001:DB8::1]/x", "https://[2001:db8::1]/x"),
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
    ],
)
def test_it_refuses_what_cannot_be_a_source(given, message):
    with pytest.raises(BadURL, match=message):
        normalise(given)


def test_domain_is_the_host():
    assert domain("https://un-press.example/en/") == "un-press.example"
