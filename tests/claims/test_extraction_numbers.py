"""Numbers, scales, hedges and units: no database, no Django settings needed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.extraction import extract
from claims.extraction.numbers import parse_digits, parse_german_word

PUBLISHED = date(2024, 6, 20)


def figures(text: str, language: str = "de") -> list[dict]:
    return [f for claim in extract(text, language=language, published=PUBLISHED) for f in claim["figures"]]


def only(text: str, language: str = "de") -> dict:
    found = figures(text, language)
    assert len(found) == 1, found
    return found[0]


# German reads a comma as the decimal mark even before three digits ("1,000" is 1.0, docs/figures.md); English
# groups with it. Before the rulebook said so, "1,000" was 1000 in both languages.
@pytest.mark.parametrize(("written", "language", "value"), [
    ("7.000", "de", 7000), ("1.000", "de", 1000), ("5.000.000", "de", 5_000_000), ("1,5", "de", Decimal("1.5")),
    ("3,2", "de", Decimal("3.2")), ("1,000", "de", 1), ("1,000", "en", 1000), ("2.5", "en", Decimal("2.5")),
    ("1.234,5", "de", Decimal("1234.5")), ("1,234.5", "en", Decimal("1234.5")), ("0,125", "de", Decimal("0.125")),
    ("7\u202f000", "de", 7000),
])
def test_digits_in_both_styles(written, language, value):
    assert parse_digits(written, language) == value


@pytest.mark.parametrize(("word", "value"), [
    ("zwei", 2), ("fünf", 5), ("zwölf", 12), ("einundzwanzig", 21), ("zweihundertfünfzig", 250),
    ("dreitausend", 3000), ("zweieinhalb", Decimal("2.5")), ("dreiviertel", Decimal("0.75")),
    ("eineinhalb", Decimal("1.5")), ("und", None), ("einhalb", None), ("Zweiten", None),
])
def test_german_number_words(word, value):
    assert parse_german_word(word) == (None if value is None else Decimal(value))


@pytest.mark.parametrize(("text", "language", "value", "unit", "kind"), [
    ("Es waren 1,5 Millionen Einwohner.", "de", 1_500_000, "Einwohner", "count"),
    ("Der Handel lag bei 3,2 Mrd. Euro.", "de", 3_200_000_000, "EUR", "money"),
    ("Es ging um 15 Milliarden Dollar.", "de", 15_000_000_000, "USD", "money"),
    ("Die Schulden betragen zwei Billionen Rubel.", "de", 2 * 10**12, "RUB", "money"),
    ("Der Wert: 29 Millionen US-Dollar.", "de", 29_000_000, "USD", "money"),
    ("Sie zahlten 400 Tsd. Won.", "de", 400_000, "KRW", "money"),
    ("Trade reached $29 million.", "en", 29_000_000, "USD", "money"),
    ("Trade reached 2.5 billion dollars.", "en", 2_500_000_000, "USD", "money"),
    ("It cost $3bn in the end.", "en", 3_000_000_000, "USD", "money"),
    ("It cost €40m in the end.", "en", 40_000_000, "EUR", "money"),
    ("Der Anteil liegt bei 90 Prozent.", "de", 90, "%", "percent"),
    ("Er stieg um 2,5 Prozentpunkte.", "de", Decimal("2.5"), "pp", "percent"),
    ("It rose by 3 percentage points.", "en", 3, "pp", "percent"),
    ("Das dauerte 24 Jahre.", "de", 24, "year", "duration"),
    ("They talked for twenty-one hours.", "en", 21, "hour", "duration"),
    ("Es kamen einundzwanzig Länder.", "de", 21, "Länder", "count"),
    ("Russland kaufte eine Million Granaten.", "de", 1_000_000, "Granaten", "count"),
    ("They shipped a million barrels.", "en", 1_000_000, "barrels", "count"),
    ("Es war ein zweitägiger Besuch.", "de", 2, "day", "duration"),
    ("Es war der erste Besuch seit einem Vierteljahrhundert.", "de", 25, "year", "duration"),
])
def test_amounts_scales_and_units(text, language, value, unit, kind):
    figure = only(text, language)
    assert (Decimal(str(figure["value"])), figure["unit"], figure["kind"]) == (Decimal(value), unit, kind)


@pytest.mark.parametrize(("text", "language", "qualifier", "low", "high"), [
    ("Es waren bis zu fünf Millionen Artilleriegeschosse.", "de", "up_to", 0, 5_000_000),
    ("Gezählt wurden mehr als 1.000 Container.", "de", "more_than", 1000, None),
    ("Gezählt wurden über 1.000 Container.", "de", "more_than", 1000, None),
    ("Gezählt wurden fast 7.000 Container.", "de", "almost", 6300, 7000),
    ("Gezählt wurden knapp 7.000 Container.", "de", "almost", 6300, 7000),
    ("Es waren rund 29 Millionen Dollar.", "de", "about", 26_100_000, 31_900_000),
    ("Es waren etwa 100 Soldaten.", "de", "about", 90, 110),
    ("Es waren circa 100 Soldaten.", "de", "about", 90, 110),
    ("Es waren weniger als 5 Prozent.", "de", "less_than", 0, 5),
    ("Das Treffen dauerte keine zwei Stunden.", "de", "less_than", 0, 2),
    ("They sent up to five million artillery shells.", "en", "up_to", 0, 5_000_000),
    ("They counted more than 1,000 containers.", "en", "more_than", 1000, None),
    ("They counted almost 7,000 containers.", "en", "almost", 6300, 7000),
    ("They counted nearly 7,000 containers.", "en", "almost", 6300, 7000),
    ("They counted about 7,000 containers.", "en", "about", 6300, 7700),
    ("It took less than 2 hours.", "en", "less_than", 0, 2),
])
def test_hedges_become_bounds(text, language, qualifier, low, high):
    figure = only(text, language)
    assert (figure["qualifier"], figure["low"], figure["high"]) == (qualifier, low, high)


def test_a_preposition_is_no_hedge_before_a_number_word():
    figure = only("Unter zwölf Ländern war keines dagegen.")
    assert (figure["qualifier"], figure["value"]) == ("", 12)


@pytest.mark.parametrize("text", [
    "Mehr unter https://nachrichten.example/2024/06/19/artikel-123 lesen.",
    "Schreiben Sie an redaktion2024@beispiel.example bitte.",
    "Der Bericht bericht_2023.pdf liegt vor.",
    "Die G7 und die G20 tagten.", "Die F-16 und die Su-57 flogen.", "Die Hwasong-18 und die KN-23 starteten.",
    "Eine Boeing 737 landete.", "Das geschah im Zweiten Weltkrieg.", "Das geschah im 2. Weltkrieg.",
    "Rufen Sie +49 30 1234567 an.", "Der Text <h2>Titel</h2> und <td width=\"300\">.",
    "Resolution 1718 gilt.", "Das Treffen begann um 3 Uhr.", "Es begann um 14:30 Uhr.", "Siehe Seite 12.",
    "Er traf ein Vertreter.", "One of the leaders came.",
])
def test_traps_give_no_figure(text):
    assert figures(text, "en" if text.startswith("One") else "de") == []


def test_change_from_one_amount_to_another_gives_each_its_time():
    found = figures("Zwischen 2019 und 2021 sank der Handel von 84 Millionen Dollar auf zwei Millionen Dollar.")
    money = [f for f in found if f["kind"] == "money"]
    assert [(f["value"], f["as_of"]) for f in money] == [(84_000_000, "2019"), (2_000_000, "2021")]


@pytest.mark.parametrize(("text", "as_of"), [
    ("2023 erhöhte sich das Handelsvolumen auf 29 Millionen Dollar.", "2023"),
    ("Mit Südkorea waren es 15 Milliarden Dollar (2023).", "2023"),
    ("Im März 2024 zählten US-Beamte fast 7.000 Container.", "2024-03"),
])
def test_as_of_is_the_time_the_sentence_gives(text, as_of):
    assert next(f for f in figures(text) if f["kind"] != "date")["as_of"] == as_of


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["de", "en"]))
def test_a_grouped_integer_parses_back(number, style):
    written = f"{number:,}".replace(",", "." if style == "de" else ",")
    assert parse_digits(written, style) == number


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=99), st.sampled_from(["de", "en"]))
def test_a_decimal_parses_back(whole, cents, style):
    group, mark = (".", ",") if style == "de" else (",", ".")
    written = f"{whole:,}".replace(",", group) + mark + f"{cents:02d}"
    assert parse_digits(written, style) == Decimal(whole) + Decimal(cents) / 100


WORDS = st.text(alphabet="abcdefghij ÄÖÜäöüß,.-\n", max_size=30)
AMOUNT_TEXTS = st.sampled_from([
    "bis zu fünf Millionen Artilleriegeschosse", "fast 7.000 Container", "$29 million", "19. Juni",
    "im März 2024", "24 Jahre", "1,5 Mrd. Euro", "2023", "mehr als 90 Prozent", "https://x.example/5",
])


@given(st.lists(st.tuples(WORDS, AMOUNT_TEXTS), max_size=6), st.sampled_from(["de", "en"]))
def test_offsets_always_slice_to_the_figure_text(parts, language):
    text = " ".join(f"{words} {amount}" for words, amount in parts)
    for claim in extract(text, language=language, published=PUBLISHED):
        assert text[claim["start"] : claim["end"]] == claim["text"]
        for figure in claim["figures"]:
            assert text[figure["start"] : figure["end"]] == figure["text"]
            assert claim["start"] <= figure["start"] < figure["end"] <= claim["end"]


@pytest.mark.parametrize("digits", ["1" * 29, "7" + "0" * 40, "3" * 2000])
def test_a_number_longer_than_decimals_default_precision_is_read_exactly(digits):
    # A source page may be megabytes of digits; the evidence check runs the extractor over it.
    assert only(f"Es kamen {digits} Container.")["value"] == int(digits)


@pytest.mark.parametrize(("text", "figure", "value", "unit"), [
    ("Temperatures peaked at 40.3C in Cambridge on Tuesday.", "40.3C", 40.3, "C"),
    ("Only 10.5mm of rain fell in July.", "10.5mm", 10.5, "mm"),
    ("It reached 38.7°C in Paris.", "38.7°C", 38.7, "°C"),
    ("Der Wert lag bei 40,2 °C.", "40,2 °C", 40.2, "°C"),
])
def test_a_unit_written_onto_the_number_is_its_unit(text, figure, value, unit):
    language = "de" if "Wert" in text else "en"
    (found,) = [f for claim in extract(text, language=language) for f in claim["figures"]]
    assert (found["text"], found["value"], found["unit"], found["kind"]) == (figure, value, unit, "count")


def test_cents_and_glued_whole_numbers_stay_out():
    found = extract("He paid 50c for a 35mm film and 5G.", language="en")
    assert [figure for claim in found for figure in claim["figures"]] == []
