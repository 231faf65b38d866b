"""Ingest: files and API posts become articles with numbered claims and figures."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from claims import services
from claims.models import Article, Claim, Figure
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Gipfel in Pjöngjang\n\n"
    "Südkoreas Verteidigungsminister Shin Won-sik bezifferte die Lieferungen auf bis zu fünf Millionen "
    "Artilleriegeschosse. Ohne Zahl hier. Im März 2024 zählten US-Beamte fast 7.000 Container.\r\n"
)
SHORT = ("Kurz.\r\nSüdkorea nannte bis zu fünf Millionen Geschosse. US-Beamte zählten "
         "fast 7.000 Container.")
# Qualifiers and signs the figure table's checks must take.
BILANZ = (
    "Bilanz\n\n"
    "Es kamen mindestens 500 Gäste. Der Gewinn sank um gut 21 Prozent. "
    "Die Sparte schrieb rote Zahlen (-14 Millionen Franken), mit rund -10 Prozent zum Vorjahr.\n"
)


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "gipfel.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def test_ingest_stores_claims_and_figures_with_offsets_into_the_verbatim_text(article_file, capsys):
    call_command("ingest", str(article_file), "--published", "2024-06-20", "--json")
    printed = json.loads(capsys.readouterr().out)
    article = Article.objects.get(pk=printed[0]["article"])
    assert article.text == TEXT and article.title == "Gipfel in Pjöngjang"
    claims = printed[0]["claims"]
    assert [c["number"] for c in claims] == [1, 2]
    for claim in claims:
        assert TEXT[claim["start"] : claim["end"]] == claim["text"]
        for figure in claim["figures"]:
            assert TEXT[figure["start"] : figure["end"]] == figure["text"]
    shells = claims[0]["figures"][0]
    assert (shells["value"], shells["low"], shells["high"], shells["qualifier"]) == (5_000_000, 0, 5_000_000, "up_to")
    assert claims[0]["speaker"] == "Shin Won-sik"
    assert Figure.objects.get(text="fast 7.000 Container").as_of == "2024-03"


def test_extract_prints_claims_and_stores_nothing(article_file, capsys):
    call_command("extract", str(article_file), "--published", "2024-06-20", "--json")
    assert [c["number"] for c in json.loads(capsys.readouterr().out)["claims"]] == [1, 2]
    assert not Article.objects.exists()


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"), (b"  \n\n", "is empty"), (b"a\x00b", "looks binary"),
    ("Grüße 5 Mio.".encode("latin-1"), "is not UTF-8"), (b"x" * 300, "over the limit"),
])
def test_bad_files_get_one_clear_line_and_nothing_is_stored(tmp_path, article_file, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("ingest", str(article_file), str(bad), "--max-bytes", "250")
    assert not Article.objects.exists()


def test_a_missing_file_and_a_bad_date_are_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("extract", str(tmp_path / "nope.txt"))
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("extract", str(tmp_path / "nope.txt"), "--published", "20.06.2024")


def test_extracting_again_keeps_numbers_and_editors_claims(alice):
    article = services.article_ingest(title="T", text=TEXT, language="de")
    first = list(article.claims.values_list("number", "start"))
    extra = services.claim_create(article=article, start=TEXT.index("Ohne"), end=TEXT.index("Ohne") + 16)
    Claim.objects.get(number=1, article=article).delete()
    # An editor deleted #1: extracting again neither brings it back nor renumbers; history can restore it.
    assert services.article_extract(article=article) == []
    kept = dict(article.claims.values_list("start", "number"))
    assert kept[first[1][1]] == 2 and kept[extra.start] == 3 and first[0][1] not in kept


def test_extracting_again_leaves_out_passages_an_editor_re_spanned(alice):
    article = services.article_ingest(title="T", text=TEXT, language="de")
    claim = article.claims.get(number=2)
    services.claim_update(claim=claim, user=alice, changes={"start": claim.start + 3})
    assert services.article_extract(article=article) == []
    assert list(article.claims.values_list("number", flat=True)) == [1, 2]


def test_extract_again_leaves_out_a_passage_whose_claim_was_trimmed_then_deleted(rita):
    """Passages editors deleted stay out, also when the claim was trimmed before it was deleted."""
    article = ArticleFactory(text=SHORT)
    found = services.article_extract(article=article)
    claim = next(c for c in found if c.text.startswith("Südkorea"))
    start = article.text.index("bis zu")
    services.claim_update(claim=claim, user=rita, changes={"start": start})  # trimmed to the figure's words
    Claim.objects.get(pk=claim.pk).delete()  # then judged not worth checking
    assert services.article_extract(article=article) == []


def test_extracting_again_adds_what_is_missing_under_new_numbers(alice):
    article = services.article_create(title="T", text=TEXT)
    at = TEXT.index("Südkoreas")
    services.claim_create(article=article, start=at, end=at + 10)
    added = services.article_extract(article=article)
    assert [c.number for c in added] == [2]  # the sentence on shells overlaps claim #1 and stays out
    assert added[0].text.startswith("Im März 2024")
    assert article.claims.get(number=2).history.get().history_change_reason == services.EXTRACTED


def test_posting_an_article_returns_its_claims(api_as, alice):
    response = api_as(alice).post(
        "/api/articles/", {"title": "T", "text": TEXT, "published": "2024-06-20"}, format="json"
    )
    assert response.status_code == 201, response.data
    claims = response.data["claims"]
    assert [c["number"] for c in claims] == [1, 2]
    assert claims[1]["figures"][-1]["text"] == "fast 7.000 Container"
    plain = api_as(alice).post("/api/articles/", {"title": "T", "text": TEXT, "extract": False}, format="json")
    assert plain.data["claims"] == []


def test_the_admin_extract_again_action(client, alice):
    article = services.article_create(title="T", text=TEXT)
    client.force_login(alice)
    response = client.post("/admin/claims/article/", {"action": "extract_again", "_selected_action": [article.pk]},
                           follow=True)
    assert "2 new claim(s)" in response.text
    assert article.claims.count() == 2


def test_at_least_just_over_and_negative_amounts_are_stored(tmp_path):
    """The qualifiers at_least and just_over, and negative amounts, pass the figure table's checks when stored."""
    path = tmp_path / "bilanz.txt"
    path.write_bytes(BILANZ.encode("utf-8"))
    call_command("ingest", str(path), "--published", "2024-06-20")
    stored = {f.text: (f.value, f.low, f.high, f.qualifier, f.unit) for f in Figure.objects.all()}
    assert stored == {
        "mindestens 500 Gäste": (500, 500, None, "at_least", "Gäste"),
        "gut 21 Prozent": (21, 21, Decimal("23.1"), "just_over", "%"),
        "-14 Millionen Franken": (-14_000_000, -14_000_000, -14_000_000, "", "CHF"),
        "rund -10 Prozent": (-10, -11, -9, "about", "%"),
    }
