"""Articles from the web, end to end: fetched from a newsroom on loopback (fake DNS), stored with their links as
citations and their named sources, and watched for silent edits by the source checker."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from claims import services
from claims.models import AnchorStatus, Article, ArticleLink, ArticleVersion, Attribution, NamedSource
from sources import checking
from sources import services as source_services
from sources.models import Citation, Source
from tests.claims import webpage_eval
from tests.newsweb import NewsWeb, Page
from tests.sources.conftest import STAND_INS, FakeDNS, fake_dns  # noqa: F401  (fixture)

HOST = "zeitung.example.org"

ARTICLE = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Container für Moskau | Weser-Kurier</title>
<meta property="article:published_time" content="2024-06-20T06:00:00+02:00"></head><body>
<div class="cookie-banner">Wir verwenden Cookies für 3 Zwecke. <a href="/datenschutz">Mehr</a></div>
<nav><a href="/">Start</a> <a href="/politik/">Politik</a> <a href="/sport/">Sport</a></nav>
<article><h1>Container für Moskau</h1>
<p>Nach Angaben von <a href="https://www.nytimes.com/2024/06/containers.html">US-Beamten</a> hat Nordkorea bis
März fast 7.000 Container nach Russland geliefert, berichtete die „New York Times“.</p>
<p>Der Handel fiel <a href="/daten/handel-2023.pdf">von 84 Millionen Dollar auf zwei Millionen Dollar</a>,
wie das Statistikamt in Seoul mitteilte.</p>
<p>Laut Yonhap sollen es bis zu fünf Millionen Artilleriegeschosse gewesen sein.</p>
<aside><h3>Mehr zum Thema</h3><a href="/politik/kim-moskau.html">Kim in Moskau: 11 Tage Zugfahrt</a></aside>
</article>
<section class="comments"><p>Leser42: Es waren sicher 9.000 Container!</p></section>
<footer>Weser-Kurier, Am Markt 1, 28195 Bremen, Telefon 0421 3671 0</footer></body></html>"""


@pytest.fixture(autouse=True)
def fetch_settings(settings):
    settings.FACTCHECK_FETCH_ALLOW_NETWORKS = STAND_INS
    settings.FACTCHECK_FETCH_DEADLINE = 3.0


@pytest.fixture
def newsroom(fake_dns: FakeDNS):  # noqa: F811
    with NewsWeb(["127.0.0.2"]) as site:
        fake_dns.names[HOST] = ["127.0.0.2"]
        site.pages["/politik/container.html"] = Page(ARTICLE)
        site.pages["/robots.txt"] = Page("User-agent: *\nDisallow: /\n", content_type="text/plain")
        yield site


def address(site: NewsWeb, path: str) -> str:
    return f"http://{HOST}:{site.port}{path}"


def test_ingest_by_url_prints_the_interface_other_tools_rely_on(db, newsroom, capsys):
    url = address(newsroom, "/politik/container.html")
    call_command("ingest", url, "--json")
    [printed] = json.loads(capsys.readouterr().out)
    assert set(printed) == {"article", "url", "title", "publisher", "published", "claims", "links"}
    article = Article.objects.get(pk=printed["article"])
    assert (printed["title"], printed["publisher"], printed["published"]) == (
        "Container für Moskau", "Weser-Kurier", "2024-06-20")
    text = article.text
    assert "Cookies" not in text and "Leser42" not in text and "0421" not in text and "Kim in Moskau" not in text
    assert [(link["url"], link["anchor"]) for link in printed["links"]] == [
        ("https://www.nytimes.com/2024/06/containers.html", "US-Beamten"),
        (address(newsroom, "/daten/handel-2023.pdf"), "von 84 Millionen Dollar auf zwei Millionen Dollar"),
    ]
    for link in printed["links"]:
        assert text[link["start"] : link["end"]] == link["anchor"]
    claims = {claim["number"]: claim for claim in printed["claims"]}
    first = next(c for c in claims.values() if "7.000 Container" in c["text"])
    assert set(first) == {"number", "start", "end", "text", "speaker", "figures", "citations", "named_sources"}
    assert first["citations"] == [{"url": "https://www.nytimes.com/2024/06/containers.html", "anchor": "US-Beamten",
                                   "start": printed["links"][0]["start"], "end": printed["links"][0]["end"]}]
    assert [(n["name"], n["kind"]) for n in first["named_sources"]] == [("New York Times", "outlet")]
    for named in first["named_sources"]:
        assert text[named["start"] : named["end"]] == named["name"]
    yonhap = next(c for c in claims.values() if "Yonhap" in c["text"])
    assert yonhap["citations"] == [] and [n["name"] for n in yonhap["named_sources"]] == ["Yonhap"]


