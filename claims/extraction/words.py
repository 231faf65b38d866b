"""Figures written in words: shares ("zwei Drittel", "one in five"), factors ("doppelt so viele", "elfmal",
"verdreifacht") and spans of one ("einer Stunde", "half an hour"); the rules are in docs/figures.md.

They are read before the amounts, so that "zwei Drittel" is one share and not the count "zwei" of "Drittel".
Each construction is rare: its regex runs only where a cheap substring test finds its tell-tale word, and a
hedge is looked for in the few characters before a match, so every pass stays linear in the paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from .amounts import PREPOSITION_HEDGES, bounds, counted_noun
from .found import Figure
from .lexicon import (
    ADJECTIVE_HEDGES,
    BILLION_WORD,
    CURRENCY_WORDS,
    DURATION_WORDS,
    FACTOR_VERBS_EN,
    FRACTIONS_DE,
    FRACTIONS_EN,
    HEDGES,
    ORDINALS_DE,
    ORDINALS_EN,
    PERCENT_WORDS,
    PLACE_WORDS_EN,
    RATE_BEFORE,
    RATE_NOUNS_DE,
    RATE_NOUNS_EN,
    SCALES,
    SHARE_DENOMINATORS,
    SHARE_FOLLOWERS_DE,
    SPAN_AFTER_EN,
    SPAN_BEFORE_EN,
    TIME_REFERENCE_AFTER,
    TIME_REFERENCE_BEFORE_DE,
)
from .numbers import format_decimal, parse_digits, parse_english_word, parse_german_word, times
from .patterns import ENGLISH_WORD, GERMAN_WORD, HEDGE, alternation

QUALIFIERS = dict(HEDGES)
HUNDRED, CENT = Decimal(100), Decimal("0.01")
# A hedge ends right before the figure; the longest hedge is a few words, so a short window holds it.
HEDGE_WINDOW = 40
HEDGE_BEFORE = re.compile(rf"(?<![\w-])(?P<hedge>{HEDGE})\s+\Z", re.IGNORECASE)
WORD_BEFORE = re.compile(r"(?<![\w-])([\w-]{1,30})\s+\Z")
ARTICLE_BEFORE = re.compile(r"(?<![\w-])[Ee]in(?:e[mnrs]?)?\s+\Z")
WORD_AFTER = re.compile(r"\s*([\w-]{1,30})")
ADJECTIVE = r"(?:(?P<adj>knapp|gut)e[mnrs]?\s+)"
SCALE_WORDS = "Million|Milliarde|Billion"
FIGURE_WORDS = frozenset({*PERCENT_WORDS, *CURRENCY_WORDS, *DURATION_WORDS, *SCALES})

# --- German -------------------------------------------------------------------------------------------------------
FRACTION_DE = re.compile(
    rf"(?<![\w-])(?P<num>ein(?:e[mnrs]?)?|zwei|drei|vier|fünf|sechs|sieben|acht|neun)\s+{ADJECTIVE}?"
    rf"(?P<den>{alternation(FRACTIONS_DE)})[ns]?(?![\w-])",
    re.IGNORECASE,
)
HALF_DE = re.compile(rf"(?<![\w-])(?:die|der|zur)\s+{ADJECTIVE}?Hälfte(?![\w-])", re.IGNORECASE)
EVERY_DE = re.compile(
    rf"(?<![\w-])jede[mnrs]?\s+(?P<ord>{alternation(ORDINALS_DE)})e[mnrs]?(?![\w-])", re.IGNORECASE
)
OUT_OF_DE = re.compile(
    rf"(?<![\w.,-])(?P<num>\d{{1,4}}|einer?|eins|{GERMAN_WORD})\s+von\s+(?P<den>\d{{1,4}}|{GERMAN_WORD})(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
OUT_OF_GATE_DE = re.compile(r" von (?:\d|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|zwanzig|hundert)")
FACTOR_DE = re.compile(
    rf"""(?<![\w.,-])
    (?:
      (?P<double>doppelt)(?=\s+so\s)
    | (?P<n>\d{{1,6}}|{GERMAN_WORD})(?:-?mal|\s[Mm]al)(?![\w-])
    | (?:das|dem|des)\s+(?:(?P<twofold>Doppelte)|(?P<fold>\d{{1,6}}-?|{GERMAN_WORD})fache)[nms]?(?![\w-])
    | ver(?:(?P<verb_double>doppe?l)|(?P<verb>{GERMAN_WORD})fach)(?:t(?:e[nmrs]?)?|e?n|ung(?:en)?|e)(?![\w-])
    )
    (?:\s+so\s+[a-zäöüß]{{2,20}}(?![\w-]))?""",
    re.IGNORECASE | re.VERBOSE,
)
ONE_SPAN_DE = re.compile(
    rf"(?<![\w-])(?P<art>[Ee]in(?:e[mnrs]?)?)\s+{ADJECTIVE}?(?:(?P<half>halbe[mnrs]?)\s+)?"
    rf"(?P<unit>Jahr(?:es|s)?|Monat(?:s)?|Woche|Tag(?:es|s)?|Stunde|Minute|{SCALE_WORDS})(?![\w-])"
)
# One word only: "eine dreiviertel Stunde" is the amount 0.75 hour (the corpus labels it so).
QUARTER_HOUR_DE = re.compile(
    r"(?<![\w-])(?P<word>(?P<three>[Dd]rei)?[Vv]iertelstunde)(?![\w-])"
)
UNITS_DE = {"jahr": "year", "monat": "month", "woche": "week", "tag": "day", "stunde": "hour", "minute": "minute"}
SCALES_DE = {"million": SCALES["million"], "milliarde": SCALES["milliarde"], "billion": BILLION_WORD["de"]}
SPAN_BEFORE_TAGES = ("innerhalb", "binnen", "laufe", "während", "dauer")

# --- English ------------------------------------------------------------------------------------------------------
FRACTION_EN = re.compile(
    rf"(?<![\w-])(?P<num>an?|one|two|three|four|five|six|seven|eight|nine)[\s-]"
    rf"(?P<den>{alternation(FRACTIONS_EN)})(?P<plural>s)?(?P<of>\s+of(?![\w-]))?(?![\w-])",
    re.IGNORECASE,
)
HALF_EN = re.compile(r"(?<![\w-])half(?:\s+of(?=\s)|(?=\s+(?:the|all|its|their|our|his|her)\s))", re.IGNORECASE)
EVERY_EN = re.compile(
    rf"(?<![\w-])every\s+(?P<ord>{alternation(ORDINALS_EN)})(?![\w-])", re.IGNORECASE
)
OUT_OF_EN = re.compile(
    rf"(?<![\w.,-])(?P<num>\d{{1,4}}|{ENGLISH_WORD})(?:\s+in\s+|\s+out\s+of\s+|-in-)"
    rf"(?P<den>\d{{1,4}}|{ENGLISH_WORD}|hundred|thousand)(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
OUT_OF_GATE_EN = re.compile(
    r"(?:\sin\s|\sout\sof\s|-in-)(?:\d|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand)"
)
FACTOR_EN = re.compile(
    rf"""(?<![\w.,-])
    (?:
      (?P<twice>twice)
    | (?P<n>\d{{1,6}}|{ENGLISH_WORD})\s+times
    | (?P<fold>{ENGLISH_WORD})-?fold
    | (?P<verb>{alternation(FACTOR_VERBS_EN)})
    )(?![\w-])
    (?:\s+as\s+[a-z]{{2,20}}(?![\w-]))?""",
    re.IGNORECASE | re.VERBOSE,
)
ONE_SPAN_EN = re.compile(r"(?<![\w-])(?:[Aa]n?|[Oo]ne)\s+(?P<unit>year|month|week|day|hour|minute)(?![\w-])")
PART_HOUR_EN = re.compile(
    r"(?<![\w-])(?:(?P<half>half\s+an\s+hour|an?\s+half[\s-]hour)|(?P<three>three[\s-]quarters\s+of\s+an\s+hour)"
    r"|(?:an?\s+)?quarter\s+of\s+an\s+hour|(?P<scale>half\s+a\s+(?:million|billion|trillion)))(?![\w-])",
    re.IGNORECASE,
)


def find(text: str, start: int, end: int, language: str) -> list[Figure]:
    chunk = text[start:end]
    lower = chunk.lower()
    found = []
    for telltales, pattern, read in RULES.get(language, RULES["de"]):
        if not _present(telltales, lower):
            continue
        for match in pattern.finditer(text, start, end):
            figure = read(match, text, start, end)
            if figure is not None:
                found.append(figure)
    # One run in order of starts (keep_clear sweeps runs); the longer of two readings at one start goes first.
    return sorted(found, key=lambda f: (f.start, -f.end))


def _present(telltales: re.Pattern, lower: str) -> bool:
    return telltales.search(lower) is not None


# --- Shares -------------------------------------------------------------------------------------------------------

def _share(match: re.Match, text: str, floor: int, numerator: Decimal, denominator: Decimal,
           begin: int | None = None, end: int | None = None, adjective: str | None = None) -> Figure | None:
    value = format_decimal((numerator * HUNDRED / denominator).quantize(CENT, rounding=ROUND_HALF_UP))
    return _figure(match, text, floor, "percent", value, "%", begin, end, adjective)


def _fraction_de(match, text, floor, _end):
    numerator = _german_number(match["num"])
    denominator = FRACTIONS_DE[match["den"].lower()]
    if numerator is None or numerator >= denominator:
        return None
    if denominator == 4 and numerator == 1 and not _quarter_is_share(match, text, floor, _end):
        return None
    return _share(match, text, floor, numerator, Decimal(denominator), adjective=match["adj"])


def _quarter_is_share(match, text, floor, end) -> bool:
    # "ein Viertel" is also a district or a quarter litre: a share needs "der/des/von …" after it, or "je"/a hedge.
    after = WORD_AFTER.match(text, match.end(), end)
    before = _word_before(text, match.start(), floor)
    return bool((after and after[1].lower() in SHARE_FOLLOWERS_DE) or before == "je"
                or _hedge(text, match.start(), floor)[0])


def _half_de(match, text, floor, _end):
    return _share(match, text, floor, Decimal(1), Decimal(2), adjective=match["adj"])


def _every_de(match, text, floor, end):
    after = WORD_AFTER.match(text, match.end(), end)
    if after and after[1].lower() in RATE_NOUNS_DE:  # "jeden zweiten Tag" is how often, not how many
        return None
    return _share(match, text, floor, Decimal(1), Decimal(ORDINALS_DE[match["ord"].lower()]))


def _out_of(match, text, floor, end, parse):
    numerator, denominator = parse(match["num"]), parse(match["den"])
    if numerator is None or denominator is None or denominator not in SHARE_DENOMINATORS:
        return None
    if not 1 <= numerator < denominator:
        return None
    after = WORD_AFTER.match(text, match.end(), end)
    if after and after[1].lower() in ("auf", "bis", "to"):  # "von 3 auf 4" is a change
        return None
    return _share(match, text, floor, numerator, denominator)


def _fraction_en(match, text, floor, _end):
    numerator = _english_number(match["num"])
    denominator = FRACTIONS_EN[match["den"].lower()]
    plural = bool(match["plural"])
    if numerator is None or numerator >= denominator or plural != (numerator > 1):
        return None
    # "a third" alone is an ordinal ("a third term"), "three quarters" also a game's: both need "of" or a hedge.
    if (numerator == 1 or denominator == 4) and not (match["of"] or _hedge(text, match.start(), floor)[0]):
        return None
    return _share(match, text, floor, numerator, Decimal(denominator), end=match.end("den") + plural)


def _half_en(match, text, floor, _end):
    if _word_before(text, match.start(), floor) in PLACE_WORDS_EN:
        return None
    return _share(match, text, floor, Decimal(1), Decimal(2))


def _every_en(match, text, floor, end):
    after = WORD_AFTER.match(text, match.end(), end)
    if not after or after[1].lower() in RATE_NOUNS_EN:  # "every second day", "every second" (of time)
        return None
    return _share(match, text, floor, Decimal(1), Decimal(ORDINALS_EN[match["ord"].lower()]))


# --- Factors and repetitions --------------------------------------------------------------------------------------

def _factor_de(match, text, floor, _end):
    if match["double"] or match["twofold"] or match["verb_double"]:
        value = Decimal(2)
    else:
        value = _german_number(match["n"] or match["fold"] or match["verb"])
    if value is None or value < 2:  # "einmal", "vereinfacht"
        return None
    return _figure(match, text, floor, "count", value, "×")


def _factor_en(match, text, floor, _end):
    if match["twice"]:
        value = Decimal(2)
    elif match["verb"]:
        value = Decimal(FACTOR_VERBS_EN[match["verb"].lower()])
    else:
        value = _english_number(match["n"] or match["fold"])
    if value is None or value < 2:
        return None
    return _figure(match, text, floor, "count", value, "×")


# --- Spans of one, half and quarter hours, half a million ------------------------------------------------------

def _one_span_de(match, text, floor, end):
    unit = match["unit"].lower().rstrip("s")
    if unit in ("million", "milliarde", "billion"):
        if not (match["adj"] or match["half"]):
            return None  # "eine Million" is the amounts'
        return _scaled(match, text, floor, end, SCALES_DE[unit], "de")
    if match["half"]:
        return _figure(match, text, floor, "duration", Decimal(30), "minute") if unit == "stunde" else None
    unit = "jahr" if unit.startswith("jahr") else "tag" if unit.startswith("tag") else unit
    if _time_reference(match, text, floor, end):
        return None
    if unit == "tag" and match["art"].lower() == "eines":
        before = _word_before(text, match.start(), floor)
        if before not in SPAN_BEFORE_TAGES:  # "eines Tages" is "some day"
            return None
    return _figure(match, text, floor, "duration", Decimal(1), UNITS_DE[unit], adjective=match["adj"])


def _quarter_hour_de(match, text, floor, _end):
    if _word_before(text, match.start(), floor) in RATE_BEFORE:  # "jede Viertelstunde"
        return None
    minutes = Decimal(45) if match["three"] else Decimal(15)
    begin = match.start()
    article = ARTICLE_BEFORE.search(text, max(floor, begin - 8), begin)
    return _figure(match, text, floor, "duration", minutes, "minute", hedge_at=article.start() if article else begin)


def _one_span_en(match, text, floor, end):
    hedge, _ = _hedge(text, match.start(), floor)
    before = _word_before(text, match.start(), floor)
    after = WORD_AFTER.match(text, match.end(), end)
    if before in RATE_BEFORE or (before and before[-1:].isdigit()) or before in SCALE_NAMES_EN:
        return None
    if _time_reference(match, text, floor, end):
        return None
    if not (hedge or before in SPAN_BEFORE_EN or (after and after[1].lower() in SPAN_AFTER_EN)):
        return None  # "barrels a year", "One day, he …"
    return _figure(match, text, floor, "duration", Decimal(1), match["unit"])


def _time_reference(match, text, floor, end) -> bool:
    after = WORD_AFTER.match(text, match.end(), end)
    return bool(after and after[1].lower() in TIME_REFERENCE_AFTER) or (
        _word_before(text, match.start(), floor) in TIME_REFERENCE_BEFORE_DE)


SCALE_NAMES_EN = frozenset({"thousand", "million", "billion", "trillion", "hundred", "dozen", "percent"})


def _part_hour_en(match, text, floor, end):
    if _word_before(text, match.start(), floor) in RATE_BEFORE:  # "every half hour"
        return None
    if match["scale"]:
        word = match["scale"].rsplit(None, 1)[1].lower()
        scale = BILLION_WORD["en"] if word == "billion" else SCALES[word]
        return _scaled(match, text, floor, end, scale, "en", half=True)
    minutes = 30 if match["half"] else 45 if match["three"] else 15
    return _figure(match, text, floor, "duration", Decimal(minutes), "minute")


def _scaled(match, text, floor, end, scale: Decimal, language: str, half: bool | None = None) -> Figure:
    """ "eine halbe Million Euro", "eine knappe Million Menschen", "half a million people"."""
    value = format_decimal(times(Decimal("0.5") if (half or match["half"]) else Decimal(1), scale))
    after = WORD_AFTER.match(text, match.end(), end)
    if after and after[1].lower() in CURRENCY_WORDS:
        return _figure(match, text, floor, "money", value, CURRENCY_WORDS[after[1].lower()], end=after.end(1),
                       adjective=_adjective(match))
    noun_end, noun = counted_noun(text, match.end(), end, language)
    return _figure(match, text, floor, "count", value, noun, end=noun_end, adjective=_adjective(match))


# --- Shared helpers -----------------------------------------------------------------------------------------------

def _figure(match, text, floor, kind, value, unit, begin=None, end=None, adjective=None, hedge_at=None) -> Figure:
    """The figure with the hedge before it (or the adjective inside it) as its qualifier and bounds."""
    begin = match.start() if begin is None else begin
    qualifier, hedge_start = _hedge(text, begin if hedge_at is None else hedge_at, floor, kind)
    if not qualifier and adjective:
        qualifier = ADJECTIVE_HEDGES[adjective.lower()]
    low, high = bounds(value, qualifier)
    start = hedge_start if hedge_start is not None else begin
    return Figure(start, match.end() if end is None else end, kind, value, low, high, unit, qualifier)


def _hedge(text: str, position: int, floor: int, kind: str = "percent") -> tuple[str, int | None]:
    match = HEDGE_BEFORE.search(text, max(floor, position - HEDGE_WINDOW), position)
    if not match:
        return "", None
    word = match["hedge"].lower()
    comparing = QUALIFIERS[word] in ("more_than", "less_than")
    if comparing and _after_a_figure(text, match.start(), floor):  # "6000 mehr als ein Jahr zuvor" compares
        return "", None
    if word in PREPOSITION_HEDGES and kind != "percent":  # "über die Hälfte" hedges; "über ein Jahr" is a topic
        return "", None
    return QUALIFIERS[word], match.start()


def _after_a_figure(text: str, position: int, floor: int) -> bool:
    word = _word_before(text, position, floor)
    return bool(word) and (word[-1].isdigit() or word in FIGURE_WORDS)


def _adjective(match: re.Match) -> str | None:
    return match["adj"] if "adj" in match.re.groupindex else None


def _word_before(text: str, position: int, floor: int) -> str:
    match = WORD_BEFORE.search(text, max(floor, position - 32), position)
    return match[1].lower() if match else ""


def _german_number(word: str) -> Decimal | None:
    word = word.lower()
    if word in ("ein", "eine", "einer", "eines", "einem", "einen", "eins"):
        return Decimal(1)
    word = word.rstrip("-")
    return parse_digits(word) if word[0].isdigit() else parse_german_word(word)


def _english_number(word: str) -> Decimal | None:
    word = word.lower()
    if word in ("a", "an", "one"):
        return Decimal(1)
    if word in ("hundred", "thousand"):
        return SCALES[word] if word == "thousand" else HUNDRED
    return parse_digits(word) if word[0].isdigit() else parse_english_word(word)


Reader = Callable[[re.Match, str, int, int], "Figure | None"]


def _any(*telltales: str) -> re.Pattern:
    # One search per rule for its tell-tale words: a substring test per word cost more than the rules themselves.
    return re.compile("|".join(map(re.escape, telltales)))


RULES: dict[str, list[tuple[re.Pattern, re.Pattern, Reader]]] = {
    "de": [
        (_any("rittel", "iertel", "ünftel", "echstel", "iebtel", "chtel", "euntel", "ehntel"), FRACTION_DE,
         _fraction_de),
        (_any("hälfte"), HALF_DE, _half_de),
        (_any("jede"), EVERY_DE, _every_de),
        (OUT_OF_GATE_DE, OUT_OF_DE, lambda m, t, f, e: _out_of(m, t, f, e, _german_number)),
        (_any("doppel", "doppl", "mal", "fach"), FACTOR_DE, _factor_de),
        (_any("jahr", "monat", "woche", "tag", "stunde", "minute", "million", "milliarde", "billion"), ONE_SPAN_DE,
         _one_span_de),
        (_any("viertelstunde"), QUARTER_HOUR_DE, _quarter_hour_de),
    ],
    "en": [
        (_any("third", "quarter", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"), FRACTION_EN,
         _fraction_en),
        (_any("half"), HALF_EN, _half_en),
        (_any("every"), EVERY_EN, _every_en),
        (OUT_OF_GATE_EN, OUT_OF_EN, lambda m, t, f, e: _out_of(m, t, f, e, _english_number)),
        (_any("twice", "times", "fold", "doubled", "tripled", "trebled", "quadrupled"), FACTOR_EN, _factor_en),
        (_any("year", "month", "week", "day", "hour", "minute"), ONE_SPAN_EN, _one_span_en),
        (_any("hour", "half a"), PART_HOUR_EN, _part_hour_en),
    ],
}

