"""WARC evidence: the raw exchange of each fetch that found a page changed, kept under a cap and a retention
time, and downloaded as one file that warcio's own reader opens."""

from __future__ import annotations

import gzip
import uuid
from datetime import timedelta
from io import BytesIO

import pytest
from django.conf import settings as project_settings
from django.utils import timezone
from warcio.archiveiterator import ArchiveIterator

from sources import services, tasks, warc_records
from sources.models import Citation, FetchRecord, Source, SourceCheck
from tests.factories import ClaimFactory
from tests.rawweb import RawWeb, answer
from tests.simweb import PAGE

from .conftest import STAND_INS


@pytest.fixture(autouse=True)
def fetch_settings(settings):
    settings.FACTCHECK_FETCH_ALLOW_NETWORKS = STAND_INS
    settings.FACTCHECK_FETCH_DEADLINE = 3.0
    settings.FACTCHECK_WARC_MAX_BYTES_PER_SOURCE = 10_000_000


def cite(url: str) -> Citation:
    return services.citation_create(claim=ClaimFactory(), url=url, expected="7.000", check=False)


def check_now(source_id: int) -> SourceCheck:
    from sources import checking

    lease, ids = services.sources_lease(queryset=Source.objects.filter(id=source_id))
    checking.check_leased(ids, lease)
    return SourceCheck.objects.get(source_id=source_id, lease=lease)


def served(name: str, text: str) -> bytes:
    """The body simweb sends for /page/<name>."""
    return PAGE.format(title=f"Seite {name}", text=text).encode()


def download(client, source_id: int) -> list:
    response = client.get(f"/api/sources/{source_id}/warc/", HTTP_ACCEPT="application/warc")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/warc"
    assert response["Content-Disposition"] == f'attachment; filename="source-{source_id}-127.0.0.2.warc.gz"'
    data = b"".join(response.streaming_content)
    records = []
    # check_digests="raise": every block and payload digest warcio wrote must hold for what it reads back.
    for record in ArchiveIterator(BytesIO(data), check_digests="raise"):
        records.append((record.rec_type, dict(record.rec_headers.headers), record.http_headers,
                        record.raw_stream.read(), record.content_stream().read() if record.http_headers else b""))
    return records


def test_each_changed_response_and_its_request_are_in_the_file_and_no_unchanged_one(db, web, api_as, alice):
    url = web.url("/page/a")
    citation = cite(url)
    texts = ["Bis März fast 7.000 Container.", "Bis April fast 7.000 Container.", "Bis Mai 8.000 Container."]
    changed = []
    for text in texts:
        web.pages["a"] = text
        first = check_now(citation.source_id)
        again = check_now(citation.source_id)  # the same page: checked, not recorded
        assert (first.outcome, again.outcome, again.changed) == ("ok", "ok", False)
        changed.append(first)
    assert FetchRecord.objects.filter(source_id=citation.source_id).count() == 3
    records = download(api_as(alice), citation.source_id)
    assert [r[0] for r in records] == ["warcinfo", *["response", "request"] * 3]
    responses, requests = records[1::2], records[2::2]
    assert [r[3] for r in responses] == [served("a", text) for text in texts]  # byte for byte as served
    for response, request, check in zip(responses, requests, changed, strict=True):
        assert response[1]["WARC-Target-URI"] == request[1]["WARC-Target-URI"] == url
        assert response[1]["WARC-Date"] == check.checked_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert response[1]["WARC-Payload-Digest"].startswith("sha1:")
        assert request[1]["WARC-Concurrent-To"] == response[1]["WARC-Record-ID"]
        assert response[2].get_statuscode() == "200"
        assert f"{request[2].protocol} {request[2].statusline}" == "GET /page/a HTTP/1.1"
        assert request[2].get_header("Host") == web.url("").removeprefix("http://").rstrip("/")