def test_figures_of_a_web_article_are_those_of_its_text(db, newsroom):
    article, _ = services.article_from_url(url=address(newsroom, "/politik/container.html"))
    from claims import extraction

    extracted = extraction.extract(article.text, language="de", published=article.published)
    stored = [[f.text for f in claim.figures.all()] for claim in article.claims.order_by("number")]
    assert stored == [[f["text"] for f in claim["figures"]] for claim in extracted]


def test_a_link_becomes_one_source_however_many_articles_cite_it(db, newsroom):
    first, _ = services.article_from_url(url=address(newsroom, "/politik/container.html"))
    second, _ = services.article_from_html(html=ARTICLE.replace("Container für Moskau", "Zweiter Bericht"),
                                           url="https://andere.example.net/a.html")
    nyt = Source.objects.get(url="https://www.nytimes.com/2024/06/containers.html")
    assert Citation.objects.filter(source=nyt).count() == 2
    assert Citation.objects.filter(source=nyt, claim__article=second).get().anchor == "US-Beamten"
    # "New York Times" named in both articles is one named source
    assert NamedSource.objects.filter(name="New York Times").count() == 1
    assert Attribution.objects.filter(named_source__name="New York Times").count() == 2
    assert first.page.url == address(newsroom, "/politik/container.html")


def test_the_same_page_ingested_twice_is_one_article(db, newsroom):
    url = address(newsroom, "/politik/container.html")
    first, created = services.article_from_url(url=url)
    again, created_again = services.article_from_url(url=url)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert ArticleLink.objects.count() == 2


def test_a_redirect_to_the_canonical_address_stores_that_address(db, newsroom):
    newsroom.pages["/kurz/123"] = Page(location=address(newsroom, "/politik/container.html"))
    article, _ = services.article_from_url(url=address(newsroom, "/kurz/123"))
    assert article.url == address(newsroom, "/politik/container.html")
    assert article.links.get(anchor="von 84 Millionen Dollar auf zwei Millionen Dollar").url == address(
        newsroom, "/daten/handel-2023.pdf")


def test_an_editors_fetch_does_not_ask_robots_txt(db, newsroom):
    services.article_from_url(url=address(newsroom, "/politik/container.html"))
    assert "/robots.txt" not in newsroom.requests


@pytest.mark.parametrize(("page", "message"), [
    (Page("nope", status=404), "answered HTTP 404"),
    (Page("%PDF-1.7", content_type="application/pdf"), "application/pdf"),
    (Page("<html><body><nav><a href='/'>Start</a></nav></body></html>"), "No article text"),
])
def test_a_page_that_cannot_be_an_article_is_refused_with_why_and_nothing_stored(db, newsroom, page, message):
    newsroom.pages["/x"] = page
    with pytest.raises(CommandError, match=message):
        call_command("ingest", address(newsroom, "/x"))
    assert not Article.objects.exists() and not Source.objects.exists()


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://zeitung.example.org/a", "Only http and https"),
    ("http://10.0.0.1/intern", "blocked"),
    ("http://nirgendwo.example.org/a", "unreachable"),
])
def test_an_address_the_fetch_policy_refuses_is_refused(db, newsroom, url, message):
    with pytest.raises(CommandError, match=message):
        call_command("ingest", url)
    assert not Article.objects.exists()


