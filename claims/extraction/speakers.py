"""Who a sentence attributes its figures to, when it says so."""

from __future__ import annotations

import re

from .lexicon import ROLE_WORDS

# A word of a name is at most 100 characters, an adjective or a word before a group noun at most 40: no name
# has longer ones, and the bound keeps the search linear. Unbounded, every capital of a 40,000-character token was
# a start that read the token to its end (23 s). The possessive `+` gives nothing back: a name's word is always
# followed by a space or the end, which the characters it takes cannot be.
CAP = r"[A-ZÄÖÜ][\w.'’-]{0,99}+"
WORD = r"[a-zäöüß]{1,40}"
GROUPS = (r"(?:ministry|officials?|sources|intelligence|analysts|diplomats|experts|officers|estimates|police|"
          r"authorities|government|military|army|company|spokes(?:man|woman|person)|prosecutors|investigators|"
          r"organi[sz]ers|researchers|department|agency|regulator|office|data)(?![\w])")
ARTICLE = r"(?:[Tt]he|[Dd]er|[Dd]ie|[Dd]as|[Dd]es|[Dd]em|[Dd]en|[Ee]in|[Ee]ine|[Ee]iner|[Ee]ines|[Aa]|[Aa]n)"
# How the capitalised words of a name join: "Bundesamt für Statistik", "Bank of Korea"; "and" inside an
# organisation's name ("Greater Manchester Fire and Rescue Service", "Hotel- und Gaststättenverbands Dehoga");
# a list after "für/for" ("Direktion für Bildung, Soziales und Sport"). The list comes first: a bare "für Bildung"
# would otherwise end the name where nothing after it has to match ("laut der Direktion für …").
# One optional joint before each word, as cheap as a bare space where none is.
JOIN = (rf"\s(?:(?:für|for|for\sthe)\s{CAP}(?:,\s{CAP}){{1,3}}\s(?:und|and)\s|(?:und|and|&)\s"
        rf"|(?<=-\s)(?:oder|bzw\.)\s|(?:von|van|de|des|der|für|of|of\sthe|for|for\sthe)\s)?{CAP}")
# An optional article and adjective, capitalised words joined as above, and an optional
# group noun: "Shin Won-sik", "ein Sprecher des Kremls", "dem britischen Open Source Centre",
# "South Korea's defence ministry", "a US official"; or, in English, a group noun alone: "the police".
# Up to ten words: "Dr Emily Carr of the Met Office's National Climate Information Centre".
NAME = (
    rf"(?:{ARTICLE}\s)?(?:(?:{WORD}(?:e|en|er|es)\s)?"
    rf"{CAP}(?:{JOIN}){{0,9}}"
    rf"(?:\s(?:[a-z]{{1,40}}\s)?{GROUPS})?"
    rf"|(?:[a-z]{{1,40}}\s){{0,2}}{GROUPS}(?:\s(?:for|of|at)\s(?:the\s)?(?:{CAP}(?:\s{CAP}){{0,3}}|{GROUPS}))?)"
)
# What an authority publishes: "nach vorläufigen Angaben des", "nach Schätzung der", "in einer Mitteilung des".
SOURCES_DE = (r"(?:Angaben|Schätzung(?:en)?|Berechnungen|Informationen|Zahlen|Daten|Erkenntnissen|Ergebnissen|"
              r"Darstellung|Auskunft|Aussagen?|Einschätzung)")
REPORTS_DE = r"(?:Mitteilung|Pressemitteilung|Erklärung|Stellungnahme|Bericht|Statement|Analyse|Studie)"
SAID_DE = (r"(?:mitteilte|mitteilt|mitgeteilt|berichtete|berichtet|bestätigte|bestätigt|sagte|sagt|erklärte|erklärt|"
           r"meldete|meldet|schätzt|schätzte|angab|angibt|bekanntgab|bekannt\sgab|betonte|schrieb|schreibt)")
