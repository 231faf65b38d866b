"""Dates as real reporting writes them, and the time a figure is for (docs/figures.md, "Dates also" and `as_of`).

Every sentence is our own wording, modelled on how news, company and statistics reports write dates: a month or
a day without a year, seasons and fiscal years, quarters and half-years, years after a comparison word.
"""

from __future__ import annotations

from datetime import date

import pytest

from claims.extraction import extract

EARLY = date(2024, 2, 10)  # early in a year: a month or day without a year may lie in the previous one
MIDDLE = date(2024, 6, 20)
LATE = date(2024, 11, 28)  # late in a year: an announced day may lie in the next one


def dates(text: str, language: str = "de", published: date | None = MIDDLE) -> list[tuple[str, str]]:
    return [(f["text"], f["value"]) for c in extract(text, language=language, published=published)
            for f in c["figures"] if f["kind"] == "date"]


def as_of(text: str, figure: str, language: str = "de", published: date | None = MIDDLE) -> str:
    found = [f for c in extract(text, language=language, published=published) for f in c["figures"]
             if f["text"] == figure]
    assert found, f"{figure!r} not found in {text!r}"
    return found[0]["as_of"]


# A month without a year: the month word alone is the text.
@pytest.mark.parametrize(("text", "language", "published", "expected"), [
    ("Im April stieg die Zahl der Anträge deutlich.", "de", MIDDLE, [("April", "2024-04")]),
    ("Ende Oktober lag die Quote bei 6,1 Prozent.", "de", LATE, [("Oktober", "2024-10")]),
    ("Anfang März begann die Bauphase.", "de", MIDDLE, [("März", "2024-03")]),
    ("Mitte Juli soll der Rohbau fertig sein.", "de", MIDDLE, [("Juli", "2024-07")]),
    ("Im Jänner waren in Wien mehr Menschen ohne Job.", "de", EARLY, [("Jänner", "2024-01")]),
    ("Ende Feber meldete das Arbeitsmarktservice neue Zahlen.", "de", date(2024, 3, 5), [("Feber", "2024-02")]),
    ("Seit August gelten die neuen Regeln.", "de", MIDDLE, [("August", "2023-08")]),
    ("Bis Dezember will die Stadt das Bad sanieren.", "de", MIDDLE, [("Dezember", "2024-12")]),
    ("Im Dezember hatte der Rat den Haushalt beschlossen.", "de", EARLY, [("Dezember", "2023-12")]),
    ("Im November wurde der Vertrag unterzeichnet.", "de", EARLY, [("November", "2023-11")]),
    ("Im kommenden März beginnt der Umbau.", "de", LATE, [("März", "2025-03")]),
    ("Im Mai sank die Teuerung leicht.", "de", MIDDLE, [("Mai", "2024-05")]),
    ("In March the agency recorded fewer arrivals.", "en", MIDDLE, [("March", "2024-03")]),
    ("Prices rose in December, the office said.", "en", EARLY, [("December", "2023-12")]),
    ("The plant will reopen in January.", "en", LATE, [("January", "2025-01")]),
    ("Sales slowed in May as rates stayed high.", "en", MIDDLE, [("May", "2024-05")]),
    ("Talks are due to resume in early September.", "en", MIDDLE, [("September", "2024-09")]),
    ("Since April the line has run every hour.", "en", MIDDLE, [("April", "2024-04")]),
])
def test_a_month_without_a_year(text, language, published, expected):
    assert dates(text, language, published) == expected


@pytest.mark.parametrize(("text", "language"), [
    ("Theresa May sprach im Unterhaus.", "de"),
    ("The vote was won by May and her allies.", "en"),
    ("May I ask a question?", "en"),
    ("August Bebel gründete die Partei mit.", "de"),
    ("Die Abgeordnete April Ryan fragte nach.", "de"),
    ("They may reach an agreement.", "en"),
    ("Der Juni-Bericht liegt vor.", "de"),
])
def test_a_month_word_that_is_no_month(text, language):
    assert dates(text, language) == []


