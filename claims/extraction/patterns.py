"""Compiled regular expressions, built once from the lexicon."""

from __future__ import annotations

import re

from .lexicon import (
    CURRENCY_WORDS,
    DURATION_SUFFIXES,
    DURATION_WORDS,
    HEDGES,
    MONTHS_DE,
    MONTHS_EN,
    PERCENT_WORDS,
    SCALES,
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
DIGITS = r"\d{1,3}(?:[.,\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
SCALE = alternation([*SCALES, "billion", "billionen"])
UNIT_WORD = alternation([*CURRENCY_WORDS, *PERCENT_WORDS, *DURATION_WORDS])
HEDGE = alternation(phrase for phrase, _ in HEDGES)

# One amount: [hedge] [currency sign] number [scale] [currency/percent/duration word].
# The counted noun after it is found in Python, where word case can be looked at.
# Every pattern starts at a word start: the leading look-behind discards mid-word positions cheaply.
# One pattern per language: each tries only its own number words.
AMOUNT_TEMPLATE = r"""
    (?<![\w])
    (?:(?<![\w-])(?P<hedge>{hedge})\s+)?
    (?P<sign>US\$|\$|€|₽|₩|(?:USD|EUR)(?=\s?\d))?\s?
    (?P<number>
        (?<![\w.,/@\#:+-])(?:{digits})(?=(?:m|bn|k)(?![\w])|(?![\w]|[.,]\d|-\w))
      | (?<![\w-])(?:{words})(?![\w-])
      | (?<![\w-])(?:{articles})(?=\s(?:{scale})(?![\w]))
    )
    (?:\s?(?P<scale>(?<![\w])(?:{scale})(?![\w]))|(?P<short_scale>(?<=\d)(?:m|bn|k)(?![\w])))?
    (?:\s?(?P<unit>%|[€$₽₩]|(?<![\w])(?:{unit})(?![\w])))?
"""
LANGUAGE_WORDS = {
    "de": (GERMAN_WORD, "einer|einem|einen|eines"),
    "en": (ENGLISH_WORD, "a"),
}
AMOUNT = {
    language: re.compile(
        AMOUNT_TEMPLATE.format(hedge=HEDGE, digits=DIGITS, words=words, articles=articles, scale=SCALE,
                               unit=UNIT_WORD),
        re.IGNORECASE | re.VERBOSE,
    )
    for language, (words, articles) in LANGUAGE_WORDS.items()
}

MONTH = rf"(?-i:(?=[A-ZÄÖÜ]))(?:{alternation([*MONTHS_DE, *MONTHS_EN])})"
YEAR = r"(?:1[89]\d\d|20\d\d)"
# Words before a month written without a year that make it one: "im April", "Ende Oktober", "in March",
# "last May". "by" is left out: "by May" is as often Theresa May.
MONTH_BEFORE = alternation(
    "im in seit bis ab von für der den dem des anfang mitte ende vergangenen letzten kommenden nächsten diesen "
    "since until till from through during early late mid mid- last next this before after".split()
)
ORDINAL_DE = alternation("erste ersten erstes zweite zweiten zweites dritte dritten drittes vierte vierten "
                         "viertes".split())
ORDINAL_EN = alternation("first second third fourth 1st 2nd 3rd 4th".split())
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
      | (?P<daymonth>(?<![\w.,:/])(?P<dmd>\d{{1,2}})\.(?P<dmm>\d{{1,2}})\.(?![\w]|\s?\d))
      | (?P<quarter_de>(?P<qd_n>[1-4]\.)\s?(?P<qd_w>Quartal|Halbjahr)(?:es|s|en)?
                       (?:\s(?:des\sJahres\s)?(?P<qd_y>{YEAR}))?(?![\w]))
      | (?P<decade>(?P<dec>1[89]\d0|20\d0)(?:er(?:[-\s]?Jahre[n]?)?|s)(?![\w]))
      | (?P<range>(?<![\w.,-])(?P<r1>{YEAR})\s?[-–]\s?(?P<r2>{YEAR})(?![\w]))
      | (?P<season>(?<![\w.,/@\#:+-])(?P<s1>{YEAR})/(?P<s2>{YEAR}|\d\d)(?![\w/]|[.,]\d))
      | (?P<year>(?<![\w.,/@\#:+-])(?P<y>{YEAR})(?![\w]|[.,]\d))
      )
    | (?P<mdy>(?P<em>{MONTH})\s(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<ey>{YEAR})(?![\w]))
    | (?P<my>(?P<mm>{MONTH})\s(?P<my_y>{YEAR})(?![\w]))
    | (?P<md>(?P<md_m>{MONTH})\s(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?(?![\w]|[.,:]\d|\s?\d))
    | (?P<month>(?:{MONTH_BEFORE})(?:\s|(?<=-))(?P<mo>{MONTH})(?![\w-])(?!\s(?:{YEAR}(?!\d)|\d{{1,2}}(?![\d.,]))))
    | (?P<quarter_de_w>(?P<qw_n>{ORDINAL_DE})\s(?P<qw_w>Quartal|Halbjahr)(?:es|s|en)?
                       (?:\s(?:des\sJahres\s)?(?P<qw_y>{YEAR}))?(?![\w]))
    | (?P<quarter_en>(?P<qe_n>{ORDINAL_EN})[\s-](?P<qe_w>quarter|half)\s(?:of\s)?(?:fiscal\s)?(?P<qe_y>{YEAR})(?![\w]))
    | (?P<quarter_code>(?-i:(?P<qc_w>[QH])(?P<qc_n>[1-4]))(?:\s?/\s?|\s(?:of\s)?|-)(?P<qc_y>{YEAR})(?![\w]))
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

# Dates without a year: the year follows the tense of the clause. A clause ends at these marks ("17. Juni" has
# a dot after a digit, no end).
CLAUSE_END = re.compile(r"[,;:]\s|\s[–—-]\s|(?<![\d\s])[.!?](?:\s|$)|\n")
# Words that announce (the date lies ahead) or report something done (it lies behind), per language.
TENSE_MARKERS = {
    "de": re.compile(
        r"(?<![\w])(?:(?P<future>soll|sollen|sollte|sollten|wird|werden|werde|will|wollen|plant|planen|geplant|"
        r"ab\sdem|ab|kommenden|nächsten|künftig|voraussichtlich|bevorstehenden?)"
        r"|(?P<past>war|waren|wurde|wurden|worden|hatte|hatten|hat|haben|seit|vergangenen|letzten|zuletzt|"
        r"bereits|gestern|kam|kamen|fand|fanden|stattfand|stattfanden|begann|begannen|endete|endeten|starb|gab|"
        r"trat|traf|trafen|fiel|stieg|sank|lag|sagte|sagten|teilte|teilten|erklärte|meldete|meldeten|berichtete|"
        r"beschloss|beschlossen|unterzeichnete|wählte|wählten|gewann|verlor|eröffnete|einigten|stimmte|"
        r"stimmten|(?-i:ge[a-zäöüß]{3,}(?:t|en))))(?![\w])",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?<![\w])(?:(?P<future>will|shall|would|is\sdue|are\sdue|due|is\sset|are\sset|scheduled|slated|"
        r"planned|plans|upcoming|next|expected|is\sto|are\sto|starting)"
        r"|(?P<past>was|were|had|did|said|ago|last|earlier|since|rose|fell|came|began|met|won|lost|took|gave|"
        r"saw|sold|grew|went|made|held|left|told|(?!(?:hundred|indeed|speed|based|need|feed)(?![\w]))"
        r"(?-i:[a-z]{3,}ed)))(?![\w])",
        re.IGNORECASE,
    ),
}

# as_of: what a figure's time is not. A date after a comparison word is the base a figure is compared with:
# "gegenüber April 2024", "mehr als im Jänner 2020", "than in 2019", "seit 2014" (the start of a span).
BASE_BEFORE = re.compile(
    r"(?<![\w])(?P<word>gegenüber|verglichen\smit|im\sVergleich\s(?:zu|zum|zur)|vergleichen\smit|[a-zäöüß]+er\sals|"
    r"mehr\sals|weniger\sals|so\s[a-zäöüß]+\swie|seit|vs\.?|versus|than|compared\s(?:with|to)|"
    r"as\s[a-z]+\sas|since|from|over|von|on)"
    r"\s(?:(?:dem|den|der|des|das|im|in|am|an|the|a|of|Ende|Anfang|Mitte|Jahr|Jahres|end|early|late|"
    r"year)\s){0,3}$",
    re.IGNORECASE,
)
# Only before a relative time ("from a year earlier") are "from", "over", "von", "on" comparison words.
PLAIN_BASE_WORDS = frozenset({"from", "over", "von", "on"})
# A reference period: "im Mittel der Jahre 1961 bis 1990", "the 1991-2020 average".
REFERENCE_BEFORE = re.compile(
    r"(?<![\w])(?:Mittel|Mittelwert|Durchschnitt|Referenzperiode|Referenzzeitraum|Vergleichsperiode|"
    r"Vergleichszeitraum|Bezugszeitraum|Bezugsperiode|Klimanormalperiode|Normalperiode|average|mean|baseline|"
    r"reference\speriod|norm)\s(?:(?:der|des|von|aus|den|of|for|the|Jahre|Jahren|years|period|Periode)\s){0,3}$",
    re.IGNORECASE,
)
REFERENCE_AFTER = re.compile(r"[-\s]?(?:average|mean|baseline|norm|Mittel|Durchschnitt|Referenz)", re.IGNORECASE)
# Two dates joined into one span: "1961 bis 1990", "2019 und 2021", "1991-2020".
JOINED = re.compile(r"\s?(?:[-–]|bis|und|to|and|through)\s?", re.IGNORECASE)
# A time the text names but gives no figure for: the figure beside it is for that unnamed time.
RELATIVE_TIME = re.compile(
    r"(?<![\w])(?:Vorjahr|Vorjahres|Vorjahrs|Vorjahreszeitraums?|Vorjahresmonats?|Vorjahresquartals?|"
    r"Vormonats?|Vorquartals?|Vorjahreshalbjahr(?:es)?|ein\sJahr\szuvor|ein\sJahr\sfrüher|"
    r"a\syear\s(?:earlier|ago|before)|last\syear|the\s(?:previous|prior)\syear|the\sprior-year\speriod|"
    r"the\ssame\s(?:period|quarter|month)\s(?:a\syear\s(?:earlier|ago)|last\syear))(?![\w])",
    re.IGNORECASE,
)
# Where one clause of a sentence ends and the next begins, for the times of figures.
CLAUSE_BREAK = re.compile(r",\s|;\s?|:\s|\s[–—]\s|\s-\s|\s(?:but|aber|while|whereas|wohingegen|doch)\s",
                          re.IGNORECASE)
# Between a figure and a time that belongs to it: "30 missiles in 2023", "15 Milliarden Dollar (2023)".
ATTACHED_GAP = re.compile(
    r"\s?(?:\(\s?|(?:(?:in|im|for|für|as\sof|per|zum|am|at|bis|Ende|Anfang|Mitte|end|of|early|late|mid|the|"
    r"des|der|dem|Jahr|Jahres|year|during|während)\s){1,3})?",
    re.IGNORECASE,
)
