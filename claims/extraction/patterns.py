"""Compiled regular expressions, built once from the lexicon."""

from __future__ import annotations

import re

from .lexicon import (
    CURRENCY_SCALES,
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    DURATION_SUFFIXES,
    DURATION_WORDS,
    HEDGES,
    MONTHS_DE,
    MONTHS_EN,
    PERCENT_WORDS,
    SCALES,
    SIGN_MARKS,
    SIGN_WORDS,
    TENS_DE,
    TENS_EN,
    UNITS_DE,
    UNITS_EN,
)


def alternation(words) -> str:
    """Words as a prefix tree ("zw(?:ei|ölf|anzig)"): the regex engine tests one first letter, not every word."""
    return _tree(sorted(set(words)))


def _tree(words: list[str]) -> str:
    branches, ends_here = {}, False
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
        else:
            ends_here = True
    if not branches:
        return ""
    parts = [re.escape(char) + _tree(rest) for char, rest in sorted(branches.items())]
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    # A greedy optional tail: "millionen" is tried before "million", as longest-first would.
    return f"(?:{body})?" if ends_here else body


GERMAN_MORPHEMES = alternation({*UNITS_DE, *TENS_DE, "hundert", "tausend", "und", "einhalb", "anderthalb",
                                "dreiviertel"})
GERMAN_WORD = rf"(?:{GERMAN_MORPHEMES})+"
ENGLISH_WORD = rf"(?:(?:{alternation(TENS_EN)})(?:-(?:{alternation(UNITS_EN)}))?|{alternation(UNITS_EN)})"
# Groups of exactly three digits after a first group of one to three, all with the same mark: "7.000",
# "1,000,000", "33 777" (also no-break and narrow no-break spaces), Swiss "1'375'058" and "1’375’058".
DIGITS = (r"\d{1,3}(?P<group>[.,'’\u00a0\u202f\u2009 ])\d{3}(?:(?P=group)\d{3})*(?!\d)(?:[.,]\d+)?"
          r"|\d+(?:[.,]\d+)?")
SCALE = alternation([*SCALES, "billion", "billionen"])
SHORT_SCALE = alternation(CURRENCY_SCALES)
UNIT_WORD = alternation([*CURRENCY_WORDS, *PERCENT_WORDS, *DURATION_WORDS])
HEDGE = alternation(phrase for phrase, _ in HEDGES)
SIGN_WORD = alternation(SIGN_WORDS)
SIGN_MARK = "".join(SIGN_MARKS)
CURRENCY_SIGN = "".join(sign for sign in CURRENCY_SIGNS if len(sign) == 1)
CURRENCY_CODE = alternation(sign for sign in CURRENCY_SIGNS if len(sign) > 1)

# One amount: [hedge] [sign word [hedge]] [sign] [currency] number [scale] [currency/percent/duration word].
# The counted noun after it is found in Python, where word case can be looked at.
# Every pattern starts at a word start: the leading look-behind discards mid-word positions cheaply.
# One pattern per language: each tries only its own number words.
# A sign is a sign only where no word, number or mark is right before it: the hyphen of "Covid-19" or "2-fach"
# and the dash between two numbers ("4–5 %", a range) are none. A sign word after a number is arithmetic
# ("10 minus 4"), not a sign.
AMOUNT_TEMPLATE = r"""
    (?<![\w])
    (?:(?<![\w-])(?P<hedge>{hedge})\s+)?
    (?:(?<![\w-])(?<!\d\s)(?P<sign_word>{sign_word})\s+(?:(?P<hedge2>{hedge})\s+)?)?
    (?P<sign>(?<![\w.,/@\#:{sign_mark}])[{sign_mark}](?=[{currency_sign}]?\d))?
    (?P<currency>[{currency_sign}]|US\$|(?<![\w])(?:{currency_code})(?=\s?\d))?\s?
    (?P<number>
        (?<![\w.,/@\#:])(?(sign)|(?<![+-]))(?:{digits})(?=(?:{short})(?![\w])|(?![\w]|[.,]\d|-\w))
      | (?<![\w-])(?:{words})(?![\w-])
      | (?<![\w-])(?:{articles})(?=\s(?:{scale})(?![\w]))
    )
    (?:\s?(?P<scale>(?<![\w])(?:{scale})(?![\w]))|(?(currency)\s?)(?P<short_scale>(?<=[\d\s])(?:{short})(?![\w])))?
    (?:\s?(?P<unit>%|[{currency_sign}]|(?<![\w])(?:{unit})(?![\w])))?
"""
LANGUAGE_WORDS = {
    "de": (GERMAN_WORD, "einer|einem|einen|eines"),
    "en": (ENGLISH_WORD, "a"),
}
AMOUNT = {
    language: re.compile(
        AMOUNT_TEMPLATE.format(hedge=HEDGE, sign_word=SIGN_WORD, sign_mark=re.escape(SIGN_MARK),
                               currency_sign=re.escape(CURRENCY_SIGN), currency_code=CURRENCY_CODE,
                               digits=DIGITS, short=SHORT_SCALE, words=words, articles=articles, scale=SCALE,
                               unit=UNIT_WORD),
        re.IGNORECASE | re.VERBOSE,
    )
    for language, (words, articles) in LANGUAGE_WORDS.items()
}
# The words between the two ends of a range whose second end lends the first its scale and unit ("1,8 auf
# 4,3 Milliarden Euro"), and what must come before the first end for each: "und" and "auf" only after
# "zwischen" and "von" ("5 und 10 Millionen" may be two things), "bis", "to" and a dash on their own.
RANGE_MIDDLE = re.compile(r"\s?(?:(?P<alone>bis|to|[–−])|(?P<paired>und|and|auf))\s?", re.IGNORECASE)
RANGE_OPENER = {"und": "zwischen", "and": "between", "auf": "von"}
RANGE_BEFORE = re.compile(r"\b(?P<opener>zwischen|between|von|from)\s+$", re.IGNORECASE)

