"""Reading articles from web pages and Markdown (claims.web): no database, no network."""

from __future__ import annotations

import pytest

from claims.web import read_html, read_markdown
from claims.web.text import absolute
from tests.claims import webpage_eval

PAGES = [(folder, path.stem) for folder in (webpage_eval.PAGES, webpage_eval.BLIND2)
         for path in sorted(folder.glob("*.html"))]


@pytest.mark.parametrize(("folder", "name"), PAGES, ids=[name for _, name in PAGES])
def test_a_news_page_reads_as_its_reader_sees_it(folder, name):
    score = webpage_eval.score_page(name, folder=folder)
    assert score.boilerplate_kept == [], "boilerplate in the article text"
    assert score.links_wrong == [] and score.links_extra == [], "body links and their anchors"
    assert score.boilerplate_links_kept == []
    assert score.metadata_wrong == []
    # Subheadings are the one thing a reader may not miss: paragraphs of text must all be there.
    missing = [p for p in score.missing if len(p) >= 60]
    assert missing == []


def test_all_pages_together_keep_their_paragraphs_and_no_boilerplate():
    totals = webpage_eval.totals([webpage_eval.score_page(name, folder=folder) for folder, name in PAGES])
    found, wanted = totals["paragraphs"]
    assert found / wanted >= 0.98
    assert totals["boilerplate kept"][0] == 0
    assert totals["body links"][0] == totals["body links"][1]


PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Putin besucht Kim | Weser-Kurier</title><meta name="author" content="Anna Berg">
<meta property="article:published_time" content="2024-06-19T08:00:00+02:00"></head><body>
<nav><a href="/">Start</a> <a href="/politik/">Politik</a></nav>
<article><h1>Putin besucht Kim</h1>
<p class="teaser">Der russische Präsident ist zum ersten Mal seit 24 Jahren in Pjöngjang eingetroffen.</p>
<p>Nach Angaben von <a href="https://www.nytimes.com/2024/x.html#top">US-Beamten</a> wurden bis März
   <strong>fast   7.000 Container</strong> geliefert.</p>
<p>Der Handel fiel <a href="../daten/handel.pdf">von 84 Millionen Dollar auf zwei Millionen Dollar</a>.</p>
<p>Lesen Sie auch: <a href="/politik/kim-moskau.html">Kim in Moskau</a></p>
<p>Kontakt: <a href="mailto:redaktion@example.org">Redaktion</a> schreibt 5 Antworten pro Tag.</p>
</article><footer>Weser-Kurier, Tel. 0421 123456</footer></body></html>"""


def test_offsets_of_every_link_index_the_text():
    article = read_html(PAGE, url="https://www.weser-kurier.de/politik/gipfel/putin.html")
    assert article.text.startswith("Putin besucht Kim\n\nDer russische Präsident ist")
    assert "fast 7.000 Container" in article.text  # whitespace folded as a reader sees it
    assert [(link.url, link.anchor) for link in article.links] == [
        ("https://www.nytimes.com/2024/x.html", "US-Beamten"),
        ("https://www.weser-kurier.de/politik/daten/handel.pdf", "von 84 Millionen Dollar auf zwei Millionen Dollar"),
    ]
    for link in article.links:
        assert article.text[link.start : link.end] == link.anchor
    assert "Lesen Sie auch" not in article.text and "0421" not in article.text
    assert (article.title, article.author, article.publisher, article.language) == (
        "Putin besucht Kim", "Anna Berg", "Weser-Kurier", "de")
    assert article.published.isoformat() == "2024-06-19"


def test_a_page_without_article_text_reads_as_empty_text():
    assert read_html("<html><body><nav><a href='/'>Start</a></nav></body></html>").text == ""
    assert read_html("").text == ""


def test_a_base_element_decides_where_relative_links_point():
    page = PAGE.replace("<head>", '<head><base href="https://archiv.example.org/2024/">')
    article = read_html(page, url="https://www.weser-kurier.de/politik/gipfel/putin.html")
    assert article.links[1].url == "https://archiv.example.org/daten/handel.pdf"


def test_markdown_links_become_text_with_their_offsets():
    article = read_markdown(
        "# Gipfel\n\nLaut [New York Times](https://nytimes.com/a) kamen **fast 7.000** Container, siehe "
        "[Daten][d], <https://x.org/y> und [Kontakt](mailto:a@b.org).\n\n[d]: /daten.pdf \"Tabelle\"\n",
        base="https://zeitung.de/a/b.html")
    assert article.text.startswith("Gipfel\n\nLaut New York Times kamen fast 7.000 Container, siehe Daten, ")
    assert "[d]:" not in article.text and "Kontakt" in article.text
    assert [(link.url, article.text[link.start : link.end]) for link in article.links] == [
        ("https://nytimes.com/a", "New York Times"), ("https://zeitung.de/daten.pdf", "Daten"),
        ("https://x.org/y", "https://x.org/y")]


def test_relative_markdown_links_without_an_address_keep_only_their_text():
    article = read_markdown("Siehe [Daten](/daten.pdf).")
    assert article.text == "Siehe Daten." and article.links == []


@pytest.mark.parametrize(("href", "base", "expected"), [
    ("/a", "https://x.de/b/c", "https://x.de/a"),
    ("a#frag", "https://x.de/b/c", "https://x.de/b/a"),
    ("#top", "https://x.de/", ""),
    ("mailto:a@b.de", "https://x.de/", ""),
    ("javascript:alert(1)", "https://x.de/", ""),
    ("/a", "", ""),
    ("https://[bad", "", ""),
])
def test_only_http_links_with_an_address_are_kept(href, base, expected):
    assert absolute(href, base) == expected


def test_a_content_wrapper_classed_like_a_share_bar_keeps_its_article():
    page = PAGE.replace("<article>", '<div class="post-content share-enabled ad-free">').replace(
        "</article>", '<div class="share-bar">Teilen: <a href="https://x.example/s">X</a></div></div>')
    article = read_html(page, url="https://www.weser-kurier.de/politik/gipfel/putin.html")
    assert "fast 7.000 Container" in article.text and "Teilen" not in article.text
    assert [link.anchor for link in article.links][0] == "US-Beamten"


def test_an_xhtml_page_with_an_xml_declaration_is_read_by_the_same_rules():
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + PAGE.replace("<!doctype html>", "")
    article = read_html(page, url="https://www.weser-kurier.de/politik/gipfel/putin.html")
    assert article.text.startswith("Putin besucht Kim\n\nDer russische Präsident ist")  # the lead kept
    assert "Lesen Sie auch" not in article.text and article.publisher == "Weser-Kurier"
