"""Numbers longer than the figure columns hold: the figure is left out, never the article (API, ingest, admin);
an id or a version past its column is a message, never a 500."""

from __future__ import annotations

import json
import string
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import services
from claims.extraction import extract
from claims.models import Article, Figure
from tests.factories import ArticleFactory, claim_at

pytestmark = pytest.mark.django_db

DIGITS = [25, 28, 29, 40, 5_000]


def text_with(digits: int) -> str:
    """A figure too long for the columns, then one that fits, in sentences of their own."""
    return f"Die Behörde zählte {'7' * digits} Container. Sie zählte fast 7.000 Soldaten."


def assert_only_the_short_figure(article: Article) -> None:
    figures = list(Figure.objects.filter(claim__article=article).values_list("text", "value", "low", "high"))
    assert figures == [("fast 7.000 Soldaten", Decimal(7000), Decimal(6300), Decimal(7000))]
    assert [c.number for c in article.claims.all()] == [1]


@pytest.mark.parametrize("digits", DIGITS)
def test_posting_an_article_with_a_huge_number_keeps_the_article_and_leaves_the_number_out(api_as, alice, digits):
    response = api_as(alice).post("/api/articles/", {"title": "T", "text": text_with(digits)}, format="json")
    assert response.status_code == 201, response.data
    assert [f["text"] for c in response.data["claims"] for f in c["figures"]] == ["fast 7.000 Soldaten"]
    assert_only_the_short_figure(Article.objects.get(pk=response.data["id"]))


@pytest.mark.parametrize("digits", DIGITS)
def test_ingest_stores_a_file_with_a_huge_number(tmp_path, capsys, digits):
    path = tmp_path / "nummer.txt"
    path.write_text(text_with(digits), encoding="utf-8")
    call_command("ingest", str(path), "--json")
    printed = json.loads(capsys.readouterr().out)
    assert_only_the_short_figure(Article.objects.get(pk=printed[0]["article"]))
    # extract prints what ingest stores (ingest adds what the claim cites and names)
    call_command("extract", str(path), "--json")
    stored = [{key: value for key, value in claim.items() if key not in ("citations", "named_sources")}
              for claim in printed[0]["claims"]]
    assert json.loads(capsys.readouterr().out)["claims"] == stored


@pytest.mark.parametrize("digits", DIGITS)
def test_extract_again_in_the_admin_takes_an_article_with_a_huge_number(client, alice, digits):
    article = services.article_create(title="T", text=text_with(digits))
    client.force_login(alice)
    page = client.post(f"/admin/claims/article/{article.pk}/extract-again/", follow=True)
    assert page.status_code == 200 and "Extraction found 1 new claim(s): #1." in page.text
    listed = client.post("/admin/claims/article/", {"action": "extract_again", "_selected_action": [article.pk]},
                         follow=True)
    assert listed.status_code == 200 and "0 new claim(s)" in listed.text
    assert_only_the_short_figure(article)


def test_the_limit_is_the_columns_whole_digits(require_postgres):  # SQLite keeps a REAL: 15 digits exact
    field = Figure._meta.get_field("value")
    whole = field.max_digits - field.decimal_places  # 24
    article = services.article_ingest(title="T", text=(
        f"Genau {'9' * whole} Container. Genau {'9' * (whole + 1)} Soldaten. Rund {'9' * whole} Raketen. "
        f"Genau 0,{'1' * 20} Prozent."))
    stored = dict(Figure.objects.filter(claim__article=article).values_list("text", "value"))
    # "rund" gives a high bound of 1.1 times the value: one digit more than the column holds.
    assert stored == {f"{'9' * whole} Container": Decimal("9" * whole), "0,11111111111111111111 Prozent": Decimal(
        "0.111111")}


def test_the_limit_follows_the_model_field(monkeypatch):
    for name in ("value", "low", "high"):
        monkeypatch.setattr(Figure._meta.get_field(name), "max_digits", 12)  # 6 whole digits
    article = services.article_ingest(title="T", text="Es kamen 999.999 Container. Es kamen 1.000.000 Soldaten.")
    assert list(Figure.objects.filter(claim__article=article).values_list("text", flat=True)) == [
        "999.999 Container"]


