"""Named sources read from sentences (claims.extraction.attributions): behaviour, and the labelled sets."""

from __future__ import annotations

import pytest

from claims.extraction import attributions
from claims.services.links import name_key
from tests.claims import attribution_eval


def named(sentence: str) -> list[tuple[str, str]]:
    return [(found.name, found.kind) for found in attributions.find(sentence)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Laut der „New York Times“ waren es mehr als 1.000 Container.", [("New York Times", "outlet")]),
    ("Der Handel fiel auf zwei Millionen Dollar, berichtete die Nachrichtenagentur Yonhap.",
     [("Nachrichtenagentur Yonhap", "agency")]),
    ("Wie das Statistische Bundesamt am Dienstag mitteilte, stieg die Zahl um 3,2 Prozent.",
     [("Statistische Bundesamt", "official")]),
    ("Nach Angaben des Pentagons wurden 5 Millionen Geschosse geliefert.", [("Pentagons", "official")]),
    ("Exports rose 4% in May, according to Reuters.", [("Reuters", "agency")]),
    ("Laut Finanzminister Christian Lindner fehlen 17 Milliarden Euro.", [("Finanzminister Christian Lindner",
                                                                           "person")]),
    ("Nach DWD-Angaben lagen 25 Stationen über 40 Grad.", [("DWD", "official")]),
])
def test_the_source_a_sentence_names_is_found_with_its_kind(sentence, expected):
    assert named(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Experten zufolge sind es 12.000.",
    "Nach Angaben von US-Beamten wurden fast 7.000 Container geliefert.",
    "Südkoreas Verteidigungsminister Shin Won-sik sagte, bis zu fünf Millionen Geschosse seien geliefert worden.",
    "Officials said 3,000 people had left.",
    "Laut Fahrplan trifft der Zug um 14.32 Uhr ein.",
    "Mit 105 Dezibel war das Konzert so laut wie eine Kettensäge.",
    "Den Schaden bezifferte man auf 10.000 Euro.",
])
def test_speakers_vague_groups_and_other_senses_name_no_source(sentence):
    assert named(sentence) == []


def test_offsets_index_the_text():
    text = "Erster Satz.\n\nDie Exporte stiegen um 4,1 Prozent, wie die Nachrichtenagentur dpa meldete."
    [found] = attributions.find(text)
    assert text[found.start : found.end] == found.name == "Nachrichtenagentur dpa"
    assert attributions.find(text, 0, 12) == []


@pytest.mark.parametrize(("one", "other"), [
    ("Pentagons", "Pentagon"), ("Statistischen Bundesamts", "Statistische Bundesamt"),
    ("Nachrichtenagentur Yonhap", "Yonhap"), ("„Süddeutschen Zeitung“", "Süddeutsche Zeitung"),
])
def test_one_source_named_two_ways_has_one_key(one, other):
    assert name_key(one) == name_key(other)


def test_two_sources_keep_two_keys():
    assert name_key("Reuters") != name_key("Yonhap")
    assert name_key("Bundesamt für Statistik") != name_key("Bundesamt für Justiz")


# The floors of the issue (precision 90 %, recall 80 %) on every labelled set: the development set, the held-out
# set (first run 90.2 % / 76.9 %; its misses were then read, so it guards against going back) and the second blind
# round, run once untouched (96.3 % / 82.3 %). See tests/claims/attribution_corpus/README.md.
@pytest.mark.parametrize("name", ["dev.jsonl", "heldout.jsonl", "blind2.jsonl"])
def test_labelled_sentences_meet_the_floors(name):
    score = attribution_eval.evaluate(attribution_eval.CORPUS / name)
    assert score.precision >= 0.90, score.false
    assert score.recall >= 0.80, score.misses
    assert score.kind_right / score.matched >= 0.80, score.kinds