def test_a_month_without_a_year_needs_the_publication_date():
    assert dates("Im April stieg die Zahl.", published=None) == []


# A day without a year: past when the clause reports something done, future when it announces, else nearest.
@pytest.mark.parametrize(("text", "language", "published", "expected"), [
    ("Die Wahl soll am 17. Juni stattfinden.", "de", LATE, [("17. Juni", "2025-06-17")]),
    ("Die Wahl fand am 17. Juni statt.", "de", LATE, [("17. Juni", "2024-06-17")]),
    ("Der Bundestag hatte am 12. Dezember abgestimmt.", "de", EARLY, [("12. Dezember", "2023-12-12")]),
    ("Ab dem 1. März gilt die neue Regel.", "de", LATE, [("1. März", "2025-03-01")]),
    ("Die Frist endet am 3. Januar.", "de", LATE, [("3. Januar", "2025-01-03")]),
    ("Der Gipfel beginnt am 27. Februar.", "de", EARLY, [("27. Februar", "2024-02-27")]),
    ("Der Gipfel begann am 27. Februar.", "de", date(2024, 3, 1), [("27. Februar", "2024-02-27")]),
    ("Am 28. Dezember wurde die Brücke gesperrt.", "de", EARLY, [("28. Dezember", "2023-12-28")]),
    ("Die Ausstellung wird am 1.11. eröffnet.", "de", MIDDLE, [("1.11.", "2024-11-01")]),
    ("Das Konzert am 22.2. war ausverkauft.", "de", date(2024, 3, 1), [("22.2.", "2024-02-22")]),
    ("Die Sitzung am 22.2. soll öffentlich sein.", "de", date(2024, 3, 1), [("22.2.", "2025-02-22")]),
    ("Er kam am 17. Juni an.", "de", MIDDLE, [("17. Juni", "2024-06-17")]),
    ("The summit will take place on November 27.", "en", EARLY, [("November 27", "2024-11-27")]),
    ("The summit took place on November 27.", "en", EARLY, [("November 27", "2023-11-27")]),
    ("The report is due on January 15.", "en", LATE, [("January 15", "2025-01-15")]),
    ("Voters went to the polls on 27 November.", "en", EARLY, [("27 November", "2023-11-27")]),
    ("The new tariff applies from 1 March next year.", "en", LATE, [("1 March", "2025-03-01")]),
    ("The ministry said on March 3 that it would cut the levy.", "en", MIDDLE, [("March 3", "2024-03-03")]),
    ("Officials said the bridge will reopen on December 2.", "en", MIDDLE, [("December 2", "2024-12-02")]),
])
def test_a_day_without_a_year(text, language, published, expected):
    assert dates(text, language, published) == expected


# Without a tense word the latest occurrence up to six weeks ahead (a month alone: the next month) is meant: news
# reports what happened and announces what comes soon. A participle is past only where no tense word says otherwise;
# a year written after a range of months, or "kommenden Jahres", decides.
@pytest.mark.parametrize(("text", "language", "published", "expected"), [
    ("Der Umsatz lag im Jänner bei 3,2 Prozent.", "de", LATE, [("Jänner", "2024-01")]),
    ("Die Bilanz schloss im November mit einem Plus ab.", "de", date(2025, 1, 9), [("November", "2024-11")]),
    ("Von Januar bis November 2024 stiegen die Ausfuhren.", "de", date(2025, 1, 9),
     [("Januar", "2024-01"), ("November 2024", "2024-11")]),
    ("Besserung erwarten die Ökonomen ab dem Feber kommenden Jahres.", "de", date(2026, 2, 3), [("Feber", "2027-02")]),
    ("Im Dezember des Vorjahres war es kälter.", "de", date(2025, 3, 4), [("Dezember", "2024-12")]),
    ("Die nächste Abstimmung ist am 9. Februar angesetzt.", "de", date(2024, 11, 25), [("9. Februar", "2025-02-09")]),
    ("Die Frist endet am 3. Januar.", "de", LATE, [("3. Januar", "2025-01-03")]),
    ("The season kicks off on August 22.", "en", date(2025, 5, 18), [("August 22", "2025-08-22")]),
    ("Figures for January will be released on March 7.", "en", date(2024, 2, 6),
     [("January", "2024-01"), ("March 7", "2024-03-07")]),
    ("The third-placed side will meet them on May 22.", "en", date(2025, 5, 18), [("May 22", "2025-05-22")]),
    ("The new rate takes effect from March 21, the bank said.", "en", date(2025, 3, 20), [("March 21", "2025-03-21")]),
    ("All three have since been released on bail until September 2.", "en", date(2024, 6, 11),
     [("September 2", "2024-09-02")]),
])
def test_the_year_a_reader_takes(text, language, published, expected):
    assert dates(text, language, published) == expected