def test_the_body_is_kept_as_sent_when_it_came_gzipped(db):
    page = PAGE.format(title="Gepackt", text="fast 7.000 Container").encode()
    packed = gzip.compress(page)
    with RawWeb("127.0.0.2", {"/z": answer(headers=[b"Content-Encoding: gzip"], body=packed)}) as raw:
        citation = cite(raw.url("/z"))
        assert check_now(citation.source_id).outcome == "ok"
    (record,) = FetchRecord.objects.all()
    # A record is read while the iterator stands on it: the next step moves the stream past it.
    (response,) = [(r.http_headers.get_header("Content-Encoding"), r.raw_stream.read())
                   for r in ArchiveIterator(BytesIO(bytes(record.data))) if r.rec_type == "response"]
    assert response == ("gzip", packed) and gzip.decompress(response[1]) == page


def test_header_bytes_that_are_not_utf8_and_a_binary_body_are_recorded(db, api_as, alice):
    body = b"<html><body>\xff\xfe 7.000 \xc3\x28 Container\x00\x01</body></html>"
    hostile = answer(headers=[b"X-Name: M\xe4rz \xff", b"Link: </a>; rel=\"x\""], body=body,
                     content_type=b"text/html")
    with RawWeb("127.0.0.2", {"/bin": hostile}) as raw:
        citation = cite(raw.url("/bin"))
        assert check_now(citation.source_id).outcome == "ok"
    (_, response, _) = download(api_as(alice), citation.source_id)
    assert response[3] == body
    # Each byte the server sent outside printable ASCII, percent-encoded: the archive says which bytes they were.
    assert response[2].get_header("X-Name") == "M%E4rz %FF"


def test_huge_headers_are_refused_cleanly_and_the_check_stands(db, api_as, alice):
    headers = [b"X-Filler-%d: %s" % (n, b"x" * 2000) for n in range(40)]  # 80 kB, each line under aiohttp's cap
    with RawWeb("127.0.0.2", {"/big": answer(headers=headers, body=served("big", "fast 7.000 Container"))}) as raw:
        citation = cite(raw.url("/big"))
        check = check_now(citation.source_id)
    assert check.outcome == "ok" and not FetchRecord.objects.exists()
    assert [r[0] for r in download(api_as(alice), citation.source_id)] == ["warcinfo"]


def test_a_header_line_past_the_fetchers_cap_is_a_bad_response_not_a_500(db, api_as, alice):
    with RawWeb("127.0.0.2", {"/line": answer(headers=[b"X-Long: " + b"y" * 40_000], body=b"7.000")}) as raw:
        citation = cite(raw.url("/line"))
        check = check_now(citation.source_id)
    assert check.outcome == "server_error" and not FetchRecord.objects.exists()
    assert [r[0] for r in download(api_as(alice), citation.source_id)] == ["warcinfo"]


def test_records_over_the_cap_are_not_written_and_the_check_is(db, web, settings):
    settings.FACTCHECK_WARC_MAX_BYTES_PER_SOURCE = 100
    citation = cite(web.url("/page/a"))
    assert check_now(citation.source_id).outcome == "ok"
    assert not FetchRecord.objects.exists()


# --- The cap and the retention --------------------------------------------------------------------------------


def stored(source: Source, *sizes: int, days_ago: int = 0) -> list[int]:
    """Records of the given sizes, oldest first, an hour apart (the size column is what the cap counts)."""
    start = timezone.now() - timedelta(days=days_ago, hours=len(sizes))
    return [FetchRecord.objects.create(source=source, lease=uuid.uuid4(), captured_at=start + timedelta(hours=n),
                                       target_uri=source.url, content_hash=f"{n:064x}", size=size, data=b"x").pk
            for n, size in enumerate(sizes)]


def kept(source: Source) -> list[int]:
    return list(FetchRecord.objects.filter(source=source).order_by("captured_at").values_list("pk", flat=True))