def test_the_api_takes_a_url_html_or_markdown(db, newsroom, api_as, alice):
    api = api_as(alice)
    response = api.post("/api/articles/", {"url": address(newsroom, "/politik/container.html")}, format="json")
    assert response.status_code == 201, response.data
    assert [link["anchor"] for link in response.data["links"]][0] == "US-Beamten"
    cited = [c for c in response.data["claims"] if c["citations"]]
    assert cited[0]["citations"][0]["anchor"] == "US-Beamten"
    assert any(n["name"] == "Yonhap" for c in response.data["claims"] for n in c["named_sources"])
    markdown = api.post("/api/articles/", {
        "markdown": "# Zahlen\n\nLaut [Destatis](https://www.destatis.de/x) stieg der Umsatz um 3,2 Prozent.",
        "published": "2024-07-01"}, format="json")
    assert markdown.status_code == 201
    assert markdown.data["claims"][0]["citations"][0]["url"] == "https://www.destatis.de/x"
    detail = api.get(f"/api/articles/{response.data['id']}/")
    assert detail.data["page"] == address(newsroom, "/politik/container.html") and detail.data["versions"] == []


@pytest.mark.parametrize(("body", "field"), [
    ({"url": "http://zeitung.example.org:1/a", "html": "<p>x</p>", "markdown": "x"}, "non_field_errors"),
    ({"url": ""}, "non_field_errors"),
    ({"url": "notaurl"}, "url"),
    ({"html": "<html><body></body></html>"}, "url"),
])
def test_bad_web_input_gets_a_400_that_says_why(db, api_as, alice, body, field):
    response = api_as(alice).post("/api/articles/", body, format="json")
    assert response.status_code == 400 and field in response.data, response.data
    assert not Article.objects.exists()


def test_a_resolved_named_source_is_cited_by_every_claim_that_names_it(db, newsroom):
    services.article_from_url(url=address(newsroom, "/politik/container.html"))
    yonhap = NamedSource.objects.get(name="Yonhap")
    services.named_source_resolve(named_source=yonhap, url="https://en.yna.co.kr/")
    cited = Citation.objects.filter(source__url="https://en.yna.co.kr/")
    assert [c.claim_id for c in cited] == list(Attribution.objects.filter(named_source=yonhap)
                                                 .values_list("claim_id", flat=True))


def check_page(article: Article):
    lease, ids = source_services.sources_lease(queryset=Source.objects.filter(pk=article.page_id))
    return checking.check_leased(ids, lease)


def test_a_silent_edit_of_a_figure_becomes_a_version_with_the_claim_changed(db, newsroom,
                                                                           django_capture_on_commit_callbacks):
    newsroom.pages.pop("/robots.txt")
    article, _ = services.article_from_url(url=address(newsroom, "/politik/container.html"))
    with django_capture_on_commit_callbacks(execute=True):
        check_page(article)
    assert not ArticleVersion.objects.exists()  # the same page: nothing changed
    newsroom.pages["/politik/container.html"] = Page(ARTICLE.replace("fast 7.000 Container", "fast 6.000 Container")
                                                      .replace("Laut Yonhap sollen", "Laut Yonhap könnten"))
    with django_capture_on_commit_callbacks(execute=True):
        check_page(article)
    version = ArticleVersion.objects.get(article=article)
    assert version.number == 2 and "fast 6.000 Container" in version.text
    article.refresh_from_db()
    assert "fast 7.000 Container" in article.text  # the stored text stays what claims index
    anchors = {anchor.claim.text[:20]: anchor for anchor in version.anchors.select_related("claim")}
    changed = next(a for a in anchors.values() if "7.000" in a.claim.text)
    assert changed.status == AnchorStatus.CHANGED and "fast 6.000 Container" in changed.text
    assert "fast 6.000 Container" in [figure["text"] for figure in changed.figures]
    assert version.changed_claims == 2
    assert {a.status for a in anchors.values()} == {AnchorStatus.UNCHANGED, AnchorStatus.CHANGED}


def test_the_article_detail_built_as_rows_is_the_serializers(db, newsroom, api_as, alice,
                                                              django_capture_on_commit_callbacks):
    import json

    from rest_framework.renderers import JSONRenderer

    from claims import selectors
    from claims.serializers import ArticleDetailSerializer

    newsroom.pages.pop("/robots.txt")
    article, _ = services.article_from_url(url=address(newsroom, "/politik/container.html"))
    api = api_as(alice)

    def served() -> object:
        built = ArticleDetailSerializer(selectors.articles_detail().get(pk=article.pk)).data
        return json.loads(JSONRenderer().render(built))

    before = api.get(f"/api/articles/{article.pk}/").json()
    assert before == served() and before["links"] and before["page"] and before["versions"] == []
    newsroom.pages["/politik/container.html"] = Page(ARTICLE.replace("fast 7.000 Container", "fast 6.000 Container"))
    with django_capture_on_commit_callbacks(execute=True):
        check_page(article)
    after = api.get(f"/api/articles/{article.pk}/").json()
    assert after == served() and after["versions"][0]["claims"]
    assert api.get("/api/articles/999999999999/").status_code == 404
    # The list's filters still apply to a detail, as before it was built as rows.
    assert api.get(f"/api/articles/{article.pk}/", {"language": "en"}).status_code == 404
    assert api.get(f"/api/articles/{article.pk}/", {"language": "de"}).json() == after