def test_a_span_of_days_takes_one_year_for_both():
    assert dates("Die Messe soll vom 9. bis zum 12. Januar stattfinden.", published=LATE) == [
        ("9.", "2025-01-09"), ("12. Januar", "2025-01-12")]


@pytest.mark.parametrize(("text", "language"), [
    ("Das Treffen begann um 14.30 Uhr.", "de"),
    ("Die Mannschaft gewann 2:1 gegen Bremen.", "de"),
    ("Der Verein spielt in der 3. Liga.", "de"),
    ("Rufen Sie 0203 555 0199 an.", "de"),
    ("Die Rate lag bei 1.5 Prozent.", "en"),
    ("Growth was 2.5.", "en"),
    ("Er wurde am 27. Spieltag eingewechselt.", "de"),
    ("Sie landeten auf Platz 3.", "de"),
    ("Um 10.10 Uhr fuhr der Zug ab.", "de"),
])
def test_near_misses_stay_non_dates(text, language):
    assert dates(text, language) == []


# Seasons and fiscal years.
@pytest.mark.parametrize(("text", "expected"), [
    ("In der Saison 2008/09 stieg der Klub ab.", [("2008/09", "2008/2009")]),
    ("Die Prognose für das Gesamtjahr 2024/25 ist unsicher.", [("2024/25", "2024/2025")]),
    ("Im Wirtschaftsjahr 2024/2025 sank der Absatz.", [("2024/2025", "2024/2025")]),
    ("Der Winter 1999/2000 war mild.", [("1999/2000", "1999/2000")]),
    ("Im Wintersemester 2023/24 waren es weniger.", [("2023/24", "2023/2024")]),
])
def test_seasons_and_fiscal_years(text, expected):
    assert dates(text) == expected


def test_a_law_reference_is_no_season():
    assert ("2011/95", "2011/2012") not in dates("Die Richtlinie 2011/95/EU gilt weiter.")


# Quarters and half-years are ranges of months.
@pytest.mark.parametrize(("text", "language", "published", "expected"), [
    ("Im dritten Quartal 2024 stieg der Umsatz.", "de", LATE, [("dritten Quartal 2024", "2024-07/2024-09")]),
    ("Im 3. Quartal 2023 sank er.", "de", MIDDLE, [("3. Quartal 2023", "2023-07/2023-09")]),
    ("Im ersten Halbjahr 2024 gab es mehr Anträge.", "de", LATE, [("ersten Halbjahr 2024", "2024-01/2024-06")]),
    ("Im zweiten Halbjahr wuchs der Absatz.", "de", EARLY, [("zweiten Halbjahr", "2023-07/2023-12")]),
    ("Im ersten Quartal legte der Gewinn zu.", "de", MIDDLE, [("ersten Quartal", "2024-01/2024-03")]),
    ("Im vierten Quartal brach die Nachfrage ein.", "de", EARLY, [("vierten Quartal", "2023-10/2023-12")]),
    ("Die Zahlen des zweiten Quartals 2022 waren schwach.", "de", MIDDLE,
     [("zweiten Quartals 2022", "2022-04/2022-06")]),
    ("Revenue grew in Q3 2024.", "en", LATE, [("Q3 2024", "2024-07/2024-09")]),
    ("Im Q1/2024 fiel der Absatz.", "de", MIDDLE, [("Q1/2024", "2024-01/2024-03")]),
    ("Margins improved in the third quarter of 2024.", "en", LATE,
     [("third quarter of 2024", "2024-07/2024-09")]),
    ("Profit doubled in the first half of 2024.", "en", LATE, [("first half of 2024", "2024-01/2024-06")]),
    ("Profit fell in H1 2024.", "en", LATE, [("H1 2024", "2024-01/2024-06")]),
    ("Das Ergebnis im H2 2023 war besser.", "de", MIDDLE, [("H2 2023", "2023-07/2023-12")]),
])
def test_quarters_and_half_years(text, language, published, expected):
    assert dates(text, language, published) == expected


