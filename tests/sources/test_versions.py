"""Versions of a source's text and the one each citation cited: kept once per distinct text, surviving later
changes of the page, shown on the claim page as cited against now."""

from __future__ import annotations

import random
import re
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from sources import checking, recording, services
from sources.fetching import batch, compare, evidence, outcomes, pages, schedule
from sources.models import Citation, Snapshot, Source, SourceCheck, SourceVersion
from tests.factories import ClaimFactory

from .conftest import STAND_INS

BEFORE = "Bis März wurden fast 7.000 Container geliefert, sagten US-Beamte."
FIRST_CHANGE = "Bis März wurden rund 6.000 Container geliefert, sagten US-Beamte."
SECOND_CHANGE = "Bis April wurden rund 6.500 Container geliefert, sagten US-Beamte."


@pytest.fixture(autouse=True)
def fetch_settings(settings):
    settings.FACTCHECK_FETCH_ALLOW_NETWORKS = STAND_INS
    settings.FACTCHECK_FETCH_DEADLINE = 3.0


def cite(url: str, expected: str = "7.000", **fields) -> Citation:
    return services.citation_create(claim=ClaimFactory(), url=url, expected=expected, check=False, **fields)


def check_now(source_id: int) -> None:
    Source.objects.filter(pk=source_id).update(next_check_at=timezone.now())
    lease, ids = services.sources_lease(queryset=Source.objects.filter(pk=source_id))
    checking.check_leased(ids, lease)


def as_cited(citation: Citation) -> SourceVersion | None:
    citation.refresh_from_db()
    return citation.cited_version


def test_the_cited_text_survives_two_later_changes_of_the_page(db, web):
    web.pages["bericht"] = BEFORE
    citation = cite(web.url("/page/bericht"))
    assert as_cited(citation) is None  # never read yet
    check_now(citation.source_id)
    first = as_cited(citation)
    assert "fast 7.000 Container" in first.text
    for text in (FIRST_CHANGE, SECOND_CHANGE):
        web.pages["bericht"] = text
        check_now(citation.source_id)
    assert as_cited(citation) == first and "fast 7.000 Container" in as_cited(citation).text
    versions = SourceVersion.objects.filter(source_id=citation.source_id).order_by("first_seen_at")
    assert [("7.000" in v.text, "6.000" in v.text, "6.500" in v.text) for v in versions] == [
        (True, False, False), (False, True, False), (False, False, True)]
    assert "6.500" in Source.objects.get(pk=citation.source_id).snapshot.text


def test_a_citation_made_when_a_version_exists_cites_that_one_at_once(db, web):
    web.pages["bericht"] = BEFORE
    early = cite(web.url("/page/bericht"))
    check_now(early.source_id)
    later = cite(web.url("/page/bericht"), expected="Container")
    assert as_cited(later) == as_cited(early)  # no check needed: the text as it reads now
    web.pages["bericht"] = FIRST_CHANGE
    check_now(early.source_id)
    latest = cite(web.url("/page/bericht"), expected="6.000")
    assert as_cited(later) == as_cited(early) != as_cited(latest)
    assert "6.000" in as_cited(latest).text


def test_a_citation_of_a_page_never_fetched_takes_the_version_its_own_check_reads(
        db, web, django_capture_on_commit_callbacks):
    web.pages["neu"] = BEFORE
    with django_capture_on_commit_callbacks(execute=True):
        citation = services.citation_create(claim=ClaimFactory(), url=web.url("/page/neu"), expected="7.000")
    version = as_cited(citation)  # the check the citation queued (a Celery task) has run and recorded
    assert version is not None and "fast 7.000 Container" in version.text
    assert web.stats.paths["/page/neu"] == 1
    assert citation.figure_status == "found"


def test_identical_rechecks_add_no_version(db, web):
    web.pages["bericht"] = BEFORE
    citation = cite(web.url("/page/bericht"))
    for _ in range(4):
        check_now(citation.source_id)
    assert SourceVersion.objects.filter(source_id=citation.source_id).count() == 1
    assert citation.source.checks.count() == 4


def good(source_id: int, text: str, body_hash: str) -> batch.Result:
    return batch.Result(source_id, datetime.now(UTC), 0.1, outcomes.OK, http_status=200, content_hash=body_hash,
                        text_z=pages.pack(text), title="Seite", changed=True)


def record(source_id: int, text: str, body_hash: str) -> None:
    lease, _ = services.sources_lease(queryset=Source.objects.filter(pk=source_id))
    recording.record([good(source_id, text, body_hash)], lease, schedule.Intervals())


