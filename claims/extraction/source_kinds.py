"""What kind of source a name is (outlet, news agency, official body, person, other), and which names are
only vague groups ("Experten", "US-Beamten", "officials"). Plain word lists: no Django, no regexes."""

from __future__ import annotations

import simplemma

from .speakers import is_role

AGENCIES = frozenset({
    "dpa", "afp", "reuters", "ap", "apa", "sda", "keystone-sda", "kna", "epd", "yonhap", "kcna", "kyodo", "interfax",
    "tass", "ria", "xinhua", "ansa", "efe", "bloomberg", "anadolu", "dts", "ddp", "upi", "pti", "unian", "ukrinform",
    "jiji", "sputnik", "awp", "pa", "aap", "belga", "anp", "ctk", "pap", "mti", "bernama", "irna", "wafa", "sana",
    "bna",
})
AGENCY_WORDS = ("nachrichtenagentur", "news agency", "newswire", "presseagentur", "presse-agentur", "presse agentur",
                "press agency", "associated press",
                "agence france")
OUTLETS = frozenset({
    "spiegel", "stern", "focus", "bild", "welt", "faz", "sz", "taz", "handelsblatt", "zeit", "tagesspiegel", "nzz",
    "blick", "standard", "presse", "kurier", "krone", "profil", "falter", "orf", "ard", "zdf", "srf", "br", "wdr",
    "ndr", "mdr", "swr", "rbb", "hr", "dlf", "deutschlandfunk", "tagesschau", "heute", "n-tv", "ntv", "rtl", "sat.1",
    "bbc", "cnn", "nbc", "cbs", "abc", "fox", "sky", "guardian", "telegraph", "economist", "politico", "axios",
    "watson", "20 minuten", "tamedia", "cnbc", "npr", "pbs", "msnbc", "nikkei", "yomiuri", "asahi", "pravda",
    "izvestia", "kommersant", "vedomosti", "rbc", "meduza", "aljazeera", "al jazeera", "euronews", "dw",
    "deutsche welle", "t-online", "der standard", "die presse", "zeit online", "spiegel online", "bild am sonntag",
    "fortune", "forbes", "time", "newsweek", "vox", "wired", "ft", "wsj", "nyt", "kbs", "mbc", "sbs", "nhk",
    "cctv", "rt", "ytn", "jtbc", "arirang", "rai", "tf1", "bfm", "puls 24", "servustv", "oe24", "heute.at",
})
OUTLET_WORDS = ("zeitung", "times", "post", "journal", "magazin", "magazine", "sender", "tagblatt", "rundschau",
                "nachrichten", "news", "tv", "radio", "broadcaster", "newspaper", "daily", "herald", "tribune",
                "gazette", "observer", "independent", "chronicle", "anzeiger", "echo", "bote", "allgemeine", "merkur",
                "express", "online", "blatt", "portal", "kurier", "presse", "rundfunk", "fernsehen", "television",
                "channel", "wochenblatt", "review", "monitor", "courier", "mail", "mirror", "sun", "standard",
                "volksstimme", "abendblatt", "morgenpost", ".com", "wire", "meteo", "letters")