@pytest.mark.parametrize(("text", "language"), [
    ("He scored in the second quarter.", "en"),
    ("The team led at the end of the first half.", "en"),
    ("Der Audi Q3 ist gefragt.", "de"),
    ("In der ersten Halbzeit fielen keine Tore.", "de"),
])
def test_quarters_of_a_game_and_models_are_no_dates(text, language):
    assert dates(text, language) == []


# A year after a comparison word is a date, never a count.
@pytest.mark.parametrize(("text", "language", "year"), [
    ("Es kamen 20 Prozent mehr als 2014.", "de", "2014"),
    ("Die Zahl lag um 5 Prozent höher als 2019.", "de", "2019"),
    ("Gegenüber 2012 sank der Wert.", "de", "2012"),
    ("Seit 2014 wächst die Stadt.", "de", "2014"),
    ("Es waren weniger als 2019.", "de", "2019"),
    ("Visitors were up 8 percent on more than 2019.", "en", "2019"),
    ("Output has risen since 2014.", "en", "2014"),
    ("Fewer people came than in 2019.", "en", "2019"),
])
def test_a_year_after_a_comparison_word_is_a_date(text, language, year):
    found = [f for c in extract(text, language=language, published=MIDDLE) for f in c["figures"]
             if f["text"].endswith(year)]
    assert [(f["kind"], f["value"]) for f in found] == [("date", year)]


@pytest.mark.parametrize(("text", "language", "value"), [
    ("Es kamen mehr als 2014 Menschen.", "de", 2014),
    ("More than 2014 people signed.", "en", 2014),
    ("Es waren mehr als 2000.", "de", 2000),
])
def test_a_number_after_a_comparison_word_before_a_noun_stays_a_count(text, language, value):
    found = [f for c in extract(text, language=language, published=MIDDLE) for f in c["figures"]]
    assert [(f["kind"], f["value"], f["qualifier"]) for f in found] == [("count", value, "more_than")]


