"""Amounts: counts, money, percentages and durations, with hedges as bounds."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from .found import Figure
from .lexicon import (
    ARTICLES,
    BILLION_WORD,
    CURRENCY_FRACTIONS,
    CURRENCY_SCALES,
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    DURATION_SUFFIXES,
    DURATION_WORDS,
    EN_STOP,
    HEDGES,
    MONTHS,
    PERCENT_WORDS,
    SCALES,
    SIGN_MARKS,
    SIGN_WORDS,
    WEIGHT_WORDS,
)
from .numbers import format_decimal, parse_digits, parse_english_word, parse_german_word, times
from .patterns import (
    AMOUNT,
    DURATION_ADJECTIVE,
    DURATION_HINTS,
    QUARTER_CENTURY,
    RANGE_BEFORE,
    RANGE_MIDDLE,
    RANGE_OPENER,
)

QUALIFIERS = dict(HEDGES)
# Hedges that are also plain prepositions ("unter zwölf Ländern" = among, "gegen zwei Parteien" = against,
# "an die zwei Länder" = to): only before digits.
PREPOSITION_HEDGES = {"über", "unter", "over", "under", "gegen", "an die", "ab"}
NOUN_BEFORE = re.compile(r"([A-ZÄÖÜ][a-zäöüß]{2,30})\s+$")
MOVED_UP = re.compile(r"(?<![\w])(?:edg|tick|inch|creep|crept|mov|climb|jump|shot|shoot|went|go|gone|rose|ris|push|"
                      r"revis|step|ratchet|nudg|bump|round|trend|head|bounc|pick|spik|surg|soar|crawl|shift)[a-z]{0,5}"
                      r"\s+$", re.IGNORECASE)
# Documents and payments that "über" gives the amount of.
INSTRUMENT_NOUNS = frozenset(
    "vergleich vergleichs rechnung rechnungen scheck schecks auftrag aufträge auftrags kredit kredite kredits darlehen "
    "anleihe anleihen bürgschaft bürgschaften vertrag verträge forderung forderungen zahlung zahlungen strafe "
    "strafen busse buße bußgeld bussgeld klage klagen summe betrag spende spenden zuschuss bestellung bestellungen "
    "überweisung überweisungen wechsel police".split()
)
NINE_TENTHS, ELEVEN_TENTHS, ONE = Decimal("0.9"), Decimal("1.1"), Decimal(1)
GERMAN_NOUN = re.compile(r"\s(?:([a-zäöüß]+(?:e|en|er|es|em))\s)?([A-ZÄÖÜ][\w]*(?:-[\w]+)*)(?![\w])")
ENGLISH_NOUN = re.compile(r"\s([a-z][a-z-]+)(?:\s([a-z][a-z-]+))?(?![\w])")
NOT_NOUNS = frozenset({"Prozent", "Jahre", "Jahren", "Uhr", *(m.capitalize() for m in MONTHS)})
# What is weighed after "Pfund"/"pounds": a German noun ("Pfund Kartoffeln", not "Pfund Sterling") or "of".
WEIGHED = {"de": re.compile(r"\s(?!Sterling)[A-ZÄÖÜ]"), "en": re.compile(r"\sof\b")}
# The parts of an amount in the order they are written: its text starts at the first one present.
PARTS = ("hedge", "sign_word", "hedge2", "sign", "currency", "number")


class Reading(NamedTuple):
    """One amount as read, with what the first end of a range may borrow from it (its scale and unit)."""

    figure: Figure
    number: Decimal  # as written, with its sign
    scale: Decimal | None  # Millionen, bn: None when none is written
    fraction: Decimal  # of the unit: 0.01 for Rappen, else 1
    bare: bool  # nothing written after the number: a first end that can borrow


def find(text: str, start: int, end: int, language: str) -> list[Figure]:
    found: list[Figure] = []
    previous = None
    for match in AMOUNT.get(language, AMOUNT["de"]).finditer(text, start, end):
        reading = _read(match, text, language, end)
        if reading is None:
            continue
        if previous is not None and _one_range(text, previous, reading):
            found[-1] = _first_end(previous, reading)
        found.append(reading.figure)
        previous = reading
    found.extend(_duration_words(text, start, end))
    return found


def _read(match: re.Match, text: str, language: str, end: int) -> Reading | None:
    raw = match["number"]
    # "bn", "m" and "k" are English: "EUR 13.552 bn" in a German text still has a decimal point.
    english = match["short_scale"] or (match["scale"] or "").lower() == "bn"
    number = _value(raw, "en" if english else language)
    if number is None or (raw.lower() in ARTICLES and not match["scale"]):
        return None
    currency, unit_word = match["currency"], (match["unit"] or "").lower()
    scale = _scale(match["scale"], language) if match["scale"] else None
    if match["short_scale"]:
        if not (currency or unit_word in CURRENCY_WORDS or unit_word in CURRENCY_SIGNS):
            return None
        scale = CURRENCY_SCALES[match["short_scale"].lower()]
    number = number.copy_negate() if _sign(match) < 0 else number  # exact: unary minus rounds to 28 digits
    kind, unit = _kind(currency, unit_word)
    figure_end = match.end()
    if unit_word in WEIGHT_WORDS and not scale and WEIGHED.get(language, WEIGHED["de"]).match(text, figure_end):
        kind, unit = "count", match["unit"]
    elif match["glued"]:
        kind, unit = "count", match["glued"].strip()  # "40.3C": the unit is written onto the number
    elif kind == "count":
        figure_end, unit = counted_noun(text, match.end(), end, language)
    fraction = CURRENCY_FRACTIONS.get(unit_word, ONE)
    hedge = match["hedge"] or match["hedge2"]
    qualifier = _qualifier(hedge, raw, kind)
    if qualifier and (_amount_of(text, match.start(), hedge) or _moved_up(text, match.start(), hedge)):
        qualifier = ""
    begin = next(match.start(part) for part in PARTS if match[part] and (qualifier or "hedge" not in part))
    figure = _figure(begin, figure_end, kind, _scaled(number, scale, fraction), unit, qualifier)
    return Reading(figure, number, scale, fraction, figure_end == match.end("number"))


def _figure(start: int, end: int, kind: str, value: Decimal, unit: str, qualifier: str) -> Figure:
    low, high = bounds(value, qualifier)
    return Figure(start, end, kind, format_decimal(value), low, high, unit, qualifier)


def _scaled(number: Decimal, scale: Decimal | None, fraction: Decimal) -> Decimal:
    return times(times(number, scale or ONE), fraction)


def _sign(match: re.Match) -> int:
    if match["sign"] or match["sign_after"]:  # "-63 m", or after a currency: "EUR -63 m"
        return SIGN_MARKS[match["sign"] or match["sign_after"]]
    return SIGN_WORDS[" ".join(match["sign_word"].lower().split())] if match["sign_word"] else 1


def _one_range(text: str, first: Reading, second: Reading) -> bool:
    """ "von 1,8 auf 4,3 Milliarden", "zwischen 0,8 und 1,05 Milliarden", "700 bis 950 Millionen" (docs/figures.md)."""
    if not first.bare:
        return False
    middle = RANGE_MIDDLE.fullmatch(text, first.figure.end, second.figure.start)
    if middle is None:
        return False
    if middle["alone"]:
        return True
    before = RANGE_BEFORE.search(text, max(0, first.figure.start - 12), first.figure.start)
    return before is not None and before["opener"].lower() == RANGE_OPENER[middle["paired"].lower()]


def _first_end(first: Reading, second: Reading) -> Figure:
    """The first end of a range with the scale of the second and, if it has none, its unit; its own hedge stays."""
    figure = first.figure
    scale = first.scale or second.scale
    if figure.kind != "count" or not second.figure.unit:
        return _figure(figure.start, figure.end, figure.kind, _scaled(first.number, scale, first.fraction),
                       figure.unit, figure.qualifier)
    value = _scaled(first.number, scale, second.fraction)
    return _figure(figure.start, figure.end, second.figure.kind, value, second.figure.unit, figure.qualifier)


def _value(raw: str, language: str) -> Decimal | None:
    if raw[0].isdigit():
        return parse_digits(raw, language)
    word = raw.lower()
    if word in ARTICLES:
        return Decimal(1)
    english = parse_english_word(word)
    return parse_german_word(word) if english is None else english


def _scale(word: str, language: str) -> Decimal:
    word = word.lower()
    # Only "billion" depends on the language; "Billionen" is German's 10^12 and is in SCALES.
    return BILLION_WORD[language] if word == "billion" else SCALES[word]


def _kind(currency: str | None, unit_word: str) -> tuple[str, str]:
    if currency:
        return "money", CURRENCY_SIGNS[currency.upper()]
    if unit_word in CURRENCY_WORDS:
        return "money", CURRENCY_WORDS[unit_word]
    if unit_word in CURRENCY_SIGNS:  # "1,5 Mrd. €"
        return "money", CURRENCY_SIGNS[unit_word]
    if unit_word in PERCENT_WORDS:
        return "percent", PERCENT_WORDS[unit_word]
    if unit_word in DURATION_WORDS:
        return "duration", DURATION_WORDS[unit_word]
    return "count", ""


def counted_noun(text: str, position: int, end: int, language: str) -> tuple[int, str]:
    if language == "de":
        noun = GERMAN_NOUN.match(text, position, end)
        if noun and noun[2] not in NOT_NOUNS:
            return noun.end(), noun[2]
        return position, ""
    noun = ENGLISH_NOUN.match(text, position, end)
    if not noun or noun[1] in EN_STOP:
        return position, ""
    if noun[2] and noun[2] not in EN_STOP and noun[2].endswith("s") and not noun[1].endswith("s"):
        return noun.end(2), f"{noun[1]} {noun[2]}"  # "artillery shells"
    return noun.end(1), noun[1]


def _qualifier(hedge: str | None, raw: str, kind: str) -> str:
    if not hedge:
        return ""
    word = hedge.lower()
    if word in PREPOSITION_HEDGES and not raw[0].isdigit():
        return ""
    return QUALIFIERS[word]


def _amount_of(text: str, start: int, hedge: str) -> bool:
    """ "ein Vergleich über 250.000 Dollar", "eine Rechnung über 80 Franken": "über" names the amount, no bound."""
    if hedge.lower() != "über":
        return False
    noun = NOUN_BEFORE.search(text, max(0, start - 40), start)
    return noun is not None and noun[1].lower() in INSTRUMENT_NOUNS


def _moved_up(text: str, start: int, hedge: str) -> bool:
    """ "inflation edged up to 2.0%": "up" belongs to the verb, and "to" gives where it got, no bound."""
    return hedge.lower() == "up to" and MOVED_UP.search(text, max(0, start - 30), start) is not None


def bounds(value: Decimal, qualifier: str) -> tuple[Decimal | None, Decimal | None]:
    """The interval the wording allows (see docs/figures.md); for a negative number the same fractions of its
    magnitude, low <= high: "rund -10" is -11 … -9."""
    if value < 0:
        low, high = bounds(value.copy_negate(), qualifier)
        return _negative(high), _negative(low)
    if qualifier in ("up_to", "less_than"):
        return Decimal(0), value
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier == "almost":
        return format_decimal(times(value, NINE_TENTHS)), value
    if qualifier == "about":
        return format_decimal(times(value, NINE_TENTHS)), format_decimal(times(value, ELEVEN_TENTHS))
    if qualifier == "just_over":
        return value, format_decimal(times(value, ELEVEN_TENTHS))
    return value, value


def _negative(bound: Decimal | None) -> Decimal | None:
    if bound is None:
        return None
    return bound.copy_negate() if bound else Decimal(0)  # exact, and 0 stays 0 rather than "-0"


def _duration_words(text: str, start: int, end: int) -> list[Figure]:
    found = []
    chunk = text[start:end]
    # Rare words: look for them only where their tell-tale letters occur (a fast substring search).
    adjectives = DURATION_ADJECTIVE.finditer(text, start, end) if any(h in chunk for h in DURATION_HINTS) else ()
    for match in adjectives:
        raw = match["number"]
        value = parse_digits(raw) if raw[0].isdigit() else parse_german_word(raw)
        if value is not None and raw.lower() not in ARTICLES:
            unit = DURATION_SUFFIXES[match["suffix"].lower()]
            found.append(Figure(match.start(), match.end(), "duration", value, value, value, unit))
    for match in QUARTER_CENTURY.finditer(text, start, end) if "ierteljahrhundert" in chunk else ():
        qualifier = _qualifier(match["hedge"], "25", "duration")
        low, high = bounds(Decimal(25), qualifier)
        begin = match.start() if qualifier else match.start("word")
        found.append(Figure(begin, match.end(), "duration", Decimal(25), low, high, "year", qualifier))
    return found
