"""Sources a sentence names as where its information comes from: "laut New York Times", "berichtete die
Nachrichtenagentur Yonhap", "wie das Statistische Bundesamt mitteilte", "according to Reuters".

Not the speaker (who says the figure: "sagte der Minister"), and not a vague group ("Experten zufolge",
"officials said"). Each found source has its name as written, a kind and its offsets in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import sentences
from .lexicon import MONTHS
from .source_kinds import inflected_noun, kind_of, vague

# A word of a name: capitalised, at most 60 characters (bounded so a long token costs one pass); or a name that
# is written in lower case ("dpa", "ifo", "gfs.bern").
LOWER_NAMES = (r"(?:dpa|afp|apa|sda|kna|epd|dts|ddp|ifo|ntv|n-tv|t-online|gfs\.bern|"
               r"[a-zäöü][\w-]{1,20}\.(?:de|at|ch|com|org|net|bern))")
CAP = rf"(?:[A-ZÄÖÜ][\w'’.&+-]{{0,59}}+|\d{{1,3}}[A-Za-zÄÖÜäöü][\w-]{{0,20}}|{LOWER_NAMES}(?![\w-]))"
# Words that join a name's words: "Bundesamt für Statistik", "Bank of Korea", "Institut der deutschen Wirtschaft".
JOIN = r"(?:\s(?:für|of|of\sthe|for|for\sthe|de|der|des|am|an\sder|in|und|and|&)(?=\s[A-ZÄÖÜ]))?\s"
QUOTED = r"[„“\"«»‚‘'](?P<quoted>[^„“\"«»‚‘'\n]{2,80})[“”\"»«‘’']"
# English institutions written in lower case: "according to the police", "South Korea's defence ministry".
INSTITUTIONS_EN = (r"(?:police|ministry|government|army|military|navy|coast\sguard|"
                   r"fire\s(?:service|brigade|department)|central\sbank|statistics\s(?:office|agency|bureau)|office|"
                   r"agency|department|bureau|commission|council|court|coroner|prosecutors?|regulator|authority|"
                   r"administration)")
# "the South Korean military's Joint Chiefs of Staff": what an institution owns is named after it.
OWNED = rf"(?:['’]s\s{CAP}(?:{JOIN}{CAP}){{0,6}})?"
# A name never starts with an article: "Den Schaden bezifferte …" has its object first, not a name.
NOT_ARTICLE = r"(?!(?:Der|Die|Das|Den|Dem|Des|The|Ein|Eine|Einen|Einem|Eines|Einer)\s)"
NAME = (rf"(?:{QUOTED}|(?P<plain>{NOT_ARTICLE}{CAP}(?:{JOIN}{CAP}){{0,7}}"
        rf"(?:(?:\s[a-z][a-z-]{{1,20}}){{0,2}}\s{INSTITUTIONS_EN}\b{OWNED})?|(?<=\bthe\s)(?:[a-z][a-z-]{{1,20}}\s){{0,2}}{INSTITUTIONS_EN}\b{OWNED}))")
ARTICLE = r"(?:[Dd]er|[Dd]ie|[Dd]as|[Dd]es|[Dd]em|[Dd]en|[Tt]he|[Ee]iner|[Ee]ines|[Ee]inem)"
# An adjective before a name; never an article ("den Schaden": "den" is no adjective).
ADJECTIVE = (r"(?:(?!(?:den|dem|der|des|die|das|ein|eine|einen|einem|eines|einer|the)\s)"
             r"[a-zäöüß][\w-]{1,30}(?:e|en|er|es|n)\s)")
# A descriptor before the name: "der japanische Sender NHK", "North Korea's news agency KCNA".
DESCRIPTOR = (r"(?:(?:[A-Z][\w-]{1,30}\s)?(?:public\s|state\s|official\s)?(?:news\sagency|state\smedia|newspaper|"
              r"broadcaster|daily|weekly|news\soutlet|outlet|website|research\sinstitute|institute|pollster|"
              r"polling\sfirm|think\stank|journal|magazine|"
              r"state\snews\sagency)\s)")
PREFIX = rf"(?:(?:{ARTICLE}\s)?{ADJECTIVE}{{0,2}}(?:[A-Z][\w’']{{1,30}}(?:’s|'s)\s)?{DESCRIPTOR}?)"
# A clause's subject: nominative articles only ("Den Schaden bezifferte die Polizei": "den" is the object's).
SUBJECT = (rf"(?:(?:[Dd]er|[Dd]ie|[Dd]as|[Tt]he|[Ee]in|[Ee]ine)\s)?{ADJECTIVE}{{0,2}}"
           rf"(?:[A-Z][\w’']{{1,30}}(?:’s|'s)\s)?{DESCRIPTOR}?")
# What a source publishes, also in compounds: "nach Angaben der", "aus der Schnellschätzung der", "data from".
REPORT_HEADS = (r"(?:angaben|informationen|berechnungen|schätzung(?:en)?|zahlen|daten|erkenntnissen|recherchen|"
                r"auswertung(?:en)?|darstellung|einschätzung|prognosen?|hochrechnung(?:en)?|statistik(?:en)?|"
                r"erhebung(?:en)?|umfrage(?:n)?|messungen|bericht(?:en|s|es)?|studie|mitteilung|analyse|meldung|"
                r"erklärung|schreiben|dokument(?:en)?|unterlagen|bilanz|ergebnissen|worten|auskunft|aussagen?)")
REPORTS_DE = rf"(?:\b(?:[A-ZÄÖÜ][\wäöüß-]{{0,30}}?)?(?i:{REPORT_HEADS})\b)"
REPORTS_EN = (r"(?:data|figures|statistics|numbers|estimates?|report|survey|study|analysis|poll|count|tally|"
              r"research|statement|records|calculations|projections?|forecast|bulletin|release)")
REPORTING_DE = (r"(?:berichtete|berichtet|berichteten|meldete|meldet|meldeten|mitteilte|mitteilt|mitteilten|"
                r"veröffentlichten|bestätigte|bestätigt|bestätigten|präzisierte|präzisiert|berechnete|berechneten|"
                r"berechnet|bekanntgaben|veröffentlichte|veröffentlicht|schrieb(?![^;]{0,150}\svor\b)|"
                r"schreibt(?![^;]{0,150}\svor\b)|bekanntgab|bekanntgibt|zählte|zählt|zählten|"
                r"schätzte|schätzt|schätzten|errechnete|errechnet|ermittelte|ermittelt|registrierte|registriert|"
                r"bezifferte|beziffert|angab|angibt|bilanzierte|vermeldete|verbreitete|prognostiziert|"
                r"prognostizierte|erwartet|erwartete)")
PARTICIPLES_DE = (r"(?:mitgeteilt|berichtet|gemeldet|veröffentlicht|bekanntgegeben|bekannt\sgegeben|geschrieben|"
                  r"gezählt|geschätzt|errechnet|ermittelt|registriert|beziffert|angegeben|verbreitet)")
REPORTING_EN = (r"(?:reported|reports|announced|announces|published|publishes|wrote|writes|estimated|estimates|"
                r"counted|counts|registered|recorded|disclosed|revealed|confirmed|posted|tallied|calculated|measured|"
                r"declared|quoted|expects|expected|forecasts|forecast|projects|projected|predicts|predicted|"
                r"put\sthe|said\sin\sa\s(?:statement|report|release|filing|bulletin))(?![\w])")
# "teilte … mit", "gab … bekannt", "kündigte … an": the verb first, its particle at the clause's end.
SPLIT_VERBS_DE = r"(?:teilte|teilt|teilten|gab|gibt|gaben|kündigte|kündigt|kündigten|rechnete|rechnet|rechneten)"
PARTICLE = r"(?:mit|bekannt|an)\b"
OUTLET_WORDS = (r"(?:Zeitung|Tageszeitung|Sender|Fernsehsender|Radiosender|Magazin|Nachrichtenmagazin|Portal|Blatt|"
                r"Agentur|Nachrichtenagentur)")
# Where a clause starts: its subject comes first ("Die Polizei zählte …"), or right after a conjunction or a
# relative pronoun, whose clause ends in its verb ("…, die das Schweizer Fernsehen SRF verbreitete").
CLAUSE = r"(?:^|[,;:–—]\s|[„“\"]|\b(?:dass|that|while|after|when|because|whereas|nachdem|weil|als|da|während)\s)"
SUBORDINATE = (r"(?:\b(?i:wie|nachdem|weil|als|da|während|ob|dass)\s|,\s(?:die|der|das|den|welche|welcher)\s)")
# Source first, verb second, an aside between: "Sputnik, citing the ministry, put …".
ASIDE = r"(?:,\s[^,.;]{1,80},|\s\([^()]{1,40}\))?"
# How sure a pattern is: STRONG markers name a source whatever the name; a WEAK pattern's name is checked for
# what it may be instead; after a verb (AFTER) a lone common noun is the verb's object; TOLD takes outlets only.
STRONG, WEAK, AFTER, TOLD = "strong", "weak", "after", "told"
# "nach Angaben des", "laut einer Studie der": what a source put out, before the source.
REPORT_OF = rf"(?:{PREFIX}{REPORTS_DE}\s(?:des|der|von|vom)\s)"
MARKERS = [
    # "laut der New York Times", "gemäss Keystone-SDA"
    (STRONG, re.compile(rf"(?<!\bso\s)(?<!\bzu\s)(?<!\bsehr\s)(?<!\bwie\s)\b(?i:laut|gemäß|gemäss)"
                        rf"(?!\s(?:wie|und|genug)\b)\s{REPORT_OF}?{PREFIX}{NAME}")),
    (STRONG, re.compile(rf"\b(?i:according\sto)\s(?:(?:the|a|an|new|latest|official|preliminary|final|provisional)\s)"
                        rf"{{0,3}}(?:{REPORTS_EN}\s(?:by|from|of|published\sby|released\sby|compiled\sby)\s)?"
                        rf"(?:the\s)?{PREFIX}{NAME}")),
    (STRONG, re.compile(rf"\b(?i:nach)\s{ADJECTIVE}{{0,2}}{REPORTS_DE}\s(?:des|der|von|vom|aus\s(?:dem|der))\s"
                        rf"{PREFIX}{NAME}")),
    # "nach DWD-Angaben", "laut UEFA-Statistik"
    (STRONG, re.compile(rf"\b(?i:nach|laut|gemäß|gemäss)\s{ADJECTIVE}{{0,2}}(?P<plain>[A-ZÄÖÜ][\w.&]{{1,20}})-"
                        rf"(?i:{REPORT_HEADS})\b")),
    (STRONG, re.compile(rf"{REPORT_OF}?{PREFIX}{NAME}\s(?:zufolge)\b")),
    (STRONG, re.compile(rf"\bunter\sBerufung\sauf\s{REPORT_OF}?{PREFIX}{NAME}")),
    (STRONG, re.compile(rf"\b(?i:citing)\s(?:(?:the|a|an|new|latest|official)\s){{0,2}}(?:{REPORTS_EN}\s"
                        rf"(?:by|from|of)\s)?(?:the\s)?{PREFIX}{NAME}")),
    (STRONG, re.compile(rf"\b(?i:as\sreported\sby|reported\sby|published\sby|released\sby|compiled\sby|collected\sby|"
                        rf"provided\sby|polled\sby|surveyed\sby|questioned\sby|commissioned\sby|conducted\sby|"
                        rf"as\scited\sby|cited\sby|quoted\sby)\s(?:the\s)?{PREFIX}{NAME}")),
    (STRONG, re.compile(rf"\b(?i:{REPORTS_EN}|a\sreport|a\sstudy|a\ssurvey)\s(?:from|by|of|published\sby|"
                        rf"released\sby)\s(?:the\s)?{PREFIX}{NAME}")),
    # "Opta data show"
    (WEAK, re.compile(rf"{CLAUSE}?{PREFIX}{NAME}\s(?:data|figures|statistics|numbers)\s(?:show|shows|showed|suggest|"
                      rf"indicate)\b")),
    # "aus der am Montag veröffentlichten Schnellschätzung der Statistik Austria", "in einer Studie des IW"
    (STRONG, re.compile(rf"\b(?i:aus|in)\s(?:{ARTICLE}\s)?(?:(?:am|vom|im)\s[\wäöü.]+\s)?{ADJECTIVE}{{0,2}}"
                        rf"(?:[A-Z][\w’']{{1,30}}(?:’s|'s)\s)?{DESCRIPTOR}?{REPORTS_DE}\s(?:des|der|von|vom)\s"
                        rf"{PREFIX}{NAME}")),
    # "Daten des ONS zeigen", "Die Hochwasser-Bilanz des Landes Niederösterreich weist … aus"
    (STRONG, re.compile(rf"{REPORTS_DE}\s(?:des|der|von|vom)\s{PREFIX}{NAME}\s(?:zeigen|zeigt|zeigten|ergab|ergeben|"
                        rf"ergibt|belegen|belegt|weist|wies|weisen)\b")),
    # "wie das Statistische Bundesamt am Dienstag mitteilte", "nachdem das Außenministerium mitgeteilt hatte"
    (WEAK, re.compile(rf"{SUBORDINATE}{PREFIX}{NAME}{ASIDE}\s(?:[\w.,-]{{1,30}}\s){{0,8}}?(?:{REPORTING_DE}|"
                      rf"{PARTICIPLES_DE}|mit(?:teilte|teilt)|bekannt\sgab|bekanntgab)\b")),
    (WEAK, re.compile(rf"\b(?i:as)\s(?:the\s)?{PREFIX}{NAME}{ASIDE}\s{REPORTING_EN}")),
    # "…, berichtete die Nachrichtenagentur Yonhap", "Das teilte die Polizei am Sonntag mit"
    (AFTER, re.compile(rf"\b(?:{REPORTING_DE}|{SPLIT_VERBS_DE})\s(?:(?:am|an|im|in|auf|zuletzt|heute|gestern|bereits|"
                      rf"dazu|nun|jetzt|außerdem|zudem|ebenfalls)\s(?:[\wäöü.]{{1,20}}\s)?)?{PREFIX}{NAME}")),
    # "Die Polizei zählte …", "Yonhap reported …", "Innenminister Gerhard Karner gab bekannt": subject, then verb
    (WEAK, re.compile(rf"{CLAUSE}{SUBJECT}{NAME}{ASIDE}\s(?:{REPORTING_DE}|{REPORTING_EN}|(?:{SPLIT_VERBS_DE})"
                      rf"(?:\s[^;]{{0,120}}?)?\s{PARTICLE})")),
    # "Volkswagen hat nach eigenen Angaben …": the subject says it of itself
    (WEAK, re.compile(rf"{CLAUSE}{PREFIX}{NAME}\s[\wäöüß]{{2,20}}\s(?:[^,.;]{{0,60}}\s)?(?i:nach\seigenen\sAngaben|"
                      rf"eigenen\sAngaben\szufolge|by\sits\sown\saccount)")),
    # "Die SNB weist … aus, wie sie am Montag bekanntgab": the pronoun is the subject named before
    (WEAK, re.compile(rf"^{PREFIX}{NAME}\s[^.;]{{0,200}}?,\s(?:wie|so)\s(?:sie|er|es)\s(?:[\w.,-]{{1,30}}\s){{0,6}}?"
                      rf"(?:{REPORTING_DE}|mit(?:teilte|teilt)|bekannt\sgab|bekanntgab)\b")),
    (AFTER, re.compile(rf"(?:,|\band)\s(?:{REPORTING_EN})\s(?:the\s)?{PREFIX}{NAME}")),
    (WEAK, re.compile(rf"\b(?:news\sagency|newspaper|broadcaster|Nachrichtenagentur|Zeitung|Sender)\s{NAME}{ASIDE}\s"
                      rf"(?:{REPORTING_DE}|{REPORTING_EN})")),
    # Two names as one subject: "Wifo und IHS rechneten …", "…, die APA und ORF veröffentlichten"
    (WEAK, re.compile(rf"(?:{CLAUSE}|{SUBORDINATE}){SUBJECT}(?P<plain>{CAP})\s(?:und|and|&)\s(?P<second>{CAP})\s"
                      rf"(?:[\w.,-]{{1,30}}\s){{0,8}}?(?:{REPORTING_DE}|{REPORTING_EN}|{PARTICIPLES_DE}|"
                      rf"(?:{SPLIT_VERBS_DE})(?:\s[^;]{{0,120}}?)?\s{PARTICLE})")),
    # "wie das Messnetz von MeteoSchweiz zeigte", "Forscher der ETH Zürich berechneten": the owner is the source
    (WEAK, re.compile(rf"(?:{SUBORDINATE}|{CLAUSE}){SUBJECT}[A-ZÄÖÜ][\wäöüß-]{{2,30}}\s(?:von|der|des|vom|at|of|"
                      rf"from)\s{PREFIX}{NAME}\s(?:[\w.,-]{{1,30}}\s){{0,8}}?(?:{REPORTING_DE}|{REPORTING_EN}|"
                      rf"{PARTICIPLES_DE}|zeigte|zeigt|zeigten|estimate|calculate|found|find)\b")),
    # "ein Team um den Glaziologen Michael Zemp", "a team led by Prof Jane Doe"
    (WEAK, re.compile(rf"\b(?:Team|Forscherteam|Gruppe|team|group)\s(?:um|led\sby)\s(?:den|die|das)?\s?"
                      rf"(?P<plain>(?:[A-ZÄÖÜ][\wäöüß-]{{1,30}}\s)?{CAP}(?:\s{CAP}){{1,3}})")),
    # "a Reuters poll", "An updated BBC forecast", "eine ORF-Hochrechnung"
    (WEAK, re.compile(r"\b(?:[Aa]n?|[Tt]he|[Ee]ine[rm]?|[Dd]ie|[Dd]er)\s(?:[a-z]{2,20}\s)?"
                      r"(?P<plain>[A-Z][\w.&-]{1,30})"
                      r"[\s-](?:poll|survey|forecast|projection|analysis|count|tally|estimate|study|Umfrage|Prognose|"
                      r"Hochrechnung|Analyse|Studie|Schätzung|Zählung)\b")),
    # "Aus dem Sozialministerium hieß es"
    (STRONG, re.compile(rf"\b(?i:aus)\s(?:dem|der|den)\s{NAME}\s(?:hieß|heißt)\ses\b")),
    # An outlet or agency that "said" reported it: "AFP, citing RIA Novosti, said …"
    (TOLD, re.compile(rf"{CLAUSE}{SUBJECT}{NAME}{ASIDE}\s(?:said|says|sagte|sagt)\b")),
    # Asked by an outlet: "auf Anfrage der Nachrichtenagentur sda", "auf APA-Anfrage"
    (TOLD, re.compile(rf"\bauf\s(?:eine\s)?Anfrage\s(?:der|des|von|vom)\s{PREFIX}{NAME}")),
    (TOLD, re.compile(r"\bauf\s(?P<plain>[A-ZÄÖÜ][\w.]{1,20})-Anfrage\b")),
    # Published in a journal or paper: "im Fachmagazin Nature", "published in the Astrophysical Journal Letters"
    (TOLD, re.compile(rf"\b(?:im|in\sder|in\sdem|published\sin|appeared\sin)\s(?:the\s)?(?:Fachmagazin|"
                      rf"Fachzeitschrift|Zeitschrift|Fachblatt|Magazin|journal|magazine)?\s?{NAME}")),
    # Said to an outlet: "sagte er der „Süddeutschen Zeitung“", "told Reuters", "gegenüber dem ORF"
    (TOLD, re.compile(rf"\b(?:gegenüber|im\sGespräch\smit|im\sInterview\smit|in\san\sinterview\swith|told|tells)\s"
                      rf"(?:{PREFIX})?{NAME}")),
    (TOLD, re.compile(rf"\b(?:sagte|sagt|erklärte|erklärt|betonte|bestätigte|so|kündigte|sprach)\s[^.;:]{{0,80}}?"
                      rf"\b(?:der|dem|in\sder|im)\s{ADJECTIVE}?(?:{OUTLET_WORDS}\s)?{NAME}")),
]
ENDS_NAME = frozenset({*(m.capitalize() for m in MONTHS), "Ende", "Anfang", "Mitte", "Montag", "Dienstag", "Mittwoch",
                       "Donnerstag", "Freitag", "Samstag", "Sonntag", "Monday", "Tuesday", "Wednesday", "Thursday",
                       "Friday", "Saturday", "Sunday", "Der", "Die", "Das", "The", "In", "Im", "Am", "On", "At", "Bei",
                       "Seit", "Nach", "Vor", "Bis", "Rund", "Fast", "Mehr", "Nur", "Knapp", "About", "Some", "Nearly",
                       "More", "Almost", "Over", "Up", "Von", "Auf", "Mit", "Zu", "Um", "For", "From", "With", "By",
                       "Es", "Er", "Sie", "It", "He", "She", "They", "This", "That", "Dies", "Demnach",
                       "Zudem", "Auch", "Allerdings", "Insgesamt", "Damit", "Heute", "Gestern", "Yesterday", "Today",
                       "Last", "Next", "Letzten", "Vergangenen", "Vergangene", "Dieses", "Diesen", "Jahr", "Jahres",
                       "Woche", "Monat", "Quartal", "Prozent", "Millionen", "Milliarden", "Euro", "Dollar", "Franken"})
# Words that open a sentence or clause and are never a source: "As reported by …", "Sales rose …".
NOT_NAMES = frozenset({"As", "Als", "Wie", "So", "But", "And", "Und", "Aber", "Doch", "If", "When", "While", "After",
                       "Before", "Since", "Nachdem", "Während", "Weil", "Da", "Dass", "Ob", "Wenn", "Laut", "Nach",
                       "According", "Citing", "Sales", "Umsatz", "Gewinn", "Zahl", "Anzahl", "Number", "Share"})
# Things that rules and plans say, not parties: "laut Fahrplan", "gemäß Artikel 4", "according to plan".
NOT_PARTIES = frozenset({"fahrplan", "gesetz", "vertrag", "artikel", "paragraf", "paragraph", "plan", "programm",
                         "satzung", "verordnung", "regel", "regeln", "statut", "vorschrift", "vorschriften",
                         "definition", "article", "section", "law", "rule", "rules", "schedule", "contract",
                         "treaty", "kalender", "abkommen", "richtlinie", "norm", "tarif", "tarifvertrag",
                         "grundgesetz", "verfassung", "constitution", "gebrauchsanweisung", "rezept",
                         "wetterbericht", "prognose", "umfrage"})
VAGUE_AFTER = re.compile(r"\.?\s(?:officials?|sources|diplomats|analysts|experts|intelligence\sofficials|"
                         r"Beamte|Beamten|Kreise|Kreisen|Quellen|Experten|Diplomaten|Medien|media|reports)\b")


@dataclass(frozen=True)
class Named:
    name: str
    kind: str
    start: int
    end: int


def find(text: str, start: int = 0, end: int | None = None) -> list[Named]:
    """The named sources in text[start:end], sentence by sentence, each name once per place."""
    end = len(text) if end is None else end
    return [named for p_start, p_end in sentences.paragraphs(text) if p_end > start and p_start < end
            for named in find_in_passage(text, max(p_start, start), min(p_end, end))]


def find_in_passage(text: str, start: int, end: int) -> list[Named]:
    """The named sources of one passage inside a paragraph (a claim's span): its sentences only, without
    reading the rest of the text for paragraph breaks, so an article's claims cost one pass in all."""
    found: dict[int, Named] = {}
    for s_start, s_end in sentences.split_paragraph(text, start, end):
        for named in _in_sentence(text, s_start, s_end):
            if not any(n.start < named.end and named.start < n.end for n in found.values()):
                found[named.start] = named
    return sorted(found.values(), key=lambda n: n.start)


def _in_sentence(text: str, start: int, end: int) -> Iterator[Named]:
    sentence = text[start:end]
    for strength, pattern in MARKERS:
        for match in pattern.finditer(sentence):
            groups = match.groupdict()
            group = "quoted" if groups.get("quoted") else "plain"
            for name_group in (group, "second"):
                if groups.get(name_group):
                    for written, left in _coordinated(match[name_group], match.start(name_group)):
                        named = _named(written, left, start, strength, sentence, quoted=name_group == "quoted")
                        if named is not None:
                            yield named


COORDINATED = re.compile(r"^(\S+)\s(?:und|and|&)\s(\S+)$")


def _coordinated(written: str, left: int) -> list[tuple[str, int]]:
    """Two one-word names joined by "und" are two sources ("APA und ORF"); a longer name keeps its "und"
    ("Bundesministerium für Bildung und Forschung")."""
    match = COORDINATED.match(written.strip())
    if match is None:
        return [(written, left)]
    return [(match[1], left + match.start(1)), (match[2], left + match.start(2))]


def _named(written: str, left: int, offset: int, strength: str, sentence: str, *, quoted: bool) -> Named | None:
    name, left = _trimmed(written, left)
    if not name or name in NOT_NAMES or name in ENDS_NAME or name.lower() in NOT_PARTIES:
        return None
    if vague(name) or REPORT_NOUN.fullmatch(name):
        return None
    if VAGUE_AFTER.match(sentence, left + len(name)):
        return None  # "U.S. officials": an adjective of a group with no name
    kind = kind_of(name, quoted=quoted)
    if strength == TOLD and kind not in ("outlet", "agency"):
        return None  # only an outlet is where a statement was given: "sagte er dem Rat" names no source
    if strength == AFTER and kind in ("other", "person") and (_common_noun(name) or inflected_noun(name)):
        return None  # "veröffentlichte Quartalszahlen", "zählten die Schweizer Hotels": the verb's object or topic
    return Named(name=name, kind=kind, start=offset + left, end=offset + left + len(name))


REPORT_NOUN = re.compile(REPORTS_DE)


def _common_noun(name: str) -> bool:
    """One word written as a noun: a capital, then lower case only ("Quartalszahlen", not "SNB" or "McKinsey")."""
    return " " not in name and name[1:].islower() and name.isalpha()


TRAILING = re.compile(r"[\s.,;:'’-]+$")
JOINERS = frozenset({"für", "of", "the", "for", "de", "der", "des", "am", "an", "in", "und", "and", "&"})
LEADING = frozenset({"Der", "Die", "Das", "Des", "Dem", "Den", "The"})


def _trimmed(name: str, left: int) -> tuple[str, int]:
    """The name without words that begin what follows it ("Destatis Ende Juni" -> "Destatis")."""
    words = name.split(" ")
    for index, word in enumerate(words[1:], 1):
        if word in ENDS_NAME or word.rstrip(".,") in ENDS_NAME:
            words = words[:index]
            break
    while len(words) > 1 and words[-1] in JOINERS:
        words.pop()
    while len(words) > 1 and (words[0] in LEADING or words[0] in ENDS_NAME):
        left += len(words.pop(0)) + 1
    name = TRAILING.sub("", " ".join(words))
    if name.endswith(("s’", "s'")):
        name = name[:-1]
    elif name.endswith(("’s", "'s")):
        name = name[:-2]
    return name, left