MONTH = rf"(?-i:(?=[A-ZÄÖÜ]))(?:{alternation([*MONTHS_DE, *MONTHS_EN])})"
YEAR = r"(?:1[89]\d\d|20\d\d)"
DATES = re.compile(
    rf"""
    (?<![\w])
    (?:
      (?=\d)  # the forms that start with a digit, tried only where a digit is
      (?:
        (?P<numeric>(?<![\w.])(?P<nd>\d{{1,2}})\.(?P<nm>\d{{1,2}})\.(?P<ny>{YEAR})(?![\w]))
      | (?P<span>(?<![\w.])(?P<sd1>\d{{1,2}})\.?\s?(?:bis(?:\s(?:zum|zur))?|und|–|-|to|and)\s?(?:zum\s)?
                 (?P<sd2>\d{{1,2}})\.?\s(?P<sm>{MONTH})(?:\s(?P<sy>{YEAR}))?(?![\w]))
      | (?P<dmy>(?<![\w.])(?P<dd>\d{{1,2}})(?:\.|st|nd|rd|th)?\s(?P<dm>{MONTH})(?:\s(?P<dy>{YEAR}))?(?![\w]))
      | (?P<decade>(?P<dec>1[89]\d0|20\d0)(?:er(?:[-\s]?Jahre[n]?)?|s)(?![\w]))
      | (?P<range>(?<![\w.,-])(?P<r1>{YEAR})\s?[-–]\s?(?P<r2>{YEAR})(?![\w]))
      | (?P<year>(?<![\w.,/@\#:+-])(?P<y>{YEAR})(?![\w]|[.,]\d))
      )
    | (?P<mdy>(?P<em>{MONTH})\s(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<ey>{YEAR})(?![\w]))
    | (?P<my>(?P<mm>{MONTH})\s(?P<my_y>{YEAR})(?![\w]))
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

DURATION_HINTS = ("tägig", "stündig", "wöchig", "monatig", "jährig")
DURATION_ADJECTIVE = re.compile(
    rf"(?<![\w-])(?P<number>{GERMAN_WORD}|\d+)-?(?P<suffix>{alternation(DURATION_SUFFIXES)})\w*",
    re.IGNORECASE,
)
QUARTER_CENTURY = re.compile(
    rf"(?:(?<![\w-])(?P<hedge>{HEDGE})\s+)?(?:(?:ein|einem|eines)\s)?(?<![\w])(?P<word>Vierteljahrhunderts?)(?![\w])",
    re.IGNORECASE,
)

# Spans where digits are names, addresses or markup, never figures.
# Words before a number that make it a name: "Boeing 737", "Resolution 1718", "Seite 12".
NAME_WORDS = alternation(
    "Boeing Airbus Resolution Resolutionen Resolutions Seite Seiten page pages Nr. No. Nummer Artikel Article "
    "Paragraf Paragraph Kapitel Chapter Flug Flight Route Kanal Zimmer Raum Tor Gleis Platz Abschnitt Section "
    "Band Vol. Ausgabe Issue Folge Episode Kilometer km".split()
)
# Nouns after an ordinal that make it part of a name: "2. Weltkrieg", "19. Parteitag".
ORDINAL_NOUNS = alternation(
    "Weltkrieg Jahrhundert Jahrhunderts Parteitag Plenum Armee Korps Division Flotte Gipfel Runde Lesung Sitzung "
    "Amtszeit Stock Etage Liga Platz Mal".split()
)
FILE_EXTENSIONS = "pdf|docx?|xlsx?|csv|jpe?g|png|gif|html?|txt|zip|json|xml"
# A trap starts where no word character is before it, and matters only where it holds a digit: in the rest of
# its token or at the start of the next one ("Boeing 737"), or in markup. Written as one regex, that condition
# was a look-ahead `(?=\S*\d|\S*\s\d|[<&])` and the e-mail address and file name below were tried from every
# start inside their run of characters: each read the rest of the token again from every punctuation mark of a
# long one ("....", "a-a-a-…"), quadratic. traps.py works each of them out once per token and keeps the matches
# of that regex, in its order: the web address first, then the e-mail address, the file name, TRAPS_REST.
TRAP_URL = r"(?:https?://|www\.)\S+"
TRAPS_REST = re.compile(
    rf"""
    (?<![\w])
    (?:
      (?P<url>{TRAP_URL})
    | <[^<>]{{0,300}}> | &\#?\w{{1,10}};
    | \+\d[\d\s/()-]{{6,}}\d
    | \(0\d{{2,5}}\)\s?[\d\s/-]{{4,}}\d
    | \b\d{{1,2}}[:.]\d{{2}}\s?(?:Uhr|h|a\.m\.|p\.m\.)
    | \b\d{{1,2}}\s?(?:Uhr|o'clock|a\.m\.|p\.m\.)
    | (?<![\w-])[A-Za-zÄÖÜäöü]{{1,12}}+-?\d+[A-Za-z]?(?![\w])
    | \b\d+(?:G|D|K|p|x|mm|cm|kg|km|MW|GW|kt|Mt)\b
    | \b(?:{NAME_WORDS})\s\d[\d.,/-]*
    | (?<![\w.])\d{{1,2}}\.\s?(?:{ORDINAL_NOUNS})\w*
    | \#\w+ | (?<![\w])@\w+
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# An e-mail address or file name matches from any start in its run ([\w.+-], [\w-]) or from none, ending where
# the run's does: each run is read once, from its start (a zero-width match, so runs inside a match are read too).
# Group 1 is the run, group 2 the rest of the match.
EMAIL_RUNS = re.compile(r"(?<![\w.+-])(?=([\w.+-]++)(@[\w-]+(?:\.[\w-]+)+))")
FILE_NAME_RUNS = re.compile(rf"(?<![\w-])(?=([\w-]++)(\.(?:{FILE_EXTENSIONS})\b))", re.IGNORECASE)
EMAIL_START = re.compile(r"(?<![\w])")  # in a run: its start, or after one of .+-
FILE_NAME_START = re.compile(r"(?<![\w])\w")  # in a run: a word character after its start or a -
# The rest of a token from its last digit on (or all of a digitless one), when no digit starts the next token:
# only markup can be a trap there.
DIGITLESS_TAILS = re.compile(r"(?<![^\s\d])(?=([^\s\d]++)(?!\S)(?!\s\d))")
MARKUP_START = re.compile(r"(?<![\w])[<&]")

# Words right before a figure that mark the start or end of a change: "von A auf B", "from A to B".
CHANGE_FROM = re.compile(r"(?:\b(?:von|from)\s+)$", re.IGNORECASE)
CHANGE_TO = re.compile(r"(?:\b(?:auf|to|bis\sauf)\s+)$", re.IGNORECASE)
TEMPORAL_BEFORE = re.compile(
    r"\b(?:im|in|seit|bis|von|ab|nach|vor|um|zwischen|und|jahr|jahres|ende|anfang|mitte|frühjahr|sommer|herbst|"
    r"winter|since|until|from|by|of|during|early|late|mid|year)\s+$",
    re.IGNORECASE,
)
