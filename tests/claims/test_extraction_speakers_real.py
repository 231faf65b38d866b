"""Who a sentence attributes its figures to, in the ways real reports say it."""

from __future__ import annotations

from datetime import date

import pytest

from claims.extraction import extract
from claims.extraction.speakers import speaker

PUBLISHED = date(2024, 6, 20)

GERMAN = [
    # wie X mitteilte / bestätigte / berichtete
    ("Wie das Statistische Bundesamt mitteilte, sank die Zahl um 4 Prozent.", "Statistische Bundesamt"),
    ("Wie das Statistische Bundesamt (Destatis) mitteilt, lebten dort 84 Millionen Menschen.",
     "Statistische Bundesamt"),
    ("Der Umsatz wuchs um 3 Prozent, wie der Verband am Montag mitteilte.", "Verband"),
    ("Zwölf Menschen wurden verletzt, wie die Polizei auf X bestätigte.", "Polizei"),
    ("Wie Bürgermeisterin Anna Berg berichtete, fehlen 200 Kitaplätze.", "Anna Berg"),
    # teilte X mit
    ("Am Montag teilte die Polizei mit, dass 12 Menschen verletzt wurden.", "Polizei"),
    ("Rund 300 Stellen fallen weg, teilte der Konzern mit.", "Konzern"),
    ("Die Zahl stieg auf 1.200, teilte am Dienstag das Innenministerium mit.", "Innenministerium"),
    # X zufolge
    ("Der Polizei zufolge wurden 12 Menschen verletzt.", "Polizei"),
    ("Den Angaben der Feuerwehr zufolge brannten 40 Hektar Wald.", "Feuerwehr"),
    ("Einer Studie der Bertelsmann Stiftung zufolge fehlen 400.000 Wohnungen.", "Bertelsmann Stiftung"),
    # nach Angaben von / des / der, nach Schätzung der
    ("Nach Angaben des Statistischen Bundesamts stieg die Zahl auf 84 Millionen.", "Statistischen Bundesamts"),
    ("Nach vorläufigen Angaben des Statistischen Bundesamtes waren es 1,3 Prozent mehr.",
     "Statistischen Bundesamtes"),
    ("Nach Angaben der Vereinten Nationen flohen 2 Millionen Menschen.", "Vereinten Nationen"),
    ("Nach Angaben von Amnesty International starben 40 Gefangene.", "Amnesty International"),
    ("Nach Schätzung der Weltbank wächst die Wirtschaft um 2,1 Prozent.", "Weltbank"),
    ("Nach Schätzungen des Instituts fehlen 50.000 Fachkräfte.", "Instituts"),
    ("Nach Berechnungen des Ifo-Instituts kostet das 12 Milliarden Euro.", "Ifo-Instituts"),
    # spricht X von
    ("Die Polizei spricht von 20 Verletzten.", "Polizei"),
    ("Dabei spricht die Feuerwehr von 15 Verletzten.", "Feuerwehr"),
    ("Der Veranstalter sprach von 5.000 Teilnehmern.", "Veranstalter"),
    # sagte ein Sprecher des X: the indefinite article stays
    ("Es seien 300 Raketen, sagte ein Sprecher des Kremls.", "ein Sprecher des Kremls"),
    ("Rund 90 Prozent seien geräumt, sagte eine Sprecherin der Stadt.", "eine Sprecherin der Stadt"),
    # heißt es in einer Mitteilung des X
    ("„Es gibt 31 Verletzte“, heißt es in einer Mitteilung des Innenministeriums.", "Innenministeriums"),
    ("Der Schaden liege bei 2 Millionen Euro, heißt es in der Erklärung der Staatsanwaltschaft.",
     "Staatsanwaltschaft"),
    # so X at the end
    ("Sechs Menschen wurden festgenommen, so die Polizei.", "Polizei"),
    ("Mehr als 90 Prozent sind es, so Verteidigungsminister Boris Pistorius.", "Boris Pistorius"),
    ("„Wir rechnen mit 500 Gästen“, so der Wirt.", "Wirt"),
    # a role word before a name: the name alone
    ("Der Berliner Polizeisprecher Martin Dams sagte, 10 Menschen seien verletzt.", "Martin Dams"),
    ("Laut Landrätin Eva Kühn sind 30 Häuser betroffen.", "Eva Kühn"),
]


