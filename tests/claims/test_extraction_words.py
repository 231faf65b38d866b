"""Figures written in words: shares, factors and repetitions, spans of one (docs/figures.md)."""

from __future__ import annotations

import pytest

from claims.extraction import extract


def figures(text: str, language: str = "de") -> list[tuple]:
    return [(f["text"], f["kind"], f["value"], f["unit"], f["qualifier"])
            for c in extract(text, language=language) for f in c["figures"]]


def bounds(text: str, language: str = "de") -> list[tuple]:
    return [(f["text"], f["low"], f["high"]) for c in extract(text, language=language) for f in c["figures"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Zwei Drittel der Mitglieder stimmten für den Antrag.", [("Zwei Drittel", "percent", 66.67, "%", "")]),
    ("Nur ein Drittel der Schulen hat schnelles Internet.", [("ein Drittel", "percent", 33.33, "%", "")]),
    ("Mit zwei Dritteln der Stimmen wurde er gewählt.", [("zwei Dritteln", "percent", 66.67, "%", "")]),
    ("Drei Viertel aller Haushalte heizen mit Gas.", [("Drei Viertel", "percent", 75, "%", "")]),
    ("Rund drei Vierteln der Pendler fehlt eine Alternative.", [("Rund drei Vierteln", "percent", 75, "%", "about")]),
    ("Ein Viertel der Bewohner ist älter als sechzig.", [("Ein Viertel", "percent", 25, "%", ""),
                                                         ("sechzig", "count", 60, "", "")]),
    ("Je ein Viertel entfällt auf Bahn und Bus.", [("ein Viertel", "percent", 25, "%", "")]),
    ("Knapp ein Viertel stimmte mit Nein.", [("Knapp ein Viertel", "percent", 25, "%", "almost")]),
    ("Ein Fünftel des Budgets fließt in die Verwaltung.", [("Ein Fünftel", "percent", 20, "%", "")]),
    ("Zwei Fünftel der Fläche sind Wald.", [("Zwei Fünftel", "percent", 40, "%", "")]),
    ("Rund ein Sechstel der Fälle blieb ungeklärt.", [("Rund ein Sechstel", "percent", 16.67, "%", "about")]),
    ("Ein Zehntel der Ernte verdarb.", [("Ein Zehntel", "percent", 10, "%", "")]),
    ("Ein knappes Drittel der Kosten trägt der Bund.", [("Ein knappes Drittel", "percent", 33.33, "%", "almost")]),
    ("Ein gutes Drittel der Sitze ging an die Opposition.",
     [("Ein gutes Drittel", "percent", 33.33, "%", "just_over")]),
    ("Die Hälfte der Befragten war unentschlossen.", [("Die Hälfte", "percent", 50, "%", "")]),
    ("Mehr als die Hälfte der Kliniken schreibt rote Zahlen.",
     [("Mehr als die Hälfte", "percent", 50, "%", "more_than")]),
    ("Fast die Hälfte der Stellen ist unbesetzt.", [("Fast die Hälfte", "percent", 50, "%", "almost")]),
    ("Über die Hälfte der Anträge wurde abgelehnt.", [("Über die Hälfte", "percent", 50, "%", "more_than")]),
    ("Etwa die Hälfte davon sind Kinder.", [("Etwa die Hälfte", "percent", 50, "%", "about")]),
    ("In der Hälfte der Fälle kam die Polizei zu spät.", [("der Hälfte", "percent", 50, "%", "")]),
    ("Die Hälfte des Jahres lebt sie im Ausland.", [("Die Hälfte", "percent", 50, "%", "")]),
    ("Der Bau ist erst zur Hälfte finanziert.", [("zur Hälfte", "percent", 50, "%", "")]),
    ("Die Preise sanken um die Hälfte.", [("die Hälfte", "percent", 50, "%", "")]),
    ("Die knappe Hälfte der Wähler blieb zu Hause.", [("Die knappe Hälfte", "percent", 50, "%", "almost")]),
    ("Jeder zweite Betrieb sucht Fachkräfte.", [("Jeder zweite", "percent", 50, "%", "")]),
    ("Jede fünfte Frau ist betroffen.", [("Jede fünfte", "percent", 20, "%", "")]),
    ("Jedes dritte Kind wächst in Armut auf.", [("Jedes dritte", "percent", 33.33, "%", "")]),
    ("Etwa jeder Dritte fährt täglich mit dem Auto.", [("Etwa jeder Dritte", "percent", 33.33, "%", "about")]),
    ("Laut Umfrage ist jeder Achte häufig einsam.", [("jeder Achte", "percent", 12.5, "%", "")]),
    ("Das trifft auf jeden zehnten Haushalt zu.", [("jeden zehnten", "percent", 10, "%", "")]),
    ("Drei von vier Deutschen nutzen ein Smartphone.", [("Drei von vier", "percent", 75, "%", "")]),
    ("Neun von zehn Ärzten raten davon ab.", [("Neun von zehn", "percent", 90, "%", "")]),
    ("Vier von fünf Betrieben meldeten Verluste.", [("Vier von fünf", "percent", 80, "%", "")]),
    ("Einer von zehn Bewerbern wurde genommen.", [("Einer von zehn", "percent", 10, "%", "")]),
    ("Acht von 10 Befragten sind zufrieden.", [("Acht von 10", "percent", 80, "%", "")]),
])
def test_german_shares_are_percentages(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Two thirds of voters backed the plan.", [("Two thirds", "percent", 66.67, "%", "")]),
    ("About two-thirds of the budget goes to pensions.", [("About two-thirds", "percent", 66.67, "%", "about")]),
    ("A third of all schools lack heating.", [("A third", "percent", 33.33, "%", "")]),
    ("Nearly a quarter of the workforce left.", [("Nearly a quarter", "percent", 25, "%", "almost")]),
    ("Three quarters of the loans were repaid.", [("Three quarters", "percent", 75, "%", "")]),
    ("One-fifth of the harvest was lost.", [("One-fifth", "percent", 20, "%", "")]),
    ("Half of the respondents disagreed.", [("Half of", "percent", 50, "%", "")]),
    ("More than half of the hospitals are in deficit.", [("More than half of", "percent", 50, "%", "more_than")]),
    ("Shares gained roughly a third this year.", [("roughly a third", "percent", 33.33, "%", "about")]),
    ("Almost every second firm expects losses.", [("Almost every second", "percent", 50, "%", "almost")]),
    ("Every fifth pupil reads poorly.", [("Every fifth", "percent", 20, "%", "")]),
    ("Nearly half the country voted.", [("Nearly half", "percent", 50, "%", "almost")]),
    ("One in five adults smokes.", [("One in five", "percent", 20, "%", "")]),
    ("About one in four patients waited.", [("About one in four", "percent", 25, "%", "about")]),
    ("Nine out of ten doctors agree.", [("Nine out of ten", "percent", 90, "%", "")]),
    ("Four-in-ten adults feel lonely.", [("Four-in-ten", "percent", 40, "%", "")]),
    ("Only 1 in 10 applicants succeeded.", [("1 in 10", "percent", 10, "%", "")]),
])
def test_english_shares_are_percentages(text, expected):
    assert figures(text, "en") == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Heute kommen doppelt so viele Besucher wie 2019.", "de",
     [("doppelt so viele", "count", 2, "×", ""), ("2019", "date", "2019", "", "")]),
    ("Der Schaden ist mehr als doppelt so hoch.", "de", [("mehr als doppelt so hoch", "count", 2, "×", "more_than")]),
    ("Die Miete ist dreimal so hoch wie im Umland.", "de", [("dreimal so hoch", "count", 3, "×", "")]),
    ("Er wurde elfmal verurteilt.", "de", [("elfmal", "count", 11, "×", "")]),
    ("Sie gewann zwei Mal den Titel.", "de", [("zwei Mal", "count", 2, "×", "")]),
    ("Der Ausschuss tagte 5-mal.", "de", [("5-mal", "count", 5, "×", "")]),
    ("Die Zahl der Fälle hat sich verdoppelt.", "de", [("verdoppelt", "count", 2, "×", "")]),
    ("Die Kosten haben sich fast verdreifacht.", "de", [("fast verdreifacht", "count", 3, "×", "almost")]),
    ("Die Verdopplung der Mittel ist beschlossen.", "de", [("Verdopplung", "count", 2, "×", "")]),
    ("Der Umsatz vervierfachte sich.", "de", [("vervierfachte", "count", 4, "×", "")]),
    ("Der Preis stieg um das Zehnfache.", "de", [("das Zehnfache", "count", 10, "×", "")]),
    ("Twice as many people applied.", "en", [("Twice as many", "count", 2, "×", "")]),
    ("Rents are three times as high.", "en", [("three times as high", "count", 3, "×", "")]),
    ("He was convicted eleven times.", "en", [("eleven times", "count", 11, "×", "")]),
    ("Sales more than doubled.", "en", [("more than doubled", "count", 2, "×", "more_than")]),
    ("Costs nearly tripled.", "en", [("nearly tripled", "count", 3, "×", "almost")]),
    ("They saw a tenfold rise.", "en", [("tenfold", "count", 10, "×", "")]),
    ("It meets twice a year.", "en", [("twice", "count", 2, "×", "")]),
])
def test_factors_and_repetitions_are_counts_of_times(text, language, expected):
    assert figures(text, language) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Nach einer Stunde war alles vorbei.", "de", [("einer Stunde", "duration", 1, "hour", "")]),
    ("Ein Jahr später öffnete die Schule.", "de", [("Ein Jahr", "duration", 1, "year", "")]),
    ("Seit einem Monat fehlt jede Spur.", "de", [("einem Monat", "duration", 1, "month", "")]),
    ("Er blieb eine Woche im Krankenhaus.", "de", [("eine Woche", "duration", 1, "week", "")]),
    ("Das dauerte mehr als einen Tag.", "de", [("mehr als einen Tag", "duration", 1, "day", "more_than")]),
    ("Innerhalb eines Tages war alles geräumt.", "de", [("eines Tages", "duration", 1, "day", "")]),
    ("Sie wartete eine knappe Stunde.", "de", [("eine knappe Stunde", "duration", 1, "hour", "almost")]),
    ("Eine halbe Stunde später kam der Notarzt.", "de", [("Eine halbe Stunde", "duration", 30, "minute", "")]),
    ("Nach knapp einer halben Stunde war Schluss.", "de",
     [("knapp einer halben Stunde", "duration", 30, "minute", "almost")]),
    ("Er wartete eine Dreiviertelstunde.", "de", [("Dreiviertelstunde", "duration", 45, "minute", "")]),
    ("Nach einer Viertelstunde ging es weiter.", "de", [("Viertelstunde", "duration", 15, "minute", "")]),
    ("Sie warteten knapp eine Dreiviertelstunde.", "de",
     [("knapp eine Dreiviertelstunde", "duration", 45, "minute", "almost")]),
    ("Die Fahrt dauerte anderthalb Stunden.", "de", [("anderthalb Stunden", "duration", 1.5, "hour", "")]),
    ("Eine halbe Million Menschen floh.", "de", [("Eine halbe Million Menschen", "count", 500000, "Menschen", "")]),
    ("Der Bau kostete rund eine halbe Milliarde Euro.", "de",
     [("rund eine halbe Milliarde Euro", "money", 500000000, "EUR", "about")]),
    ("Eine knappe Million Menschen lebt dort.", "de",
     [("Eine knappe Million Menschen", "count", 1000000, "Menschen", "almost")]),
    ("After one hour the rescue began.", "en", [("one hour", "duration", 1, "hour", "")]),
    ("A year ago the plant closed.", "en", []),
    ("Prices were 3 percent higher than a year earlier.", "en", [("3 percent", "percent", 3, "%", "")]),
    ("Gemüse war um 6 Prozent teurer als vor einem Jahr.", "de", [("6 Prozent", "percent", 6, "%", "")]),
    ("The strike lasted a week.", "en", [("a week", "duration", 1, "week", "")]),
    ("He has been in jail for more than a year.", "en", [("more than a year", "duration", 1, "year", "more_than")]),
    ("She waited half an hour.", "en", [("half an hour", "duration", 30, "minute", "")]),
    ("The call took three-quarters of an hour.", "en",
     [("three-quarters of an hour", "duration", 45, "minute", "")]),
    ("It took nearly a quarter of an hour.", "en",
     [("nearly a quarter of an hour", "duration", 15, "minute", "almost")]),
    ("Half a million people fled.", "en", [("Half a million people", "count", 500000, "people", "")]),
])
def test_spans_of_one_half_and_quarter_hours(text, language, expected):
    assert figures(text, language) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    # A half by its place is a period, not a share.
    ("In der zweiten Hälfte fiel das Tor.", "de", []),
    ("In der ersten Hälfte des Jahres stieg der Absatz.", "de", []),
    ("Die andere Hälfte schwieg.", "de", []),
    ("Die zweite Jahreshälfte beginnt bald.", "de", []),
    ("In the first half of the year, sales rose.", "en", []),
    ("In the second half of the game he scored.", "en", []),
    # A quarter of a city, a quarter litre, a quarter-final.
    ("Sie wohnt in einem Viertel im Norden.", "de", []),
    ("Er trank ein Viertel Wein.", "de", []),
    ("Im Viertelfinale war Schluss.", "de", []),
    # Ordinals that are not fractions.
    ("He won a third term.", "en", []),
    ("A third round of talks began.", "en", []),
    # Frequencies, not shares.
    ("Der Müll wird jeden zweiten Tag abgeholt.", "de", []),
    ("Jede dritte Woche tagt der Rat.", "de", []),
    ("Jeder Soldat erhielt Proviant.", "de", []),
    # "von A auf B" is a change, "von" + a year or a name no share.
    ("Der Wert stieg von drei auf vier.", "de", [("drei", "count", 3, "", ""), ("vier", "count", 4, "", "")]),
    ("Zwei von ihnen wurden verletzt.", "de", [("Zwei", "count", 2, "", "")]),
    ("Es gab 10 von 50 Stimmen.", "de", [("10", "count", 10, "", ""), ("50 Stimmen", "count", 50, "Stimmen", "")]),
    # "einmal", "vereinfacht", a bare "doppelt" are no factors.
    ("Er war noch einmal dort.", "de", []),
    ("Das vereinfacht die Arbeit.", "de", []),
    ("Sie ist doppelt belastet.", "de", []),
    ("Das kam manchmal vor, diesmal nicht.", "de", []),
    ("Zum zweiten Mal gewann sie.", "de", []),
    ("He tried several times.", "en", []),
    ("She read it at times.", "en", []),
    # Rates and idioms with an article.
    ("They export 500,000 barrels a year.", "en", [("500,000 barrels", "count", 500000, "barrels", "")]),
    ("It costs $2,500 a month.", "en", [("$2,500", "money", 2500, "USD", "")]),
    ("The council meets three times a week.", "en", [("three times", "count", 3, "×", "")]),
    ("Buses run every half hour.", "en", []),
    ("Trains leave every second day.", "en", []),
    ("It ticks every second.", "en", []),
    ("One day, he left.", "en", []),
    ("A day of mourning was declared.", "en", []),
    ("Eines Tages kam er zurück.", "de", []),
    ("Der Bus fährt jede Viertelstunde.", "de", []),
    ("Ein halbes Jahr verging.", "de", []),
    # "mehr als" after a figure compares: "ein Jahr" is no "more than a year".
    ("Es waren 6000 mehr als ein Jahr zuvor.", "de", [("6000", "count", 6000, "", "")]),
    ("Es sind 5 Prozent mehr als die Hälfte.", "de",
     [("5 Prozent", "percent", 5, "%", ""), ("die Hälfte", "percent", 50, "%", "")]),
    ("Eine Million Menschen demonstrierte.", "de", [("Eine Million Menschen", "count", 1000000, "Menschen", "")]),
])
def test_near_misses(text, language, expected):
    assert figures(text, language) == expected


