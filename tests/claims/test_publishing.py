from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from claims import services
from claims.models import Claim, Conflict
from sources.services import citation_create
from tests.factories import ArticleFactory, claim_at, figure_at

pytestmark = pytest.mark.django_db

CONTAINERS = "US-Beamte zählten fast 7.000 Container."
TRADE = "2023 stieg das Handelsvolumen auf 29 Millionen Dollar."
SHELLS_START = "Nach Angaben des Verteidigungsministers"
NOTE = "Der Zoll meldet 7.500 Container; die Größenordnung stimmt."
HERALD = {"@type": "NewsArticle", "url": "https://herald.example/containers", "headline": "Containers counted",
          "inLanguage": "en", "publisher": {"@type": "Organization", "name": "World Herald Example"}}


def page_of(claim: Claim) -> str:
    return f"https://faktencheck.example/{claim.ref}"


def give_verdict(claim: Claim, user, status: str = "supported", note: str = NOTE) -> Claim:
    """A verdict with its public page, so that it is published."""
    services.claim_update(claim=claim, user=user, changes={"status": "in_review"})
    return services.claim_update(claim=claim, user=user, changes={"status": status, "verdict_note": note,
                                                                  "review_url": page_of(claim)})


def other_figure(text: str, quote: str, value: int, **article):
    claim = claim_at(ArticleFactory(text=text, **article), quote)
    return figure_at(claim, quote.rstrip("."), value=value, unit="Container")


@pytest.fixture
def desk(rita):
    """The container claim of a German article, with figures of other articles linked to its figure:

    a suggested corroboration (stored first, with the other figure as figure_a), a confirmed contradiction,
    a dismissed contradiction, and a contradiction within its own article.
    """
    agreeing = other_figure("Der Zoll zählte rund 7.000 Container.", "rund 7.000 Container.", 7000,
                            title="Zoll zählt", publisher="Zollblatt", url="https://zoll.example/bericht")
    article = ArticleFactory(title="Nordkorea liefert Granaten", url="https://nachrichten.example/nordkorea",
                             published=date(2024, 6, 19), author="Erika Muster")
    containers = claim_at(article, CONTAINERS, speaker="US-Beamte")
    counted = figure_at(containers, "fast 7.000 Container", value=7000, high=7000, qualifier="almost",
                        unit="Container", as_of="2024")
    trade = figure_at(claim_at(article, TRADE), "29 Millionen Dollar", value=29_000_000, kind="money", unit="USD")
    herald = other_figure("Officials counted 7,500 containers.", "7,500 containers.", 7500, language="en",
                          title="Containers counted", publisher="World Herald Example",
                          url="https://herald.example/containers")
    rumour = other_figure("Some say 9,000 containers.", "9,000 containers.", 9000, title="Rumours")
    services.conflict_create(figure_a=agreeing, figure_b=counted, kind="corroboration")
    services.conflict_create(figure_a=counted, figure_b=trade, kind="contradiction")
    for other, decision in ((herald, "confirmed"), (rumour, "dismissed")):
        conflict = services.conflict_create(figure_a=counted, figure_b=other, kind="contradiction")
        services.conflict_decide(conflict=conflict, user=rita, status=decision)
    citation_create(claim=containers, url="https://zoll.example/bericht", check=False)
    return give_verdict(containers, rita)


def test_a_supported_claim_is_published_as_a_claimreview(api_as, victor, desk):
    with override_settings(FACTCHECK_PUBLISHER_NAME="Faktencheck Beispiel",
                           FACTCHECK_PUBLISHER_URL="https://check.example/"):
        response = api_as(victor).get(f"/api/claims/{desk.ref}/claimreview/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    review = json.loads(response.content)
    reviewed = timezone.localtime(Claim.objects.get(pk=desk.pk).reviewed_at).date().isoformat()
    assert {key: review[key] for key in ("@context", "@type", "identifier", "url", "datePublished")} == {
        "@context": "https://schema.org", "@type": "ClaimReview", "identifier": desk.ref,
        "url": page_of(desk), "datePublished": reviewed,
    }
    assert (review["claimReviewed"], review["reviewBody"]) == (CONTAINERS, NOTE)
    assert review["author"] == {"@type": "Organization", "name": "Faktencheck Beispiel", "url": "https://check.example/"}
    assert review["reviewRating"] == {
        # The article is German: the verdict is named in German.
        "@type": "Rating", "ratingValue": 3, "worstRating": 1, "bestRating": 3, "alternateName": "Belegt",
    }
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "US-Beamte"},
        "datePublished": "2024-06-19",
        "appearance": {
            "@type": "NewsArticle", "url": "https://nachrichten.example/nordkorea",
            "headline": "Nordkorea liefert Granaten", "inLanguage": "de", "datePublished": "2024-06-19",
            "author": {"@type": "Person", "name": "Erika Muster"},
            "publisher": {"@type": "Organization", "name": "Nachrichten Beispiel"},
        },
    }