# as_of: the time the figure is for.
@pytest.mark.parametrize(("text", "figure", "language", "published", "expected"), [
    # a comparison base is never the time
    ("Der Umsatz stieg im dritten Quartal 2024 gegenüber dem dritten Quartal 2023 um 4,7 Prozent.",
     "4,7 Prozent", "de", LATE, "2024-07/2024-09"),
    ("Die Quote lag Ende Jänner mit 11,4 Prozent um 2,8 Prozentpunkte höher als im Jänner 2020.",
     "11,4 Prozent", "de", EARLY, "2024-01"),
    ("Die Quote lag Ende Jänner mit 11,4 Prozent um 2,8 Prozentpunkte höher als im Jänner 2020.",
     "2,8 Prozentpunkte", "de", EARLY, "2024-01"),
    ("2023 lag der Absatz mit 5.000 Stück um 12 Prozent über 2019.", "12 Prozent", "de", MIDDLE, "2023"),
    ("Im Mai 2024 waren es 3,2 Prozent mehr Passagiere als im April 2024.", "3,2 Prozent", "de", MIDDLE,
     "2024-05"),
    ("Verglichen mit 2023 sank die Zahl 2024 auf 800 Fälle.", "800 Fälle", "de", LATE, "2024"),
    ("Im Vergleich zum Vorjahresmonat stieg die Zahl der Arbeitslosen um 6,4 Prozent.", "6,4 Prozent", "de",
     EARLY, ""),
    ("In March 2024 exports were 4 percent higher than in 2019.", "4 percent", "en", MIDDLE, "2024-03"),
    ("Compared with 2022, the deficit narrowed to $1.2 billion in 2023.", "$1.2 billion", "en", MIDDLE,
     "2023"),
    ("Revenue rose 7% from a year earlier to $3.1 billion in the third quarter of 2024.", "7%", "en", LATE,
     "2024-07/2024-09"),
    # a reference period is never the time
    ("Mit 10,6 Grad lag das Mittel 2023 um 2,4 Grad über dem Mittel der Jahre 1961 bis 1990.", "2,4 Grad",
     "de", MIDDLE, "2023"),
    ("In 2023 the mean was 1.3 degrees above the 1991-2020 average.", "1.3 degrees", "en", MIDDLE, "2023"),
    ("Der Juni war um 1,5 Grad wärmer als im Mittel der Referenzperiode 1961 bis 1990.", "1,5 Grad", "de",
     date(2024, 7, 1), "2024-06"),
    # a relative time of its own: the figure is for an unnamed time, not for the other clause's one
    ("Im ersten Halbjahr 2024 verkaufte der Konzern 4,3 Millionen Autos, im Vorjahreszeitraum waren es "
     "4,1 Millionen.", "4,1 Millionen", "de", LATE, ""),
    ("Im ersten Halbjahr 2024 verkaufte der Konzern 4,3 Millionen Autos, im Vorjahreszeitraum waren es "
     "4,1 Millionen.", "4,3 Millionen Autos", "de", LATE, "2024-01/2024-06"),
    ("The firm earned $2 billion in 2023, after $1.5 billion a year earlier.", "$1.5 billion", "en", MIDDLE,
     ""),
    # each clause its own time
    ("Im Jahr 2022 waren es 500 Fälle, 2023 bereits 700 Fälle.", "500 Fälle", "de", MIDDLE, "2022"),
    ("Im Jahr 2022 waren es 500 Fälle, 2023 bereits 700 Fälle.", "700 Fälle", "de", MIDDLE, "2023"),
    ("2021 erreichte der Handel 27,3 Milliarden Dollar und fiel 2023 auf 15 Milliarden Dollar.",
     "27,3 Milliarden Dollar", "de", MIDDLE, "2021"),
    ("2021 erreichte der Handel 27,3 Milliarden Dollar und fiel 2023 auf 15 Milliarden Dollar.",
     "15 Milliarden Dollar", "de", MIDDLE, "2023"),
    ("2023 stieg der Umsatz auf 5 Milliarden Euro, das waren 12 Prozent mehr.", "12 Prozent", "de", MIDDLE,
     "2023"),
    ("Es waren 500 Fälle, 2023 dann 700 Fälle.", "500 Fälle", "de", MIDDLE, ""),
    ("In October 2024, the service said up to 3,000 troops had arrived, and 10,000 more were expected.",
     "10,000", "en", LATE, "2024-10"),
    ("Trade reached $27.3 billion in 2021 but fell to about $15 billion in 2023.", "$27.3 billion", "en",
     MIDDLE, "2021"),
    ("Trade reached $27.3 billion in 2021 but fell to about $15 billion in 2023.", "about $15 billion", "en",
     MIDDLE, "2023"),
    ("Die Inflation lag im Mai 2024, wie das Amt mitteilte, bei 8,3 Prozent.", "8,3 Prozent", "de", MIDDLE,
     "2024-05"),
    ("Mehr als 1.000 Container hatte Pjöngjang im Oktober 2023 verschickt.", "Mehr als 1.000 Container", "de",
     MIDDLE, "2023-10"),
    ("Die Zahl der Arbeitslosen stieg im Jänner um 4,9 Prozent.", "4,9 Prozent", "de", EARLY, "2024-01"),
    ("Der Umsatz stieg im dritten Quartal um 4,7 Prozent auf knapp 1,4 Milliarden Euro.",
     "knapp 1,4 Milliarden Euro", "de", LATE, "2024-07/2024-09"),
    ("In der Saison 2023/24 kamen im Schnitt 41.000 Zuschauer.", "41.000 Zuschauer", "de", MIDDLE,
     "2023/2024"),
    ("Am 17. Juni zählte die Polizei 2.000 Teilnehmer.", "2.000 Teilnehmer", "de", MIDDLE, "2024-06-17"),
    ("Zwischen 2019 und 2021 sank der Handel von 84 Millionen Dollar auf zwei Millionen Dollar, den "
     "niedrigsten Stand seit 2000.", "zwei Millionen Dollar", "de", MIDDLE, "2021"),
    ("Seit 2014 ist die Zahl der Mitglieder auf 5.000 gestiegen.", "5.000", "de", MIDDLE, ""),
    ("The club has 5,000 members since 2014.", "5,000 members", "en", MIDDLE, ""),
    ("In March the agency counted 12,000 arrivals.", "12,000 arrivals", "en", MIDDLE, "2024-03"),
])
def test_as_of_is_the_time_the_figure_is_for(text, figure, language, published, expected):
    assert as_of(text, figure, language, published) == expected


