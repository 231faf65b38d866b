"""Search by words and figures (claims.search): the query read as an article is, the claims found through the API's
?text= and the admin's search box, on PostgreSQL here and on SQLite in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from claims import search, services
from claims.models import Claim
from claims.services import figures_derive

ROOT = Path(__file__).resolve().parents[2]

ARTICLES = {
    "de": "Südkoreas Verteidigungsminister sagte, Nordkorea habe bis zu fünf Millionen Artilleriegeschosse geliefert. "
          "Andere Schätzungen nennen 500.000 Granaten. "
          "US-Beamte zählten fast 7.000 Container. "
          "Der Gipfel in Pjöngjang begann am 19. Juni 2024.",
    "en": "Officials said North Korea had shipped 5,000,000 shells to Russia. Trade fell to 2 million dollars.",
}


def test_a_figure_in_the_query_is_read_as_in_an_article():
    shells = search.read("5 Mio. Granaten")
    assert shells.words == ()
    (wanted,) = shells.figures
    assert (wanted.measure, wanted.quantity, wanted.low, wanted.high) == (
        "count", "=q:artilleriegeschoss", Decimal(5_000_000), Decimal(5_000_000))
    # The same thing counted in English, read as English because German names no quantity in it.
    assert search.read("5.000.000 shells").figures == shells.figures
    assert search.read("500.000 Granaten").figures[0].low == 500_000
    # Seven thousand containers in German, not seven.
    assert search.read("7.000 Container").figures[0].low == 7000


def test_words_beside_figures_and_dates_as_precise_as_written():
    query = search.read("Putin Kim 19. Juni 2024")
    assert query.words == ("Putin", "Kim")
    assert query.figures[0].date == "2024-06-19"
    assert search.read("Juni 2024").figures[0].date == "2024-06"
    assert search.read("Container").figures == ()
    # A hedge widens what the query asks for, "rund" as far as the number is precise: 1,150 to 1,250.
    (about,) = search.read("rund 1.200 Arbeitsplätze").figures
    assert (about.low, about.high) == (1150, 1250)
    assert search.read("fast 7.000 Container").figures[0].low < 7000
    # Never wider than the reader's own tenth: "rund 1.000" is not 500 to 1,500.
    (thousand,) = search.read("rund 1.000 Container").figures
    assert (thousand.low, thousand.high) == (900, 1100)


def test_a_query_is_read_in_the_language_its_numbers_are_written_in():
    # "2,000" groups thousands in English; in German it would be two.
    (officers,) = search.read("nearly 2,000 officers").figures
    assert (officers.quantity, officers.low, officers.high) == ("=q:officers", 1800, 2000)
    assert search.read("100,000 protesters").figures[0].low == 100_000
    assert search.read("4,1 % Arbeitslosenquote").figures[0].low == Decimal("4.1")
    # A query alone on its line is no postcode ("3000 Bern"): four digits and a noun are a figure.
    (jobs,) = search.read("3000 Stellen").figures
    assert (jobs.quantity, jobs.low) == ("=q:jobs", 3000)
    # Points are not percent.
    assert search.read("0,2 Prozentpunkte").figures[0].points
    assert not search.read("0,2 Prozent").figures[0].points


@pytest.fixture
def desk(db):
    for language, text in ARTICLES.items():
        services.article_create(title=f"Gipfel {language}", text=text, language=language, publisher="Beispiel",
                                extract=True)
    figures_derive(claim_ids=Claim.objects.values_list("pk", flat=True))


def found(client, query: str) -> list[str]:
    response = client.get("/api/claims/", {"text": query})
    assert response.status_code == 200, response.content
    return sorted(row["text"][:30] for row in response.json()["results"])


@pytest.mark.parametrize(("query", "expected"), [
    ("5 Mio. Granaten", ["Officials said North Korea had", "Südkoreas Verteidigungsministe"]),
    ("5.000.000 shells", ["Officials said North Korea had", "Südkoreas Verteidigungsministe"]),
    ("500.000 Granaten", ["Andere Schätzungen nennen 500."]),
    ("7.000 Container", ["US-Beamte zählten fast 7.000 C"]),
    ("7 Container", []),
    ("Container", ["US-Beamte zählten fast 7.000 C"]),
    ("Containern Beamten", ["US-Beamte zählten fast 7.000 C"]),  # by their stems
    ("19. Juni 2024", ["Der Gipfel in Pjöngjang begann"]),
    ("Juni 2024 Pjöngjang", ["Der Gipfel in Pjöngjang begann"]),
    # The figures pick the claim, the words its story: containers are in the summit's report, football is not.
    ("Juni 2024 Container", ["Der Gipfel in Pjöngjang begann"]),
    ("Juni 2024 Fußball", []),
    ("Pjöngjang 7.000 Container", ["US-Beamte zählten fast 7.000 C"]),
    ("Verteidigungsminister fünf Millionen Granaten", ["Südkoreas Verteidigungsministe"]),
])
def test_the_api_finds_claims_by_words_and_figures(desk, root, api_as, query, expected):
    assert found(api_as(root), query) == expected


def test_a_query_too_long_or_of_nothing_is_answered_clearly(desk, root, api_as):
    client = api_as(root)
    too_long = client.get("/api/claims/", {"text": "Granaten " * 40})
    assert too_long.status_code == 400 and "text" in too_long.json()
    assert found(client, "!!! ???") == []
    # Stop words alone are no search (and no scan of every claim's text); beside a figure they are left out.
    assert found(client, "und die") == []
    assert found(client, "und 7.000 Container") == ["US-Beamte zählten fast 7.000 C"]


def test_the_admin_search_box_is_the_same_search(desk, root, client):
    client.force_login(root)
    page = client.get("/admin/claims/claim/", {"q": "5 Mio. Granaten"})
    assert page.status_code == 200
    assert "Officials said North Korea" in page.content.decode() and "500.000 Granaten" not in page.content.decode()
    by_speaker = client.get("/admin/claims/claim/", {"q": "Officials"})
    assert "Officials said" in by_speaker.content.decode()


SQLITE_RUN = """
import django, os
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from claims import search, services
from claims.models import Claim
from claims.services import figures_derive
text = {text!r}
services.article_create(title="Gipfel", text=text, language="de", publisher="Beispiel", extract=True)
figures_derive(claim_ids=Claim.objects.values_list("pk", flat=True))
for query in ("5 Mio. Granaten", "Container", "Containern", "Container Pjöngjang", "19. Juni 2024"):
    print(query, "->", [c.text[:20] for c in search.matching(Claim.objects.order_by("id"), query)])