def test_a_figure_lists_the_confirmed_figures_of_other_articles(api_as, victor, rita, desk):
    url = f"/api/claims/{desk.ref}/claimreview/"
    review = api_as(victor).get(url).json()
    # The suggested corroboration waits for a reviewer; the dismissed 9,000 and the trade figure of the claim's
    # own article are left out.
    herald = {"@type": "PropertyValue", "propertyID": "contradiction", "status": "confirmed",
              "name": "7,500 containers", "value": 7500, "unitText": "Container", "subjectOf": HERALD}
    assert review["additionalProperty"] == [{
        "@type": "PropertyValue", "name": "fast 7.000 Container", "value": 7000, "maxValue": 7000,
        "unitText": "Container", "observationDate": "2024", "valueReference": [herald],
    }]
    suggested = Conflict.objects.get(kind="corroboration")
    services.conflict_decide(conflict=suggested, user=rita, status="confirmed", note="Same count.")
    related = api_as(victor).get(url).json()["additionalProperty"][0]["valueReference"]
    assert related == [
        {"@type": "PropertyValue", "propertyID": "corroboration", "status": "confirmed",
         "name": "rund 7.000 Container", "value": 7000, "unitText": "Container",
         "subjectOf": {"@type": "NewsArticle", "url": "https://zoll.example/bericht", "headline": "Zoll zählt",
                       "inLanguage": "de", "publisher": {"@type": "Organization", "name": "Zollblatt"}}},
        herald,
    ]


def test_without_settings_the_desk_is_the_author_and_unverifiable_has_no_number(api_as, victor, rita):
    article = ArticleFactory(publisher="", url="")
    claim = give_verdict(claim_at(article, TRADE), rita, status="unverifiable", note="Keine Quelle.")
    with override_settings():
        del settings.FACTCHECK_PUBLISHER_NAME, settings.FACTCHECK_PUBLISHER_URL
        review = api_as(victor).get(f"/api/claims/{claim.ref}/claimreview/").json()
    assert review["author"] == {"@type": "Organization", "name": "Fact-check desk"}
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Nicht überprüfbar"}
    assert review["itemReviewed"] == {"@type": "Claim", "appearance": {
        "@type": "NewsArticle", "headline": article.title, "inLanguage": "de"}}
    assert "additionalProperty" not in review
    give_verdict(claim, rita, status="false", note="Falsch.")
    review = api_as(victor).get(f"/api/claims/{claim.ref}/claimreview/").json()
    assert (review["reviewRating"]["ratingValue"], review["reviewRating"]["alternateName"]) == (1, "Falsch")


def test_a_claim_without_a_verdict_is_not_published(api_as, victor, rita):
    claim = claim_at(ArticleFactory(), CONTAINERS)
    client = api_as(victor)
    response = client.get(f"/api/claims/{claim.ref}/claimreview/")
    assert response.status_code == 404
    assert response.json() == {"detail": f"claim {claim.ref} has no verdict yet (status: unreviewed); "
                                         "only reviewed claims are published"}
    services.claim_update(claim=claim, user=rita, changes={"status": "in_review"})
    assert "(status: in_review)" in client.get(f"/api/claims/{claim.ref}/claimreview/").json()["detail"]
    assert client.get(f"/api/claims/{claim.article_id}-99/claimreview/").status_code == 404


def test_markup_in_a_quote_stays_data(api_as, victor, rita):
    quote = 'Er rief "</script><script>alert(1)</script>" & zählte 7.000 Container.'
    claim = claim_at(ArticleFactory(text=f"Vorweg. {quote} Ende."), quote, speaker="<b>Wer</b>")
    give_verdict(claim, rita, note="<img src=x onerror=alert(1)> \u2028 stimmt nicht")
    client = api_as(victor)
    detail = client.get(f"/api/claims/{claim.ref}/claimreview/")
    line = b"".join(client.get("/api/claims/claimreviews/").streaming_content)
    for body in (detail.content, line):
        assert b"<" not in body and b">" not in body and "\u2028".encode() not in body
        review = json.loads(body)
        assert review["claimReviewed"] == quote
        assert review["reviewBody"] == "<img src=x onerror=alert(1)> \u2028 stimmt nicht"
        assert review["itemReviewed"]["author"]["name"] == "<b>Wer</b>"