def test_a_page_changed_only_around_the_article_makes_no_version(db, newsroom, django_capture_on_commit_callbacks):
    newsroom.pages.pop("/robots.txt")
    article, _ = services.article_from_url(url=address(newsroom, "/politik/container.html"))
    newsroom.pages["/politik/container.html"] = Page(ARTICLE.replace("Es waren sicher 9.000", "Nein, 8.000"))
    with django_capture_on_commit_callbacks(execute=True):
        check_page(article)
    assert not ArticleVersion.objects.exists()


def test_a_removed_sentence_is_gone_and_an_inserted_one_moves_the_rest(db, newsroom,
                                                                      django_capture_on_commit_callbacks):
    newsroom.pages.pop("/robots.txt")
    article, _ = services.article_from_url(url=address(newsroom, "/politik/container.html"))
    edited = ARTICLE.replace("<p>Laut Yonhap sollen es bis zu fünf Millionen Artilleriegeschosse gewesen sein.</p>",
                             "").replace("<article><h1>Container für Moskau</h1>",
                                         "<article><h1>Container für Moskau</h1><p>Aktualisiert am 21. Juni.</p>")
    newsroom.pages["/politik/container.html"] = Page(edited)
    with django_capture_on_commit_callbacks(execute=True):
        check_page(article)
    statuses = {anchor.claim.text[:12]: anchor.status for anchor in ArticleVersion.objects.get().anchors.all()}
    assert statuses.pop("Laut Yonhap ") == AnchorStatus.GONE
    assert set(statuses.values()) == {AnchorStatus.MOVED}