def test_a_year_in_a_club_name_is_no_time():
    text = "Hannover 96 gewann vor 40.000 Zuschauern."
    assert as_of(text, "40.000 Zuschauern") == ""


def test_a_numeric_day_does_not_end_the_sentence():
    claims = extract("Am 1.11. kamen 300 Menschen, am 2.11. kamen noch 200.", published=MIDDLE)
    assert len(claims) == 1
    assert [(f["text"], f["as_of"]) for f in claims[0]["figures"] if f["kind"] != "date"] == [
        ("300 Menschen", "2023-11-01"), ("200", "2023-11-02")]


@pytest.mark.parametrize(("text", "figure", "language", "published", "expected"), [
    ("Das Unternehmen beschäftigte Ende 2023 rund 5.000 Menschen, 300 mehr als ein Jahr zuvor.", "300", "de",
     MIDDLE, "2023"),
    ("Die Preise stiegen im Jahresvergleich um 2,2 Prozent, im Vormonat waren es 2,4 Prozent.", "2,4 Prozent",
     "de", MIDDLE, ""),
    ("Der Mai brachte 30 Prozent mehr Regen als im Mittel der Jahre 1991 bis 2020.", "30 Prozent", "de", MIDDLE,
     "2024-05"),
    ("The index fell 2.1% in the second quarter of 2024 compared with the first quarter of 2024.", "2.1%", "en",
     LATE, "2024-04/2024-06"),
    ("Im Vorjahr waren es 4,1 Millionen, 2024 dann 4,3 Millionen.", "4,1 Millionen", "de", LATE, ""),
    ("Im Vorjahr waren es 4,1 Millionen, 2024 dann 4,3 Millionen.", "4,3 Millionen", "de", LATE, "2024"),
    ("Seoul lent about 500,000 shells in 2023, twice as many as in 2022.", "about 500,000 shells", "en", MIDDLE,
     "2023"),
    ("Unemployment stood at 4.1% in May, up from 3.9% in April.", "3.9%", "en", MIDDLE, "2024-04"),
    ("Unemployment stood at 4.1% in May, up from 3.9% in April.", "4.1%", "en", MIDDLE, "2024-05"),
    ("Im Geschäftsjahr 2023/24 erzielte der Konzern 2,1 Milliarden Euro Umsatz.", "2,1 Milliarden Euro", "de",
     MIDDLE, "2023/2024"),
    ("Nach 1.200 Anträgen im Jänner kamen im Feber 1.450 hinzu.", "1.450", "de", date(2024, 3, 10), "2024-02"),
])
def test_as_of_in_more_sentences(text, figure, language, published, expected):
    assert as_of(text, figure, language, published) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("The rate will average 3.0% over 2026.", "en", [("2026", "2026")]),
    ("Der Wert lag über 2019.", "de", [("2019", "2019")]),
    ("Die Preise lagen unter 2021, hieß es.", "de", [("2021", "2021")]),
])
def test_a_year_after_over_or_under_with_no_noun_is_a_year(text, language, expected):
    assert dates(text, language) == expected


