"""A synthetic desk of German news for the benchmarks: articles, claims and figures about events that one to
eight outlets report, agreeing, contradicting each other or moving over time. Drawn from a seeded
random.Random, so a seed gives the same desk on every run.

    world = World(Words(rng), rng)
    reports = world.plan(figures)          # events and their reports, in publication order
    draft = world.article(reports[:5])     # one article's text, claims and figures with their spans

Nothing here touches a database; bench/loading.py writes what it makes.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

FIRST_DAY = date(2021, 1, 1)
DAYS = 4 * 365  # the articles span four years, in id order
VOCABULARY = 20_000
# Concept words of the desk (claims/matching/lexicon.py): placed among the most frequent words, as on the beat.
CONCEPT_WORDS = ["Handel", "Lieferung", "Besuch", "Vertrag", "Sanktion", "Gipfel", "Abstimmung", "Verlängerung",
                 "Mandat", "Ankunft", "Unterzeichnung", "Zoll", "Erdöl", "Gremium", "Sicherheitsrat"]
# Names as the articles write them; each must be an entity of the lexicon so it counts as a name.
NAMES = ["Russland", "Nordkorea", "Putin", "Kim", "USA", "Südkorea", "China", "Ukraine", "UN", "Japan", "Lawrow",
         "Washington", "Schoigu", "Iran", "Biden", "Shin", "Europa", "Charkiw", "Rajin", "Vietnam", "Tumen"]
# What is counted: the desk's own units first (frequent), then nouns of the dictionary.
COUNT_UNITS = ["Container", "Soldaten", "Raketen", "Artilleriegeschosse", "Barrel", "Mitglieder", "Stimmen"]
COUNT_MEASURES = 400
MEASURES = [("count", 45), ("money:USD", 10), ("money:EUR", 7), ("percent", 12), ("duration", 6), ("date", 20)]
REPORTS = ([1, 2, 3, 4, 5, 6, 7, 8], [30, 28, 14, 9, 7, 5, 4, 3])  # figures per event: most by one or two
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]
HEDGES = {"almost": ["fast", "knapp"], "about": ["rund", "etwa"], "more_than": ["mehr als", "über"],
          "up_to": ["bis zu", "höchstens"]}
OPENERS = ["Nach Angaben von", "Laut", "Wie", "", ""]
VERBS = ["nannte", "meldete", "bezifferte", "zählte", "erreichte", "betrug", "lag bei", "stieg auf", "sank auf"]
CONNECTORS = ["und", "der", "die", "im", "mit", "für", "bei", "des", "gegen", "von", "nach", "zum", "zur", "aus",
              "den", "dem", "sowie", "zwischen"]
FILLERS = ["Die Lage bleibt angespannt.", "Eine Stellungnahme lag zunächst nicht vor.",
           "Beobachter rechnen mit weiteren Gesprächen.", "Das Außenministerium äußerte sich nicht."]
PUBLISHERS = ["Tagesblatt", "Morgenecho", "Depesche", "Anzeiger", "Rundschau", "Kurier", "Zeitung am Abend",
              "Nachrichtenbote", "Landespost", "Wochenblick", "Herold", "Merkur"]
WIRE_COPIES = 0.02  # articles that are another outlet's wire copy, word for word (duplicate_of)


# --- The desk's words -------------------------------------------------------------------------------------------------


class Words:
    """A vocabulary of real German nouns (simplemma's dictionary) in a Zipf-like order, names, count units."""

    def __init__(self, rng: random.Random) -> None:
        from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

        from claims.matching import lexicon, subjects

        dictionary = DefaultDictionaryFactory().get_dictionary("de")
        lemmas = sorted({v for v in dictionary.values() if v[:1].isupper() and v.isalpha() and 5 <= len(v) <= 13
                         and not v.endswith(("ere", "eren", "este", "ste", "ende", "ender", "endes"))})
        rng.shuffle(lemmas)
        taken = {subjects.term(w, "de") for w in CONCEPT_WORDS + NAMES + COUNT_UNITS}
        nouns = []
        for word in lemmas:
            term = subjects.term(word, "de")
            if (term != word.lower() or term in taken or term in lexicon.STOPWORDS or term in lexicon.CONCEPTS
                    or term in subjects.CONCEPT_TERMS or term in lexicon.ENTITIES):
                continue
            taken.add(term)
            nouns.append(word)
            if len(nouns) == VOCABULARY - len(CONCEPT_WORDS) + COUNT_MEASURES - len(COUNT_UNITS):
                break
        units, nouns = nouns[:COUNT_MEASURES - len(COUNT_UNITS)], nouns[COUNT_MEASURES - len(COUNT_UNITS):]
        ranks = [2, 5, 9, 14, 20, 28, 37, 48, 60, 75, 90, 110, 140, 170, 200]
        for rank, word in zip(ranks, CONCEPT_WORDS, strict=True):
            nouns.insert(rank, word)
        self.words = nouns  # by rank: the first are the most frequent
        self.zipf = list(itertools.accumulate(1 / r for r in range(1, len(nouns) + 1)))
        self.names = [n for n in NAMES if subjects.term(n, "de") in lexicon.ENTITIES]
        self.names_zipf = list(itertools.accumulate(1 / r for r in range(1, len(self.names) + 1)))
        self.units = COUNT_UNITS + self._plurals(dictionary, units, subjects)
        self.units_zipf = list(itertools.accumulate(1 / r for r in range(1, len(self.units) + 1)))

    @staticmethod
    def _plurals(dictionary, lemmas: list[str], subjects) -> list[str]:
        """The plural of each noun as the dictionary knows it ("Häfen" for "Hafen"), else the noun itself."""
        wanted = set(lemmas)
        forms: dict[str, list[str]] = {}
        for form, lemma in dictionary.items():
            if lemma in wanted and form != lemma and form[:1].isupper() and form.isalpha():
                forms.setdefault(lemma, []).append(form)
        plurals = []
        for lemma in lemmas:
            fitting = sorted((f for f in forms.get(lemma, []) if f.endswith(("en", "e", "n", "s", "er"))
                              and subjects.unit_term(f, "de") == subjects.unit_term(lemma, "de")), key=len)
            plurals.append(fitting[0] if fitting else lemma)
        return plurals

    def noise(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.zipf, k=count)

    def topic(self, rng: random.Random) -> str:
        return rng.choices(self.words, cum_weights=self.zipf)[0]

    def specific(self, rng: random.Random) -> str:
        return self.words[rng.randrange(100, len(self.words))]

    def name(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.names_zipf)[0]

    def unit(self, rng: random.Random) -> str:
        return rng.choices(self.units, cum_weights=self.units_zipf)[0]


# --- Events, and the figures that report them ------------------------------------------------------------------------


@dataclass(slots=True)
class Event:
    """Something several outlets put a figure on: the same measure and core terms, values as the mode has it."""

    kind: str  # count, money, percent, duration, date
    unit: str  # the counted noun as written; USD, EUR, %, year; "" for a date
    core: tuple[str, ...]
    name: str  # who it is about, or ""
    mode: str  # agree, contradict, evolve (a series over time)
    t: float  # when it happened, 0 to 1 over the span of the articles
    base: Decimal | None = None
    growth: float = 1.0
    as_of: str = ""
    day: date | None = None  # the day it happened (a date event, or a number that names its day)
    precision: str = "day"  # of a date event: day, month or year


@dataclass(slots=True)
class Report:
    t: float
    event: int
    day: bool  # the claim names the event's day too
    when: bool  # the claim names the time of its number too (a date figure that gets no measure)

    @property
    def figures(self) -> int:
        return 1 + self.day + self.when


@dataclass(slots=True)
class FigureDraft:
    start: int  # within the sentence, later within the article
    end: int
    text: str
    kind: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    date_value: str
    unit: str
    qualifier: str
    as_of: str


@dataclass(slots=True)
class ClaimDraft:
    start: int
    end: int
    text: str
    figures: list[FigureDraft]
    derived: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass(slots=True)
class ArticleDraft:
    title: str
    text: str
    published: date
    publisher: str
    claims: list[ClaimDraft]


def day_of(t: float) -> date:
    return FIRST_DAY + timedelta(days=int(min(max(t, 0.0), 1.0) * DAYS))


def significant(value: float, digits: int) -> Decimal:
    return Decimal(f"{value:.{digits}g}")


def german(value: Decimal) -> str:
    """7000 -> 7.000, 29.4 -> 29,4"""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}".replace(",", ".") + (f",{fraction}" if fraction else "")