OFFICIAL = frozenset({
    "destatis", "eurostat", "kreml", "kremlin", "pentagon", "un", "uno", "iaea", "nato", "ezb", "ecb", "fed", "imf",
    "iwf", "who", "unicef", "unhcr", "ocha", "opec", "iea", "oecd", "bundesbank", "snb", "oenb", "dwd", "bfs",
    "meteoschweiz", "geosphere", "ams", "ba", "bamf", "bka", "lka", "bnd", "rki", "pei", "bafin", "finma", "fma",
    "ons", "bls", "cdc", "fbi", "cia", "nasa", "noaa", "eia", "fema", "ukmo", "met office", "weltbank", "world bank",
    "white house", "weißes haus", "downing street", "élysée", "elysee", "bundesregierung", "bundestag",
    "seco", "national bank", "nationalbank", "bank of korea", "bank of japan", "bank of england", "bank of canada",
    "bank of russia",
    "reserve bank", "wifo", "statistik austria", "statistics austria", "statistics canada", "kcna",
})
# Matched at a word's end (the head of a German compound: "Innenministerium", "Kantonspolizei"), or as a phrase.
OFFICIAL_WORDS = ("amt", "ämter", "ministerium", "ministeriums", "ministry", "behörde", "polizei", "police",
                  "regierung", "government", "bundes", "statisti", "kommission", "commission", "zentralbank",
                  "nationalbank", "central bank", "notenbank", "gericht", "court", "armee", "army", "militär",
                  "military", "generalstab", "streitkräfte", "forces", "feuerwehr", "fire", "rathaus", "senat",
                  "senate", "parlament", "parliament", "staatsanwaltschaft", "prosecutor", "office", "department",
                  "bureau", "council", "stadt", "gemeinde", "kanton", "landkreis", "landratsamt", "wetterdienst",
                  "vereinte nationen", "united nations", "weltgesundheits", "agency", "administration", "authority",
                  "ministerium", "präsidium", "direktion", "kommando", "navy", "marine", "coast guard", "küstenwache",
                  "grenzschutz", "zoll", "customs", "rettungsdienst", "bundesagentur", "arbeitsagentur",
                  "agentur für arbeit", "verwaltung", "landesamt", "kantonspolizei", "gendarmerie", "garde",
                  "regulator", "coroner", "inspectorate", "aufsicht", "landtag", "kabinett", "cabinet", "ministerrat",
                  "air force", "survey", "service", "organization", "organisation", "chiefs of staff", "luftwaffe",
                  "geheimdienst", "intelligence", "anstalt", "agentur")
# Matched at a word's start: "Bundesamt", "Statistikamt", "Landesamt".
OFFICIAL_STARTS = ("bundes", "statisti", "landes", "staats", "regierungs")
OTHER_WORDS = ("institut", "institute", "universität", "university", "hochschule", "verband", "association", "gmbh",
               " ag", "inc", "konzern", "group", "stiftung", "foundation", "gewerkschaft", "union", "partei", "party",
               "klinik", "hospital", "spital", "club", "verein", "fc ", "bank", "versicherung", "company", "corp",
               "ltd", "se", "kammer", "chamber", "zentrum", "centre", "center", "forschung", "research", "ifo", "diw",
               "iw", "zew", "rwi", "iwh", "kof", "ngo", "greenpeace", "amnesty", "oxfam", "caritas", "rotes kreuz",
               "red cross", "liga", "league", "federation", "fifa", "uefa", "ioc")
# Groups with no name: where they are the source, no one is named.
VAGUE = frozenset({
    "experten", "expertinnen", "beobachter", "beobachtern", "kreise", "kreisen", "insider", "insidern", "medien",
    "medienberichte", "medienberichten", "berichte", "berichten", "analysten", "analystinnen", "beamten", "beamte",
    "diplomaten", "quellen", "augenzeugen", "zeugen", "anwohner", "anwohnern", "schätzungen", "angaben",
    "informationen", "forscher", "forschern", "wissenschaftler", "wissenschaftlern", "ökonomen", "fachleute",
    "fachleuten", "umfragen", "ärzte", "ärzten", "helfer", "helfern", "rettungskräfte", "rettungskräften",
    "einsatzkräfte", "einsatzkräften", "presseberichten", "presseberichte", "sicherheitskreisen", "regierungskreisen",
    "teilnehmern", "teilnehmer", "veranstalter", "veranstaltern", "organisatoren", "aktivisten", "behörden",
    "officials", "sources", "analysts", "experts", "observers", "diplomats", "witnesses", "residents", "reports",
    "media", "authorities", "researchers", "scientists", "economists", "insiders", "organisers", "organizers",
    "activists", "doctors", "medics", "rescuers", "estimates", "data", "figures", "statistics", "studien", "studie",
    "bericht", "report", "daten", "zahlen", "erhebung", "umfrage", "survey", "study", "analyse", "analysis", "dies",
    "das", "this", "that", "it", "he", "she", "they", "we", "er", "sie", "es", "wir", "man", "ihm", "ihr", "ihnen",
    "demnach", "those", "these", "some", "many", "most", "others", "andere", "viele",
})
VAGUE_HEADS = ("vertreter", "vertretern", "beamten", "beamte", "kreisen", "kreise", "experten", "quellen", "angaben",
               "informationen", "berichten", "insidern", "analysten", "diplomaten", "schätzungen", "officials",
               "sources", "medien")