claim = Claim.objects.get(text__startswith="US-Beamte")
claim.delete()
print("after delete ->", [c.text[:20] for c in search.matching(Claim.objects.all(), "Container")])
"""


def test_on_sqlite_the_same_search_runs_on_fts5(tmp_path):
    environment = {key: value for key, value in os.environ.items() if not key.endswith("_URL")}
    environment.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", DEBUG="true",
                       DJANGO_SETTINGS_MODULE="factcheck.settings", LOG_LEVEL="WARNING")
    run = subprocess.run([sys.executable, "-c", SQLITE_RUN.format(text=ARTICLES["de"])], cwd=ROOT, env=environment,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert "5 Mio. Granaten -> ['Südkoreas Verteidigu']" in lines
    assert "Container -> ['US-Beamte zählten fa']" in lines
    # FTS5 has no German stemmer: a word or its lemma is a prefix ("Containern" finds "Container" by its lemma).
    assert "Containern -> ['US-Beamte zählten fa']" in lines
    assert "19. Juni 2024 -> ['Der Gipfel in Pjöngj']" in lines
    assert "Container Pjöngjang -> []" in lines
    assert "after delete -> []" in lines


def test_a_name_finds_what_its_speaker_said_and_points_are_not_percent(db, root, api_as):
    text = ("Südkoreas Verteidigungsminister Shin Won-sik nannte 5.000 Granaten. "
            "Nordkorea habe 6.700 Container geliefert, sagte Shin. "
            "Es seien 300 Raketen, sagte Strauß. "
            "Die Teuerung ging um 0,2 Prozentpunkte zurück. Die Preise fielen um 0,2 Prozent.")
    services.article_create(title="Lieferungen", text=text, language="de", publisher="Beispiel", extract=True)
    figures_derive(claim_ids=Claim.objects.values_list("pk", flat=True))
    assert Claim.objects.get(text__startswith="Nordkorea").speaker == "Shin"
    client = api_as(root)
    assert found(client, "Shin Won-sik") == ["Nordkorea habe 6.700 Container", "Südkoreas Verteidigungsministe"]
    assert found(client, "Won-sik") == ["Südkoreas Verteidigungsministe"]  # a word of the text, no speaker's name
    assert Claim.objects.get(text__startswith="Es seien").speaker == "Strauß"
    assert found(client, "Strauß") == ["Es seien 300 Raketen, sagte St"]
    Claim.objects.filter(text__startswith="Es seien").update(speaker="Kim Jong Un")
    assert found(client, "Kim Jong Un") == ["Es seien 300 Raketen, sagte St"]  # "Un" is short, but in a name
    assert found(client, "0,2 Prozentpunkte") == ["Die Teuerung ging um 0,2 Proze"]
    assert found(client, "0,2 Prozent") == ["Die Preise fielen um 0,2 Proze"]