# Each pattern with the words it needs: most sentences have none of them, and a substring test is cheap.
ESTIMATED_DE = r"(?:bezifferte|beziffert|bezifferten|beziffern|schätzte|schätzt|nannte|nennt)"
PATTERNS = [
    # "Die Polizei bezifferte den Schaden auf …": a speaker at the start of a clause is the subject. Otherwise German
    # puts the object first and the subject after the verb: "Den Schaden bezifferte die Polizei auf …".
    (("beziffer", "schätz", "nannte", "nennt"),
     re.compile(rf"(?:^|[,;:]\s|\b(?:und|dass)\s)(?!(?:[Dd]en|[Dd]em|[Ee]inen|[Ee]inem)\s)(?P<who>{NAME})\s+(?:\([^()]{{1,40}}\)\s)?{ESTIMATED_DE}\b")),
    (("beziffer", "schätz", "nannte", "nennt"),
     re.compile(rf"\b{ESTIMATED_DE}\s(?P<who>(?:der|die|das|ein|eine)\s(?:{WORD}(?:e|en|er|es)\s)?{CAP}"
                rf"(?:\s(?:(?:von|des|der|für)\s)?{CAP}){{0,4}})")),
    # Who made the survey or the figures is the speaker: "according to final figures from the Federal Statistical
    # Office", "according to a survey by Forsa".
    (("ccording to",),
     re.compile(rf"\b(?i:according to) (?:(?:a|an|the)\s)?(?:{WORD}\s)?(?:survey|poll|study|report|estimate|analysis|"
                rf"count|figures|data|statistics|results|numbers)s?\s(?:by|from|of)\s(?P<who>{NAME})")),
    (("aut ", "ccording", "emäss", "emäß"), re.compile(rf"\b(?i:laut|gemäss|gemäß|according to)\s+(?P<who>{NAME})")),
    (("ach ",),
     re.compile(rf"\b(?i:nach)\s(?:{WORD}(?:en|er)\s)?{SOURCES_DE}\s(?:von|des|der|aus)\s+(?P<who>{NAME})")),
    (("zufolge",), re.compile(rf"(?:{SOURCES_DE}\s(?:von|des|der)\s)?(?P<who>{NAME})\s+zufolge\b")),
    (("wie ", "Wie "),
     # Up to ten words (no comma) between the name and its verb: "wie der Deutsche Wetterdienst nach vorläufiger
     # Auswertung seiner rund 2000 Messstationen mitteilte", "… am Donnerstag bei der Präsentation ihres … Nr. 48 …".
     re.compile(rf"\b(?i:wie)\s(?P<who>{NAME})\s(?:\([^()]{{1,40}}\)\s)?(?:[\w.]{{1,40}}\s){{0,10}}?{SAID_DE}\b")),
    (("heißt es",),
     re.compile(rf"\bheißt es in\s{ARTICLE}\s(?:{WORD}\s)?{REPORTS_DE}\s(?:von|des|der)\s(?P<who>{NAME})")),
    (("sagt", "erklärt", "betont", "mein", "schätz", "berichtet", "teilte", "sprich", "sprach", "bestätigt", "warnte"),
     re.compile(rf"\b(?i:sagte|sagt|erklärte|erklärt|betonte|meint|meinte|schätzt|schätzte|berichtete|teilte|"
                rf"spricht|sprach|bestätigte|bestätigt|warnte)\s+(?:am\s\S+\s)?(?P<who>{NAME})")),
    (("beziffert", "schätz", "sagte", "erklärte", "said", "says", "told", "estimate", "reported", "wrote", "sprich",
      "sprach"),
     re.compile(rf"(?P<who>{NAME})\s+(?:\([^()]{{1,40}}\)\s)?(?:bezifferte|beziffert|schätzte|schätzt|sagte|erklärte|said|says|told|"
                rf"estimated|estimates|spricht\svon|sprach\svon)\b")),
    (("said", "says", "told", "estimated"), re.compile(rf"\b(?:said|says|told|estimated)\s+(?P<who>{NAME})")),
    # Any English noun after "the" before a reporting verb: "the utility said", "the bank estimated".
    # Also after an acronym: "the DIHK chambers of commerce said".
    (("said", "says", "told", "reported", "estimated"),
     re.compile(r"\b[Tt]he\s(?P<who>(?:[A-Z]{2,10}\s)?[a-z]{2,30}(?:\s[a-z]{2,30}){0,2})\s"
                r"(?:said|says|told|reported|estimated)\b")),
    # "as Statistics Austria reports"
    (("reports", "reported", "announced", "confirmed", "stated"),
     re.compile(rf"\b(?i:as)\s(?P<who>{NAME})\s(?:reports|reported|announced|confirmed|stated)\b")),
    # A subject that reports its own results is its speaker only when no clause says who said it: in "X reported a
    # rise of 11%, …, the company said" the speaker is "company".
    (("reported", "wrote"),
     re.compile(rf"(?P<who>{NAME})\s+(?:\([^()]{{1,40}}\)\s)?(?:reported|wrote)\b")),
    (("ccording to the",),
     re.compile(r"\b(?i:according to the)\s(?P<who>[a-z]{2,30}(?:\s[a-z]{2,30}){0,2})"
                r"(?=[,.;]|\s(?:and|in|on|at)\s|$)")),
    (("so ",), re.compile(rf"(?:,|[\"“”«»])\s?so\s(?P<who>{NAME})")),
]
# Definite articles are not part of a speaker's name (docs/figures.md): "des Statistischen Bundesamts" ->
# "Statistischen Bundesamts", "the police" -> "police", "the White House" -> "White House". An adjective after one
# is ("das britische Statistikamt ONS"), and so is an indefinite article ("ein Sprecher des Kremls").
LEADING_ARTICLE = re.compile(r"^(?:(?:der|die|das|des|dem|den)\s|the\s)+", re.IGNORECASE)
# At the start of a sentence the indefinite article is capitalised; the speaker is the same.
INDEFINITE = re.compile(r"^(?:Ein|Eine|Einer|Eines|A|An)(?=\s)")
# A report or study is no speaker, who wrote it is: "einer Studie der Bertelsmann Stiftung zufolge".
LEADING_SOURCE = re.compile(rf"^(?:(?:den|nach|einer|einem|der|dem)\s)?(?:{SOURCES_DE}|{REPORTS_DE}|Umfrage)\s"
                            r"(?:von|des|der)\s", re.IGNORECASE)