def test_hedged_share_bounds_come_from_the_hedge_table():
    assert bounds("Knapp zwei Drittel stimmten zu.") == [("Knapp zwei Drittel", 60.003, 66.67)]
    assert bounds("Rund ein Drittel der Stimmen.") == [("Rund ein Drittel", 29.997, 36.663)]
    assert bounds("More than half of them left.", "en") == [("More than half of", 50, None)]


def test_a_share_is_one_figure_and_not_a_count_of_its_noun():
    text = "Zwei Drittel der 600 Befragten sagten Nein, jede fünfte Antwort fehlte."
    assert figures(text) == [("Zwei Drittel", "percent", 66.67, "%", ""),
                             ("600 Befragten", "count", 600, "Befragten", ""),
                             ("jede fünfte", "percent", 20, "%", "")]


def test_a_word_figure_takes_the_time_of_its_sentence():
    [claim] = extract("2023 lebte ein Drittel der Einwohner in Armut.", language="de")
    assert [(f["text"], f["as_of"]) for f in claim["figures"]] == [("2023", ""), ("ein Drittel", "2023")]


@pytest.mark.parametrize(("text", "expected"), [
    # A hedge after a figure still hedges a share; only "mehr als"/"weniger als" after a figure compare.
    ("Kinder zahlten mit 45 Franken etwa die Hälfte.", ("etwa die Hälfte", 50, 45, 55)),
    ("Die Firma verlor 2024 fast die Hälfte ihres Werts.", ("fast die Hälfte", 50, 45, 50)),
])
def test_a_hedged_share_after_a_figure(text, expected):
    shares = [(f["text"], f["value"], f["low"], f["high"]) for claim in extract(text, language="de")
              for f in claim["figures"] if f["kind"] == "percent"]
    assert shares == [expected]