def test_the_browsable_api_and_plain_json_still_answer(api_as, victor, desk):
    client = api_as(victor)
    html = client.get(f"/api/claims/{desk.ref}/claimreview/", HTTP_ACCEPT="text/html")
    assert (html.status_code, html["Content-Type"]) == (200, "text/html; charset=utf-8")
    plain = client.get(f"/api/claims/{desk.ref}/claimreview/", HTTP_ACCEPT="application/json")
    assert (plain["Content-Type"], plain.json()["@type"]) == ("application/json", "ClaimReview")


def jsonl(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    body = b"".join(response.streaming_content).decode()
    assert body == "" or body.endswith("\n")
    return [json.loads(line) for line in body.splitlines()]


def test_the_jsonl_export_holds_exactly_the_claims_with_verdicts(api_as, victor, rita, desk):
    article = ArticleFactory()
    shells = claim_at(article, article.text[: article.text.index(".") + 1])
    give_verdict(shells, rita, status="false", note="Falsch.")
    services.claim_update(claim=claim_at(article, CONTAINERS), user=rita, changes={"status": "in_review"})
    claim_at(article, TRADE)
    reviews = jsonl(api_as(victor).get("/api/claims/claimreviews/", HTTP_ACCEPT="application/x-ndjson"))
    assert [review["identifier"] for review in reviews] == [desk.ref, shells.ref]  # oldest verdict first
    assert [review["reviewRating"]["alternateName"] for review in reviews] == ["Belegt", "Falsch"]
    assert reviews[0]["additionalProperty"][0]["valueReference"][0]["subjectOf"] == HERALD
    # The claim list's filters apply too.
    only = jsonl(api_as(victor).get("/api/claims/claimreviews/", {"publisher": "nachrichten beispiel",
                                                                   "status": "false"}))
    assert [review["identifier"] for review in only] == [shells.ref]


def test_since_keeps_verdicts_given_on_or_after_that_day(api_as, victor, rita, desk):
    late = give_verdict(claim_at(ArticleFactory(), CONTAINERS), rita, status="disputed", note="Strittig.")
    for claim, day in ((desk, 10), (late, 20)):
        Claim.objects.filter(pk=claim.pk).update(reviewed_at=timezone.make_aware(datetime(2024, 6, day, 0, 30)))
    client = api_as(victor)
    assert [r["identifier"] for r in jsonl(client.get("/api/claims/claimreviews/", {"since": "2024-06-20"}))] == [
        late.ref]
    assert len(jsonl(client.get("/api/claims/claimreviews/", {"since": "2024-06-10"}))) == 2
    assert jsonl(client.get("/api/claims/claimreviews/", {"since": "2024-06-21"})) == []


@pytest.mark.parametrize("since", ["2024-13-01", "2024-02-30", "yesterday", "20240601"])
def test_a_bad_since_gets_a_400_saying_how_to_write_it(api_as, victor, desk, since):
    response = api_as(victor).get("/api/claims/claimreviews/", {"since": since}, HTTP_ACCEPT="application/x-ndjson")
    assert response.status_code == 400
    assert json.loads(response.content) == {"since": [f"{since!r} is not a day: use YYYY-MM-DD, e.g. 2024-06-19."]}


def published(count: int, rita) -> None:
    """Claims with a verdict, a figure contradicted by another article's figure (confirmed, so it is published)
    and a citation each."""
    for index in range(count):
        claim = claim_at(ArticleFactory(), CONTAINERS)
        counted = figure_at(claim, "fast 7.000 Container", value=7000, unit="Container")
        other = other_figure("Officials counted 7,500 containers.", "7,500 containers.", 7500)
        conflict = services.conflict_create(figure_a=counted, figure_b=other, kind="contradiction")
        services.conflict_decide(conflict=conflict, user=rita, status="confirmed")
        citation_create(claim=claim, url=f"https://s{index}.example/", check=False)
        give_verdict(claim, rita)


# The CSV has a header and also lists the other articles' claims, which have no verdict.
@pytest.mark.parametrize(("path", "per_claim", "header"), [
    ("/api/claims/claimreviews/", 1, 0), ("/api/claims/export/", 2, 1),
])
def test_the_exports_cost_the_same_queries_for_3_or_30_claims(api_as, victor, rita, path, per_claim, header):
    client = api_as(victor)
    counts = []
    for total, more in ((3, 3), (30, 27)):
        published(more, rita)
        with CaptureQueriesContext(connection) as queries:
            body = b"".join(client.get(path).streaming_content)
        assert body.count(b"\n") == total * per_claim + header
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_claimreview_costs_the_same_queries_for_one_confirmed_figure_or_many(api_as, victor, rita, desk):
    url = f"/api/claims/{desk.ref}/claimreview/"
    client = api_as(victor)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).json()["additionalProperty"][0]["valueReference"]) == 1
    counted = desk.figures.get()
    for value in (7100, 7200, 7300):
        other = other_figure(f"Es waren {value} Container.", f"{value} Container.", value)
        # The other figure stored first: the pair names it as figure_a.
        pair = services.conflict_create(figure_a=other, figure_b=counted, kind="contradiction")
        services.conflict_decide(conflict=pair, user=rita, status="confirmed")
    with CaptureQueriesContext(connection) as many:
        related = client.get(url).json()["additionalProperty"][0]["valueReference"]
    names = ["7,500 containers", *(f"{value} Container" for value in (7100, 7200, 7300))]
    assert [figure["name"] for figure in related] == names
    assert len(few) == len(many)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_export_has_one_row_per_claim(api_as, victor, desk):
    header, *rows = csv_rows(api_as(victor).get("/api/claims/export/", HTTP_ACCEPT="text/csv"))
    assert header == ["ref", "article_id", "article_title", "publisher", "number", "quote", "speaker", "status",
                      "verdict_note", "reviewer", "reviewed_at", "review_url", "figures", "citations", "conflicts",
                      "admin_url"]
    row = dict(zip(header, next(row for row in rows if row[0] == desk.ref), strict=True))
    reviewed = timezone.localtime(Claim.objects.get(pk=desk.pk).reviewed_at).isoformat(timespec="seconds")
    assert row == {
        "ref": desk.ref, "article_id": str(desk.article_id), "article_title": "Nordkorea liefert Granaten",
        "publisher": "Nachrichten Beispiel", "number": "1", "quote": CONTAINERS, "speaker": "US-Beamte",
        "status": "supported", "verdict_note": NOTE, "reviewer": "rita", "reviewed_at": reviewed,
        "review_url": Claim.objects.get(pk=desk.pk).review_url,
        "figures": "fast 7.000 Container", "citations": "https://zoll.example/bericht",
        # Corroboration, confirmed and same-article contradiction; the dismissed one is not counted.
        "conflicts": "3", "admin_url": f"http://testserver/admin/claims/claim/{desk.pk}/change/",
    }
    assert len(rows) == Claim.objects.count()