# One search finds the triggers (the longest at each start, which stands for the triggers it contains: "ccording to
# the" also for "ccording") and tells every pattern at once whether its words occur, where a substring test per
# trigger and pattern cost a tenth of all extraction time. A trigger hides behind an earlier one only where words are
# glued together ("according told"), which no sentence with a speaker is.
_TRIGGERS = sorted({trigger for triggers, _ in PATTERNS for trigger in triggers}, key=len, reverse=True)
ANY_TRIGGER = re.compile("|".join(map(re.escape, _TRIGGERS)))
CONTAINED = {found: frozenset(t for t in _TRIGGERS if t in found) for found in _TRIGGERS}


def speaker(sentence: str) -> str:
    present: set[str] = set()
    for found in ANY_TRIGGER.findall(sentence):
        present |= CONTAINED[found]
    if not present:
        return ""
    for triggers, pattern in PATTERNS:
        if not present.isdisjoint(triggers) and (match := pattern.search(sentence)):
            return _name_part(_without_counted_noun(match["who"], sentence, match.end("who")))
    return ""


# A noun with a figure as its attribute is what the figure counts, the clause's subject, not the end of a name: "nach
# Angaben der BA Kommissionen von 1,4 Milliarden Rupien", "der Behörde Batteriespeicher mit mindestens 25 GWh". "von A
# auf B" is a change the sentence's verb makes, whoever's name comes before it ("der Deutschen Bahn von 3 auf 4 …").
COUNTED_AFTER = re.compile(r"\s(?:mit|von)\s(?:[a-zäöü]{1,15}\s){0,2}\d[\d.,]{0,20}+"
                           r"(?!(?:\s\S{1,20}){0,2}\s(?:auf|bis)\s)")


def _without_counted_noun(who: str, sentence: str, end: int) -> str:
    # Only after another capitalised word: "bezifferte die OeNB mit knapp 5 Prozent" keeps its one-word name.
    head, _, last = who.rpartition(" ")
    if head.rpartition(" ")[2][:1].isupper() and last[:1].isupper() and COUNTED_AFTER.match(sentence, end):
        return head
    return who


def _name_part(phrase: str) -> str:
    # "Südkoreas Verteidigungsminister Shin Won-sik" -> "Shin Won-sik": the name after the role.
    phrase = LEADING_ARTICLE.sub("", LEADING_SOURCE.sub("", phrase))
    phrase = INDEFINITE.sub(lambda article: article[0].lower(), phrase)
    words = phrase.rstrip(".'’").split()
    for index in range(len(words) - 1, -1, -1):
        if is_role(words[index]) and index < len(words) - 1 and words[index + 1][:1].isupper():
            name = words[index + 1 :]
            # The name ends where its organisation begins: "Dana Whitfield of the Asia Corridor Institute".
            cut = next((i for i, word in enumerate(name) if word in NAME_ENDS), len(name))
            return " ".join(name[:cut])
    return " ".join(words)


# Words after a name that start its organisation or place; "von" and "der" stay ("Ursula von der Leyen").
NAME_ENDS = frozenset({"of", "for", "at", "from", "vom", "aus", "bei", "des"})


# Titles before a name, as written whole: "Prof Helen Marsh", "Dr. Emily Carr", "CEO Andrea Caduff".
TITLES = frozenset({"prof", "prof.", "dr", "dr.", "ceo", "cfo", "coo", "cto", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
                    "sir", "dame", "frau", "herr"})


def is_role(word: str) -> bool:
    # Also inflected: "des Ökonomen", "dem Analysten", "des Personalvermittlers".
    word = word.lower()
    if word in TITLES:
        return True
    return any(form.endswith(ROLE_WORDS) for form in (word, word.removesuffix("s"), word.removesuffix("en"),
                                                       word.removesuffix("n")))
