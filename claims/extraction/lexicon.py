"""Words the extractor knows, per language. Plain data: no Django, no regexes."""

from __future__ import annotations

from decimal import Decimal

MONTHS_DE = {
    "januar": 1, "jänner": 1, "februar": 2, "feber": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTHS_SHORT = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "okt": 10,
    "nov": 11, "dec": 12, "dez": 12,
}
MONTHS = {**MONTHS_DE, **MONTHS_EN}

THOUSAND, MILLION, BILLION = Decimal(10) ** 3, Decimal(10) ** 6, Decimal(10) ** 9
# German "Billion" is 10^12; English "billion" is 10^9: the article's language decides.
SCALES = {
    "tausend": THOUSAND, "tsd.": THOUSAND, "tsd": THOUSAND, "thousand": THOUSAND,
    "mio.": MILLION, "mio": MILLION, "million": MILLION, "millionen": MILLION, "millions": MILLION,
    "mrd.": BILLION, "mrd": BILLION, "milliarde": BILLION, "milliarden": BILLION,
    "billionen": Decimal(10) ** 12, "trillion": Decimal(10) ** 12, "bn": BILLION,
}
BILLION_WORD = {"de": Decimal(10) ** 12, "en": BILLION}
# Only next to a currency ("$29m", "EUR 192 m", "£3bn") is "m" a scale.
CURRENCY_SCALES = {"k": THOUSAND, "m": MILLION, "mn": MILLION, "bn": BILLION, "tn": Decimal(10) ** 12}

# Written after the number: "29 Millionen Dollar", "1,5 Mrd. €", "5 Mio. Fr.".
CURRENCY_WORDS = {
    "us-dollar": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD", "us$": "USD",
    "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "rubel": "RUB", "rubles": "RUB", "roubles": "RUB", "rub": "RUB",
    "won": "KRW", "krw": "KRW",
    "franken": "CHF", "chf": "CHF", "fr.": "CHF", "sfr.": "CHF", "rappen": "CHF",
    "pfund": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "pfund sterling": "GBP",
    "yen": "JPY", "jpy": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "cny": "CNY",
    "rupien": "INR", "rupie": "INR", "rupees": "INR", "rupee": "INR", "inr": "INR",
}
# Sub-units, read in their currency's main unit: "50 Rappen" is CHF 0.50.
CURRENCY_FRACTIONS = {"rappen": Decimal("0.01")}
# Written before the number: "$29 million", "EUR 192 m", "CHF 1.2bn", "£3bn", "₹4.57 trillion".
CURRENCY_SIGNS = {
    "$": "USD", "€": "EUR", "£": "GBP", "₹": "INR", "₽": "RUB", "₩": "KRW", "US$": "USD",
    "USD": "USD", "EUR": "EUR", "CHF": "CHF", "GBP": "GBP", "JPY": "JPY", "CNY": "CNY", "INR": "INR",
    "FR.": "CHF", "SFR.": "CHF",
}
# Weights, not money, when what is weighed follows: "fünf Pfund Kartoffeln", "two pounds of rice".
WEIGHT_WORDS = frozenset({"pfund", "pound", "pounds"})

PERCENT_WORDS = {
    "%": "%", "prozent": "%", "percent": "%", "per cent": "%",
    "prozentpunkte": "pp", "prozentpunkten": "pp", "percentage points": "pp", "percentage point": "pp",
}

DURATION_WORDS = {
    "jahr": "year", "jahre": "year", "jahren": "year", "jahres": "year", "year": "year", "years": "year",
    "monat": "month", "monate": "month", "monaten": "month", "month": "month", "months": "month",
    "woche": "week", "wochen": "week", "week": "week", "weeks": "week",
    "tag": "day", "tage": "day", "tagen": "day", "day": "day", "days": "day",
    "stunde": "hour", "stunden": "hour", "hour": "hour", "hours": "hour",
    "minute": "minute", "minuten": "minute", "minutes": "minute",
}
# Adjectives such as "zweitägig": number word + suffix = a duration.
DURATION_SUFFIXES = {"tägig": "day", "stündig": "hour", "wöchig": "week", "monatig": "month", "jährig": "year"}