def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(api_as, victor, rita):
    article = ArticleFactory(title=" =HYPERLINK(\"https://evil.example\")", publisher="\u00a0@SUM(A1)")
    claim = claim_at(article, CONTAINERS, speaker="+49 30 1234")
    give_verdict(claim, rita, status="false", note="-5 % stimmt nicht\t")
    services.claim_update(claim=claim_at(article, TRADE, speaker="\tTab"), user=rita, changes={})
    header, *rows = csv_rows(api_as(victor).get("/api/claims/export/", {"article": article.pk}))
    first, second = (dict(zip(header, row, strict=True)) for row in rows)
    assert (first["article_title"], first["publisher"], first["speaker"], first["verdict_note"]) == (
        "' =HYPERLINK(\"https://evil.example\")", "'\u00a0@SUM(A1)", "'+49 30 1234", "'-5 % stimmt nicht\t")
    assert first["quote"] == CONTAINERS  # umlauts intact, nothing to escape
    assert second["speaker"] == "'\tTab"


def test_the_csv_export_honours_the_claim_list_filters(api_as, victor, rita, desk):
    article = ArticleFactory()
    give_verdict(claim_at(article, TRADE), rita, status="false", note="Falsch.")
    claim_at(article, CONTAINERS)
    client = api_as(victor)
    _, *rows = csv_rows(client.get("/api/claims/export/", {"status": "supported"}))
    assert [row[0] for row in rows] == [desk.ref]
    _, *rows = csv_rows(client.get("/api/claims/export/", {"article": article.pk, "ordering": "-number"}))
    assert [row[0] for row in rows] == [f"{article.pk}-2", f"{article.pk}-1"]
    assert client.get("/api/claims/export/", {"status": "bogus"}, HTTP_ACCEPT="text/csv").status_code == 400


def test_exports_need_the_same_login_as_other_reads(api, desk):
    for path in ("/api/claims/export/", "/api/claims/claimreviews/", f"/api/claims/{desk.ref}/claimreview/"):
        assert api.get(path).status_code == 401
        with override_settings(FACTCHECK_PUBLIC_API=True):
            # The ClaimReviews are published; the CSV is the desk's (reviewers' names, admin links).
            assert api.get(path).status_code == (401 if path.endswith("/export/") else 200)


