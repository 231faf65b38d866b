"""A figure's frame: what exactly it counts, of which kind, whose figure it is, for what and when.

Real coverage gives many figures with the same noun in one report (police against organisers, the record
against the mean, one party against another, Thursday's toll against Monday's), so the words of the whole
sentence cannot tell two figures apart. The frame is read from the figure's own stretch of the sentence:
from the figure before it (or the clause start) to the figure, and on to the next figure or clause end.

Slots, each stored as one subject term with a prefix so it survives the round trip through the database:
    =q:  the quantity, the counted noun folded across German and English ("Teilnehmern", "people" → people)
    =s:  the statistic when it is not a plain total (record, mean, normal, registered, capacity …)
    =g:  the stage of a count before the result (forecast, partial)
    =n:  names near the figure (place, party, club, company), folded to their first letters
    =e:  names in the headline: the event the report is about
    =w:  whose figure it is (police, organisers, union, company, authority …)
    =t:  the moment (weekday, part of day, start or peak) the sentence gives
    =p:  the day the report was published
    =r   the figure is a revised or corrected one, or the one a correction replaced
    =d   the sentence or its neighbours dispute a figure
    =c   the sentence sets one thing against another ("jedoch", "however")
    =h   the figure is in the headline
    =l:  key terms of the figure's own stretch
A slot that cannot be read stays empty: an unknown slot makes a match less certain, never a contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

import simplemma

from .lexicon import (
    CONCEPTS,
    ENTITIES,
    NAME_SAME,
    NEAR_STAGES,
    PLACES,
    QUANTITIES,
    SOURCES,
    STAGES,
    STATES,
    STATISTICS,
    STOPWORDS,
)

MAX_NAME = 24
EVENT_NAMES = 4
WORD = re.compile(r"[^\W\d_][\w\-]*[^\W_]|[^\W\d_]")
CLAUSE_LEFT = re.compile(r"[.;:!?()–—,]\s")
CLAUSE_RIGHT = re.compile(r"[.;:!?()–—,]")
ACRONYM = re.compile(r"^[A-ZÄÖÜ][A-Za-zäöü]*[A-ZÄÖÜ][A-Za-zäöü]*$")
# "23:20", "23.20 Uhr", "7 Uhr", "6.20am"; never "60.000" or "23.20" alone.
CLOCK = re.compile(r"\b([01]?\d|2[0-4])(?::[0-5]\d\b|\.[0-5]\d\s*(?:Uhr|h\b|a\.?m\.?|p\.?m\.?))"
                   r"|\b([01]?\d|2[0-4])\s*(?:Uhr|a\.?m\.?|p\.?m\.?|o'clock)")
QUOTED = re.compile(r"„[^“”]*[“”]|\"[^\"]*\"|«[^»]*»|“[^”]*”")
WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonnabend": 5,
    "sonntag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
DAYPARTS = {
    "morgen": "morning", "vormittag": "morning", "mittag": "noon", "nachmittag": "afternoon", "abend": "evening",
    "nacht": "night", "morning": "morning", "noon": "noon", "afternoon": "afternoon", "evening": "evening",
    "night": "night", "früh": "morning",
}
HOURS = ((5, "night"), (11, "morning"), (14, "noon"), (18, "afternoon"), (22, "evening"), (99, "night"))
PHASES = {
    "auftakt": "start", "beginn": "start", "begann": "start", "begonnen": "start", "start": "start",
    "began": "start", "opening": "start", "anfangs": "start",
    "höhepunkt": "peak", "peak": "peak", "verlauf": "later", "später": "later", "later": "later",
    "zwischenzeitlich": "later", "gestiegen": "later", "rose": "later", "risen": "later",
}
REVISED = re.compile(
    r"\b(?:korrigier\w*|revidier\w*|nach (?:unten|oben)|ungültig|zunächst|ursprünglich\w*|statt|anstatt"
    r"|nicht [\d.,]+, sondern|zuvor genannt\w*|revis\w*|correct(?:ed|ion|s)|invalid|initially|originally"
    r"|previously|instead of|downgrad\w*|upgrad\w*|first post\w*|earlier figure)\b", re.I)
# Verb forms only: "Inflation", "contest" (a match), "challenge" (a sports event) and "zweifellos" dispute
# nothing, and a statistics release is full of the first.
DISPUTED = re.compile(
    r"\b(?:nicht nachvollziehbar|übertrieben|zu (?:hoch|niedrig)|falsch|bestr(?:eit|itt)\w*|bezweifel\w*"
    r"|widersp(?:rach|richt|rechen|rochen)\w*|hält \w+ dagegen|unplausibel|implausib\w*|disput\w*"
    r"|exaggerat\w*|inflat(?:ed|ing|es)|wrong|denied|reject(?:ed|s|ing)|challenged|contested|overstat\w*"
    r"|understat\w*|too (?:high|low)|deckt sich \w* ?nicht|stimmt nicht|nicht bestätig\w*"
    r"|(?:not|never) confirm\w*|would not confirm|(?:not|never) endorse\w*|declin\w* to endorse"
    r"|zweifel(?:t|te|ten|n)|zweifel an|doubt(?:s|ed|ful)?|skeptisch|sceptical|skeptical"
    r"|does not (?:match|add up)|doesn't (?:match|add up))\b", re.I)


# A report that explains why two counts differ presents two measures, not a dispute.
EXPLAINED = re.compile(
    r"\b(?:zählen \w* ?(?:verschiedenes|unterschiedlich\w*)|unterschiedlich\w* (?:methode|zählweise)\w*"
    r"|count(?:s|ed)? (?:differently|different things)|different (?:methods|measures)|the gap is typical"
    r"|at (?:any|one) (?:moment|time)|zum selben zeitpunkt|im lauf des tages insgesamt)\b", re.I)
BASE = re.compile(r"\b(?:from|than|compared with|versus|gegenüber|verglichen mit|nach zuvor|von zuvor"
                  r"|up from|down from)\s*(?:rund|etwa|about|around|gut|knapp)?\s*$", re.I)
CONTRAST = re.compile(r"\b(?:however|jedoch|dagegen|hingegen|whereas|dennoch|nevertheless)\b", re.I)


def read(text: str, span: tuple[int, int], others: Sequence[tuple[int, int]], kind: str, unit: str, language: str,
         speaker: str, title: str, published: date | None, lead: str = "",
         around: tuple[str, str] = ("", ""), headline: bool = False) -> tuple[str, list[str], str]:
    """(quantity, slot terms, the figure's own stretch) of the figure at `span` in the claim `text`; `others`
    are all the claim's figures' spans; `around` is the paragraph's text before and after the claim.
    The headline and the lead (the report's first lines) name the event."""
    last = all(start < span[1] for start, _ in others)
    # The only figure of its sentence: the whole sentence is about it.
    left, right = (text[: span[0]], text[span[1]:]) if len(others) == 1 else _stretch(text, span, others)
    left_words, right_words = WORD.findall(left), WORD.findall(right)
    wider = [list(reversed(WORD.findall(text[: span[0]]))), WORD.findall(text[span[1]:]),
             list(reversed(WORD.findall(around[0])))] if kind == "count" and not unit else []
    quantity = _quantity(kind, unit, left_words, right_words, language, wider)
    slots = [f"=q:{quantity}"] if quantity else []
    slots += _statistics(left, right, last)
    slots += _stage(left_words + right_words, around[0], title)
    slots += _named(left, right, speaker, title, lead, language)
    source = _source(left_words, language) or _source(right_words, language) or _source(
        WORD.findall(speaker), language) or _person(speaker) or _source(WORD.findall(text), language)
    if source:  # whose figure: said once for the whole sentence as often as next to the figure
        slots.append(f"=w:{source}")
    # A day said once holds for its clause: "a record 22 stations reached 40 degrees on Thursday".
    moment = _moment(left + " " + right, published) or _moment(_clause(text, span), published)
    if moment:
        slots.append(f"=t:{moment}")
    if published is not None:
        slots.append(f"=p:{published.isoformat()}")
    return quantity, slots + _cues(text, around, headline), left + " " + right


def _statistics(left: str, right: str, last: bool) -> list[str]:
    # "slowing from 0.7%", "up from 51,2 Prozent": the figure compared against
    found = ["=s:base"] if BASE.search(left) else []
    # "42 Züge, die im Schnitt 13 Minuten …": words before the next figure are that figure's, and a quoted
    # name ("Hallstedt hält zusammen") is no statistic.
    own = WORD.findall(QUOTED.sub(" ", left + " " + right if last else left))
    return found + [f"=s:{stat}" for stat in STATISTIC_MARKERS.found(own)][:2]


def _stage(near: list[str], before: str, title: str) -> list[str]:
    """The stage said at the figure, else in the paragraph before ("Nach dem Zwischenstand von 23.20 Uhr …"
    makes every share after it a partial count), else in the headline ("Hochrechnung: CDU vorn")."""
    for words, stages in ((near, NEAR_STAGE_MARKERS), (WORD.findall(before), STAGE_MARKERS),
                          (WORD.findall(title), STAGE_MARKERS)):
        stage = stages.found(words)
        if stage:
            return [f"=g:{stage[0]}"]
    return []


def _named(left: str, right: str, speaker: str, title: str, lead: str, language: str) -> list[str]:
    """Names at the figure (not the speaker's own: "Shin Won-sik" says who, not what of) and the event's."""
    spoken = set(_names(speaker, language))
    names = [name for name in _names(left, language) or _names(right, language) if name not in spoken]
    event = dict.fromkeys([*_names(title, language, headline=True), *_names(lead, language)])
    return [f"=n:{name}" for name in names[:3]] + [f"=e:{name}" for name in list(event)[:EVENT_NAMES]]


def _cues(text: str, around: tuple[str, str], headline: bool) -> list[str]:
    cues = []
    if REVISED.search(text):  # "Statt rund 1.200 sollen nun rund 950 Stellen wegfallen": both figures
        cues.append("=r")
    if CONTRAST.search(text):
        cues.append("=c")
    if headline:
        cues.append("=h")
    context = " ".join((around[0], text, around[1]))
    if DISPUTED.search(context) and not EXPLAINED.search(context):
        cues.append("=d")
    return cues


def _clause(text: str, span: tuple[int, int]) -> str:
    """The part of the sentence between semicolons or colons that holds the figure."""
    start = max(text.rfind(";", 0, span[0]), text.rfind(":", 0, span[0])) + 1
    ends = [i for i in (text.find(";", span[1]), text.find(":", span[1])) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _stretch(text: str, span: tuple[int, int], others: Sequence[tuple[int, int]]) -> tuple[str, str]:
    """The words before the figure back to the previous figure or clause start, and after it to the next."""
    start, end = span
    before = max([e for s, e in others if e <= start], default=0)
    after = min([s for s, e in others if s >= end], default=len(text))
    left = text[before:start]
    cut = [match for match in CLAUSE_LEFT.finditer(left) if left[match.end():].strip()]
    if cut:  # the clause the figure stands in: "…, had itself beaten a mark of 40.3 degrees"
        left = left[cut[-1].end():]
    right = text[end:after]
    stop = CLAUSE_RIGHT.search(right, 2 if right.startswith(", ") else 0)  # "40,5 Grad, gemessen in Geilenhof,"
    return left, right[: stop.start()] if stop else right


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    """simplemma's lemma in lower case; frames and subjects share the one cache."""
    return simplemma.lemmatize(word, lang=language).lower()


def fold(word: str, table: dict[str, str], language: str) -> str:
    """The concept `word` names in `table`, by the word, its lemma or, for German compounds, its last part."""
    lower = word.lower()
    if not lower:
        return ""
    for form in (lower, lemma(word, language)):
        if form in table:
            return table[form]
    if language == "de" and len(lower) > 6:
        for cut in range(2, len(lower) - 3):
            if lower[cut:] in table:
                return table[lower[cut:]]
    return ""


@lru_cache(maxsize=50_000)
def _counted(words: tuple[str, ...], language: str) -> str:
    """The concept a counted noun names: our quantities first, then the desk's lexicon ("artillery shells",
    "Artilleriegeschosse"), else the noun's own lemma."""
    if not words:
        return ""
    phrase = " ".join(words)
    lemmas = " ".join(lemma(word, language) for word in words)
    for table in (QUANTITIES, CONCEPTS):
        for form in (phrase.lower(), lemmas):
            if form in table:
                return table[form]
        found = fold(words[-1], table, language)
        if found:
            return found
    return lemma(words[-1], language)


def _quantity(kind: str, unit: str, left: list[str], right: list[str], language: str,
              wider: Sequence[list[str]] = ()) -> str:
    """What the figure counts: its noun, or for a bare number or a percentage the nearest quantity word in
    its stretch, then in the rest of the sentence and the paragraph before ("Die Zahl der Vermissten …
    Die Kreisverwaltung gab sie mit rund 1300 an")."""
    if kind in ("date", "money", "duration"):
        return kind
    base = ""
    if kind == "count" and unit:
        base = _counted(tuple(WORD.findall(unit)), language)
    for words in [[*reversed(left), *right], *wider]:
        if base:
            break
        base = next((found for word in words if (found := fold(word, QUANTITIES, language))), "")
    if kind == "percent":
        return f"percent-{base}" if base and base != "percent" else "percent"
    if base in ("people", "residents") or base == "":
        # "60 Menschen kamen ums Leben": people in a state are the toll of that state
        for word in [*right, *left]:
            state = fold(word, STATES, language)
            if state:
                return state
    return base


class Markers:
    """A table of marker words and phrases for each name ("record": "Rekord", "all-time" …), indexed so that a
    stretch of words is looked up once: a word, a phrase in the text, or a German compound ending in a marker
    of six letters or more ("Hitzerekord" is a record)."""

    def __init__(self, table: dict[str, tuple[str, ...]]) -> None:
        self.words: dict[str, list[str]] = {}
        self.phrases: list[tuple[str, str]] = []
        self.endings: dict[str, list[str]] = {}
        for name, markers in table.items():
            for marker in markers:
                if " " in marker:
                    self.phrases.append((marker, name))
                else:
                    self.words.setdefault(marker, []).append(name)
                    if len(marker) > 5:
                        self.endings.setdefault(marker, []).append(name)
        self.order = list(table)

    def found(self, words: list[str]) -> list[str]:
        hits = set()
        lowered = [word.lower() for word in words]
        for word in lowered:
            hits.update(self.words.get(word, ()))
            for cut in range(1, len(word) - 5):
                hits.update(self.endings.get(word[cut:], ()))
        if self.phrases:
            text = " ".join(lowered)
            hits.update(name for phrase, name in self.phrases if phrase in text)
        return [name for name in self.order if name in hits]


STATISTIC_MARKERS = Markers(STATISTICS)
STAGE_MARKERS = Markers(STAGES)
NEAR_STAGE_MARKERS = Markers(NEAR_STAGES)


@lru_cache(maxsize=20_000)  # the headline and lead are read again for every figure of a report
def _names(text: str, language: str, headline: bool = False) -> tuple[str, ...]:
    """Names in `text`: acronyms, words no dictionary knows, places we list, and in English any capitalised
    word inside a sentence. Compared by their first letters (facts.NAME_KEY), so the demonym is the place."""
    names = []
    words = list(re.finditer(r"[^\W\d_][\w\-]*", text))
    persons = _persons(text, words)
    skip = False
    for index, match in enumerate(words):
        word = match.group()
        if skip or not word[0].isupper() or len(word) < 2 or index in persons:
            skip = False
            continue
        lower = word.lower()
        pair = f"{lower} {words[index + 1].group().lower()}" if index + 1 < len(words) else ""
        if pair in CONCEPTS:  # "North Korea", "South Korea", "United States"
            names.append(CONCEPTS[pair])
            skip = True
            continue
        if lower in NAME_SAME or lower in CONCEPTS and CONCEPTS[lower] in ENTITIES:
            names.append(NAME_SAME.get(lower) or CONCEPTS[lower])
            continue
        first = index == 0 or text[: match.start()].rstrip()[-1:] in ".!?:\"„“"
        named = (
            bool(ACRONYM.match(word)) or lower in PLACES or lemma(word, language) in ENTITIES
            or (not simplemma.is_known(word, lang=language) and not _compound(word, language))
            or (language == "en" and not first and not headline)
        )
        if named and lower not in _NOT_NAMES and lower not in SOURCES:
            names.append(_name_key(lower))  # "ADV", "Verdi" say whose figure, not what it is of
    return tuple(dict.fromkeys(names))


PRONOUNS = frozenset("er sie es wir ich he she they we it man".split())


TITLES = frozenset("""
minister ministerin premier prime president präsident präsidentin sprecher sprecherin spokesman spokeswoman
chef chefin landrat landrätin bürgermeister bürgermeisterin mayor staatsanwalt prosecutor kandidat kandidatin
candidate trainer coach ceo director direktor direktorin leiter leiterin chairman vorsitzende vorsitzender
professor prof dr herr frau mr mrs ms governor gouverneur senator abgeordnete abgeordneter
""".split())


def _persons(text: str, words: list) -> set[int]:
    """Positions of words that name a person: two capitalised words in a row that no list knows as a place
    ("Giuseppe Conte", "Peter Pilz"), or a name after a title ("Landrat Pohl"). A German demonym before a
    noun ("Emsinger Messfeld") is a place."""
    found = set()
    for index in range(1, len(words)):
        first, second = words[index - 1], words[index]
        if not second.group()[0].isupper() or text[first.end():second.start()] != " ":
            continue
        lower = (first.group().lower(), second.group().lower())
        if " ".join(lower) in CONCEPTS or lower[0] in CONCEPTS or lower[1] in CONCEPTS:
            continue  # "North Korea", "Security Council": things, not persons
        if lower[0] in TITLES:
            found.add(index)
        elif first.group()[0].isupper() and not lower[0].endswith("er") and lower[0] not in STOPWORDS and not any(
                word in PLACES or word in NAME_SAME or ACRONYM.match(raw) for word, raw in
                zip(lower, (first.group(), second.group()), strict=True)) and not simplemma.is_known(
                second.group(), lang="de"):
            found.update((index - 1, index))
    return found


def _name_key(lower: str) -> str:
    """"AfD-Spitzenkandidat" is the AfD's; "Hallstedter" is Hallstedt's."""
    head = lower.split("-")[0] if "-" in lower else lower
    return NAME_SAME.get(head, head)[:MAX_NAME]


@lru_cache(maxsize=50_000)
def _compound(word: str, language: str) -> bool:
    """A word no dictionary lists but made of two it does ("Männerfinale", "Getriebespezialist"): a noun,
    not a name. Place names end in parts too ("-hof", "-ingen"), but their first part is no word."""
    if language != "de":
        return False
    for cut in range(4, len(word) - 4):  # a head of five letters or more: "Kitzbach" stays a name
        head = word[cut:].capitalize()
        if simplemma.is_known(head, lang="de") and any(
                simplemma.is_known(part, lang="de") for part in (word[:cut], word[:cut].rstrip("s"))):
            return True
    return False


_NOT_NAMES = frozenset(WEEKDAYS) | frozenset(
    "january february march april may june july august september october november december januar februar märz "
    "juni juli oktober dezember the a an in on at by for of and police government office national minister mr ms "
    "dr prof sunday monday i we it its this that he she they".split())


def _source(words: list[str], language: str) -> str:
    """The first word that names a source: "The union disputes the operator's count" is the union's."""
    for word in words:
        found = fold(word, SOURCES, language) or _by_source(word.lower(), language)
        if found:
            return found
    return ""


def _by_source(lower: str, language: str) -> str:
    """"Polizeiangaben", "Bahnangaben", "Unternehmensangaben": the source is the word's first part."""
    for ending in ("angaben", "angabe", "sprecherin", "sprecher", "sprechers"):
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            head = lower[: -len(ending)]
            return fold(head, SOURCES, language) or fold(head.rstrip("s"), SOURCES, language)
    return ""


def _person(speaker: str) -> str:
    """A speaker no source word names (a councillor, a candidate) is a source of their own."""
    words = [word for word in WORD.findall(speaker) if word[0].isupper() and word.lower() not in PRONOUNS]
    return f"person-{words[-1].lower()[:MAX_NAME]}" if words else ""


def _moment(text: str, published: date | None) -> str:
    """The day and part of day the stretch gives, as `YYYY-MM-DD/part` (or the weekday alone without a
    publication date), or the phase of an event ("start", "peak")."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    day, part = "", ""
    for word in words:
        for name, weekday in WEEKDAYS.items():
            if word.startswith(name):
                day = _weekday(weekday, published)
                rest = word[len(name):]
                part = DAYPARTS.get(rest, part)
        if word in DAYPARTS and word not in ("morgen",):
            part = DAYPARTS[word]
    clock = CLOCK.search(text)
    if clock:  # a time of day is a part of the day: "7.35 Uhr" is the morning
        hour = int(clock.group(1) or clock.group(2))
        part = next(name for limit, name in HOURS if hour < limit)
    if not part:
        part = next((PHASES[word] for word in words if word in PHASES), "")
    return f"{day}/{part}" if day or part else ""


def _weekday(weekday: int, published: date | None) -> str:
    """A weekday in a report means the last such day up to its publication."""
    if published is None:
        return f"wd{weekday}"
    return (published - timedelta(days=(published.weekday() - weekday) % 7)).isoformat()


def is_slot(term: str) -> bool:
    return term.startswith("=")