# (phrase, qualifier), see the table in docs/figures.md. A prefix tree tries the longest first, so "knapp über"
# wins over "knapp" and "etwas mehr als" over "etwa". A bare "um" is no hedge ("stieg um 5 Prozent" is exact).
HEDGES = [
    ("bis zu", "up_to"), ("up to", "up_to"), ("maximal", "up_to"), ("höchstens", "up_to"), ("at most", "up_to"),
    ("mehr als", "more_than"), ("more than", "more_than"), ("upwards of", "more_than"), ("über", "more_than"),
    ("over", "more_than"),
    ("fast", "almost"), ("knapp", "almost"), ("beinahe", "almost"), ("almost", "almost"), ("nearly", "almost"),
    ("knapp unter", "almost"), ("nahezu", "almost"), ("annähernd", "almost"), ("an die", "almost"),
    ("just under", "almost"), ("close to", "almost"),
    ("rund", "about"), ("etwa", "about"), ("circa", "about"), ("ca.", "about"), ("ungefähr", "about"),
    ("about", "about"), ("around", "about"), ("roughly", "about"), ("some", "about"),
    ("gegen", "about"), ("um die", "about"), ("um rund", "about"), ("schätzungsweise", "about"),
    ("an estimated", "about"),
    ("weniger als", "less_than"), ("less than", "less_than"), ("fewer than", "less_than"), ("unter", "less_than"),
    ("under", "less_than"), ("keine", "less_than"),
    ("mindestens", "at_least"), ("wenigstens", "at_least"), ("ab", "at_least"), ("at least", "at_least"),
    ("no fewer than", "at_least"), ("a minimum of", "at_least"),
    ("gut", "just_over"), ("knapp über", "just_over"), ("etwas mehr als", "just_over"), ("just over", "just_over"),
    ("a little over", "just_over"), ("slightly more than", "just_over"),
]
# Words that give a number its sign: "minus 18.922", "ein Minus von 3 %" (-3), "ein Plus von 3 %" (3).
SIGN_WORDS = {"minus": -1, "minus von": -1, "plus": 1, "plus von": 1}
SIGN_MARKS = {"-": -1, "\u2013": -1, "\u2212": -1, "+": 1}