class World:
    def __init__(self, words: Words, rng: random.Random) -> None:
        self.words = words
        self.rng = rng
        self.events: list[Event] = []

    def event(self) -> Event:
        rng, words = self.rng, self.words
        measure = rng.choices([m for m, _ in MEASURES], weights=[w for _, w in MEASURES])[0]
        kind, _, unit = measure.partition(":")
        core = [words.topic(rng)] + [words.specific(rng) for _ in range(rng.choice((1, 2, 2)))]
        name = words.name(rng) if rng.random() < 0.5 else ""
        t = rng.random()
        if kind == "date":
            mode = "contradict" if rng.random() < 0.3 else "agree"
            precision = rng.choices(["day", "month", "year"], weights=[70, 20, 10])[0]
            return Event(kind, "", tuple(dict.fromkeys(core)), name, mode, t, day=day_of(t) - timedelta(days=2),
                         precision=precision)
        mode = rng.choices(["agree", "contradict", "evolve"], weights=[55, 25, 20])[0]
        if kind == "count":
            unit, base = words.unit(rng), significant(10 ** rng.uniform(0.5, 6), 2).quantize(Decimal(1))
        elif kind == "money":
            base = significant(10 ** rng.uniform(4, 11), rng.choice((2, 2, 3)))
        elif kind == "percent":
            unit, base = "%", significant(rng.uniform(0.5, 95), rng.choice((2, 3)))
        else:
            unit, base = "year", Decimal(rng.randint(1, 80))
        happened = day_of(t)
        as_of = ""
        if mode != "evolve" and rng.random() < 0.5:
            as_of = str(happened.year) if rng.random() < 0.7 else f"{happened.year}-{happened.month:02d}"
        day = happened if rng.random() < 0.5 else None
        return Event(kind, unit, tuple(dict.fromkeys(core)), name, mode, t, max(base, Decimal(2)),
                     rng.uniform(0.5, 2.0), as_of, day)

    def plan(self, figures: int) -> list[Report]:
        """Events and their reports until the reports hold `figures` figures, in the order they are published."""
        rng = self.rng
        reports, planned = [], 0
        while planned < figures:
            event = self.event()
            self.events.append(event)
            spread = 0.15 if event.mode == "evolve" else 0.003  # a series runs for months, news for days
            for number in range(rng.choices(*REPORTS)[0]):
                t = event.t if number == 0 else min(event.t + rng.expovariate(1 / spread), 0.999999)
                day = event.day is not None and event.kind != "date" and rng.random() < 0.6
                when = event.kind != "date" and (event.as_of or event.mode == "evolve") and rng.random() < 0.6
                reports.append(Report(t, len(self.events) - 1, day, bool(when)))
                planned += reports[-1].figures
        reports.sort(key=lambda r: r.t)
        return reports

    # --- Sentences ---

    def sentence(self, report: Report, figures: int | None = None) -> tuple[str, list[FigureDraft]]:
        """One claim: real nouns around the figures, the event's core terms mostly early."""
        rng, words = self.rng, self.words
        event = self.events[report.event]
        main, extras = self._figures(event, report)
        if figures is not None:
            extras = extras[: figures - 1]
        content = list(event.core)
        for _ in range(3):  # the core terms stay near the front, give or take a word
            i = rng.randrange(len(content))
            if i + 1 < len(content):
                content[i], content[i + 1] = content[i + 1], content[i]
        content += words.noise(rng, rng.randint(2, 5))
        for name in ([event.name] if event.name else []) + [words.name(rng) for _ in range(rng.choice((0, 1, 1, 2)))]:
            content.insert(rng.randrange(len(content) + 1), name)
        content = list(dict.fromkeys(content))
        pieces: list = []
        opener = rng.choice(OPENERS)
        if opener:
            pieces.append(opener)
        pieces += [content[0], rng.choice(VERBS)]
        if main.kind == "date":
            pieces.append(self._preposition(main))
        pieces.append(main)
        rest = [piece for word in content[1:] for piece in (rng.choice(CONNECTORS), word)]
        for extra in extras:
            slot = rng.randrange(0, len(rest) + 1, 2)  # between a word and the next connector
            rest[slot:slot] = [self._preposition(extra), extra]
        pieces += rest
        text, drafts = "", []
        for piece in pieces:
            text += " " if text else ""
            if isinstance(piece, FigureDraft):
                piece.start, piece.end = len(text), len(text) + len(piece.text)
                drafts.append(piece)
                text += piece.text
            else:
                text += piece
        return text + ".", drafts

    @staticmethod
    def _preposition(figure: FigureDraft) -> str:
        return {10: "am", 4: "im Jahr"}.get(len(figure.date_value), "im")

    def _figures(self, event: Event, report: Report) -> tuple[FigureDraft, list[FigureDraft]]:
        rng = self.rng
        if event.kind == "date":
            return self._date(self._event_date(event)), []
        year = day_of(report.t).year
        as_of = event.as_of
        value = event.base
        if event.mode == "evolve":
            stated = year - 1 if rng.random() < 0.6 else year  # an annual figure is stated for the last year
            as_of = str(stated)
            value = significant(float(value) * event.growth ** (stated - day_of(event.t).year), 3)
        elif event.mode == "contradict" and rng.random() < 0.5:
            factor = rng.uniform(1.15, 2.5)
            value = significant(float(value) * (factor if rng.random() < 0.5 else 1 / factor), 2)
        elif rng.random() < 0.25:
            value = significant(float(value), 1)  # rounded in the telling
        if as_of and event.mode != "evolve" and rng.random() < 0.15:
            as_of = ""  # this outlet does not say when
        if event.kind == "percent":
            value = min(value, Decimal(99))
        if event.kind in ("count", "duration"):
            value = value.quantize(Decimal(1))
        value = max(value, Decimal(1))
        main = self._amount(event, value, as_of)
        extras = []
        if report.day and event.day is not None:
            day = event.day
            if event.mode == "contradict" and rng.random() < 0.3:
                day += timedelta(days=rng.choice((-2, -1, 1, 2)))
            extras.append(self._date(day.isoformat()))
        if report.when and as_of:
            extras.append(self._date(as_of))
        return main, extras

    def _event_date(self, event: Event) -> str:
        day = event.day
        shifted = event.mode == "contradict" and self.rng.random() < 0.5
        if event.precision == "day":
            return (day + timedelta(days=self.rng.choice((-3, -2, -1, 1, 2, 3)) if shifted else 0)).isoformat()
        if event.precision == "month":
            month = (day.month - 1 + (self.rng.choice((-1, 1)) if shifted else 0)) % 12 + 1
            return f"{day.year}-{month:02d}"
        return str(day.year + (self.rng.choice((-1, 1)) if shifted else 0))

    @staticmethod
    def _date(value: str) -> FigureDraft:
        year, _, rest = value.partition("-")
        month, _, day = rest.partition("-")
        if day:
            text = f"{int(day)}. {MONTHS[int(month) - 1]} {year}"
        elif month:
            text = f"{MONTHS[int(month) - 1]} {year}"
        else:
            text = year
        return FigureDraft(0, 0, text, "date", None, None, None, value, "", "", "")

    def _amount(self, event: Event, value: Decimal, as_of: str) -> FigureDraft:
        from claims.extraction.amounts import bounds

        rng = self.rng
        qualifier = ""
        if rng.random() < 0.25:
            qualifier = rng.choices(["almost", "about", "more_than", "up_to"], weights=[35, 35, 15, 15])[0]
        hedge = rng.choice(HEDGES[qualifier]) + " " if qualifier else ""
        if event.kind == "money":
            currency = "Dollar" if event.unit == "USD" else "Euro"
            if value >= 10**9:
                number = f"{german(value / 10**9)} {'Milliarde' if value == 10**9 else 'Milliarden'}"
            elif value >= 10**6:
                number = f"{german(value / 10**6)} {'Million' if value == 10**6 else 'Millionen'}"
            else:
                number = german(value)
            text = f"{hedge}{number} {currency}"
        elif event.kind == "percent":
            text = f"{hedge}{german(value)} Prozent"
        elif event.kind == "duration":
            text = f"{hedge}{german(value)} Jahre"
        else:
            text = f"{hedge}{german(value)} {event.unit}"
        low, high = bounds(value, qualifier)
        return FigureDraft(0, 0, text, event.kind, value, low, high, "", event.unit, qualifier, as_of)

    # --- Articles ---

    def article(self, reports: list[Report], budget: int | None = None) -> ArticleDraft:
        """Claims one after another, a sentence without figures here and there, paragraphs of two or three."""
        rng, words = self.rng, self.words
        text, claims, in_paragraph = "", [], 0
        for report in reports:
            if budget is not None and budget <= 0:
                break
            if rng.random() < 0.3:
                text += ("" if not text else "\n\n" if in_paragraph >= 2 else " ") + rng.choice(FILLERS)
                in_paragraph = 1 if in_paragraph >= 2 else in_paragraph + 1
            sentence, figures = self.sentence(report, budget)
            text += "" if not text else "\n\n" if in_paragraph >= 2 else " "
            in_paragraph = 1 if in_paragraph >= 2 else in_paragraph + 1
            start = len(text)
            text += sentence
            for figure in figures:
                figure.start += start
                figure.end += start
            claims.append(ClaimDraft(start, len(text), sentence, figures))
            if budget is not None:
                budget -= len(figures)
        first = self.events[reports[0].event]
        title = (f"{first.name or words.name(rng)} und {words.name(rng)}: {first.core[0]}" if rng.random() < 0.5
                 else f"{first.core[0]} in {words.name(rng)}")
        return ArticleDraft(title, text, day_of(reports[0].t), rng.choice(PUBLISHERS), claims)