def test_a_text_seen_before_is_kept_once_and_read_as_current_again(db):
    citation = cite("https://nyt-archive.example/containers")
    record(citation.source_id, BEFORE, "a" * 64)
    record(citation.source_id, BEFORE, "b" * 64)  # other markup, the same text
    record(citation.source_id, FIRST_CHANGE, "c" * 64)
    record(citation.source_id, BEFORE, "d" * 64)  # changed back
    versions = SourceVersion.objects.filter(source_id=citation.source_id)
    assert versions.count() == 2
    snapshot = Snapshot.objects.get(source_id=citation.source_id)
    assert (snapshot.content_hash, snapshot.text) == ("d" * 64, BEFORE)
    assert SourceVersion.objects.current().get(source_id=citation.source_id).text == BEFORE
    assert as_cited(citation).text == BEFORE and versions.get(text_hash=pages.text_hash(BEFORE)).size == len(BEFORE)


def test_a_citation_moved_to_another_page_cites_that_page_from_now_on(db):
    citation = cite("https://nyt-archive.example/containers")
    record(citation.source_id, BEFORE, "a" * 64)
    other = cite("https://wire.example/veto").source
    record(other.pk, FIRST_CHANGE, "b" * 64)
    Citation.objects.filter(pk=citation.pk).update(source=other)
    services.citations_look_again(citation_ids=[citation.pk])
    assert as_cited(citation).source_id == other.pk and as_cited(citation).text == FIRST_CHANGE


# --- The claim page and the source page ---------------------------------------------------------------------------


@pytest.fixture
def changed():
    """A citation of "7.000", its page changed since to "6.000", padded to a long page."""
    filler = [f"Absatz {n}: Der Hafen meldete keine Besonderheiten." for n in range(400)]
    citation = cite("https://nyt-archive.example/containers")
    record(citation.source_id, "\n".join([*filler[:200], BEFORE, *filler[200:]]), "a" * 64)
    record(citation.source_id, "\n".join([*filler[:200], FIRST_CHANGE, *filler[200:]]), "b" * 64)
    return citation


def test_the_claim_page_shows_as_cited_and_now_with_the_figure_marked_and_the_diff(client, alice, changed):
    client.force_login(alice)
    page = client.get(f"/admin/claims/claim/{changed.claim_id}/change/").content.decode()
    assert "As cited:" in page and "changed since" in page
    assert '<mark class="cited-figure">7.000</mark>' in page
    diff = page[page.index('<table class="version-diff">'):]
    diff = diff[:diff.index("</table>")]
    assert re.search(r'<tr class="diff-cited">.*<del>.*fast.*7\.000.*</del>', diff)
    assert re.search(r'<tr class="diff-now">.*<ins>rund 6.000</ins>', diff)
    assert "Absatz 199" in diff and "Absatz 150" not in diff  # the passage, not the page
    assert "The cited figure or quote is not in this text." in page  # gone from the page now
    assert len(diff) < 3000


def test_the_citation_page_shows_it_too(client, alice, changed):
    client.force_login(alice)
    page = client.get(f"/admin/sources/citation/{changed.pk}/change/").content.decode()
    assert '<mark class="cited-figure">7.000</mark>' in page and "<ins>rund 6.000</ins>" in page
    assert client.get("/admin/sources/citation/add/").status_code == 200


def test_the_source_page_lists_versions_and_opens_each(client, alice, changed):
    client.force_login(alice)
    page = client.get(f"/admin/sources/source/{changed.source_id}/change/").content.decode()
    links = re.findall(rf'href="(/admin/sources/source/{changed.source_id}/versions/\d+/)"', page)
    assert len(set(links)) == 2 and "current" in page
    texts = [client.get(link).content.decode() for link in sorted(set(links))]
    assert "fast 7.000 Container" in texts[0] and "rund 6.000 Container" in texts[1]


def test_bad_version_addresses_are_404s_not_500s(client, alice, changed):
    client.force_login(alice)
    other = cite("https://wire.example/veto")
    record(other.source_id, "Anderer Text", "c" * 64)
    foreign = SourceVersion.objects.get(source_id=other.source_id)
    for address in (f"/admin/sources/source/{changed.source_id}/versions/{foreign.pk}/",
                    f"/admin/sources/source/{changed.source_id}/versions/99999999/",
                    f"/admin/sources/source/99999999/versions/{foreign.pk}/"):
        assert client.get(address).status_code == 404
    # Not a version's address at all: the admin's own answer for an unknown object, not an error.
    assert client.get(f"/admin/sources/source/{changed.source_id}/versions/x/", follow=True).status_code in (200, 404)