UNITS_DE = {
    "null": 0, "eins": 1, "ein": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
    "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}
TENS_DE = {
    "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80,
    "neunzig": 90,
}
UNITS_EN = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_EN = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
# Words that name an amount on their own ("zweieinhalb" is built from its parts).
WHOLE_WORDS = {"anderthalb": Decimal("1.5"), "dreiviertel": Decimal("0.75")}
# Articles that are a number only before a scale word: "eine Million", "a million".
ARTICLES = {"ein", "eine", "einer", "einen", "einem", "eines", "one", "a"}

# Words that end a counted-noun phrase in English (after a number).
EN_STOP = frozenset(
    "a an and are as at be been being but by did do does for from had has have he her his how if in into is it "
    "its minus more most no not of on or our per plus since so than that the their them then there these they "
    "this those to up was we were what when where which while who will with would year years".split()
)
# Endings of role nouns before a name: "Verteidigungsminister Shin", "Kremlberater Igor Semjonow".
ROLE_WORDS = ("officer", "executive", "superintendent", "inspector", "constable", "chairman", "chairwoman",
              "staatssekretär", "staatssekretärin", "vorsteher", "vorsteherin", "rat", "rätin", "minister",
              "ministerin", "präsident", "präsidentin", "president", "sprecher", "sprecherin", "chef",
              "chefin", "leiter", "leiterin", "botschafter", "botschafterin", "kanzler", "kanzlerin", "secretary",
              "spokesman", "spokeswoman", "general", "direktor", "direktorin", "director", "analyst", "analystin",
              "berater", "beraterin", "anwalt", "anwältin", "forscher", "forscherin", "experte", "expertin",
              "spokesperson", "vorsitzende", "vorsitzender", "chief", "head", "governor", "gouverneur", "mayor",
              "bürgermeister", "bürgermeisterin", "ökonom", "ökonomin", "economist", "kommissar", "kommissarin",
              "commissioner", "staatsanwalt", "staatsanwältin", "prosecutor", "richter", "richterin", "trainer",
              "coach", "senator", "senatorin", "abgeordnete", "abgeordneter", "landrat", "landrätin", "kommandeur",
              "commander", "professor", "professorin", "researcher", "official", "manager", "managerin", "vermittler",
              "vermittlerin",
              # Scientists and players: "Agrarmeteorologin Katrin Helmke", "Klimatologe", "HCD-Verteidiger".
              "loge", "login", "ologist", "scientist", "wissenschaftler", "wissenschaftlerin", "verteidiger",
              "verteidigerin", "stürmer", "stürmerin", "torhüter", "torhüterin", "kapitän", "kapitänin", "captain",
              # "ÖVP-Landesgeschäftsführer Stefan Wallner", "Fraktionsführerin".
              "führer", "führerin")

# --- Figures written in words (words.py, docs/figures.md) ---------------------------------------------------------
# Fraction nouns and their denominators: "zwei Drittel", "a fifth of".
FRACTIONS_DE = {"drittel": 3, "viertel": 4, "fünftel": 5, "sechstel": 6, "siebtel": 7, "achtel": 8, "neuntel": 9,
                "zehntel": 10}
FRACTIONS_EN = {"third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
                "tenth": 10}
# Ordinal stems after "jeder/jede/jedes": "jeder zweite" is 1 in 2.
ORDINALS_DE = {"zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7, "siebent": 7, "acht": 8,
               "neunt": 9, "zehnt": 10, "elft": 11, "zwölft": 12, "zwanzigst": 20, "hundertst": 100}
# Nouns after "jeden zweiten …" that make it a frequency ("jeden zweiten Tag"), not a share of people or things.
RATE_NOUNS_DE = frozenset(
    "tag tage woche monat jahr stunde minute sekunde wochenende nacht abend morgen mal montag dienstag mittwoch "
    "donnerstag freitag samstag sonnabend sonntag".split()
)
ORDINALS_EN = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
               "tenth": 10}
RATE_NOUNS_EN = frozenset(
    "day days week weeks month months year years hour hours minute minutes second seconds weekend night time "
    "morning evening monday tuesday wednesday thursday friday saturday sunday".split()
)
# "drei von vier", "one in five": the denominators a share is written with; others are changes or tallies.
SHARE_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 20, 100, 1000})
# After "ein Viertel" (also a city quarter or a quarter litre) the share needs one of these: "ein Viertel der …".
SHARE_FOLLOWERS_DE = frozenset(
    "der des aller dieser diese davon ihrer seiner unserer jener von aus beider".split()
)
# Words before "half"/"Hälfte" that name a part by its place, a period ("the second half of 2024"), not a share.
PLACE_WORDS_EN = frozenset(
    "first second latter former other back front top bottom upper lower northern southern eastern western "
    "opening closing final last next better".split()
)
FACTOR_VERBS_EN = {"doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4}
# Hedges written as an adjective after the article: "eine knappe Million", "ein gutes Drittel".
ADJECTIVE_HEDGES = {"knapp": "almost", "gut": "just_over"}
# English "a year" is a span after these words ("for a year", "more than a year") or before SPAN_AFTER_EN
# ("a year ago"); after a figure or a count ("500,000 barrels a year", "twice a year") it is a rate.
SPAN_BEFORE_EN = frozenset(
    "for within in after over than least nearly almost about around roughly some just only barely under past "
    "lasted lasts last took takes take spent spend spends waited wait served serve been into inside".split()
)
SPAN_AFTER_EN = frozenset("later long into before after".split())
# "a year ago", "ein Jahr zuvor", "vor einem Jahr": a point in time to compare with, like "Vorjahr", no figure.
TIME_REFERENCE_AFTER = frozenset("ago earlier prior zuvor davor vorher früher".split())
TIME_REFERENCE_BEFORE_DE = frozenset({"vor"})
RATE_BEFORE = frozenset(
    "times twice once thrice every each per a an jede jeden jeder jedes pro je alle".split()
)