def test_the_claims_list_exports_the_selected_claims_as_csv(client, alice, rita, desk):
    other = claim_at(ArticleFactory(title="Andere"), "2023 stieg das Handelsvolumen auf 29 Millionen Dollar.")
    client.force_login(alice)
    response = client.post("/admin/claims/claim/", {"action": "export_csv", "_selected_action": [desk.pk]})
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows] == ["ref", desk.ref]
    assert other.ref not in {row[0] for row in rows}


def test_the_feed_shows_a_pair_between_two_of_its_claims_as_their_reviews_do(api_as, victor, rita):
    first = claim_at(ArticleFactory(), CONTAINERS)
    mine = figure_at(first, "fast 7.000 Container", value=7000, unit="Container")
    theirs = other_figure("Officials counted 7,500 containers.", "7,500 containers.", 7500)
    pair = services.conflict_create(figure_a=mine, figure_b=theirs, kind="contradiction")
    services.conflict_decide(conflict=pair, user=rita, status="confirmed")
    give_verdict(first, rita)
    give_verdict(theirs.claim, rita)
    client = api_as(victor)
    feed = {review["identifier"]: review for review in jsonl(client.get("/api/claims/claimreviews/"))}
    for claim in (first, theirs.claim):
        single = client.get(f"/api/claims/{claim.ref}/claimreview/").json()
        assert feed[claim.ref] == single
        assert len(single["additionalProperty"][0]["valueReference"]) == 1


def test_a_claim_reopened_while_the_feed_streams_is_left_out(api_as, victor, rita, monkeypatch):
    from claims import publishing

    monkeypatch.setattr(publishing, "EXPORT_CHUNK", 1)  # each claim's row read when its line is written
    published(2, rita)
    later = Claim.objects.published().order_by("reviewed_at", "id").last()
    lines = iter(api_as(victor).get("/api/claims/claimreviews/").streaming_content)
    assert json.loads(next(lines))["identifier"] != later.ref
    services.claim_update(claim=later, user=rita, changes={"status": "in_review", "verdict_note": "Entwurf"})
    assert list(lines) == []


def test_a_head_request_decides_no_conflict(api_as, victor, rita, desk):
    suggested = Conflict.objects.get(kind="corroboration")
    body = json.dumps({"conflict": suggested.pk, "status": "confirmed"})
    response = api_as(rita).generic("HEAD", f"/api/claims/{desk.ref}/conflicts/", body,
                                    content_type="application/json")
    assert response.status_code == 200
    assert Conflict.objects.get(pk=suggested.pk).status == "suggested"


def test_a_verdict_is_published_once_a_reviewer_gives_it_its_page(api_as, api, victor, rita, settings):
    claim = claim_at(ArticleFactory(), CONTAINERS)
    services.claim_update(claim=claim, user=rita, changes={"status": "in_review"})
    claim = services.claim_update(claim=claim, user=rita, changes={"status": "supported", "verdict_note": NOTE})
    url = f"/api/claims/{claim.ref}/claimreview/"
    missing = api_as(victor).get(url)
    assert missing.status_code == 404
    assert "has a verdict but no public page yet" in missing.json()["detail"]
    assert jsonl(api_as(victor).get("/api/claims/claimreviews/")) == []
    settings.FACTCHECK_PUBLIC_API = True
    assert api.get(url).json() == {"detail": "No Claim matches the given query."}  # nothing shows to the public
    edited = api_as(rita).patch(f"/api/claims/{claim.ref}/", {"review_url": page_of(claim), "version": claim.version},
                                format="json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["review_url"] == page_of(claim)
    assert api.get(url).json()["url"] == page_of(claim)
    assert [review["url"] for review in jsonl(api.get("/api/claims/claimreviews/"))] == [page_of(claim)]


@pytest.mark.parametrize("page", ["javascript:alert(1)", "ftp://faktencheck.example/x", "faktencheck.example/x"])
def test_a_public_page_is_an_http_address(api_as, rita, page):
    claim = claim_at(ArticleFactory(), CONTAINERS)
    response = api_as(rita).patch(f"/api/claims/{claim.ref}/", {"review_url": page, "version": claim.version},
                                  format="json")
    assert response.status_code == 400 and "review_url" in response.json()
    assert Claim.objects.get(pk=claim.pk).review_url == ""


def test_only_reviewers_set_a_verdicts_page(api_as, alice):
    claim = claim_at(ArticleFactory(), CONTAINERS)
    response = api_as(alice).patch(f"/api/claims/{claim.ref}/", {"review_url": page_of(claim),
                                                                 "version": claim.version}, format="json")
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).review_url == ""
