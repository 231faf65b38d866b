"""Dates, sentences and speakers."""

from __future__ import annotations

from datetime import date

import pytest

from claims.extraction import extract
from claims.extraction.sentences import split

PUBLISHED = date(2024, 6, 20)


def dates(text: str, language: str = "de", published: date | None = PUBLISHED) -> list[tuple[str, str]]:
    return [(f["text"], f["value"]) for c in extract(text, language=language, published=published)
            for f in c["figures"] if f["kind"] == "date"]


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Er kam am 19.06.2024 an.", "de", [("19.06.2024", "2024-06-19")]),
    ("Er kam am 17. Juni 2024 an.", "de", [("17. Juni 2024", "2024-06-17")]),
    ("Er kam am 17. Juni an.", "de", [("17. Juni", "2024-06-17")]),
    ("Das Veto kam im März 2024.", "de", [("März 2024", "2024-03")]),
    ("Das war im Oktober 2006.", "de", [("Oktober 2006", "2006-10")]),
    ("Der Vertrag stammt von 1961.", "de", [("1961", "1961")]),
    ("In den 1960er-Jahren war das anders.", "de", [("1960er-Jahren", "1960/1969")]),
    ("Er blieb vom 19. bis zum 20. Juni.", "de", [("19.", "2024-06-19"), ("20. Juni", "2024-06-20")]),
    ("Zwischen 2015 und 2021 sank er.", "de", [("2015", "2015"), ("2021", "2021")]),
    ("The war lasted from 1950-1953.", "en", [("1950", "1950"), ("1953", "1953")]),
    ("He arrived on 19 June 2024.", "en", [("19 June 2024", "2024-06-19")]),
    ("He arrived on June 19, 2024.", "en", [("June 19, 2024", "2024-06-19")]),
    ("The veto came in March 2024.", "en", [("March 2024", "2024-03")]),
    ("That was in the 1950s.", "en", [("1950s", "1950/1959")]),
    ("Trade may 2023 have grown.", "en", [("2023", "2023")]),
])
def test_dates_as_precise_as_the_text(text, language, expected):
    assert dates(text, language) == expected


def test_a_day_without_a_year_needs_the_publication_date():
    assert dates("Er kam am 17. Juni an.", published=None) == []


def test_a_year_before_a_plural_noun_is_a_count():
    found = extract("Russland entsandte 2000 Soldaten.", published=PUBLISHED)[0]["figures"]
    assert [(f["kind"], f["value"], f["unit"]) for f in found] == [("count", 2000, "Soldaten")]


def test_an_impossible_date_is_no_figure():
    assert dates("Am 31.02.2024 geschah nichts.") == []


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split(text)]


def test_sentences_survive_abbreviations_ordinals_and_grouping():
    text = ("Putin landete am 19. Juni in Pjöngjang. Laut Dr. Kim kamen z. B. 7.000 Container an. "
            "Der 2. Weltkrieg endete 1945. Danach sank es.\n\nNeuer Absatz: Er sagte: \"Es sind 5 Mio.\" Dann ging er.")
    assert sentences(text) == [
        "Putin landete am 19. Juni in Pjöngjang.", "Laut Dr. Kim kamen z. B. 7.000 Container an.",
        "Der 2. Weltkrieg endete 1945.", "Danach sank es.", "Neuer Absatz: Er sagte: \"Es sind 5 Mio.\"",
        "Dann ging er.",
    ]


def test_claims_are_numbered_sentences_with_figures():
    text = "Ohne Zahl. Mit 7.000 Containern. Wieder ohne. Und 2023 mehr.\r\n"
    claims = extract(text, published=PUBLISHED)
    assert [(c["number"], c["text"]) for c in claims] == [(1, "Mit 7.000 Containern."), (2, "Und 2023 mehr.")]


@pytest.mark.parametrize(("text", "language", "speaker"), [
    ("Südkoreas Verteidigungsminister Shin Won-sik bezifferte die Zahl auf bis zu fünf Millionen.", "de",
     "Shin Won-sik"),
    ("Laut US-Beamten waren es fast 7.000 Container.", "de", "US-Beamten"),
    ("Es seien 7.000 Container, sagte Kirby.", "de", "Kirby"),
    ("Es seien 7.000 Container, meint Lankov.", "de", "Lankov"),
    ("According to US officials, almost 7,000 containers were shipped.", "en", "US officials"),
    ("Shin said the North sent up to five million shells.", "en", "Shin"),
    ("Es waren 7.000 Container.", "de", ""),
])
def test_the_speaker_the_sentence_names(text, language, speaker):
    assert extract(text, language=language, published=PUBLISHED)[0]["speaker"] == speaker
