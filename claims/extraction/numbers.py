"""Numbers as written in German and English news text, to exact Decimals."""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation

from .lexicon import TENS_DE, TENS_EN, UNITS_DE, UNITS_EN, WHOLE_WORDS

GROUP_SPACES = "\u00a0\u202f\u2009 "
# Exact arithmetic for numbers of any length: the default context rounds past 28 digits and cannot quantize
# what it rounded. Whether a value fits a column is for whoever stores it to decide (claims.services).
# Only products and sums are computed, which never need more digits than their operands hold.
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
ONE = Decimal(1)
SEPARATOR = re.compile(r"[.,\u00a0\u202f\u2009 ]")


def parse_digits(text: str) -> Decimal | None:
    """ "7.000" -> 7000, "1,5" -> 1.5, "1,000" -> 1000, "2.5" -> 2.5, "5.000.000" -> 5000000.

    One mark before exactly three digits groups thousands in either language ("7.000", "1,000"),
    unless the number starts with 0 ("0,125"); any other single mark is the decimal mark.
    None when the marks contradict each other ("1.000,000.5": two decimal marks).
    """
    for space in GROUP_SPACES:
        text = text.replace(space, "")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
    elif dots + commas == 0:
        return Decimal(text)
    else:
        mark = "." if dots else ","
        tail = text.rsplit(mark, 1)[1]
        grouping = dots + commas > 1 or (len(tail) == 3 and not text.startswith("0"))
        decimal_mark = None if grouping else mark
    group_mark = {".": ",", ",": "."}.get(decimal_mark or "", "")
    cleaned = text.replace(group_mark, "") if decimal_mark else text.replace(".", "").replace(",", "")
    try:
        return Decimal(cleaned.replace(decimal_mark, ".") if decimal_mark else cleaned)
    except InvalidOperation:
        return None


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