def test_an_unreadable_stored_text_is_said_not_a_500(client, alice, changed):
    SourceVersion.objects.filter(source_id=changed.source_id).update(text_z=b"not zlib")
    client.force_login(alice)
    claim_page = client.get(f"/admin/claims/claim/{changed.claim_id}/change/")
    assert claim_page.status_code == 200 and "cannot be read" in claim_page.content.decode()
    version = SourceVersion.objects.filter(source_id=changed.source_id).first()
    version_page = client.get(f"/admin/sources/source/{changed.source_id}/versions/{version.pk}/")
    assert version_page.status_code == 200 and "cannot be read" in version_page.content.decode()


@pytest.mark.parametrize("expected", ["(((", r"\d+[", "7.000 " * 400, " \u00a0 ", "´´–"])
def test_any_quote_gives_a_claim_page(client, alice, changed, expected):
    Citation.objects.filter(pk=changed.pk).update(expected=expected)
    client.force_login(alice)
    assert client.get(f"/admin/claims/claim/{changed.claim_id}/change/").status_code == 200


def test_hostile_page_text_in_versions_is_shown_as_text(client, alice):
    citation = cite("https://evil.example/x", expected="<b>7.000</b>")
    record(citation.source_id, '<script>alert(1)</script> <b>7.000</b>', "a" * 64)
    record(citation.source_id, '<img src=x onerror=alert(2)> 6.000', "b" * 64)
    client.force_login(alice)
    page = client.get(f"/admin/claims/claim/{citation.claim_id}/change/").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "&lt;script&gt;" in page
    version = SourceVersion.objects.filter(source_id=citation.source_id).first()
    text = client.get(f"/admin/sources/source/{citation.source_id}/versions/{version.pk}/").content.decode()
    assert "<script>alert(1)" not in text and "<img src=x" not in text


# --- Comparing two texts (no database) ----------------------------------------------------------------------------


def finder(expected: str):
    return lambda text: evidence.where(text, [evidence.Needle(text=expected, quote=True)])


def test_a_figure_is_found_however_its_digits_are_grouped():
    needles = [evidence.Needle(text="7.000")]
    assert [("Es waren 7 000 Container, nicht 17.000."[s:e]) for s, e in
            evidence.where("Es waren 7 000 Container, nicht 17.000.", needles)] == ["7 000"]
    assert evidence.where("fast 7,000 Container", [evidence.Needle(text="7.000")]) == [(5, 10)]


def test_a_figure_not_written_alike_is_found_by_its_value():
    page = "Officials counted 5 million shells in the shipment, and the rest later."
    spans = evidence.where(page, [evidence.Needle(text="fünf Millionen", value=Decimal(5_000_000))])
    assert ["5 million" in page[s:e] for s, e in spans] == [True]


def test_only_the_changed_passages_are_compared_in_page_order():
    lines = [f"Zeile {n}" for n in range(1000)]
    new = list(lines)
    for n in (10, 300, 500, 700, 900, 950):
        new[n] = f"Zeile {n} geändert"
    new[600] = "Zeile 600 mit 7.000"
    old = list(lines)
    old[600] = "Zeile 600 mit 6.000 und 7.000"
    passages, more = compare.changed_passages("\n".join(old), "\n".join(new), finder("7.000"))
    shown = [[piece.text for line in p for piece in line.pieces] for p in passages]
    assert len(passages) == compare.MAX_PASSAGES and more == 3
    assert any("7.000" in "".join(texts) for texts in shown)  # the figure's passage is always among them
    firsts = [int(re.search(r"Zeile (\d+)", "".join(texts))[1]) for texts in shown]
    assert firsts == sorted(firsts)


def test_a_long_line_is_shown_around_what_changed():
    old = "Wort " * 1000 + "7.000 Container " + "Wort " * 1000
    new = "Wort " * 1000 + "6.000 Container " + "Wort " * 1000
    comparison = compare.compare(old, new, finder("7.000"))
    line = comparison.passages[0][0]
    text = "".join(piece.text for piece in line.pieces)
    assert len(text) <= compare.LINE_WIDTH + 4 and "7.000" in text and text.startswith("… ")
    assert comparison.now is None and "7.000" in "".join(piece.text for piece in comparison.cited)


