"""The safe fetcher and the batch checker against a simulated web on loopback (no Django, no database).

Refused forms are tried against a canary on 127.0.0.1: a refusal only counts if the canary saw nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
from decimal import Decimal

import psutil
import pytest

from sources.fetching import batch, evidence, outcomes, pages
from sources.fetching.fetch import Fetcher, Policy
from tests.rawweb import RawWeb, answer

CANARY_FORMS = [
    "http://127.0.0.1:{port}/page/a",
    "http://2130706433:{port}/page/a",
    "http://0x7f000001:{port}/page/a",
    "http://0177.0.0.1:{port}/page/a",
    "http://127.1:{port}/page/a",
    "http://[::1]:{port}/page/a",
    "http://[::ffff:127.0.0.1]:{port}/page/a",
    "http://[::ffff:7f00:1]:{port}/page/a",
    "http://[64:ff9b::7f00:1]:{port}/page/a",
    "http://[2002:7f00:1::]:{port}/page/a",
    "http://0.0.0.0:{port}/page/a",
    "http://localhost:{port}/page/a",
    "http://canary.localhost:{port}/page/a",
]


def fetch(policy: Policy, url: str, **kwargs):
    async def run():
        async with Fetcher(policy) as fetcher:
            return await fetcher.fetch(url, **kwargs)

    return asyncio.run(run())


def check(policy: Policy, jobs: list[batch.Job]) -> list[batch.Result]:
    results: list[batch.Result] = []
    asyncio.run(batch.check_all(jobs, policy, results.append))
    return sorted(results, key=lambda r: r.source_id)


def check_url(policy: Policy, url: str, **job) -> batch.Result:
    return check(policy, [batch.Job(source_id=1, url=url, **job)])[0]


NEEDLE = {1: [evidence.Needle(text="7.000")]}


# --- SSRF ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("form", CANARY_FORMS)
def test_it_refuses_every_spelling_of_an_internal_address(form, canary, policy, fake_dns):
    result = fetch(policy, form.format(port=canary.port))
    assert result.error == "blocked", result
    assert canary.stats.as_dict()["requests"] == 0


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.7", "169.254.169.254", "100.64.0.1", "::1", "fd00::1"])
def test_it_refuses_a_name_that_resolves_inward(address, canary, policy, fake_dns):
    fake_dns.names["inward.example.org"] = [address]
    result = fetch(policy, f"http://inward.example.org:{canary.port}/page/a")
    assert result.error == "blocked"
    assert canary.stats.as_dict()["requests"] == 0


def test_it_refuses_a_name_with_one_inward_address_among_public_ones(canary, policy, fake_dns):
    fake_dns.names["mixed.example.org"] = ["127.0.0.2", "127.0.0.1"]
    assert fetch(policy, f"http://mixed.example.org:{canary.port}/page/a").error == "blocked"
    assert canary.stats.as_dict()["requests"] == 0


def test_it_refuses_redirect_to_loopback_at_that_hop(web, canary, policy):
    target = f"http://127.0.0.1:{canary.port}/page/secret"
    result = fetch(policy, web.url(f"/to?url={target}"))
    assert result.error == "blocked"
    assert result.chain == [{"url": web.url(f"/to?url={target}"), "status": 302, "location": target}]
    assert canary.stats.as_dict()["requests"] == 0
    assert web.stats.as_dict()["requests"] == 1


def test_it_refuses_redirect_to_a_name_that_resolves_inward(web, canary, policy, fake_dns):
    fake_dns.names["metadata.example.org"] = ["127.0.0.1"]
    result = fetch(policy, web.url(f"/to?url=http://metadata.example.org:{canary.port}/x"))
    assert result.error == "blocked"
    assert canary.stats.as_dict()["requests"] == 0


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.2/x", "gopher://127.0.0.2:70/x"])
def test_it_refuses_redirect_to_another_scheme(target, web, policy):
    assert fetch(policy, web.url(f"/to?url={target}")).error == "blocked"


def test_dns_rebinding_never_connects_inward(web, canary, policy, fake_dns):
    # First answer a public stand-in, then loopback: whatever the resolver says later, the connection goes
    # to the address that was checked, and a later inward answer is refused.
    fake_dns.names["rebind.example.org"] = [["127.0.0.2"], ["127.0.0.1"]]
    first = fetch(policy, f"http://rebind.example.org:{web.port}/page/a")
    second = fetch(policy, f"http://rebind.example.org:{web.port}/page/a")
    assert first.status == 200
    assert second.error == "blocked"
    assert canary.stats.as_dict()["requests"] == 0


def test_it_ignores_proxy_variables(web, canary, policy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{canary.port}")
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{canary.port}")
    assert fetch(policy, web.url("/page/a")).status == 200
    assert canary.stats.as_dict()["requests"] == 0


@pytest.mark.parametrize("name", ["nachrichten.example", "localhost", "LOCALHOST.", "canary.localhost", "db.internal",
                                  "printer.local", "nas.home.arpa", "intranet"])
def test_reserved_names_are_not_looked_up_and_are_blocked(name, policy, fake_dns):
    fake_dns.names[name.rstrip(".").lower()] = ["127.0.0.2"]  # even a name that resolves outward
    result = check_url(policy, f"http://{name}/artikel")
    assert (result.outcome, fake_dns.asked) == (outcomes.BLOCKED, []), result
    assert "not on the public web" in result.detail


def test_an_unknown_name_is_unreachable(policy, fake_dns):
    result = check_url(policy, "http://no-such-host.example.org/x")
    assert result.outcome == outcomes.UNREACHABLE
    assert fake_dns.asked == ["no-such-host.example.org"]


# --- limits ----------------------------------------------------------------------------------------------

def test_an_endless_body_stops_at_the_cap(web, policy):
    small = dataclasses.replace(policy, max_bytes=200_000)
    result = check_url(small, web.url("/endless"), needles=NEEDLE)
    assert result.outcome == outcomes.TOO_LARGE


def test_a_gzip_bomb_stops_at_the_decoded_cap(web, policy):
    process = psutil.Process()
    before = process.memory_info().rss
    result = fetch(dataclasses.replace(policy, max_bytes=500_000), web.url("/bomb"))
    assert result.error == "too_large"
    assert result.body == b""
    # 256 MB once decoded: had it been expanded, memory would show it.
    assert process.memory_info().rss - before < 100_000_000


def test_a_slow_drip_hits_the_deadline(web, policy):
    result = check_url(dataclasses.replace(policy, deadline=1.0), web.url("/drip"), needles=NEEDLE)
    assert result.outcome == outcomes.TIMEOUT
    assert 0.9 < result.seconds < 3


def test_a_hanging_server_hits_the_deadline(web, policy):
    assert check_url(dataclasses.replace(policy, deadline=0.5), web.url("/hang")).outcome == outcomes.TIMEOUT


def test_a_redirect_loop_is_broken(web, policy):
    result = check_url(policy, web.url("/loop/a"), needles=NEEDLE)
    assert result.outcome == outcomes.BROKEN
    assert "return to" in result.detail
    assert len(result.chain) == 2


def test_redirects_are_followed_up_to_the_cap(web, policy):
    five = check_url(policy, web.url("/redirect/5"), needles=NEEDLE)
    assert five.outcome == outcomes.REDIRECTED
    assert [hop["status"] for hop in five.chain] == [301, 302, 301, 302, 301]
    assert five.final_url == web.url("/page/landed")
    assert check_url(policy, web.url("/redirect/6"), needles=NEEDLE).outcome == outcomes.BROKEN


# --- outcomes --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "outcome"), [
    ("/page/a", outcomes.OK),
    ("/status/404", outcomes.BROKEN),
    ("/status/410", outcomes.BROKEN),
    ("/status/500", outcomes.SERVER_ERROR),
    ("/status/502", outcomes.SERVER_ERROR),
    ("/status/429?retry=120", outcomes.RATE_LIMITED),
    ("/status/503?retry=30", outcomes.RATE_LIMITED),
    ("/status/503", outcomes.SERVER_ERROR),
    ("/soft404", outcomes.SOFT_404),
    ("/home", outcomes.SOFT_404),
    ("/botwall/403", outcomes.BOT_WALL),
    ("/botwall/200", outcomes.BOT_WALL),
    ("/status/999", outcomes.BOT_WALL),
    ("/status/401", outcomes.BOT_WALL),
])
def test_outcomes(path, outcome, web, policy):
    assert check_url(policy, web.url(path), needles=NEEDLE).outcome == outcome


def test_retry_after_is_kept(web, policy):
    result = check_url(policy, web.url("/status/429?retry=120"), needles=NEEDLE)
    assert result.retry_after == 120


def test_head_refused_falls_back_to_get(web, policy):
    result = check_url(policy, web.url("/head405"))
    assert (result.outcome, result.method, result.http_status) == (outcomes.OK, "GET", 200)
    assert web.stats.paths["/head405"] == 2


def test_a_source_without_citations_is_checked_with_head(web, policy):
    result = check_url(policy, web.url("/page/a"))
    assert (result.method, result.content_length) == ("HEAD", None)


def test_robots_txt_is_honoured_and_fetched_once_per_host(web, policy):
    web.robots["127.0.0.2"] = "User-agent: *\nDisallow: /page/private\n"
    jobs = [batch.Job(source_id=i, url=web.url(f"/page/{name}")) for i, name in enumerate(["a", "private", "b"])]
    results = check(policy, jobs)
    assert [r.outcome for r in results] == [outcomes.OK, outcomes.DISALLOWED, outcomes.OK]
    assert web.stats.paths["/robots.txt"] == 1
    assert web.stats.paths["/page/private"] == 0


def test_per_host_limit_is_never_exceeded(web, policy):
    slow = SimWebLatency(web, 0.05)
    jobs = [batch.Job(source_id=i, url=web.url(f"/page/p{i}", host=("127.0.0.2", "127.0.0.3")[i % 2]))
            for i in range(40)]
    with slow:
        results = check(dataclasses.replace(policy, per_host=3), jobs)
    assert all(r.outcome == outcomes.OK for r in results)
    assert max(web.stats.peak.values()) == 3


class SimWebLatency:
    def __init__(self, web, latency: float) -> None:
        self.web, self.latency = web, latency

    def __enter__(self):
        self.web.latency = self.latency

    def __exit__(self, *exc):
        self.web.latency = 0.0


# --- content and evidence --------------------------------------------------------------------------------

def test_the_cited_figure_is_found_in_another_spelling(web, policy):
    web.pages["nyt"] = "US officials said almost 7,000 containers had been shipped by March."
    result = check_url(policy, web.url("/page/nyt"), needles={5: [evidence.Needle(text="7.000")]})
    assert result.figures == {5: evidence.FOUND}


def test_a_figure_written_in_words_is_found_by_value(web, policy):
    from decimal import Decimal

    web.pages["rede"] = "Der Minister sprach von bis zu 5 Millionen Artilleriegeschossen."
    needle = evidence.Needle(text="", value=Decimal("5000000"))
    assert check_url(policy, web.url("/page/rede"), needles={1: [needle]}).figures == {1: evidence.FOUND}


def test_a_changed_figure_is_gone(web, policy):
    web.pages["neu"] = "Inzwischen ist von 6.500 Containern die Rede."
    result = check_url(policy, web.url("/page/neu"), needles={1: [evidence.Needle(text="7.000")]})
    assert result.figures == {1: evidence.GONE}


def test_a_figure_in_a_script_does_not_count(web, policy):
    # The page template carries "9.999" in a script only.
    result = check_url(policy, web.url("/page/a"), needles={1: [evidence.Needle(text="9.999")]})
    assert result.figures == {1: evidence.GONE}


def test_a_pdf_is_unreadable_not_gone(web, policy):
    assert check_url(policy, web.url("/pdf"), needles=NEEDLE).figures == {1: evidence.UNREADABLE}


def test_latin1_and_broken_bytes_are_read(web, policy):
    latin = check_url(policy, web.url("/latin1"), needles={1: [evidence.Needle(text="Fünf Millionen")]})
    assert latin.figures == {1: evidence.FOUND}
    broken = check_url(policy, web.url("/badbytes"), needles=NEEDLE)
    assert (broken.outcome, broken.figures) == (outcomes.OK, {1: evidence.FOUND})


def test_a_changing_page_is_marked_changed(web, policy):
    first = check_url(policy, web.url("/changing"), needles=NEEDLE)
    second = check_url(policy, web.url("/changing"), needles=NEEDLE, last_hash=first.content_hash)
    assert (first.changed, second.changed) == (False, True)
    assert second.content_hash != first.content_hash


def test_an_unchanged_page_keeps_its_evidence(web, policy):
    first = check_url(policy, web.url("/page/a"), needles=NEEDLE)
    again = check_url(policy, web.url("/page/a"), needles=NEEDLE, last_hash=first.content_hash)
    assert (again.changed, again.figures, again.text_z) == (False, {}, b"")


def test_conditional_request_gets_304(web, policy):
    first = check_url(policy, web.url("/etag"), needles=NEEDLE)
    again = check_url(policy, web.url("/etag"), needles=NEEDLE, etag=first.etag, last_hash=first.content_hash)
    assert (first.http_status, again.http_status) == (200, 304)
    assert (again.outcome, again.changed, again.content_hash) == (outcomes.OK, False, first.content_hash)


def test_waiting_for_a_busy_host_does_not_count_against_the_deadline(web, policy):
    jobs = [batch.Job(source_id=i, url=web.url(f"/page/q{i}"), needles=NEEDLE) for i in range(20)]
    with SimWebLatency(web, 0.1):  # 20 pages, two at a time: about 1 s in all, twice the deadline
        results = check(dataclasses.replace(policy, deadline=0.5, per_host=2), jobs)
    assert {r.outcome for r in results} == {outcomes.OK}


def test_a_strange_retry_after_costs_nothing_else(web, policy):
    jobs = [batch.Job(source_id=1, url=web.url("/status/429?retry=²"), needles=NEEDLE),
            batch.Job(source_id=2, url=web.url("/page/a"), needles=NEEDLE)]
    first, second = check(policy, jobs)
    assert (first.outcome, first.retry_after) == (outcomes.RATE_LIMITED, None)
    assert second.outcome == outcomes.OK


def test_a_cut_off_gzip_body_is_a_broken_answer(web, policy):
    result = check_url(policy, web.url("/truncated"), needles=NEEDLE)
    assert (result.outcome, result.figures) == (outcomes.SERVER_ERROR, {})
    assert "ends before its end" in result.detail


def test_a_refused_name_does_not_reveal_its_address(canary, policy, fake_dns):
    fake_dns.names["intranet.example.org"] = ["10.20.30.40"]
    result = fetch(policy, f"http://intranet.example.org:{canary.port}/")
    assert result.error == "blocked" and "10.20.30.40" not in result.detail


def test_a_new_citation_on_an_unchanged_page_is_judged(web, policy):
    first = check_url(policy, web.url("/page/a"), needles=NEEDLE)
    needles = {1: [evidence.Needle(text="7.000")], 2: [evidence.Needle(text="9.999")]}
    again = check_url(policy, web.url("/page/a"), needles=needles, last_hash=first.content_hash, etag=first.etag,
                      fresh=frozenset({2}))
    assert (again.changed, again.figures) == (False, {2: evidence.GONE})


# --- Answers no one foresaw ------------------------------------------------------------------------------------

PAGE_7000 = b"<html><head><title>Bericht</title></head><body><p>fast 7.000 Container</p></body></html>"
DIGITS = 5_000_000


@pytest.fixture
def raw():
    answers = {
        "/etag": answer(headers=[b'ETag: "\xff\xfe"'], body=PAGE_7000),
        "/ascii-etag": answer(headers=[b'ETag: "v1"', b"Last-Modified: Mon, 04 Mar 2024 10:00:00 GMT"],
                              body=PAGE_7000),
        "/last-modified": answer(headers=[b"Last-Modified: Mo, 03 M\xe4r 2024 10:00:00 GMT"], body=PAGE_7000),
        "/long-etag": answer(headers=[b'ETag: "' + b"e" * 300 + b'"'], body=PAGE_7000),
        "/content-type": answer(content_type=b"text/html; charset=utf-8; name=\xe4\xf6", body=PAGE_7000),
        "/m%E4rz": answer(status=b"302 Found", headers=[b"Location: /ziel/\xe4\xff"]),
        "/ziel/%E4%FF": answer(body=PAGE_7000),
        "/utf7-plain": answer(content_type=b"text/plain; charset=utf-7", body=b"fast 7.000 Container +2D0- dazu"),
        "/utf7-html": answer(content_type=b"text/html; charset=utf-7", body=b"<title>+2D0-</title><p>7.000 +3gA-</p>"),
        "/digits": answer(body=b"<html><body><p>" + b"7" * DIGITS + b"</p></body></html>"),
        "/digits-plain": answer(content_type=b"text/plain", body=b"1" * DIGITS),
    }
    with RawWeb("127.0.0.2", answers) as server:
        yield server


def test_a_validator_that_is_not_ascii_is_not_kept_to_be_sent_back(raw, policy):
    jobs = [batch.Job(source_id=i, url=raw.url(path), needles=NEEDLE)
            for i, path in enumerate(["/etag", "/last-modified", "/long-etag", "/ascii-etag"])]
    *odd, plain = check(policy, jobs)
    assert [(r.outcome, r.etag, r.last_modified) for r in odd] == [(outcomes.OK, "", "")] * 3
    assert (plain.etag, plain.last_modified) == ('"v1"', "Mon, 04 Mar 2024 10:00:00 GMT")


def test_a_content_type_that_is_not_utf8_still_reads_the_page(raw, policy):
    result = check_url(policy, raw.url("/content-type"), needles=NEEDLE)
    assert (result.outcome, result.figures) == (outcomes.OK, {1: evidence.FOUND})
    assert result.content_type == "text/html; charset=utf-8; name=\udce4\udcf6"  # the recorder makes it storable


def test_a_location_with_raw_bytes_leads_where_a_browser_goes(raw, policy):
    result = check_url(policy, raw.url("/m%E4rz"), needles=NEEDLE)
    assert (result.outcome, result.final_url) == (outcomes.REDIRECTED, raw.url("/ziel/%E4%FF"))
    assert result.figures == {1: evidence.FOUND}


@pytest.mark.parametrize("path", ["/utf7-plain", "/utf7-html"])
def test_a_utf7_page_with_half_a_surrogate_pair_is_read(raw, policy, path):
    result = check_url(policy, raw.url(path), needles=NEEDLE)
    assert (result.outcome, result.figures) == (outcomes.OK, {1: evidence.FOUND})
    assert "7.000" in pages.unpack(result.text_z)
    (result.title + pages.unpack(result.text_z)).encode("utf-8")


@pytest.mark.parametrize("path", ["/digits", "/digits-plain"])
def test_megabytes_of_digits_are_read_and_judged(raw, policy, path):
    needles = {1: [evidence.Needle(text="7.000", value=Decimal(7000))]}
    result = check_url(dataclasses.replace(policy, max_bytes=DIGITS + 1000), raw.url(path), needles=needles)
    assert (result.outcome, result.figures) == (outcomes.OK, {1: evidence.GONE})
    assert len(pages.unpack(result.text_z)) == DIGITS


def test_a_checker_bug_is_its_own_outcome_that_says_nothing_about_the_page(web, policy, caplog):
    jobs = [batch.Job(source_id=1, url=None, needles=NEEDLE),  # stands for any bug in the checker
            batch.Job(source_id=2, url=web.url("/page/a"), needles=NEEDLE)]
    bug, fine = check(policy, jobs)
    assert (bug.outcome, fine.outcome) == (outcomes.CHECKER_ERROR, outcomes.OK)
    assert bug.detail.startswith("the checker failed on this page: TypeError")
    assert outcomes.CHECKER_ERROR not in outcomes.FAILURES | outcomes.GOOD
    assert "Traceback" in caplog.text