def test_a_value_that_rounds_up_past_the_column_is_left_out():
    from claims.services.ingest import fits_column

    field = Figure._meta.get_field("value")
    whole = field.max_digits - field.decimal_places
    assert fits_column(Decimal("9" * whole + ".9999994"), field)
    assert not fits_column(Decimal("9" * whole + ".9999995"), field)  # rounds to 10^24
    assert not fits_column(Decimal("1e5000"), field) and fits_column(Decimal("1e-50"), field)
    # SQLite's REAL rounds 24 nines to 10^24, past the column
    assert not fits_column(Decimal("9" * whole), field, as_float=True)
    assert fits_column(Decimal("9" * (whole - 1)), field, as_float=True)


def test_a_figure_text_longer_than_its_column_is_left_out():
    noun = "Container" + "x" * 600
    article = services.article_ingest(title="T", text=f"Es waren 5 {noun}. Es waren 7 Boote.")
    assert list(Figure.objects.filter(claim__article=article).values_list("text", flat=True)) == ["7 Boote"]


# Text made of what numbers are made of: digit runs of any length (some past the columns), marks that group or
# separate them, scale and unit words, hedges, and a little of anything else.
PIECES = st.one_of(
    st.integers(1, 60).map(lambda n: "7" * n),
    st.sampled_from(["5000", "1" * 300, "9" * 4_400]),
    st.sampled_from([".", ",", " ", "\u00a0", ".000", ",5", "-", "%", "€", "$", "\n\n", ". ", "/"]),
    st.sampled_from(["Mio.", "Milliarden", "Billionen", "billion", "million", "Tsd.", "bn", "k", "Prozent",
                     "Dollar", "Jahre", "Container", "fast", "rund", "bis zu", "mehr als", "von", "auf", "im März",
                     "19. Juni 2024", "1960er", "zweitägig", "Vierteljahrhundert", "zwei", "twenty-one"]),
    st.text(alphabet=string.ascii_letters + "äöüß .,\n", max_size=8),
)
TEXTS = st.lists(st.tuples(PIECES, st.sampled_from(["", " "])), min_size=1, max_size=30).map(
    lambda parts: "".join(piece + gap for piece, gap in parts))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, language=st.sampled_from(["de", "en"]))
def test_extraction_never_raises_whatever_the_numbers(text, language):
    for claim in extract(text, language=language):
        assert text[claim["start"] : claim["end"]] == claim["text"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, language=st.sampled_from(["de", "en"]))
def test_storing_never_raises_and_keeps_only_what_fits(text, language):
    from claims.services.ingest import fits_column

    if not text.strip():
        return
    with transaction.atomic():
        article = services.article_ingest(title="T", text=text, language=language)
        for name in ("value", "low", "high"):
            field = Figure._meta.get_field(name)
            for number in Figure.objects.filter(claim__article=article).values_list(name, flat=True):
                assert fits_column(number, field)
        for claim in article.claims.all():
            assert claim.text == text[claim.start : claim.end] and claim.figures.exists()
        transaction.set_rollback(True)


# Hostile input that is already handled (kept: nothing else sends integers past the columns to the new views).
HUGE = str(10**30)
STALE = "changed by someone else since you opened it"
TEXT = ("Kurz.\r\nSüdkorea nannte bis zu fünf Millionen Geschosse. US-Beamte zählten "
        "fast 7.000 Container.")


def test_integers_past_the_columns_are_messages_not_500s(client, alice):
    article = ArticleFactory(text=TEXT)
    claim = claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    client.force_login(alice)
    selection = f"/admin/claims/article/{article.pk}/claims/from-selection/"
    moved = client.post(selection, {"start": claim.start, "end": claim.end, "action": "adjust", "claim": HUGE,
                                    "version": HUGE}, follow=True)
    assert moved.status_code == 200 and "has no claim" in moved.text
    huge_article = f"/admin/claims/article/{HUGE}"
    assert client.post(f"{huge_article}/claims/from-selection/", {"start": 0, "end": 3}).status_code == 302
    assert client.post(f"{huge_article}/extract-again/").status_code == 302
    assert client.post(f"/admin/claims/claim/deleted/{HUGE}/restore/", follow=True).status_code == 200
    data = {"start": claim.start, "end": claim.end, "speaker": "x", "status": "unreviewed", "seen_version": HUGE,
            "figures-TOTAL_FORMS": "0", "figures-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0"}
    stale = client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert stale.status_code == 200 and STALE in stale.text
