from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims import services
from claims.annotate import ClaimMark, annotated
from claims.models import Claim
from tests.factories import ArticleFactory, claim_at, figure_at


def mark(number, start, end, status="unreviewed"):
    return ClaimMark(number, start, end, status, status.title(), f"/c/{number}/")


class Runs(HTMLParser):
    """What the page's script sees: each data-at run with its text, and text outside runs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs, self.outside, self.stack = [], [], []

    def handle_starttag(self, tag, attrs):
        self.stack.append(dict(attrs).get("data-at"))

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        at = self.stack[-1] if self.stack else None
        (self.runs.append((int(at), data)) if at is not None else self.outside.append(data))


def runs_of(html: str) -> Runs:
    parser = Runs()
    parser.feed(str(html))
    return parser


def test_every_character_sits_at_its_offset_and_numbers_stay_outside():
    text = "Vorwort.\r\nSüdkorea nannte bis zu fünf Millionen Geschosse. 🙂 Danach: fast 7.000 Container."
    a, b = text.index("Südkorea"), text.index("Geschosse.") + len("Geschosse.")
    f = text.index("fünf Millionen")
    html = annotated(text, [mark(1, a, b), mark(2, text.index("fast"), len(text))], [(f, f + 14)])
    parsed = runs_of(html)
    rebuilt = "".join(data for _, data in sorted(parsed.runs))
    assert rebuilt == text
    assert all(text[at : at + len(data)] == data for at, data in parsed.runs)
    assert parsed.outside == ["#1", "#2"]


def test_a_carriage_return_is_written_as_a_reference_so_html_cannot_fold_it():
    html = str(annotated("a\r\nb", [], []))
    assert "\r" not in html and "&#13;" in html


def test_article_markup_shows_as_text():
    text = 'Titel <script>alert(1)</script> und "><img src=x onerror=alert(2)> Ende.'
    html = str(annotated(text, [mark(1, 0, len(text))], []))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&quot;&gt;&lt;img" in html


def test_overlapping_claims_open_the_narrower_and_name_both():
    text = "Eins zwei drei vier."
    html = str(annotated(text, [mark(1, 0, 19), mark(2, 5, 14, "supported")], []))
    assert re.search(r'<mark class="claim status-supported overlap" data-claim="2" data-href="/c/2/" '
                     r'title="#2 Supported; #1 Unreviewed">', html)
    assert html.count('class="claim-no') == 2


@pytest.fixture
def article(db):
    return ArticleFactory(text="Kurz.\r\nSüdkorea nannte bis zu fünf Millionen Geschosse. US-Beamte zählten "
                               "fast 7.000 Container.")


def test_the_article_page_marks_claims_with_status_and_links(client, alice, article):
    claim = claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    figure_at(claim, "7.000", value=7000)
    client.force_login(alice)
    page = client.get(f"/admin/claims/article/{article.pk}/change/")
    assert page.status_code == 200
    html = page.text
    assert f'href="/admin/claims/claim/{claim.pk}/change/"' in html
    assert 'class="claim status-unreviewed"' in html and '<mark class="figure" tabindex="0" data-reading="' in html
    assert 'id="create-claim"' in html and "Create claim #2 from the selection" in html


def test_a_viewer_sees_the_text_without_the_selection_tools(client, victor, article):
    victor.is_staff = True
    victor.save()
    from django.contrib.auth.models import Permission

    victor.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(victor)
    page = client.get(f"/admin/claims/article/{article.pk}/change/")
    assert page.status_code == 200 and 'id="article-text"' in page.text
    assert 'id="selection-form"' not in page.text and 'id="extract-again"' not in page.text


def select(client, article, start, end, **extra):
    return client.post(f"/admin/claims/article/{article.pk}/claims/from-selection/",
                       {"start": start, "end": end, "action": "create", **extra}, follow=True)


def test_a_selection_becomes_the_next_claim_trimmed_of_spaces(client, alice, article):
    claim_at(article, "Kurz.")
    client.force_login(alice)
    start = article.text.index("Südkorea") - 1  # the space-like line break before it
    end = article.text.index("Geschosse.") + len("Geschosse.") + 1
    response = select(client, article, start, end, speaker="Verteidigungsminister")
    claim = article.claims.get(number=2)
    assert claim.text == "Südkorea nannte bis zu fünf Millionen Geschosse."
    assert claim.speaker == "Verteidigungsminister"
    assert "Claim #2 created" in response.text


@pytest.mark.parametrize(("start", "end", "says"), [
    ("", "", "Select a passage"), ("x", "4", "Select a passage"), (5, 3, "is not inside"),
    (0, 10_000, "is not inside"), (5, 7, "only spaces"),
])
def test_a_bad_selection_is_a_message_and_nothing_is_created(client, alice, article, start, end, says):
    client.force_login(alice)
    response = select(client, article, start, end)
    assert response.status_code == 200 and says in response.text
    assert not article.claims.exists()


def test_a_claim_span_moves_to_the_selection_only_from_the_version_seen(client, alice, rita, article):
    claim = claim_at(article, "Südkorea nannte")
    client.force_login(alice)
    url = f"/admin/claims/article/{article.pk}/claims/from-selection/"
    end = article.text.index("Geschosse.") + len("Geschosse.")
    data = {"start": claim.start, "end": end, "action": "adjust", "claim": 1, "version": claim.version}
    services.claim_update(claim=claim, user=rita, changes={"speaker": "Shin"})  # someone else, meanwhile
    response = client.post(url, data, follow=True)
    assert "changed by someone else since you opened it" in response.text
    assert Claim.objects.get(pk=claim.pk).end == claim.end
    response = client.post(url, {**data, "version": claim.version + 1}, follow=True)
    assert Claim.objects.get(pk=claim.pk).text.endswith("Geschosse.")


def test_only_editors_create_claims_from_a_selection(client, victor, article):
    victor.is_staff = True
    victor.save()
    client.force_login(victor)
    response = select(client, article, 0, 5)
    assert response.status_code == 403 and not article.claims.exists()
    assert client.get(f"/admin/claims/article/{article.pk}/claims/from-selection/").status_code in (302, 405)


def test_extract_again_from_the_page_keeps_claims_and_says_what_it_found(client, alice, article):
    kept = claim_at(article, "Kurz.")
    client.force_login(alice)
    response = client.post(f"/admin/claims/article/{article.pk}/extract-again/", follow=True)
    assert "Extraction found" in response.text
    assert article.claims.get(number=1).pk == kept.pk
    again = client.post(f"/admin/claims/article/{article.pk}/extract-again/", follow=True)
    assert "Extraction found no new claims." in again.text


ALPHABET = "ab ü\r\n<&\"'🙂\u2028"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40).flatmap(lambda text: st.tuples(
    st.just(text),
    st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=6),
    st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=4),
)))
def test_any_spans_give_the_text_back_at_its_offsets_with_each_run_in_its_claims(case):
    text, claim_spans, figures = case
    claims = [mark(n, a, b) for n, (a, b) in enumerate(claim_spans, start=1)]
    parsed = runs_of(annotated(text, claims, figures))
    assert "".join(data for _, data in sorted(parsed.runs)) == text  # CR comes back as written (&#13;)
    assert all(text[at : at + len(data)] == data for at, data in parsed.runs)
    assert parsed.outside == [f"#{c.number}" for c in sorted(claims, key=lambda c: (c.start, c.number))
                              if c.start < c.end]
    html = str(annotated(text, claims, figures))
    for at, _ in parsed.runs:
        covering = [c for c in claims if c.start <= at < c.end]
        opened = re.search(rf'data-claim="(\d+)"[^>]*><(?:mark class="figure"><)?span data-at="{at}"', html)
        assert bool(covering) == bool(opened)
        if covering:
            narrowest = min(covering, key=lambda c: (c.end - c.start, c.number))
            assert opened[1] == str(narrowest.number)


def test_a_long_article_is_edited_from_the_desk_not_from_a_form_row_per_claim(client, alice):
    from claims.admin.article_page import INLINE_CLAIMS_MAX

    article = ArticleFactory(text="Satz. " * (INLINE_CLAIMS_MAX + 1))
    for n in range(INLINE_CLAIMS_MAX + 1):
        services.claim_create(article=article, start=6 * n, end=6 * n + 5)
    client.force_login(alice)
    page = client.get(f"/admin/claims/article/{article.pk}/change/")
    assert page.status_code == 200 and "too many to edit in one form" in page.text
    assert 'name="claims-TOTAL_FORMS"' not in page.text and f'id="claim-{INLINE_CLAIMS_MAX + 1}"' in page.text
    fewer = ArticleFactory()
    claim_at(fewer, "Nach Angaben")
    page = client.get(f"/admin/claims/article/{fewer.pk}/change/")
    assert 'name="claims-TOTAL_FORMS"' in page.text and "too many to edit" not in page.text


@pytest.mark.parametrize(("language", "counted"), [("en", "2 contradictions, 1 series"),
                                                   ("de", "2 Widersprüche, 1 Zeitreihe")])
def test_links_to_other_articles_are_counted_in_words_with_their_plural(client, alice, article, language, counted):
    claim = claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    ours = figure_at(claim, "7.000", value=7000)
    for text, kind in (("Der Zoll zählte 5.000 Container.", "contradiction"),
                       ("Die Marine zählte 9.000 Container.", "contradiction"),
                       ("Im Vorjahr waren es 3.000 Container.", "series")):
        other = figure_at(claim_at(ArticleFactory(text=text), text), text.split()[-2], value=1)
        services.conflict_create(figure_a=ours, figure_b=other, kind=kind)
    client.force_login(alice)
    page = client.get(f"/admin/claims/article/{article.pk}/change/", HTTP_ACCEPT_LANGUAGE=language)
    assert f'{counted}</a>' in page.text