@pytest.mark.parametrize(("text", "expected"), GERMAN)
def test_the_german_speaker(text, expected):
    assert speaker(text) == expected


ENGLISH = [
    # A definite article goes before a common noun, stays before a name (as the labelled corpus has it).
    ("According to the police, 16 people died.", "police"),
    ("According to the Office for National Statistics, prices rose 2 percent.",
     "Office for National Statistics"),
    ("Police said 16 people had died.", "Police"),
    ("Ukrainian police said 18 people were dead.", "Ukrainian police"),
    ("The company said in a statement that 300 jobs would go.", "company"),
    ("The ministry said on Tuesday that 14 people died.", "ministry"),
    ("Microsoft said on Tuesday it would cut 1,900 jobs.", "Microsoft"),
    ("The Pentagon said in a statement that 2,000 troops were ready.", "Pentagon"),
    ("A spokesman for the ministry said 40 people were hurt.", "a spokesman for the ministry"),
    ("Some 2,000 homes lost power, the utility said.", "utility"),
    ("Prices rose 3 percent, said Chief Economist Jane Doe.", "Jane Doe"),
    ("The death toll rose to 18, authorities said.", "authorities"),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_the_english_speaker(text, expected):
    assert speaker(text) == expected


NOBODY = [
    "Es waren so viele wie 2019, nämlich 12.",
    "Wie erwartet stieg der Preis um 5 Prozent.",
    "Nach 12 Jahren ist Schluss.",
    "Nach dem Spiel waren 40.000 Fans zufrieden.",
    "Die Zahl stieg auf 3 Millionen, so viel wie nie.",
    "Sie wollten 2 Millionen sammeln, so dass der Bau beginnen kann.",
    "The number rose to 40 in 2023.",
    "Prices went up 2 percent, as expected.",
]


@pytest.mark.parametrize("text", NOBODY)
def test_no_speaker_where_the_sentence_names_none(text):
    assert speaker(text) == ""


def test_the_speaker_reaches_the_claim():
    claims = extract("Nach Angaben der Polizei wurden 12 Menschen verletzt.", language="de", published=PUBLISHED)
    assert claims[0]["speaker"] == "Polizei"


# German may put the object first: the speaker is then after the verb. At the start of a clause it is the subject.
@pytest.mark.parametrize(("text", "expected"), [
    ("Den Schaden an den Gleisen bezifferte die Bahn auf 2 Millionen Euro.", "Bahn"),
    ("Die Zahl der Gäste im Sommer schätzt das Tourismusamt auf knapp 90.000.", "Tourismusamt"),
    ("Die Feuerwehr bezifferte den Schaden auf 40.000 Euro.", "Feuerwehr"),
    ("Den Verlust beziffert ein Gutachter der Versicherung auf 3 Millionen Franken.",
     "ein Gutachter der Versicherung"),
    ("Wie der Kreiswahlleiter am frühen Montagmorgen in Potsdam mitteilte, lag die Beteiligung bei 66 Prozent.",
     "Kreiswahlleiter"),
    ("Gemäss Bundesamt für Statistik wuchs die Bevölkerung um 1,1 Prozent.", "Bundesamt für Statistik"),
    ("According to a survey by Forsa, 31 percent back the plan.", "Forsa"),
    ("According to the regional returning officer, turnout reached 72 percent.", "regional returning officer"),
    ("The federal statistics office said exports fell 2 percent.", "federal statistics office"),
    ("Prices rose 3 percent, according to Refinitiv data.", "Refinitiv data"),
    ("Chief Financial Officer Maren Ohls told analysts the margin was 9 percent.", "Maren Ohls"),
])
def test_the_speaker_wherever_the_sentence_puts_it(text, expected):
    assert speaker(text) == expected