@pytest.mark.parametrize(("text", "language"), [
    ("Over 2026 people came.", "en"), ("Es kamen über 2026 Menschen.", "de"), ("Over 2000, they said.", "en"),
])
def test_a_count_after_over_stays_a_count(text, language):
    assert dates(text, language) == []


@pytest.mark.parametrize(("text", "language", "published", "expected"), [
    # Before 1800 a year only after a word of time, never before a noun.
    ("Wärmer war es nur in der seit 1767 bestehenden Messreihe.", "de", MIDDLE, [("1767", "1767")]),
    ("Das geschah in 1767 Fällen.", "de", MIDDLE, []),
    # Abbreviated months next to a day.
    ("ZURICH, Oct 17 – The group said sales rose.", "en", date(2024, 10, 17), [("Oct 17", "2024-10-17")]),
    ("The offer ends Sept. 3, 2024.", "en", MIDDLE, [("Sept. 3, 2024", "2024-09-03")]),
    # A quarter or half without a year, unless a game's.
    ("Output grew in the second quarter, the office said.", "en", date(2025, 8, 14),
     [("second quarter", "2025-04/2025-06")]),
    ("It will publish the scenarios in the second half of the year.", "en", date(2025, 4, 3),
     [("second half", "2025-07/2025-12")]),
    ("Basel scored twice in the second half.", "en", MIDDLE, []),
    # A range of months takes its year from where it ends; a month after a dash or "covering" is a month.
    ("Profit for the April–September half rose.", "en", date(2025, 11, 7),
     [("April", "2025-04"), ("September", "2025-09")]),
    ("Von Oktober bis März fielen die Preise.", "de", date(2025, 4, 10), [("Oktober", "2024-10"), ("März", "2025-03")]),
    ("The estimate covering July is due soon.", "en", date(2025, 8, 14), [("July", "2025-07")]),
    # A month opening a sentence (or a quote) before a lower-case word.
    ('Er sagte: "Juni war heißer als erwartet."', "de", date(2025, 8, 14), [("Juni", "2025-06")]),
    ("Juni und Juli brachten Hitzewellen.", "de", date(2024, 9, 2), [("Juni", "2024-06"), ("Juli", "2024-07")]),
])
def test_dates_as_real_reports_write_them(text, language, published, expected):
    assert dates(text, language, published) == expected


@pytest.mark.parametrize(("text", "language", "published", "figure", "expected"), [
    ("Von Januar bis November 2024 summierten sich die Ausfuhren auf 1 438,4 Milliarden Euro.", "de",
     date(2025, 1, 9), "1 438,4 Milliarden Euro", "2024-01/2024-11"),
    ("Für Januar und Februar zählte das Amt 47.918 Erstanträge.", "de", date(2024, 3, 21), "47.918 Erstanträge",
     "2024-01/2024-02"),
    ("Over the nine months to September, sales fell to EUR 13.552 bn.", "en", date(2024, 11, 7), "EUR 13.552 bn",
     "2024-01/2024-09"),
    ("Revenue for the six months to June 30 is seen at £1.14bn.", "en", date(2025, 7, 9), "£1.14bn",
     "2025-01/2025-06"),
    ("Im März stiegen die Preise um 2 Prozent.", "de", date(2024, 4, 2), "2 Prozent", "2024-03"),
])
def test_a_figure_for_a_period_is_for_all_of_it(text, language, published, figure, expected):
    assert as_of(text, figure, language, published) == expected
