"""Amounts as real reporting writes them (docs/figures.md): signs, digit grouping, a range's shared scale,
more currencies and hedges. No database, no Django settings needed. Every sentence here is our own wording."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from claims.extraction import extract

PUBLISHED = date(2024, 6, 20)


def figures(text: str, language: str = "de") -> list[dict]:
    return [f for claim in extract(text, language=language, published=PUBLISHED) for f in claim["figures"]]


def amounts(text: str, language: str = "de") -> list[dict]:
    return [f for f in figures(text, language) if f["kind"] != "date"]


def only(text: str, language: str = "de") -> dict:
    found = amounts(text, language)
    assert len(found) == 1, found
    return found[0]


def read(figure: dict) -> tuple:
    return figure["text"], Decimal(str(figure["value"])), figure["kind"], figure["unit"]


# 1. Signs written with the number are kept; the text starts at the sign or the sign word.
@pytest.mark.parametrize(("text", "language", "written", "value", "kind", "unit"), [
    ("Der Absatz in Asien ging zurück (-6,4 %).", "de", "-6,4 %", "-6.4", "percent", "%"),
    ("Im Onlinegeschäft ein Sprung (+45,8 Prozent) nach oben.", "de", "+45,8 Prozent", "45.8", "percent", "%"),
    ("Das Konzernergebnis drehte ins Negative (-14 Millionen Franken).", "de", "-14 Millionen Franken",
     "-14000000", "money", "CHF"),
    ("Die Sparte schrieb rote Zahlen (\u20131 Milliarde Euro).", "de", "\u20131 Milliarde Euro", "-1000000000",
     "money", "EUR"),
    ("Der Saldo lag bei \u22122,5 Mrd. Euro.", "de", "\u22122,5 Mrd. Euro", "-2500000000", "money", "EUR"),
    ("Gegenüber dem Vorjahr sind das minus 18.922 Anträge.", "de", "minus 18.922 Anträge", "-18922", "count",
     "Anträge"),
    ("Der Auftragseingang lag bei minus 28 % auf zuletzt wenig.", "de", "minus 28 %", "-28", "percent", "%"),
    ("Beim Gewinn blieb ein Minus von 3 % stehen.", "de", "Minus von 3 %", "-3", "percent", "%"),
    ("Im Inland verbuchte die Kette ein Plus von 3 % beim Umsatz.", "de", "Plus von 3 %", "3", "percent", "%"),
    ("Die Marge legte um plus 0,4 Prozentpunkte zu.", "de", "plus 0,4 Prozentpunkte", "0.4", "percent", "pp"),
    ("Shares in the group closed +26.6 percent higher.", "en", "+26.6 percent", "26.6", "percent", "%"),
    ("The unit's margin came in at -3.2% for the quarter.", "en", "-3.2%", "-3.2", "percent", "%"),
    ("Free cash flow was negative (\u2013$1.5 billion) after the deal.", "en", "\u2013$1.5 billion", "-1500000000",
     "money", "USD"),
    ("Overnight the thermometer showed minus 12 degrees.", "en", "minus 12 degrees", "-12", "count", "degrees"),
])
def test_a_written_sign_is_kept(text, language, written, value, kind, unit):
    assert read(only(text, language)) == (written, Decimal(value), kind, unit)


def test_a_sign_with_a_hedge_gives_bounds_by_magnitude():
    figure = only("Die Temperatur lag bei rund -10 Grad.")
    assert (figure["text"], figure["value"], figure["low"], figure["high"]) == ("rund -10 Grad", -10, -11, -9)
    figure = only("Die Rendite betrug knapp -5 Prozent.")
    assert (figure["low"], figure["high"], figure["qualifier"]) == (-5, -4.5, "almost")
    figure = only("Das Minus von über 4 Prozent überraschte.")
    assert (figure["text"], figure["low"], figure["high"]) == ("Minus von über 4 Prozent", None, -4)


@pytest.mark.parametrize(("text", "language", "values"), [
    ("Die Covid-19 Welle traf 300 Betriebe.", "de", [300]),
    ("Ein 2-facher Anstieg auf 40 Stellen.", "de", [40]),
    ("Sie liegt in A-1010 Wien, 12 Angestellte arbeiten dort.", "de", [12]),
    ("Der Anteil stieg um 4\u20135 Prozent.", "de", [4, 5]),
    ("Im Schnitt waren es 10 \u2013 12 Tage.", "de", [10, 12]),
    ("Rechnet man 10 minus 4, bleiben 6 Plätze.", "de", [10, 4, 6]),
    ("Er nannte 10 plus 2 Gründe.", "de", [10, 2]),
    ("Der Umsatz sank um 3 Prozent.", "de", [3]),
    ("Das Minus in Europa war hoch, 12 Filialen schlossen.", "de", [12]),
    ("Profits fell 3 percent on the year.", "en", [3]),
    ("Sales were up 4\u20135% in the spring.", "en", [4, 5]),
])
def test_a_hyphen_or_a_dash_between_numbers_is_no_sign(text, language, values):
    assert [f["value"] for f in amounts(text, language)] == values


# 2. Grouping: spaces (also no-break and narrow no-break) and Swiss apostrophes group thousands.
@pytest.mark.parametrize(("text", "written", "value"), [
    ("Zum Festival kamen 33 777 Besucher.", "33 777 Besucher", 33777),
    ("Es demonstrierten rund 100 000 Menschen.", "rund 100 000 Menschen", 100000),
    ("Registriert wurden 324\u00a0189 Fälle.", "324\u00a0189 Fälle", 324189),
    ("Registriert wurden 1\u202f250\u202f000 Fälle.", "1\u202f250\u202f000 Fälle", 1250000),
    ("Das Ergebnis in 12 345 Fällen war gleich.", "12 345 Fällen", 12345),
    ("Der Gewinn stieg auf 1'375'058 Franken.", "1'375'058 Franken", 1375058),
    ("Der Gewinn stieg von 200\u2019000 Franken.", "200\u2019000 Franken", 200000),
    ("Das Lager hatte 2 500,5 Tonnen.", "2 500,5 Tonnen", Decimal("2500.5")),
])
def test_spaces_and_apostrophes_group_thousands(text, written, value):
    figure = only(text)
    assert (figure["text"], Decimal(str(figure["value"]))) == (written, Decimal(value))


@pytest.mark.parametrize(("text", "values"), [
    ("Am 3 4 Stände war nichts.", [3, 4]),
    ("Es waren 12 3456 Stimmen.", [12, 3456]),
    ("Im Jahr 2020 150 neue Stellen.", [150]),
    ("Es gab 1234 567 Einträge.", [1234, 567]),
    ("Es waren 5 00 Leute.", [5, 0]),
])
def test_groups_not_of_three_digits_stay_apart(text, values):
    assert [f["value"] for f in amounts(text)] == values


@pytest.mark.parametrize(("text", "language", "value"), [
    ("Der Umsatz lag bei 45,610 Milliarden Euro.", "de", "45610000000"),
    ("Es waren 1,000 Liter mehr.", "de", "1"),
    ("Der Auftragsbestand: 0,125 Prozent.", "de", "0.125"),
    ("Zuletzt 7.000 Container.", "de", "7000"),
    ("Ergebnis 0.6 Mio. CHF.", "de", "600000"),
    ("Es waren 1.234,5 Tonnen.", "de", "1234.5"),
    ("Revenue reached EUR 13.552 bn last year.", "en", "13552000000"),
    ("They sold 1,000 cars.", "en", "1000"),
    ("Turnover of 1,234.5 tonnes.", "en", "1234.5"),
    ("A rate of 2.5 percent.", "en", "2.5"),
    ("Turnover was 5,000,000 units.", "en", "5000000"),
])
def test_the_decimal_mark_follows_the_language(text, language, value):
    assert Decimal(str(only(text, language)["value"])) == Decimal(value)


@pytest.mark.parametrize(("text", "written", "value", "unit"), [
    ("Net profit was EUR 192 m in the half.", "EUR 192 m", 192_000_000, "EUR"),
    ("Net profit was EUR 192m in the half.", "EUR 192m", 192_000_000, "EUR"),
    ("The group raised CHF 1.2bn from bonds.", "CHF 1.2bn", 1_200_000_000, "CHF"),
    ("The bank made £3bn last year.", "£3bn", 3_000_000_000, "GBP"),
    ("Operating profit reached £988M.", "£988M", 988_000_000, "GBP"),
    ("The industry is worth USD 118 bn today.", "USD 118 bn", 118_000_000_000, "USD"),
    ("Subsidies total ₹4.57 trillion next year.", "₹4.57 trillion", 4_570_000_000_000, "INR"),
    ("The sale raised $40mn in cash.", "$40mn", 40_000_000, "USD"),
])
def test_short_scales_after_a_currency(text, written, value, unit):
    figure = only(text, "en")
    assert (figure["text"], figure["value"], figure["kind"], figure["unit"]) == (written, value, "money", unit)


def test_thousands_as_k_after_a_currency():
    assert only("The fine was $250k in the end.", "en")["value"] == 250_000


@pytest.mark.parametrize(("text", "language"), [
    ("The wall is 5 m high.", "en"), ("Die Mauer ist 192 m lang.", "de"),
])
def test_a_short_scale_needs_a_currency(text, language):
    figure = only(text, language)
    assert (figure["value"], figure["kind"]) in ((5, "count"), (192, "count"))


# 3. A scale word after the second end of a range belongs to both ends.
@pytest.mark.parametrize(("text", "language", "first", "second"), [
    ("Die Investitionen stiegen von rund 1,8 auf 4,3 Milliarden Euro.", "de",
     ("rund 1,8", 1_800_000_000, "money", "EUR", "about", 1_620_000_000, 1_980_000_000),
     ("4,3 Milliarden Euro", 4_300_000_000, "money", "EUR", "", 4_300_000_000, 4_300_000_000)),
    ("Erwartet werden zwischen 0,8 und 1,05 Milliarden.", "de",
     ("0,8", 800_000_000, "count", "", "", 800_000_000, 800_000_000),
     ("1,05 Milliarden", 1_050_000_000, "count", "", "", 1_050_000_000, 1_050_000_000)),
    ("Dafür sind 700 bis 950 Millionen nötig.", "de",
     ("700", 700_000_000, "count", "", "", 700_000_000, 700_000_000),
     ("950 Millionen", 950_000_000, "count", "", "", 950_000_000, 950_000_000)),
    ("Die Prognose lag bei 34,5 bis 35,1 Milliarden Pfund.", "de",
     ("34,5", 34_500_000_000, "money", "GBP", "", 34_500_000_000, 34_500_000_000),
     ("35,1 Milliarden Pfund", 35_100_000_000, "money", "GBP", "", 35_100_000_000, 35_100_000_000)),
    ("Man rechnet mit einem Minus von 10 bis 15 Prozent.", "de",
     ("Minus von 10", -10, "percent", "%", "", -10, -10),
     ("15 Prozent", 15, "percent", "%", "", 15, 15)),
    ("Es dauert zwei bis drei Jahre.", "de",
     ("zwei", 2, "duration", "year", "", 2, 2), ("drei Jahre", 3, "duration", "year", "", 3, 3)),
    ("Gezählt wurden mindestens 2 bis 3 Millionen Besucher.", "de",
     ("mindestens 2", 2_000_000, "count", "Besucher", "at_least", 2_000_000, None),
     ("3 Millionen Besucher", 3_000_000, "count", "Besucher", "", 3_000_000, 3_000_000)),
    ("Dividenden von 50 auf 80 Rappen je Aktie.", "de",
     ("50", 0.5, "money", "CHF", "", 0.5, 0.5), ("80 Rappen", 0.8, "money", "CHF", "", 0.8, 0.8)),
    ("Costs rose from 1.2 to 1.5 billion euros.", "en",
     ("1.2", 1_200_000_000, "money", "EUR", "", 1_200_000_000, 1_200_000_000),
     ("1.5 billion euros", 1_500_000_000, "money", "EUR", "", 1_500_000_000, 1_500_000_000)),
    ("Prices rose between 5 and 10 percent.", "en",
     ("5", 5, "percent", "%", "", 5, 5), ("10 percent", 10, "percent", "%", "", 10, 10)),
    ("Analysts expect $1.2 to $1.5bn in sales.", "en",
     ("$1.2", 1_200_000_000, "money", "USD", "", 1_200_000_000, 1_200_000_000),
     ("$1.5bn", 1_500_000_000, "money", "USD", "", 1_500_000_000, 1_500_000_000)),
    ("Between 3 and 4 million people voted.", "en",
     ("3", 3_000_000, "count", "people", "", 3_000_000, 3_000_000),
     ("4 million people", 4_000_000, "count", "people", "", 4_000_000, 4_000_000)),
])
def test_the_second_end_of_a_range_lends_its_scale_and_unit(text, language, first, second):
    found = amounts(text, language)
    fields = ("text", "value", "kind", "unit", "qualifier", "low", "high")
    assert [tuple(f[k] for k in fields) for f in found] == [first, second]


@pytest.mark.parametrize(("text", "language", "values"), [
    ("Er hat 3 Kinder und 2 Millionen Euro.", "de", [3, 2_000_000]),
    ("Es kamen 5 und 10 Millionen Besucher.", "de", [5, 10_000_000]),
    ("Sie fuhr 3 auf 4 Millionen Kilometer.", "de", [3, 4_000_000]),
    ("Er nannte 5 Punkte, bis 10 Millionen kamen.", "de", [5, 10_000_000]),
    ("Es stieg von 84 Millionen Dollar auf zwei Millionen Dollar.", "de", [84_000_000, 2_000_000]),
    ("They hired 5 and 10 million more were due.", "en", [5, 10_000_000]),
])
def test_only_a_range_shares_a_scale(text, language, values):
    assert [f["value"] for f in amounts(text, language)] == values


# 4. Currencies.
@pytest.mark.parametrize(("text", "language", "value", "unit"), [
    ("Der Umsatz lag bei 172,2 Millionen Franken.", "de", 172_200_000, "CHF"),
    ("Der Auftragsbestand betrug 213 Mio. CHF.", "de", 213_000_000, "CHF"),
    ("Die Kosten betragen 5 Mio. Fr. pro Jahr.", "de", 5_000_000, "CHF"),
    ("Die Stadt zahlt 2 Mrd. Franken.", "de", 2_000_000_000, "CHF"),
    ("Ein Ticket kostet SFr. 45 am Schalter.", "de", 45, "CHF"),
    ("Ein Ticket kostet 12 SFr. am Schalter.", "de", 12, "CHF"),
    ("Die Dividende bleibt bei 80 Rappen.", "de", Decimal("0.8"), "CHF"),
    ("Der Gewinn lag bei 1,05 Milliarden Pfund.", "de", 1_050_000_000, "GBP"),
    ("Es flossen 3 Millionen Pfund Sterling.", "de", 3_000_000, "GBP"),
    ("Ein Kaffee kostet 500 Yen.", "de", 500, "JPY"),
    ("Die Anleihe umfasst 20 Milliarden Yuan.", "de", 20_000_000_000, "CNY"),
    ("Es geht um 7 Milliarden Renminbi.", "de", 7_000_000_000, "CNY"),
    ("Das Preisgeld betrug 250.000 Rupien.", "de", 250_000, "INR"),
    ("The deal is worth GBP 40 million.", "en", 40_000_000, "GBP"),
    ("It sold for 3 million pounds.", "en", 3_000_000, "GBP"),
    ("The budget is JPY 9 billion.", "en", 9_000_000_000, "JPY"),
    ("A loan of 1.67 trillion rupees was sought.", "en", 1_670_000_000_000, "INR"),
    ("Bonds of CNY 5 billion were sold.", "en", 5_000_000_000, "CNY"),
    ("A fee of INR 500 applies.", "en", 500, "INR"),
])
def test_more_currencies(text, language, value, unit):
    figure = only(text, language)
    assert (Decimal(str(figure["value"])), figure["kind"], figure["unit"]) == (Decimal(value), "money", unit)


@pytest.mark.parametrize(("text", "language", "unit"), [
    ("Sie kaufte fünf Pfund Kartoffeln.", "de", "Pfund"),
    ("He lost 20 pounds of weight.", "en", "pounds"),
])
def test_a_pound_of_something_is_a_weight(text, language, unit):
    figure = only(text, language)
    assert (figure["kind"], figure["unit"]) == ("count", unit)


# 5. Hedges.
@pytest.mark.parametrize(("text", "language", "written", "qualifier", "low", "high"), [
    ("Es kamen mindestens 500 Gäste.", "de", "mindestens 500 Gäste", "at_least", 500, None),
    ("Es kamen wenigstens 40 Helfer.", "de", "wenigstens 40 Helfer", "at_least", 40, None),
    ("Der Film ist ab 18 Jahren freigegeben.", "de", "ab 18 Jahren", "at_least", 18, None),
    ("Sie nannten at least 12 victims.", "en", "at least 12 victims", "at_least", 12, None),
    ("There were no fewer than 30 ships.", "en", "no fewer than 30 ships", "at_least", 30, None),
    ("It needs a minimum of 50 votes.", "en", "a minimum of 50 votes", "at_least", 50, None),
    ("Der Gewinn sank um gut 21 Prozent.", "de", "gut 21 Prozent", "just_over", 21, 23.1),
    ("Die Quote liegt knapp über 10 Prozent.", "de", "knapp über 10 Prozent", "just_over", 10, 11),
    ("Sie investierten etwas mehr als 100 Millionen Euro.", "de", "etwas mehr als 100 Millionen Euro",
     "just_over", 100_000_000, 110_000_000),
    ("Turnout was just over 40 percent.", "en", "just over 40 percent", "just_over", 40, 44),
    ("It took a little over 20 minutes.", "en", "a little over 20 minutes", "just_over", 20, 22),
    ("Slightly more than 60 percent agreed.", "en", "Slightly more than 60 percent", "just_over", 60, 66),
    ("Die Quote blieb knapp unter 5 Prozent.", "de", "knapp unter 5 Prozent", "almost", Decimal("4.5"), 5),
    ("Nahezu 80 Prozent stimmten zu.", "de", "Nahezu 80 Prozent", "almost", 72, 80),
    ("Annähernd 70 Prozent stimmten zu.", "de", "Annähernd 70 Prozent", "almost", 63, 70),
    ("Es kamen an die 500 Menschen.", "de", "an die 500 Menschen", "almost", 450, 500),
    ("It stayed just under 5 percent.", "en", "just under 5 percent", "almost", Decimal("4.5"), 5),
    ("Close to 80 percent agreed.", "en", "Close to 80 percent", "almost", 72, 80),
    ("Es versammelten sich gegen 300 Menschen.", "de", "gegen 300 Menschen", "about", 270, 330),
    ("Die Quote liegt um die 40 Prozent.", "de", "um die 40 Prozent", "about", 36, 44),
    ("Der Preis stieg um rund 5 Prozent.", "de", "um rund 5 Prozent", "about", 4.5, 5.5),
    ("Es gab schätzungsweise 200 Tote.", "de", "schätzungsweise 200 Tote", "about", 180, 220),
    ("An estimated 200 people died.", "en", "An estimated 200 people", "about", 180, 220),
    ("Some 3,000 troops arrived.", "en", "Some 3,000 troops", "about", 2700, 3300),
])
def test_more_hedges(text, language, written, qualifier, low, high):
    figure = only(text, language)
    assert (figure["text"], figure["qualifier"], figure["low"], figure["high"]) == (written, qualifier, low, high)


@pytest.mark.parametrize(("text", "written"), [
    ("Der Preis stieg um 5 Prozent.", "5 Prozent"),
    ("Die Zahl sank um 300 Stellen.", "300 Stellen"),
    ("Sie stimmten gegen zwei Anträge.", "zwei Anträge"),
    ("Er schrieb an die zwölf Minister.", "zwölf Minister"),
    ("Das ist ab drei Tagen sichtbar.", "drei Tagen"),
    ("Etwa 5 kamen, etwas später 6 weitere.", None),
])
def test_near_misses_that_are_no_hedge(text, written):
    found = amounts(text)
    if written is None:
        assert [(f["qualifier"], f["value"]) for f in found] == [("about", 5), ("", 6)]
    else:
        assert [(f["text"], f["qualifier"]) for f in found] == [(written, "")]


def test_a_date_after_ab_stays_a_date():
    found = figures("Die Regel gilt ab dem 1. Januar 2025.")
    assert [(f["kind"], f["value"]) for f in found] == [("date", "2025-01-01")]


def test_a_long_negative_number_is_read_exactly():
    digits = "3" + "0" * 60
    figure = only(f"Der Saldo lag bei rund -{digits} Euro.")
    assert (figure["value"], figure["low"], figure["high"]) == (-3 * 10**60, -33 * 10**59, -27 * 10**59)


@pytest.mark.parametrize(("text", "value"), [
    ("Der Umsatz lag bei EUR 13.552 bn.", 13_552_000_000), ("Der Gewinn lag bei CHF 1.2bn.", 1_200_000_000),
    ("Der Gewinn lag bei 2,5 bn Euro.", 2_500_000_000),
])
def test_an_english_short_scale_reads_its_number_the_english_way_in_german_text(text, value):
    assert only(text)["value"] == value


@pytest.mark.parametrize("text", ["Die Prämien sinken ab 2028 um 440 Mio. Fr. jährlich.", "Ab 2030 gilt das."])
def test_a_year_after_ab_stays_a_year(text):
    assert figures(text)[0]["kind"] == "date"


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Die Preise stiegen um 4-5 % im Jahr.", "de", [("4", 4, "%"), ("5 %", 5, "%")]),
    ("Prices rose 4-5% last year.", "en", [("4", 4, "%"), ("5%", 5, "%")]),
    ("Der Umbau kostet 2-3 Millionen Euro.", "de", [("2", 2_000_000, "EUR"), ("3 Millionen Euro", 3_000_000, "EUR")]),
    ("Tickets kosten 10-15 €.", "de", [("10", 10, "EUR"), ("15 €", 15, "EUR")]),
])
def test_a_hyphen_range_before_a_measure(text, language, expected):
    got = [(f["text"], f["value"], f["unit"]) for claim in extract(text, language=language) for f in claim["figures"]]
    assert got == expected


@pytest.mark.parametrize("text", ["Die Gäste gewannen 3-1 gegen Bern.", "Die 2-fache Menge kam an.",
                                  "Unter 0203 555-0199 nimmt die Polizei Hinweise entgegen."])
def test_a_hyphen_between_numbers_with_no_measure_is_no_range(text):
    assert [f for claim in extract(text, language="de") for f in claim["figures"]] == []


def _read(text, language="de"):
    return [(f["text"], f["value"], f["low"], f["high"], f["qualifier"])
            for claim in extract(text, language=language) for f in claim["figures"]]


@pytest.mark.parametrize(("text", "language", "expected"), [
    # "keine" bounds any amount from above: "not even".
    ("Im Osten fielen keine 10 Liter Regen je Quadratmeter.", "de", [("keine 10 Liter", 10, 0, 10, "less_than")]),
    ("Die Fahrt dauerte keine 5 Minuten.", "de", [("keine 5 Minuten", 5, 0, 5, "less_than")]),
    # A sign after a currency code.
    ("Das Betriebsergebnis lag bei EUR -63 m.", "de", [("EUR -63 m", -63_000_000, -63_000_000, -63_000_000, "")]),
    ("Operating profit was CHF −4.2 m.", "en", [("CHF −4.2 m", -4_200_000, -4_200_000, -4_200_000, "")]),
    # "über" after a document or payment names its amount.
    ("Die Bank schloss einen Vergleich über 250.000 Euro.", "de", [("250.000 Euro", 250_000, 250_000, 250_000, "")]),
    ("Er bekam eine Rechnung über 80 Franken.", "de", [("80 Franken", 80, 80, 80, "")]),
    ("Es kamen über 500 Menschen.", "de", [("über 500 Menschen", 500, 500, None, "more_than")]),
    # "up" belongs to a verb of movement: "to" gives where it got.
    ("The saving ratio edged up to 10.5 percent.", "en", [("10.5 percent", 10.5, 10.5, 10.5, "")]),
    ("Inflation ticked up to 2.4% in March.", "en", [("2.4%", 2.4, 2.4, 2.4, "")]),
    ("The fine can be up to 5% of turnover.", "en", [("up to 5%", 5, 0, 5, "up_to")]),
])
def test_bounds_a_reader_takes(text, language, expected):
    assert [figure for figure in _read(text, language) if figure[0] != "March"] == expected
