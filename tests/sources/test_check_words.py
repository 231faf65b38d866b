"""A source's checks said in words on its admin page, the raw text kept beneath, and its Re-check button."""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import subprocess
import threading

import pytest
from django.contrib.auth.models import Group, Permission

from claims import roles
from sources.failures import in_words
from sources.fetching import outcomes
from sources.models import Outcome, Source
from sources.services import citation_create
from tests.factories import ClaimFactory, UserFactory
from tests.sources.test_fetching import fetch
from tests.sources.test_health_views import record

NO_NAME = "The name does not resolve"
REFUSED = "The connection was refused"
CERTIFICATE = "The certificate is not valid"


def closed_port(host: str) -> int:
    """A port on `host` nothing listens on: bound, read, released."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


# --- What the fetcher records, read back in words (a real fetch on loopback; DNS is the fake resolver) ---------


def test_a_name_that_does_not_resolve_reads_as_such(policy, fake_dns):
    fetched = fetch(policy, "http://nirgendwo.example.org/artikel")
    assert fetched.error == "unreachable" and "[None]" not in fetched.detail
    assert "could not be resolved" in fetched.detail  # the resolver's words, kept for the curious
    assert in_words(outcomes.UNREACHABLE, fetched.detail).startswith(NO_NAME)


def test_a_refused_connection_reads_as_such(policy, fake_dns):
    fake_dns.names["geschlossen.example.org"] = ["127.0.0.2"]
    fetched = fetch(policy, f"http://geschlossen.example.org:{closed_port('127.0.0.2')}/artikel")
    assert fetched.error == "unreachable" and "Connection refused" in fetched.detail
    assert in_words(outcomes.UNREACHABLE, fetched.detail).startswith(REFUSED)


# --- Details as recorded before, and as aiohttp and OpenSSL write them -----------------------------------------


@pytest.mark.parametrize(("detail", "words"), [
    ("Cannot connect to host nyt-archive.example:443 ssl:default [None]", NO_NAME),
    ("Cannot connect to host a.example:443 ssl:default [a.example could not be resolved: Temporary failure in "
     "name resolution]", NO_NAME),
    ("Cannot connect to host news.example:443 ssl:True [SSLCertVerificationError: (1, '[SSL: "
     "CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')]", CERTIFICATE),
    ("Cannot connect to host news.example:443 ssl:True [SSLCertVerificationError: (1, \"[SSL: "
     "CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for "
     "'news.example'. (_ssl.c:1006)\")]", CERTIFICATE),
    ("Cannot connect to host news.example:443 ssl:default [[SSL: WRONG_VERSION_NUMBER] wrong version number "
     "(_ssl.c:1006)]", "The secure connection (TLS) failed"),
    ("Cannot connect to host news.example:80 ssl:default [Connect call failed ('203.0.113.9', 80)] "
     "(Connection refused)", REFUSED),
    ("Cannot connect to host news.example:80 ssl:default [Connect call failed ('203.0.113.9', 80)] "
     "(No route to host)", "There is no network route"),
    ("Server disconnected", "The server closed the connection"),
    ("[Errno 104] Connection reset by peer", "The connection was reset"),
    # A host's name says nothing about why it failed.
    ("Cannot connect to host certificate-dns.example:80 ssl:default [Connect call failed ('203.0.113.9', 80)] "
     "(Connection refused)", REFUSED),
    ("something nobody has seen before", "The site could not be reached"),
])
def test_why_a_site_could_not_be_reached(detail, words):
    assert in_words(outcomes.UNREACHABLE, detail).startswith(words)


@pytest.mark.parametrize(("outcome", "status", "detail", "words"), [
    (outcomes.BROKEN, 404, "", "The page is not there (404 Not Found)."),
    (outcomes.BROKEN, 410, "", "The page was removed for good (410 Gone)."),
    (outcomes.BROKEN, 400, "", "The site refused the page (HTTP 400)."),
    (outcomes.BROKEN, None, "the redirects return to https://a.example/", "The redirects go round in a circle."),
    (outcomes.BROKEN, None, "more than 10 redirects", "Too many redirects: the page never arrives."),
    (outcomes.SERVER_ERROR, 503, "", "The site's server failed (HTTP 503)."),
    (outcomes.TIMEOUT, None, "no complete answer within 20 s", "Timed out: the site did not answer in time."),
])
def test_other_failures_in_words(outcome, status, detail, words):
    assert in_words(outcome, detail, status) == words


@pytest.mark.parametrize("outcome", Outcome.values)
def test_every_outcome_has_a_sentence(outcome):
    said = in_words(outcome, "", None)
    assert said != outcome and said.endswith(".") and " " in said


# --- The source's admin page --------------------------------------------------------------------------------------


@pytest.fixture
def unreachable(db) -> Source:
    source = citation_create(claim=ClaimFactory(), url="https://nyt-archive.example/containers", check=False).source
    record(source, "unreachable", detail="Cannot connect to host nyt-archive.example:443 ssl:default [None]")
    return source


@pytest.fixture
def vera(db):
    """Vera may look at everything and change nothing."""
    group = Group.objects.create(name="viewer")
    for code in roles.VIEW_ALL:
        app, codename = code.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    user = UserFactory(username="vera")
    user.groups.add(group)
    return user


def test_the_source_page_says_a_failed_check_in_words_and_keeps_the_raw_text(client, alice, unreachable):
    client.force_login(alice)
    page = client.get(f"/admin/sources/source/{unreachable.pk}/change/").text
    last = page.split("field-last_check")[1].split("</div>\n")[0]
    assert NO_NAME in last
    history = page.split("What happened")[1].split("</table>")[0]
    assert NO_NAME in history
    assert '<details class="check-raw"><summary>Technical detail</summary><code>Cannot connect to host ' in history


def test_an_editor_rechecks_a_source_from_its_page(client, alice, unreachable, django_capture_on_commit_callbacks):
    client.force_login(alice)
    page = client.get(f"/admin/sources/source/{unreachable.pk}/change/").text
    assert f'action="/admin/sources/source/{unreachable.pk}/recheck/"' in page and 'id="recheck-source"' in page
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/admin/sources/source/{unreachable.pk}/recheck/", follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/sources/source/{unreachable.pk}/change/"
    assert "1 source queued for a check now." in response.text
    assert len(callbacks) == 1 and Source.objects.filter(pk=unreachable.pk, lease__isnull=False).exists()
    again = client.post(f"/admin/sources/source/{unreachable.pk}/recheck/", follow=True)
    assert "1 is already being checked; that check stands" in again.text


def test_a_viewer_sees_no_recheck_button_and_cannot_post_one(client, vera, unreachable):
    client.force_login(vera)
    assert 'id="recheck-source"' not in client.get(f"/admin/sources/source/{unreachable.pk}/change/").text
    assert client.post(f"/admin/sources/source/{unreachable.pk}/recheck/").status_code == 403
    assert not Source.objects.filter(pk=unreachable.pk, lease__isnull=False).exists()
    assert client.get(f"/admin/sources/source/{unreachable.pk}/recheck/").status_code == 405
    assert client.post("/admin/sources/source/999999/recheck/").status_code == 403  # refused before the look-up


def test_the_list_action_counts_in_words(client, alice, unreachable):
    client.force_login(alice)
    response = client.post("/admin/sources/source/", {"action": "recheck_now", "_selected_action": [
        unreachable.pk]}, follow=True)
    assert "1 source queued for a check now." in response.text


# --- A certificate nobody vouches for: a real TLS server on loopback with a self-signed certificate ---------------


@pytest.fixture
def self_signed_site(tmp_path):
    """An HTTPS server on 127.0.0.2 whose certificate signed itself (made by the openssl command line)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=selbst.example.org"], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = http.server.HTTPServer(("127.0.0.2", 0), http.server.BaseHTTPRequestHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_self_signed_certificate_reads_as_not_valid(policy, fake_dns, self_signed_site):
    fake_dns.names["selbst.example.org"] = ["127.0.0.2"]
    fetched = fetch(policy, f"https://selbst.example.org:{self_signed_site}/artikel")
    assert fetched.error == "unreachable" and "CERTIFICATE_VERIFY_FAILED" in fetched.detail
    assert "Operation not permitted" not in fetched.detail  # the SSL error's code is no errno
    assert in_words(outcomes.UNREACHABLE, fetched.detail).startswith(CERTIFICATE)