def test_the_desk_adds_an_article_from_an_html_file_and_shows_its_web_section(db, admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = SimpleUploadedFile("container.html", ARTICLE.encode("utf-8"), content_type="text/html")
    response = admin_client.post("/admin/claims/article/from-web/",
                                 {"url": "https://www.weser-kurier.de/politik/container.html", "page": page})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{article.pk}/change/")
    shown = admin_client.get(response["Location"]).content.decode()
    assert "From the web" in shown and "US-Beamten" in shown and "New York Times" in shown


def test_the_desk_says_why_a_page_was_not_added(db, admin_client):
    response = admin_client.post("/admin/claims/article/from-web/", {"url": "ftp://x.example.org/"})
    assert response.status_code == 200 and "Only http and https" in response.content.decode()
    assert not Article.objects.exists()


def test_a_silent_edit_shows_on_the_dashboard_and_the_article_page(db, newsroom, admin_client,
                                                                   django_capture_on_commit_callbacks):
    newsroom.pages.pop("/robots.txt")
    article, _ = services.article_from_url(url=address(newsroom, "/politik/container.html"))
    newsroom.pages["/politik/container.html"] = Page(ARTICLE.replace("fast 7.000 Container", "fast 6.000 Container"))
    with django_capture_on_commit_callbacks(execute=True):
        check_page(article)
    dashboard = admin_client.get("/admin/desk/").content.decode()
    assert "Silent edits" in dashboard and f"/admin/claims/article/{article.pk}/change/#version-2" in dashboard
    page = admin_client.get(f"/admin/claims/article/{article.pk}/change/").content.decode()
    assert "<del>7.000</del>" in page and "<ins>6.000</ins>" in page


PAGES = [(folder, path.stem) for folder in (webpage_eval.PAGES, webpage_eval.BLIND2)
         for path in sorted(folder.glob("*.html"))]


@pytest.mark.parametrize(("folder", "name"), PAGES, ids=[name for _, name in PAGES])
def test_a_news_page_served_on_loopback_is_stored_as_its_reader_sees_it(db, fake_dns, folder, name):  # noqa: F811
    html = (folder / f"{name}.html").read_text(encoding="utf-8")
    with NewsWeb(["127.0.0.2"]) as site:
        fake_dns.names[HOST] = ["127.0.0.2"]
        path = f"/ressort/thema/{name}.html"
        site.pages[path] = Page(html)
        url = address(site, path)
        article, _ = services.article_from_url(url=url)
    expected = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    score = webpage_eval.compare(name, expected, _as_read(article), webpage_eval.page_base(html, url))
    assert score.boilerplate_kept == [] and score.links_wrong == [] and score.links_extra == []
    assert [p for p in score.missing if len(p) >= 60] == []
    # the figures stored are those extraction reads in the stored text
    from claims import extraction

    extracted = extraction.extract(article.text, language=article.language, published=article.published)
    assert [[f.text for f in c.figures.all()] for c in article.claims.order_by("number")] == [
        [f["text"] for f in claim["figures"]] for claim in extracted]


def _as_read(article: Article):
    from claims.web import Link, WebArticle

    links = [Link(link.url, link.anchor, link.start, link.end) for link in article.links.all()]
    return WebArticle(text=article.text, links=links, title=article.title, author=article.author,
                      publisher=article.publisher, published=article.published, language=article.language)


def test_named_sources_are_one_list_in_the_api_and_an_editor_resolves_one(db, newsroom, api_as, alice, victor):
    services.article_from_url(url=address(newsroom, "/politik/container.html"))
    listed = api_as(alice).get("/api/named-sources/?kind=agency").data["results"]
    assert [(n["name"], n["claims"], n["url"]) for n in listed] == [("Yonhap", 1, None)]
    refused = api_as(victor).post(f"/api/named-sources/{listed[0]['id']}/resolve/", {"url": "https://en.yna.co.kr/"},
                                  format="json")
    assert refused.status_code == 403
    done = api_as(alice).post(f"/api/named-sources/{listed[0]['id']}/resolve/", {"url": "https://en.yna.co.kr/"},
                              format="json")
    assert done.status_code == 200 and done.data["url"] == "https://en.yna.co.kr/"
    bad = api_as(alice).post(f"/api/named-sources/{listed[0]['id']}/resolve/", {"url": "ftp://x"}, format="json")
    assert bad.status_code == 400 and "url" in bad.data


def test_html_and_markdown_files_are_ingested_with_their_links(db, tmp_path, capsys):
    page = tmp_path / "container.html"
    page.write_bytes(ARTICLE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').encode("cp1252"))
    notes = tmp_path / "notiz.md"
    notes.write_text("# Notiz\n\nLaut [Destatis](/presse/2024.html) stieg der Umsatz um 3,2 Prozent.\n",
                     encoding="utf-8")
    call_command("ingest", str(page), str(notes), "--url", "https://www.weser-kurier.example/politik/a.html",
                 "--json")
    html_article, markdown_article = json.loads(capsys.readouterr().out)
    assert html_article["title"] == "Container für Moskau"
    assert "für Moskau" in Article.objects.get(pk=html_article["article"]).text  # the page's own encoding
    assert html_article["links"][1]["url"] == "https://www.weser-kurier.example/daten/handel-2023.pdf"
    assert markdown_article["links"] == [{"url": "https://www.weser-kurier.example/presse/2024.html",
                                          "anchor": "Destatis", "start": 12, "end": 20}]
    assert markdown_article["claims"][0]["named_sources"] == [{"name": "Destatis", "kind": "official",
                                                                "start": 12, "end": 20}]


def test_the_same_page_changed_since_is_the_same_article_with_a_new_version(db, newsroom):
    url = address(newsroom, "/politik/container.html")
    first, _ = services.article_from_url(url=url)
    newsroom.pages["/politik/container.html"] = Page(ARTICLE.replace("fast 7.000 Container", "fast 6.000 Container"))
    again, created = services.article_from_url(url=url)
    assert (again.pk, created, Article.objects.count()) == (first.pk, False, 1)
    version = ArticleVersion.objects.get(article=first)
    assert version.anchors.filter(status=AnchorStatus.CHANGED).count() == 1
