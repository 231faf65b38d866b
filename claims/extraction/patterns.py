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
    MONTHS_SHORT,
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
# Units written onto the number in English weather and sports copy: "40.3C", "10.5mm", "42km". Case counts:
# "50c" are cents and "5m" five million. A money scale ("$84m", "£2bn") is SHORT_SCALE's.
GLUED_UNIT = "(?-i:°C|°F|°|C|F|mm|cm|km|kg|mph|kWh|MW|GW)"
# "ab" hedges an amount ("ab 18 Jahren") but never a year ("ab 2028" is a date): dates.py reads a year after HEDGE
# as an amount, so HEDGE leaves it out and only AMOUNT_HEDGE has it.
HEDGE = alternation(phrase for phrase, _ in HEDGES if phrase != "ab")
AMOUNT_HEDGE = alternation(phrase for phrase, _ in HEDGES)
SIGN_WORD = alternation(SIGN_WORDS)
SIGN_MARK = "".join(SIGN_MARKS)
CURRENCY_SIGN = "".join(sign for sign in CURRENCY_SIGNS if len(sign) == 1)
CURRENCY_CODE = alternation(sign for sign in CURRENCY_SIGNS if len(sign) > 1)

# "4-5 %", "2-3 Millionen": a hyphen between two numbers is a range only before a measure (a unit, scale or
# currency); "3-1" alone is a score, and "2-fach" no figure.
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
    (?P<currency>[{currency_sign}]|US\$|(?<![\w])(?:{currency_code})(?=\s?[{sign_mark}]?\d))?\s?
    (?(currency)(?P<sign_after>[{sign_mark}](?=\d))?)
    (?P<number>
        (?<![\w.,/@\#:])(?(sign)|(?(sign_after)|(?<![+-])))(?:{digits})
        (?=(?:{short}|{glued})(?![\w])|(?![\w]|[.,]\d|-\w)|-\d[\d.,]{{0,20}}\s?(?:%|[{currency_sign}]|(?:{scale}|{unit})(?![\w])))
      | (?<=\d-)\d{{1,3}}(?:[.,]\d{{1,3}})?(?=\s?(?:%|[{currency_sign}]|(?:{scale}|{unit})(?![\w])))
      | (?<![\w-])(?:{words})(?![\w-])
      | (?<![\w-])(?:{articles})(?=\s(?:{scale})(?![\w]))
    )
    (?P<glued>(?<=\d)\s?(?-i:°[CF])(?![\w])|(?<=\d)(?:{glued})(?![\w]))?
    (?:\s?(?P<scale>(?<![\w])(?:{scale})(?![\w]))|(?(currency)\s?)(?P<short_scale>(?<=[\d\s])(?:{short})(?![\w])))?
    (?:\s?(?P<unit>%|[{currency_sign}]|(?<![\w])(?:{unit})(?![\w])))?
"""
LANGUAGE_WORDS = {
    "de": (GERMAN_WORD, "einer|einem|einen|eines"),
    "en": (ENGLISH_WORD, "a"),
}
AMOUNT = {
    language: re.compile(
        AMOUNT_TEMPLATE.format(hedge=AMOUNT_HEDGE, sign_word=SIGN_WORD, sign_mark=re.escape(SIGN_MARK),
                               currency_sign=re.escape(CURRENCY_SIGN), currency_code=CURRENCY_CODE,
                               digits=DIGITS, short=SHORT_SCALE, words=words, articles=articles, scale=SCALE,
                               unit=UNIT_WORD, glued=GLUED_UNIT),
        re.IGNORECASE | re.VERBOSE,
    )
    for language, (words, articles) in LANGUAGE_WORDS.items()
}
# The words between the two ends of a range whose second end lends the first its scale and unit ("1,8 auf
# 4,3 Milliarden Euro"), and what must come before the first end for each: "und" and "auf" only after
# "zwischen" and "von" ("5 und 10 Millionen" may be two things), "bis", "to" and a dash on their own.
RANGE_MIDDLE = re.compile(r"\s?(?:(?P<alone>bis|to|[–−-])|(?P<paired>und|and|auf))\s?", re.IGNORECASE)
RANGE_OPENER = {"und": "zwischen", "and": "between", "auf": "von"}
RANGE_BEFORE = re.compile(r"\b(?P<opener>zwischen|between|von|from)\s+$", re.IGNORECASE)

MONTH = rf"(?-i:(?=[A-ZÄÖÜ]))(?:{alternation([*MONTHS_DE, *MONTHS_EN])})"
YEAR = r"(?:1[89]\d\d|20\d\d)"
# Abbreviated months, only next to a day: "Oct 17", "Sept. 3", "17 Oct 2024".
MONTH_OR_SHORT = rf"(?:{MONTH}|(?-i:(?=[A-Z]))(?:{alternation(MONTHS_SHORT)})\.?(?=\s\d))"
# Words before a month written without a year that make it one: "im April", "Ende Oktober", "in March",
# "last May". "by" is left out: "by May" is as often Theresa May.
MONTH_BEFORE = alternation(
    "im in seit bis ab von für der den dem des anfang mitte ende vergangenen letzten kommenden nächsten diesen "
    "since until till from through during early late mid mid- last next this before after for covering vormonat "
    "vorjahresmonat monat month".split()
)
# Words that come before a month as often as before a name: not before English "May" ("talked to May").
MONTH_BEFORE_WEAK = alternation("und oder and or to of with the".split())
ORDINAL_DE = alternation("erste ersten erstes zweite zweiten zweites dritte dritten drittes vierte vierten "
                         "viertes".split())
# A quarter or half without a year is a game's in a sports report: "in the second half", "the first quarter".
SPORTS_WORDS = re.compile(
    r"(?<![\w])(?:goals?|scored|scorer|minutes?|match|game|innings|wickets?|penalty|penalties|half-time|halftime|"
    r"kick-off|referee|striker|goalkeeper|tie-break|tries|touchdown|quarterback|rebounds?|overtime|Tor|Tore|"
    r"team|teams|coach|led|trailed|trailing|leading|"
    r"Spiel|Halbzeit|Minute)(?![\w])", re.IGNORECASE)
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
      | (?P<dmy>(?<![\w.])(?P<dd>\d{{1,2}})(?:\.|st|nd|rd|th)?\s(?P<dm>{MONTH_OR_SHORT})(?:\s(?P<dy>{YEAR}))?(?![\w]))
      | (?P<daymonth>(?<![\w.,:/])(?P<dmd>\d{{1,2}})\.(?P<dmm>\d{{1,2}})\.(?![\w]|\s?\d))
      | (?P<quarter_de>(?P<qd_n>[1-4]\.)\s?(?P<qd_w>Quartal|Halbjahr)(?:es|s|en)?
                       (?:\s(?:des\sJahres\s)?(?P<qd_y>{YEAR}))?(?![\w]))
      | (?P<decade>(?P<dec>1[89]\d0|20\d0)(?:er(?:[-\s]?Jahre[n]?)?|s)(?![\w]))
      | (?P<range>(?<![\w.,-])(?P<r1>{YEAR})\s?[-–]\s?(?P<r2>{YEAR})(?![\w]))
      | (?P<season>(?<![\w.,/@\#:+-])(?P<s1>{YEAR})/(?P<s2>{YEAR}|\d\d)(?![\w/]|[.,]\d))
      | (?P<year>(?<![\w.,/@\#:+-])(?P<y>{YEAR})(?![\w]|[.,]\d))
      | (?P<old_year>(?:(?<=seit\s)|(?<=since\s)|(?<=Jahr\s)|(?<=year\s)|(?<=anno\s)|(?<=in\s)|(?<=im\s)|(?<=bis\s)
                    |(?<=until\s)|(?<=from\s)|(?<=von\s))1[5-7]\d\d(?![\w]|[.,]\d))
      )
    | (?P<mdy>(?P<em>{MONTH_OR_SHORT})\s(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<ey>{YEAR})(?![\w]))
    | (?P<my>(?P<mm>{MONTH})\s(?P<my_y>{YEAR})(?![\w]))
    | (?P<md>(?P<md_m>{MONTH_OR_SHORT})\s(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?(?![\w]|[.,:]\d|\s?\d))
    | (?P<month>(?:(?:{MONTH_BEFORE})(?:\s|(?<=-))|(?:{MONTH_BEFORE_WEAK})\s(?!May(?![\w]))|(?<=\()
                |(?:(?<![^\n])|(?<=[.!?]\s)|(?<=[.!?]["“”»]\s)|(?<=\s["“„«»]))(?!May(?![\w]))
                 (?={MONTH}\s(?-i:[a-zäöüß]))|(?<=[a-zäöü][–-]))
                (?P<mo>{MONTH})(?![\w-])(?!\s(?:{YEAR}(?!\d)|\d{{1,2}}(?!\d|[.,]\d))))
    | (?P<quarter_de_w>(?P<qw_n>{ORDINAL_DE})\s(?P<qw_w>Quartal|Halbjahr)(?:es|s|en)?
                       (?:\s(?:des\sJahres\s)?(?P<qw_y>{YEAR}))?(?![\w]))
    | (?P<quarter_en>(?P<qe_n>{ORDINAL_EN})[\s-](?P<qe_w>quarter|half)\s(?:of\s)?(?:fiscal\s)?(?P<qe_y>{YEAR})(?![\w]))
    | (?P<quarter_en_bare>(?:(?<=the\s)|(?<=in\s))(?P<qb_n>{ORDINAL_EN})[\s-](?P<qb_w>quarter|half)(?![\w-])
                          (?!\s(?:of\s)?(?:fiscal\s)?{YEAR}))
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
# Words before a number that make it a name: "Boeing 737", "Resolution 1718", "Seite 12", "Tabelle 3", "Rang 3".
NAME_WORDS = alternation(
    "Boeing Airbus Resolution Resolutionen Resolutions Seite Seiten S. page pages p. pp. Nr. Nrn. No. Nos. Nummer "
    "Kapitel Chapter Flug Flight Route Kanal Zimmer Raum Tor Gleis Platz Rang Rank Tabellenplatz Abschnitt Section "
    "Band Vol. Ausgabe Issue Folge Episode Kilometer km Abbildung Abb. Tabelle Tab. Table Figure Fig. Grafik "
    "Schaubild Übersicht Anhang Anlage Annex Appendix Ziffer Ziff. Rn. Rz. Randnummer Fußnote Footnote Anmerkung "
    "code log "
    "Hauptgruppe Untergruppe Phase Stufe Level Version Release Modell Model Typ Type Leopard "
    "Marder Terminal Bahnsteig Autobahn Bundesstraße Landesstraße Kreisstraße Highway Interstate".split()
)
# Nouns after an ordinal that make it an ordinal or part of a name: "2. Weltkrieg", "27. Spieltag", "67. Minute".
# No month and no Quartal or Halbjahr: "3. Quartal 2024" is a date.
ORDINAL_NOUNS = alternation(
    "Weltkrieg Jahrhundert Jahrhunderts Parteitag Plenum Armee Korps Division Flotte Gipfel Runde Lesung Sitzung "
    "Amtszeit Stock Etage Liga Bundesliga Platz Tabellenplatz Rang Position Mal Spieltag Minute Halbzeit Etappe "
    "Klasse Staffel Spiel Heimspiel Auswärtsspiel Durchgang Satz Geburtstag Jahrestag Todestag Auflage "
    "Legislaturperiode Wahlperiode".split()
)
FILE_EXTENSIONS = "pdf|docx?|xlsx?|csv|jpe?g|png|gif|html?|txt|zip|json|xml"
# A number that a scale, currency, percent or duration word follows is an amount, whatever stands before it:
# "Block 2 Millionen", "Gruppe 18 Jahre". Traps that read several numbers stop before one.
NOT_AMOUNT = rf"(?![\w]|[.,]\d|\s?(?:%|(?:{SCALE}|{UNIT_WORD})(?![\w])))"
REFERENCE = rf"\d{{1,5}}(?:\.\d{{1,3}}){{0,3}}[a-z]?{NOT_AMOUNT}"
# Law references: "§ 60 Absatz 5 oder Absatz 7 Satz 1", "§§ 3 und 4", "Art. 16a GG", "Artikel 3 Abs. 2".
LAW_PARTS = alternation("Abs. Absatz Absätze S. Satz Sätze Nr. Nrn. Ziff. Ziffer Buchst. Buchstabe lit. Halbsatz "
                        "para. paras. paragraph "
                        "Alt. Alternative UAbs. Unterabsatz Art. Artikel".split())
LAW_HEADS = alternation("§ §§ Art. Artt. Artikel Article Articles Abs. Absatz Paragraf Paragraph Paragrafen "
                        "Principle Principles".split())
# The law's name after the reference may carry the year of its version: "§ 49 EEG 2023", "§ 97 NÖ GRWO 1994"; a
# month there is a date ("§ 5 seit Mai 2023" has a small word between anyway).
LAW_VERSION = (r"\s(?-i:[A-ZÄÖÜ]{1,3}\s)?(?-i:(?=[A-ZÄÖÜ])(?!(?:" + alternation([*MONTHS_DE, *MONTHS_EN]) + r")\s))"
               r"[\wÄÖÜäöüß]{2,10}\s(?:19|20)\d\d(?![\w]|[.,]\d)")
LAW = (rf"(?:{LAW_HEADS})\s?{REFERENCE}"
       rf"(?:(?:,|\s(?:und|oder|bis|bzw\.|and|or|to|i\.\s?V\.\s?m\.))?\s(?:(?:{LAW_PARTS})\s?)?{REFERENCE}){{0,8}}"
       rf"(?:{LAW_VERSION})?")
# A German law is neuter and its short name mostly ends in G ("Gesetz"): after das, des, dem, im, vom, zum, beim its
# year names its version ("das EEG 2023", "nach dem GEG 2024"); "in der EU 2023", "die ING 2023" keep the year.
LAW_YEAR = (r"(?-i:(?=[A-ZÄÖÜ]))(?:(?<=das\s)|(?<=des\s)|(?<=dem\s)|(?<=im\s)|(?<=vom\s)|(?<=zum\s)|(?<=beim\s))"
            r"(?-i:[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,6}G)\s(?:19|20)\d\d(?![\w]|[.,]\d)")
# Documents: "Richtlinie 2011/95/EU", "Verordnung (EU) 2016/679", "Drucksache 20/1234", "BGBl. 2023 I", "SR 101".
DOCUMENT_WORDS = alternation("Richtlinie Richtlinien Verordnung Drucksache Drs. Bundestagsdrucksache Directive "
                             "Regulation Beschluss Az. Aktenzeichen Geschäftszeichen BGBl. Bundesgesetzblatt".split())
DOCUMENT = (rf"(?:(?:{DOCUMENT_WORDS})\s(?:\((?:EU|EG|EWG)\)\s)?|\((?:EU|EG|EWG)\)\s(?:Nr\.\s)?|(?-i:SR|AS|BBl)\s)"
            r"\d[\d/.:-]{0,20}(?:/(?-i:[A-Z]{2,6}))?")
# Court file numbers: "3 StR 12/24", "A 11 K 521/06", "1 BvR 2656/18", "ZR 123/20"; never a season ("Jahr 2023/24").
# With a dot only after a number ("M 4 K 16.1114"): "die USA 1.500 Soldaten" is a count.
REGISTER = r"(?:[A-Z]{1,3}|[A-Z][a-z][A-Z]{1,2})\s(?!(?:19|20)\d\d/)\d{1,6}"
# A prosecutor's or court's register mark with small letters ("Js", "UJs", "KLs", "Ds", "OWi") between a department
# and a running number over the year: "501 Js 118734/22", also behind the court's own "12 Ds".
REGISTER_MARK = r"[A-Z]{1,3}[a-z]{1,2}"
FILE_NUMBER = (rf"(?-i:(?:[A-Z][a-z]?\s)?(?:\d{{1,3}}[a-z]?\s{REGISTER}[/.]|{REGISTER}/)\d{{2,6}}(?![\d/])"
               r"(?:\.[A-Z]{1,2}(?![\w]))?"
               rf"|(?:\d{{1,3}}[a-z]?\s{REGISTER_MARK}\s)?\d{{1,6}}\s{REGISTER_MARK}\s(?!(?:19|20)\d\d/)\d{{1,6}}/\d{{2}}"
               r"(?![\d/]))")
# Designations of a part of a plant, line or road, also inside a compound: "Hochöfen 8 und 9", "Buslinie 7".
DESIGNATION_ENDS = alternation("linie linien block blöcke ofen öfen reaktor reaktoren gleis terminal".split())
DESIGNATED = rf"\d{{1,4}}[a-zA-Z]?{NOT_AMOUNT}"
# Numbered facilities and units named by a compound's ending: "Sinteranlage 3", "Kriminalkommissariat 14",
# "Wahlkreis 21", "Zone 110", "reactors 3 and 4". Only when no noun follows: "im Werk 40 Beschäftigte" is a count.
NUMBERED_ENDS = alternation("anlage anlagen kommissariat kreis zone halle werk reactor reactors unit units plant "
                            "plants hausnummer sektor sector wing".split())
NUMBERED = rf"\d{{1,4}}[a-zA-Z]?{NOT_AMOUNT}(?!\s(?-i:[A-ZÄÖÜ]))"
NUMBERED_FACILITY = (rf"[\w-]{{0,24}}?(?:{NUMBERED_ENDS})\s{NUMBERED}"
                     rf"(?:\s(?:und|bis|and|oder|or)\s{NUMBERED})?")
MONTH_WORD_DE = alternation(MONTHS_DE)  # after an ordinal's dot: what keeps "17. Juni" a date
# An ordinal after an article or a contraction is a rank or a name, never an amount: "die 30. Erhöhung in Folge",
# "der 50. Weltcupsieg", "der 2. Lauf". Months and the parts of a year stay dates ("am 17. Juni", "im 2. Quartal").
ORDINAL_AFTER_ARTICLE = (rf"(?:der|die|das|den|dem|des|zum|zur|am|im|beim|vom|ihr|ihre|ihrem|ihren|ihrer|sein|seine|"
                         rf"seinem|seinen|seiner)\s\d{{1,3}}\.\s"
                         rf"(?!(?:{MONTH_WORD_DE}|quartal|quartals|halbjahr|halbjahres|"
                         rf"jahreshälfte)(?![\w]))(?-i:[A-ZÄÖÜ])[\w-]{{0,40}}")
# A number right before a postcode and its place is a house number: "Avenue Nestlé 55, CH-1800 Vevey".
HOUSE_NUMBER = r"\d{1,4}[a-z]?(?=,\s?(?-i:(?:D|CH|A|FL|L)-)?\d{4,5}\s(?-i:[A-ZÄÖÜ]))"
# ... and so is the postcode after it, when a word stands before the house number and the place ends the address
# (a comma, a bracket, the line's end or a full stop): "Tulpenfeld 4, 53113 Bonn, unter …", "Hohe Warte 38,
# 1190 Wien." A count after a comma runs on ("in Berlin 12, in Bonn 5000 Menschen mehr").
ADDRESS_POSTCODE = (r"(?<=[^\W\d_]\s)\d{1,4}[a-z]?,\s?(?-i:(?:D|CH|A|FL|L)-)?\d{4,5}\s(?-i:[A-ZÄÖÜ])[\w.-]{1,40}"
                    r"(?:\s(?:am|an\sder|im|ob|bei)\s(?-i:[A-ZÄÖÜ])[\w.-]{1,30})?"
                    r"(?=[,;)]|\.?[ \t]*(?:\n|$)|\.\s)")
# An English house number before a street's name: "outside 112 Kirkstall Road", "10 Downing Street". The street
# words that also name a trade stay counts before a noun ("200 High Street branches", "five Wall Street banks").
STREET_EN = (r"\d{1,4}[a-z]?\s(?!(?-i:High|Main|Wall)\s)(?-i:[A-Z][a-z]{1,30}\s){1,2}"
             r"(?-i:Road|Street|Avenue|Lane|Drive|Terrace|Crescent|Gardens)(?![\w])(?!\s(?-i:[a-z]+s)(?![\w']))")
# The numbers of the emergency services before a call: "the first 999 call", "a 911 call" ("112 calls" counts).
EMERGENCY_CALL = r"(?:999|911|112|000)(?=\s(?:call|caller|operator)(?![\w])|-(?:Notruf|Anruf)(?![\w]))"
# A ranking after a colon or comma: "Gesamtweltcup: 1. Odermatt 1180, 2. Kriechmayr 768, 3. von Allmen 701".
RANK_LIST = (rf"(?<=[:,;]\s)\d{{1,2}}\.\s(?!(?:{MONTH_WORD_DE})(?![\w]))"
             rf"(?:(?:von|van|de|di|da|le)\s)?(?-i:[A-ZÄÖÜ])[\w-]{{0,40}}")
# The numbers a reader is told to call: "call 101", "unter 133 erreichbar", "der Euronotruf lautet 112".
CALL = (r"(?:call|dial|dialled|dialed|dialling|dialing|phoned|rang|ring|"
        r"(?:Euro|Polizei)?[Nn]otruf(?:nummer)?|(?<=otruf\s)(?:lautet|ist|unter))\s\d{2,5}"
        r"(?![\w]|[.,]\d)"
        r"|unter\s\d{3,5}(?:\s\d{2,5}){0,3}\s(?:erreichbar|zu\serreichen|anrufen)")
DESIGNATION = (rf"[\w-]{{0,24}}?(?:{DESIGNATION_ENDS})\s{DESIGNATED}"
               rf"(?:(?:,\s|\s(?:und|bis|and|oder|or)\s|\s?[-–/]\s?){DESIGNATED}){{0,4}}")
# A road's letter after an article or a preposition: "die A 7", "auf der B 27" ("A 5 percent" is no road).
ROAD = (r"(?:(?<=die\s)|(?<=der\s)|(?<=den\s)|(?<=auf\s)|(?<=über\s)|(?<=zur\s)|(?<=an\s)|(?<=bei\s)|(?<=von\s)"
        r"|(?<=Richtung\s))"
        rf"(?-i:[ABLKSU])\s\d{{1,3}}{NOT_AMOUNT}")
# A house number after a street (a compound ending in one of these or the word itself), with the postcode and
# place after it: "Hauptstraße 12", "Bahnhofstrasse 45a, 8001 Zürich". A noun after the number makes it a count
# ("am Arbeitsplatz 40 Stunden" has a unit, "auf dem Heimweg 3 Menschen" a noun).
STREET_ENDS = alternation("straße strasse str. gasse weg allee damm ring platz ufer markt chaussee steig pfad "
                          "promenade zeile".split())
POSTCODE = r"(?-i:(?:D|CH|A|FL|L)-)?\d{4,5}\s(?-i:[A-ZÄÖÜ])[\w.-]{1,40}"
STREET = (rf"[\w-]{{0,30}}?(?:{STREET_ENDS})\s\d{{1,4}}(?:\s?[a-z]|\s?[-–/]\s?\d{{1,4}}[a-z]?)?"
          rf"(?:(?:,\s?|\s){POSTCODE}|{NOT_AMOUNT}(?!\s(?-i:[A-ZÄÖÜ])))")
# A postcode with a country's letter, after an address word, or as a line of its own ("47051 Duisburg").
POSTCODES = (r"(?-i:(?:D|CH|A|FL|L)-)\d{4,5}\s(?-i:[A-ZÄÖÜ])[\w.-]{1,40}"
             r"|(?<![^\n])\d{4,5}\s(?-i:[A-ZÄÖÜ])[\w.-]{1,40}(?:\s(?:am\s|an\sder\s|im\s|ob\s)?(?-i:[A-ZÄÖÜ(])"
             r"[\w.()-]{1,30}){0,2}[ \t]*(?![^\n])")
# Phone and fax numbers: "+49 30 1234567", "(030) 1234 567", "0203 555 0199", "0203/555-0199", "Tel. 555 0199".
PHONES = (r"\+\d[\d\s/()-]{6,}\d"
          r"|\(0\d{2,5}\)\s?[\d\s/-]{4,}\d"
          r"|0\d{2,5}(?:\s?/\s?|[\s-])\d{2,8}(?:[\s-]\d{2,8}){0,3}(?!\d|[.,]\d)"
          r"|0\d{6,14}(?![\w]|[.,]\d)")
# Times of day: "14.30 Uhr", "um 8 Uhr", "von 14 bis 16 Uhr", "3 p.m.", "3pm", "5am".
TIMES = (r"\d{1,2}[:.]?\d{2}\s(?-i:GMT|UTC|CET|CEST|MEZ|MESZ|BST|EST|EDT|ET)(?![\w])"
         r"|\d{1,2}[:.]\d{2}\s?(?:Uhr|h(?![\w])|a\.m\.|p\.m\.)"
         r"|\d{1,2}(?:[:.]\d{2})?\s?(?:bis|und|-|–)\s?\d{1,2}(?:[:.]\d{2})?\s?Uhr"
         r"|\d{1,2}\s?(?:Uhr|o'clock|a\.m\.|p\.m\.)"
         r"|\d{1,2}(?:[:.]\d{2})?(?:\s?pm|am)(?![\w])")
# Scores: "2:1", "(1:0)", "1:0-Sieg"; with a hyphen only where a game's result is named: "a 3-1 win", "won 2-0",
# sets "6-4, 7-5"; a goal's minute "(67.)", "(55., 59.)". "2-3 Prozent" is a range, never a score.
SETS = r"[0-7][-–][0-7](?:\s?\(\d{1,2}\))?(?:,\s[0-7][-–][0-7](?:\s?\(\d{1,2}\))?){1,4}(?![\w-])"
SCORE_VERBS = (r"(?:won|win|beat|beating|lost|losing|drew|draw|trailed|trailing|led|leading|defeated|edged)\s"
               rf"(?:{SETS}|\d{{1,2}}[-–]\d{{1,2}}(?![\w-]))")
SCORES = (r"\d{1,3}:\d{1,3}(?![\d:])"
          r"|\d{1,2}[-–]\d{1,2}(?=\s(?:(?:home|away|extra-time|penalty|shootout)\s)?"
          r"(?:win|wins|victory|defeat|loss|lead|draw|triumph|thrashing|rout|Sieg|Niederlage)(?![\w]))"
          rf"|{SETS}"
          r"|\(\d{1,3}\.(?:,\s?\d{1,3}\.){0,10}\)")
# Clubs: "Hannover 96", "Schalke 04", "1899 Hoffenheim", "TSV 1860", "1. FC Köln".
CLUB_WORDS = (r"(?-i:(?:Hannover\s96|Schalke\s04|Mainz\s05|Darmstadt\s98|Bochum\s1848|Heidenheim\s1846|"
              r"Ulm\s1846|Basel\s1893|Uerdingen\s05|Babelsberg\s03|Elversberg\s07|Düsseldorf\s95)(?![\w])"
              r"|(?:FC|SV|TSV|VfB|VfL|FSV|SC|SSV|BSC|SpVgg|TuS|KFC|TSG|Bayer|HSC|HSG|HC|SG|THW|MTV|EHC|ERC)"
              r"\s(?:\d{2}|1[89]\d\d)(?![\w])"
              # A club founded since 2000 carries its year before its place: "HSC 2000 Coburg".
              r"|(?:HSC|HSG|HC|SG|SC|SV|FC|TSV|TSG|TuS|SpVgg|EHC)\s20[0-2]\d\s(?=[A-ZÄÖÜ][a-zäöüß]))")
# The founding year after a club's place: "FC St. Gallen 1879", "SC Freiburg 1904"; years up to the 1940s, later
# ones after a club are the years of its seasons.
CLUB_YEAR = (r"(?-i:(?=[A-ZÄÖÜ]))"
             r"(?:(?<=FC\s)|(?<=SC\s)|(?<=SV\s)|(?<=FC\sSt\.\s)|(?<=TSV\s)|(?<=VfB\s)|(?<=VfL\s)|(?<=BSC\s))"
             r"(?-i:[A-ZÄÖÜ][a-zäöüß-]{1,20})\s(?:18\d\d|19[0-4]\d)(?![\w]|[.,]\d)")
CLUBS = (r"(?-i:(?:1899\sHoffenheim|1860\sMünchen|1860\sMunich|1846\sHeidenheim)(?![\w])"
         r"|1\.\s?(?:FC|FSV|SC|SV|FFC)(?![\w]))")
# Names that end in a year: a title ("Blue Book 2025", "Vision 2030") and an index's base year in brackets
# ("consumer prices (CPI 2020)", "(HICP 2015)"). "Q3 2024" and "H1 2024" are dates; "in der EU 2023" too.
TITLE_YEAR = r"(?-i:Book|Agenda|Vision|Horizon|Expo)\s(?:19|20)\d\d(?![\w]|[.,]\d)"
INDEX_BASE = r"\((?-i:[A-Z]{2,6})\s(?:19|20)\d\d\)"
# A listed company's code at its exchange and a firm's number at its register: "(BSE: 532187)", "code 6627",
# "(FRN 612345)", "HRB 12345".
EXCHANGE_CODE = (r"\(?(?-i:BSE|NSE|TSE|TYO|SIX|LSE|NYSE|Nasdaq|NASDAQ|HKEX|SEHK|SGX|ASX|KRX|JSE|TSX|XETRA):"
                 r"\s?\d{3,6}(?![\w]|[.,]\d)")
REGISTER_NUMBER = r"(?-i:FRN|CRN|HRB|HRA)\s\d{3,12}(?![\w]|[.,]\d)"
# Words in their small or capital form only: "note 7" (the German "Note 2,3" is a grade), "Fab 2", "Series 400",
# "the world No 38", a tournament's class "ATP 500", "WTA 1000", "Masters 1000"; never before a year.
CASED_NAME_WORDS = (r"(?-i:note|notes|Fab|Series|No|ATP|WTA|ITF|Masters|Challenger)\s(?!(?:19|20)\d\d(?!\d))"
                    rf"\d{{1,4}}{NOT_AMOUNT}")
# The round of a competition after a preposition: "in round 9", "of stage 4" ("round 100 people" is old English
# for around).
ROUND = (r"(?=[rmgsl])(?:(?<=in\s)|(?<=of\s)|(?<=for\s)|(?<=from\s)|(?<=after\s)|(?<=before\s))"
         rf"(?:round|matchday|game|stage|leg)\s\d{{1,2}}{NOT_AMOUNT}")
# A register number with its department: "Geschäft 2024.BSS.0042"; a year with one or two capitals after a dot
# ("2024.A") too.
DOTTED_NUMBER = r"\d{4}\.(?-i:[A-Z]{1,2}(?![\w])|[A-Z]{2,5}\.\d{1,6}(?![\w]))"
# A word ending in a glued digit or two is a footnote ("Umsatz2", "Prozent2)"), no model name: the word stays
# readable, and the digit is no figure anyway (no figure starts inside a word).
FOOTNOTE = r"[A-ZÄÖÜa-zäöü][a-zäöü]{3,11}\d{1,2}(?![\w])"
# A trap starts where no word character is before it, and matters only where it holds a digit: in the rest of
# its token or at the start of the next one ("Boeing 737"), or in markup. Written as one regex, that condition
# was a look-ahead `(?=\S*\d|\S*\s\d|[<&])` and the e-mail address and file name below were tried from every
# start inside their run of characters: each read the rest of the token again from every punctuation mark of a
# long one ("....", "a-a-a-…"), quadratic. traps.py works each of them out once per token and keeps the matches
# of that regex, in its order: the web address first, then the e-mail address, the file name, TRAPS_REST.
# Every alternative reads a bounded stretch from its start (bounded repeats of parts that each begin with a
# mark or a space), so the search stays linear.
TRAP_URL = r"(?:https?://|www\.)\S+"
# The traps that start with a word before a number ("Tabelle 3", "Hauptstraße 12") sit behind one cheap test that
# a number follows the word: without it each of them read every word of the text.
TRAP_NAMES = rf"""
      (?=[^\s\d]{{1,40}}+\s[\d(+])
      (?:
        (?:Tel|Telefon|Telefonnummer|Fax|Telefax|Phone|Mobil|Hotline)\.?:?\s\(?\d[\d\s/()-]{{3,25}}\d
      | (?:PLZ|Postleitzahl|Anschrift|Adresse|Address):?\s{POSTCODE}
      | {SCORE_VERBS}
      | {CLUB_WORDS}
      | {CLUB_YEAR}
      | {LAW_YEAR}
      | {TITLE_YEAR}
      | {INDEX_BASE}
      | {EXCHANGE_CODE}
      | {REGISTER_NUMBER}
      | {CASED_NAME_WORDS}
      | {ROUND}
      | {LAW}
      | {DOCUMENT}
      | {ROAD}
      | {STREET}
      | {DESIGNATION}
      | {NUMBERED_FACILITY}
      | {ORDINAL_AFTER_ARTICLE}
      | {CALL}
      | (?:reference|ref\.|ID|Kennung|Vorgangsnummer|Kundennummer|Tagebuchnummer|Aktennummer)\s\d{{5,20}}(?![\w])
      | (?-i:II|III|IV|VI|VII|VIII|IX|XI|XII)\s\d{{1,3}}(?![\w]|[.,]\d)
      | (?-i:Act|Acts|Gesetz|Gesetzes|Code)\s(?:of\s)?\d{{4}}(?![\w])
      | \b(?:{NAME_WORDS})\s\d[\d.,/-]*{NOT_AMOUNT}
      )
    | (?=[+(0])(?:{PHONES})
    | {POSTCODES}
    | (?=[\d(])(?:{TIMES} | {SCORES} | {CLUBS})
    | {FILE_NUMBER}
    | (?<![\w-])(?!{FOOTNOTE})[A-Za-zÄÖÜäöü]{{1,12}}+-?\d+[A-Za-z]?(?![\w])
    | (?=\d)(?:(?<![$€£₹])(?<![$€£₹]\s)(?<!(?:EUR|USD|CHF|GBP|JPY|INR)\s)
               (?<!\d[.,])\b\d+(?:G|D|K|p|x|mm|cm|kg|km|MW|GW|kt|Mt)\b  # not the decimals of "10.5mm"
             | (?<![\w.])\d{{1,3}}\.\s?(?:{ORDINAL_NOUNS})\w*)
    | \#\w+ | (?<![\w])@\w+
    | (?=\d)(?:{DOTTED_NUMBER} | {ADDRESS_POSTCODE} | {HOUSE_NUMBER} | {STREET_EN} | {EMERGENCY_CALL} | {RANK_LIST})
"""
TRAPS_REST = re.compile(
    rf"""
    (?<![\w])
    (?:
      (?P<url>{TRAP_URL})
    | <[^<>]{{0,300}}> | &\#?\w{{1,10}};
    | {TRAP_NAMES}
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Ranks in words have no digit, so traps.py looks for them on their own: "Platz zwei", "auf Rang drei",
# "die Nummer eins", "world number one".
RANK_NUMBERS = alternation([*UNITS_DE, *UNITS_EN, *TENS_DE, *TENS_EN])
RANK_HEADS = r"(?:Platz|Rang|Tabellenplatz|Nummer|number|No\.|World\sWar)"
WORD_TRAPS = re.compile(rf"(?<![\w]){RANK_HEADS}\s(?:{RANK_NUMBERS})(?![\w-])", re.IGNORECASE)
# An e-mail address or file name matches from any start in its run ([\w.+-], [\w-]) or from none, ending where
# the run's does: each run is read once, from its start (a zero-width match, so runs inside a match are read too).
# Group 1 is the run, group 2 the rest of the match.
EMAIL_RUNS = re.compile(r"(?<![\w.+-])(?=([\w.+-]++)(@[\w-]+(?:\.[\w-]+)+))")
FILE_EXTENSION = re.compile(rf"\.(?:{FILE_EXTENSIONS})\b", re.IGNORECASE)
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
# A dot after a number ends a clause only before a word that is no month: "am 10. Juni" is a date.
NUMBER_THEN_END = rf"(?<=\d)\.\s(?!{MONTH}(?![\w]))(?=(?-i:[A-ZÄÖÜ]))"
CLAUSE_END = re.compile(rf"[,;:]\s|\s[–—-]\s|(?<![\d\s])[.!?](?:\s|$)|{NUMBER_THEN_END}|\n", re.IGNORECASE)
SENTENCE_END = re.compile(rf"(?<![\d\s])[.!?](?:\s|$)|{NUMBER_THEN_END}|\n", re.IGNORECASE)
# Words that announce (the date lies ahead) or report something done (it lies behind), per language. Participles
# ("-ed", "ge-…t", "made", "held") are neither: "will be released on March 7", "fixed October 29 as the record
# date", "detailed results follow on February 19".
TENSE_MARKERS = {
    "de": re.compile(
        r"(?<![\w])(?:(?P<future>soll|sollen|sollte|sollten|wird|werden|werde|will|wollen|plant|planen|geplant|"
        r"ab\sdem|ab(?=\s(?:der\s|den\s|Mitte\s|Anfang\s|Ende\s)?[\dA-ZÄÖÜ])|kommende[nrs]?|nächste[nrs]?|künftig|"
        r"voraussichtlich|bevorstehenden?|angesetzt|beginnt|startet|endet|läuft|gilt|findet|finden|tritt)"
        r"|(?P<past>war|waren|wurde|wurden|worden|hatte|hatten|hat|haben|seit|vergangenen|letzten|zuletzt|"
        r"gestern|kam|kamen|fand|fanden|stattfand|stattfanden|begann|begannen|endete|endeten|starb|gab|"
        r"trat|traf|trafen|fiel|stieg|sank|lag|sagte|sagten|teilte|teilten|erklärte|meldete|meldeten|berichtete|"
        r"beschloss|beschlossen|unterzeichnete|wählte|wählten|gewann|verlor|eröffnete|einigten|stimmte|"
        r"stimmten))(?![\w])",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?<![\w])(?:(?P<future>will|shall|would|is\sdue|are\sdue|due|is\sset|are\sset|scheduled|slated|"
        r"planned|plans|upcoming|next|expected|is\sto|are\sto|starting|begins|starts|kicks\soff|opens|"
        r"takes\seffect|expires|runs|until(?=\s[A-Z]))"
        r"|(?P<past>was|were|had|did|said|ago|last|earlier|since|rose|fell|came|began|took|gave|"
        r"saw|grew|went))(?![\w])",
        re.IGNORECASE,
    ),
}

# The year of a month written without one, given after it: "von Januar bis November 2024", "Feber kommenden
# Jahres", "December of last year".
YEAR_AFTER_MONTH = re.compile(
    rf"\s(?:(?:bis(?:\s(?:Ende|Anfang|Mitte))?|und|to|through|until|and|[-–])\s(?:{MONTH})\s(?P<year>{YEAR})(?![\w])"
    rf"|(?P<next>(?:des\s)?(?:kommenden|nächsten)\sJahres|(?:of\s)?next\syear)"
    rf"|(?P<last>(?:des\s)?(?:vergangenen|letzten|Vor)[\s]?[Jj]ahres|(?:of\s)?last\syear|of\sthe\sprevious\syear))",
    re.IGNORECASE,
)

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
# The length of a period that ends at a date: "the nine months to September", "six months ended June 30", "the year
# to March 2026", "in den ersten neun Monaten bis September".
PERIOD_BEFORE = re.compile(
    r"(?:(?P<count>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|drei|sechs|neun|zwölf)"
    r"[\s-](?P<unit>months?|Monate[n]?)|(?P<unit2>year|fiscal\syear|financial\syear|half|half-year|quarter|"
    r"Geschäftsjahr|Halbjahr|Quartal))\s(?:to|ending|ended|through|bis(?:\s(?:zum|Ende))?)\s(?:the\s)?$",
    re.IGNORECASE,
)
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