def vague(name: str) -> bool:
    written = name.replace("-", " ").split()
    words = [word.lower() for word in written]
    if not words:
        return True
    if name.lower() in VAGUE or (words[-1] in VAGUE and len(words) == 1):
        return True
    # "US-Beamten", "Sicherheitskreisen"; "local officials" (a lower-case word before the group)
    return words[-1].endswith(VAGUE_HEADS) or (len(words) <= 2 and words[-1] in VAGUE and written[0][:1].islower())


def kind_of(name: str, *, quoted: bool = False) -> str:
    lowered = f" {name.lower()} "
    words = name.lower().split()
    # Inflected names are looked up uninflected too: "des Pentagons", "des Kremls".
    forms = {form.strip("().,") for word in words for form in (word, word.removesuffix("s"), word.removesuffix("es"))}
    if forms & AGENCIES or any(word in lowered for word in AGENCY_WORDS):
        return "agency"
    if _titled(name.split()):
        return "person"  # "Bundeswahlleiterin Ruth Brand", "Innenminister Gerhard Karner"
    if name.lower() in OUTLETS or (len(words) <= 3 and any(form in OUTLETS for form in forms if len(form) > 2)):
        return "outlet"
    official = (name.lower() in OFFICIAL or bool(forms & OFFICIAL) or _heads(words, OFFICIAL_WORDS)
                or any(known in lowered for known in OFFICIAL if " " in known)
                or any(word.startswith(OFFICIAL_STARTS) for word in words))
    if not official and _heads(words, OUTLET_WORDS):
        return "outlet"
    if official:
        return "official"
    if any(word in lowered for word in OTHER_WORDS):
        return "other"
    if quoted:
        return "outlet"  # a name in quotation marks is a title: a paper, a programme
    return "person" if _person(words) else "other"


def _heads(words: list[str], heads: tuple[str, ...]) -> bool:
    """Whether a word ends in one of `heads` (one-word heads) or the name holds one (phrases)."""
    joined = " ".join(words)
    for head in heads:
        if " " in head:
            if head in joined:
                return True
        elif any(word.removesuffix("s").endswith(head) or word.endswith(head) for word in words):
            return True
    return False


def _titled(words: list[str]) -> bool:
    """A role word first, then a name of one to three capitalised words: "Verteidigungsminister Shin Won-sik"
    (not "General Administration of Customs": no joiner, no institution in the name)."""
    rest = words[1:]
    return (is_role(words[0]) and 1 <= len(rest) <= 3 and all(word[:1].isupper() for word in rest)
            and not _heads([word.lower() for word in rest], OFFICIAL_WORDS + OTHER_WORDS + OUTLET_WORDS))


def inflected_noun(name: str) -> bool:
    """The name ends in a German noun whose lemma differs: a plural or a case form ("Hotels", "Ausfuhren"),
    which a common noun has and a proper name seldom."""
    last = name.split()[-1]
    return last[:1].isupper() and last[1:].islower() and simplemma.lemmatize(last, lang="de") != last


def _person(words: list[str]) -> bool:
    """A role word before the name ("Minister Shin Won-sik"), or two or three words of a name: capitalised, no
    acronym, no institution and no inflected noun among them."""
    if any(is_role(word) for word in words[:-1]):
        return True
    return (2 <= len(words) <= 3 and not _heads(words, OFFICIAL_WORDS + OTHER_WORDS + OUTLET_WORDS)
            and all(len(word) > 2 and word.isalpha() for word in words))
