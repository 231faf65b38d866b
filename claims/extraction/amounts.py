"""Amounts: counts, money, percentages and durations, with hedges as bounds."""

from __future__ import annotations

import re
from decimal import Decimal

from .found import Figure
from .lexicon import (
    ARTICLES,
    BILLION_WORD,
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
)
from .numbers import format_decimal, parse_digits, parse_english_word, parse_german_word, times
from .patterns import AMOUNT, DURATION_ADJECTIVE, DURATION_HINTS, QUARTER_CENTURY

QUALIFIERS = dict(HEDGES)
# Hedges that are also plain prepositions ("unter zwölf Ländern" = among): only before digits.
PREPOSITION_HEDGES = {"über", "unter", "over", "under"}
NINE_TENTHS, ELEVEN_TENTHS = Decimal("0.9"), Decimal("1.1")
GERMAN_NOUN = re.compile(r"\s(?:([a-zäöüß]+(?:e|en|er|es|em))\s)?([A-ZÄÖÜ][\w]*(?:-[\w]+)*)(?![\w])")
ENGLISH_NOUN = re.compile(r"\s([a-z][a-z-]+)(?:\s([a-z][a-z-]+))?(?![\w])")
NOT_NOUNS = frozenset({"Prozent", "Jahre", "Jahren", "Uhr", *(m.capitalize() for m in MONTHS)})


def find(text: str, start: int, end: int, language: str) -> list[Figure]:
    found = []
    for match in AMOUNT.get(language, AMOUNT["de"]).finditer(text, start, end):
        figure = _amount(match, text, language, end)
        if figure is not None:
            found.append(figure)
    found.extend(_duration_words(text, start, end))
    return found


def _amount(match: re.Match, text: str, language: str, end: int) -> Figure | None:
    raw = match["number"]
    value = _value(raw)
    scale = match["scale"]
    if value is None or (raw.lower() in ARTICLES and not scale):
        return None
    if scale:
        value = times(value, _scale(scale, language))
    unit_word = (match["unit"] or "").lower()
    sign = match["sign"]
    if match["short_scale"]:
        if not (sign or unit_word in CURRENCY_WORDS or unit_word in CURRENCY_SIGNS):
            return None
        value = times(value, CURRENCY_SCALES[match["short_scale"].lower()])
    kind, unit = _kind(sign, unit_word)
    figure_end = match.end()
    if kind == "count":
        figure_end, unit = _counted_noun(text, match.end(), end, language)
    qualifier = _qualifier(match["hedge"], raw, kind)
    start = match.start("hedge") if qualifier else match.start("sign") if sign else match.start("number")
    low, high = bounds(value, qualifier)
    return Figure(start, figure_end, kind, format_decimal(value), low, high, unit, qualifier)


def _value(raw: str) -> Decimal | None:
    if raw[0].isdigit():
        return parse_digits(raw)
    word = raw.lower()
    if word in ARTICLES:
        return Decimal(1)
    english = parse_english_word(word)
    return parse_german_word(word) if english is None else english


def _scale(word: str, language: str) -> Decimal:
    word = word.lower()
    # Only "billion" depends on the language; "Billionen" is German's 10^12 and is in SCALES.
    return BILLION_WORD[language] if word == "billion" else SCALES[word]


def _kind(sign: str | None, unit_word: str) -> tuple[str, str]:
    if sign:
        return "money", CURRENCY_SIGNS[sign.upper()]
    if unit_word in CURRENCY_WORDS:
        return "money", CURRENCY_WORDS[unit_word]
    if unit_word in CURRENCY_SIGNS:  # "1,5 Mrd. €"
        return "money", CURRENCY_SIGNS[unit_word]
    if unit_word in PERCENT_WORDS:
        return "percent", PERCENT_WORDS[unit_word]
    if unit_word in DURATION_WORDS:
        return "duration", DURATION_WORDS[unit_word]
    return "count", ""


def _counted_noun(text: str, position: int, end: int, language: str) -> tuple[int, str]:
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
    if word == "keine" and kind != "duration":
        return ""
    return QUALIFIERS[word]


def bounds(value: Decimal, qualifier: str) -> tuple[Decimal | None, Decimal | None]:
    """The interval the wording allows (see docs/figures.md)."""
    if qualifier in ("up_to", "less_than"):
        return Decimal(0), value
    if qualifier == "more_than":
        return value, None
    if qualifier == "almost":
        return format_decimal(times(value, NINE_TENTHS)), value
    if qualifier == "about":
        return format_decimal(times(value, NINE_TENTHS)), format_decimal(times(value, ELEVEN_TENTHS))
    return value, value


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