# --- Migration 0010 -----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_citations_of_unchanged_pages_the_snapshot_as_cited():
    before, after = [("sources", "0009_translatable_names")], [("sources", "0010_source_versions")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        Source, Snapshot, Citation = (old.get_model("sources", name) for name in ("Source", "Snapshot", "Citation"))
        cited_at = timezone.now() - timedelta(days=30)

        def cited_page(path: str, changed_at) -> int:
            source = Source.objects.create(url=f"https://nyt-archive.example/{path}", domain="x",
                                           changed_at=changed_at)
            Snapshot.objects.create(source=source, fetched_at=timezone.now(), content_hash=path[0] * 64,
                                    title="Alt", text_z=pages.pack(BEFORE))
            citation = Citation.objects.create(claim_id=ClaimFactory().pk, source=source, expected="7.000")
            Citation.objects.filter(pk=citation.pk).update(created_at=cited_at)
            return source.pk

        unchanged = cited_page("alt", cited_at - timedelta(days=1))
        changed = cited_page("neu", cited_at + timedelta(days=1))  # the snapshot is a later text
        bare = Source.objects.create(url="https://nyt-archive.example/leer", domain="x")
        Citation.objects.create(claim_id=ClaimFactory().pk, source=bare)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        Version, Citation = new.get_model("sources", "SourceVersion"), new.get_model("sources", "Citation")
        version = Version.objects.get(source_id=unchanged)
        assert (pages.unpack(version.text_z), version.title, version.text_hash) == (BEFORE, "Alt", "a" * 64)
        assert Citation.objects.get(source_id=unchanged).cited_version_id == version.pk
        assert Version.objects.filter(source_id=changed).exists()
        assert Citation.objects.get(source_id=changed).cited_version_id is None
        assert Citation.objects.get(source_id=bare.pk).cited_version_id is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_citation_whose_text_as_cited_is_unknown_keeps_none_and_says_so(db, client, alice):
    # Cited before versions were kept, read before it was cited, changed after: what migration 0010 leaves.
    claim = ClaimFactory()
    source = Source.objects.create(url="https://nyt-archive.example/spaeter", last_good_at=timezone.now())
    citation = Citation.objects.create(claim=claim, source=source, expected="7.000")
    Citation.objects.filter(pk=citation.pk).update(created_at=timezone.now() - timedelta(days=30))
    SourceCheck.objects.create(source=source, lease=uuid.uuid4(), checked_at=timezone.now() - timedelta(days=40),
                               seconds=0.1, method="GET", outcome=outcomes.OK)
    record(source.pk, FIRST_CHANGE, "c" * 64)
    citation.refresh_from_db()
    assert citation.cited_version is None and SourceVersion.objects.filter(source=source).exists()
    client.force_login(alice)
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert "Text as cited unknown" in page


# --- Storage --------------------------------------------------------------------------------------------------------

WORDS = "Container Hafen Lieferung Beamte März April Millionen Geschosse Angaben Bericht Zahlen Schiff".split()


def article(rng, source: int, change: int) -> str:
    lines = [" ".join(rng.choice(WORDS) for _ in range(40)) for _ in range(30)]
    lines[7] = f"Stand {change}: fast {7000 + change} Container für Quelle {source}."
    return "\n".join(lines)


def test_storage_grows_with_changes_not_with_checks(db):
    """100 sources checked 10 times, each page changing twice: 300 versions, not 1,000 copies."""
    sources = [services.source_get_or_create(url=f"https://h{n}.example/bericht")[0] for n in range(100)]
    texts = {(s.pk, change): pages.pack(article(random.Random(s.pk * 10 + change), s.pk, change))
             for s in sources for change in range(3)}
    for check in range(10):
        change = 0 if check < 4 else 1 if check < 7 else 2
        Source.objects.update(next_check_at=timezone.now())
        lease, ids = services.sources_lease(queryset=Source.objects.all())
        recording.record([batch.Result(sid, datetime.now(UTC), 0.1, outcomes.OK, http_status=200,
                                       content_hash=f"{change:064}", text_z=texts[(sid, change)]) for sid in ids],
                         lease, schedule.Intervals())
    assert SourceVersion.objects.count() == 300 and Snapshot.objects.count() == 100
    assert all("Stand 2" in snapshot.text for snapshot in Snapshot.objects.all()[:5])


def test_a_line_too_long_to_compare_word_by_word_is_shown_changed_whole():
    # Word by word, difflib's time grows with the square of the line: a hostile page is one long paragraph.
    words = [f"w{i}" for i in range(3000)]
    cited, now = " ".join(words), " ".join(reversed(words))
    comparison = compare.compare(cited, now, lambda text: [])
    changed = [line for passage in comparison.passages for line in passage if line.kind != compare.SAME]
    assert changed and all(piece.changed for line in changed for piece in line.pieces if piece.text.strip(" …"))


def test_a_long_changed_passage_is_cut_to_its_line_limit():
    cited = "\n".join(f"Zeile {i} sagt 7.000" for i in range(200))
    now = "\n".join(f"Zeile {i} sagt 6.000" for i in range(200))
    comparison = compare.compare(cited, now, lambda text: [])
    assert comparison.passages and all(len(passage) <= compare.MAX_LINES for passage in comparison.passages)
