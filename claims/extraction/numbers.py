"""Numbers as written in German and English news text, to exact Decimals."""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation

from .lexicon import TENS_DE, TENS_EN, UNITS_DE, UNITS_EN, WHOLE_WORDS

# Marks that only ever group thousands: spaces (also no-break and narrow no-break) and Swiss apostrophes.
GROUP_MARKS = "\u00a0\u202f\u2009 '\u2019"
# Exact arithmetic for numbers of any length: the default context rounds past 28 digits and cannot quantize
# what it rounded. Whether a value fits a column is for whoever stores it to decide (claims.services).
# Only products and sums are computed, which never need more digits than their operands hold.
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
ONE = Decimal(1)
SEPARATOR = re.compile(r"[.,\u00a0\u202f\u2009 ]")


def parse_digits(text: str, language: str = "de") -> Decimal | None:
    """ "7.000" -> 7000, "1,5" -> 1.5, "33 777" -> 33777, "1'375'058" -> 1375058; the rest by language.

    German: a comma is always the decimal mark ("45,610" -> 45.61, "1,000" -> 1); English: a comma groups and a
    dot is the decimal mark ("1,000" -> 1000, "13.552" -> 13.552). Text of the other style still reads where it
    cannot be mistaken: several equal marks group ("5.000.000", "1,000,000"); of two different marks the last
    is the decimal one ("1.234,5" in English text); a German dot before exactly three digits groups ("7.000")
    unless the number starts with 0 ("0.125"); an English comma before other than three digits is decimal ("1,5").
    None when the marks contradict each other ("1.000,000.5": two decimal marks).
    """
    for mark in GROUP_MARKS:
        text = text.replace(mark, "")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
    elif dots + commas == 0:
        return Decimal(text)
    else:
        decimal_mark = _single_kind_decimal("." if dots else ",", dots + commas, text, language)
    group_mark = {".": ",", ",": "."}.get(decimal_mark or "", "")
    cleaned = text.replace(group_mark, "") if decimal_mark else text.replace(".", "").replace(",", "")
    try:
        return Decimal(cleaned.replace(decimal_mark, ".") if decimal_mark else cleaned)
    except InvalidOperation:
        return None


def _single_kind_decimal(mark: str, count: int, text: str, language: str) -> str | None:
    """The decimal mark of a number written with one kind of mark, None when it only groups."""
    if count > 1:
        return None
    native = "," if language == "de" else "."
    if mark == native:
        return mark
    tail = text.rsplit(mark, 1)[1]
    return None if len(tail) == 3 and not text.startswith("0") else mark


GERMAN_WORD = re.compile(
    r"^(?:(?P<thousands>.*?)tausend)?(?:(?P<hundreds>.*?)hundert)?(?P<rest>.*)$"
)


def parse_german_word(word: str) -> Decimal | None:
    """ "einundzwanzig" -> 21, "zweihundertfünfzig" -> 250, "zweieinhalb" -> 2.5; None if not a number."""
    word = word.lower()
    if word in WHOLE_WORDS:
        return WHOLE_WORDS[word]
    if word.endswith("einhalb") and word != "einhalb":
        whole = parse_german_word(word[: -len("einhalb")])
        return None if whole is None else whole + Decimal("0.5")
    match = GERMAN_WORD.match(word)
    total = 0
    for part, factor in (("thousands", 1000), ("hundreds", 100)):
        chunk = match[part]
        if chunk is None:
            continue
        value = 1 if chunk in ("", "ein") else _german_below_100(chunk)
        if value is None:
            return None
        total += value * factor
    rest = match["rest"]
    if rest:
        value = _german_below_100(rest)
        if value is None:
            return None
        total += value
    elif match["thousands"] is None and match["hundreds"] is None:
        return None
    return Decimal(total)


def _german_below_100(word: str) -> int | None:
    if word in UNITS_DE:
        return UNITS_DE[word]
    if word == "eins":
        return 1
    if word in TENS_DE:
        return TENS_DE[word]
    unit, sep, tens = word.partition("und")
    if sep and tens in TENS_DE and unit in UNITS_DE and UNITS_DE[unit] < 10:
        return UNITS_DE[unit] + TENS_DE[tens]
    return None


def parse_english_word(word: str) -> Decimal | None:
    """ "twenty-one" -> 21, "two" -> 2."""
    word = word.lower()
    if word in UNITS_EN:
        return Decimal(UNITS_EN[word])
    if word in TENS_EN:
        return Decimal(TENS_EN[word])
    tens, sep, unit = word.partition("-")
    if sep and tens in TENS_EN and unit in UNITS_EN and UNITS_EN[unit] < 10:
        return Decimal(TENS_EN[tens] + UNITS_EN[unit])
    return None


def format_decimal(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation."""
    normal = value.normalize(EXACT)
    return normal.quantize(ONE, context=EXACT) if normal == normal.to_integral_value(context=EXACT) else normal


def times(value: Decimal, factor: Decimal) -> Decimal:
    return EXACT.multiply(value, factor)