@pytest.mark.parametrize(("limit", "survivors"), [
    (200, [0, 1, 2, 3, 4]),  # under the cap: nothing goes
    (100, [0, 3, 4]),  # the latest, the first, then the newest of the rest: the oldest of the rest went first
    (60, [0, 4]),
    (30, [4]),  # the first does not fit beside the latest: the latest stays
])
def test_the_cap_takes_the_oldest_first_but_keeps_the_first_capture_if_it_fits(db, settings, limit, survivors):
    settings.FACTCHECK_WARC_MAX_BYTES_PER_SOURCE = limit
    source, other = Source.objects.create(url="https://a.example/"), Source.objects.create(url="https://b.example/")
    ids = stored(source, 30, 30, 30, 30, 30)
    untouched = stored(other, 90, 90)
    warc_records.keep_within_cap([source.pk])
    assert kept(source) == [ids[n] for n in survivors]
    assert kept(other) == untouched  # only the batch's sources are looked at


def test_the_recorder_applies_the_cap_in_the_same_batch(db, web, settings):
    citation = cite(web.url("/page/a"))
    source_id = citation.source_id
    for text in ("fast 7.000 Container", "fast 7.000 Container, Stand Mai", "fast 7.000 Container, Stand Juni"):
        web.pages["a"] = text
        check_now(source_id)
    records = FetchRecord.objects.filter(source_id=source_id).order_by("captured_at")
    first, second, third = records.values_list("size", flat=True)
    # Room for the first, the third and a fourth about as large as the third, not for the second as well.
    settings.FACTCHECK_WARC_MAX_BYTES_PER_SOURCE = first + 2 * third + 50
    hashes = list(records.values_list("content_hash", flat=True))
    web.pages["a"] = "fast 7.000 Container, Stand Juli"
    check_now(source_id)
    now_kept = list(records.values_list("content_hash", flat=True))
    assert now_kept == [hashes[0], hashes[2], Source.objects.get(pk=source_id).content_hash]


def test_retention_deletes_old_records_but_each_sources_latest(db, settings):
    settings.FACTCHECK_WARC_KEEP_DAYS = 365
    changing, quiet = Source.objects.create(url="https://a.example/"), Source.objects.create(url="https://b.example/")
    old = stored(changing, 10, 10, days_ago=400)
    recent = stored(changing, 10, days_ago=1)
    last_of_quiet = stored(quiet, 10, days_ago=800)
    assert tasks.prune_fetch_records() == 2
    assert kept(changing) == recent and kept(quiet) == last_of_quiet
    assert not FetchRecord.objects.filter(pk__in=old).exists()


def test_retention_zero_keeps_everything(db, settings):
    settings.FACTCHECK_WARC_KEEP_DAYS = 0
    source = Source.objects.create(url="https://a.example/")
    stored(source, 10, 10, days_ago=4000)
    assert warc_records.fetch_records_prune() == 0 and FetchRecord.objects.count() == 2


def test_the_retention_task_is_scheduled():
    assert project_settings.CELERY_BEAT_SCHEDULE["prune-fetch-records"]["task"] == "sources.prune_fetch_records"


# --- The download ---------------------------------------------------------------------------------------------


def test_an_unknown_source_has_no_file(db, api_as, alice):
    assert api_as(alice).get("/api/sources/987654/warc/").status_code == 404


def test_the_admin_page_links_the_file_and_serves_it(db, web, client, root):
    citation = cite(web.url("/page/a"))
    check_now(citation.source_id)
    client.force_login(root)
    page = client.get(f"/admin/sources/source/{citation.source_id}/change/").content.decode()
    assert f"/admin/sources/source/{citation.source_id}/warc/" in page
    response = client.get(f"/admin/sources/source/{citation.source_id}/warc/")
    records = list(ArchiveIterator(BytesIO(b"".join(response.streaming_content))))
    assert response["Content-Type"] == "application/warc" and len(records) == 3
