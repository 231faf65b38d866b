"""Conflict detection at scale: incremental detection per new claim, a naive ORM loop and the full recompute.

    .venv/bin/python bench/conflicts.py [--figures 1000000] [--new-claims 200] [--naive-claims 5] [--seed 1]
        [--derive-claims 20000] [--check 20] [--processes 1] [--profile incremental|recompute]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth): the database factcheck_bench_conflicts is dropped
and made anew on every run, and left behind for a look afterwards. Nothing leaves loopback.

Generates a desk's worth of German news (articles, claims and figures about some 270,000 events that one to
eight outlets report, agreeing, contradicting each other or moving over time), derives every figure's measure,
subject and blocking keys with claims.matching exactly as the service stores them, and loads it all with COPY.
Then, in one run: claims.services.conflicts_detect per new claim (target: under 5 ms at 1,000,000 figures), a
naive per-claim ORM loop over every figure of the measure, claims.services.conflicts_recompute over everything
(target: under 30 s), first from scratch and then again with nothing changed, beside reading the figures alone
and reading and matching them without writing (each in a fresh process, for its peak RSS), and figures_derive
on a sample of claims (what a backfill of never-derived figures costs). With --profile, one phase runs under
cProfile and its statistics follow the table.

Prints the commit measured, the generated data, one line per phase and a table with the figures, the targets
and the ratios. Exits 1 when the data is inconsistent, the suggestions conflicts_detect wrote differ from what
the full recompute makes of the same figures, or a second recompute changes anything; timings are reported,
never judged.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import math
import os
import pstats
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where its modules would shadow packages of the same name.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path.pop(0)
sys.path.insert(0, str(ROOT))

from bench import workbench  # noqa: E402
from bench.linkcheck import PeakRSS  # noqa: E402

SERVER = workbench.SERVER
DATABASE = "factcheck_bench_conflicts"
INCREMENTAL_TARGET_MS = 5.0
RECOMPUTE_TARGET_S = 30.0
WARM_UP_CLAIMS = 5  # detected first and left out of the statistics: the first queries warm caches

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


# --- Loading: COPY ----------------------------------------------------------------------------------------------------


ARTICLE_COLUMNS = ("id", "title", "url", "publisher", "author", "published", "language", "text", "content_hash",
                   "last_claim_number", "created_at", "updated_at", "duplicate_of_id", "extraction_status",
                   "extraction_message")
CLAIM_COLUMNS = ("id", "number", "start", "end", "text", "prefix", "suffix", "speaker", "status", "verdict_note",
                 "reviewed_at", "created_at", "updated_at", "article_id", "reviewer_id", "version", "review_url",
                 "publisher")
FIGURE_COLUMNS = ("id", "start", "end", "text", "kind", "value", "low", "high", "date_value", "unit", "qualifier",
                  "as_of", "created_at", "claim_id", "derived", "measure", "subject")
KEY_COLUMNS = ("key", "figure_id")
TABLES = {"claims_article": ARTICLE_COLUMNS, "claims_claim": CLAIM_COLUMNS, "claims_figure": FIGURE_COLUMNS,
          "claims_figurekey": KEY_COLUMNS}


def copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return str(value)


def copy_line(values) -> str:
    return "\t".join(map(copy_value, values)) + "\n"


class Loader:
    """COPY in a thread of its own, so PostgreSQL takes one chunk while Python makes the next (two cores)."""

    def __init__(self) -> None:
        import psycopg2

        self.connection = psycopg2.connect(f"{SERVER}/{DATABASE}")
        with self.connection.cursor() as cursor:
            # Loading as a replica skips the span triggers and foreign-key checks; the data is made consistent
            # anyway and checked afterwards (check_spans).
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET synchronous_commit = off")
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.waited = 0.0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def put(self, chunk: dict[str, list[str]]) -> None:
        if self.error:
            raise self.error
        started = time.perf_counter()
        self.queue.put(chunk)
        self.waited += time.perf_counter() - started

    def _run(self) -> None:
        try:
            with self.connection.cursor() as cursor:
                for chunk in iter(self.queue.get, None):
                    for table, lines in chunk.items():
                        columns = ", ".join(f'"{c}"' for c in TABLES[table])
                        cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO("".join(lines)))
            self.connection.commit()
        except BaseException as error:  # handed to the main thread
            self.error = error
            while True:  # let the producer finish instead of blocking on a full queue
                if self.queue.get() is None:
                    break

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self.connection.close()
        if self.error:
            raise self.error


def droppable_indexes(cursor, table: str) -> list[tuple[str, str, str | None]]:
    """(index, how to make it again, constraint) for the table's indexes no foreign key depends on."""
    cursor.execute("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), c.conname, pg_get_constraintdef(c.oid)
        FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype IN ('p', 'u')
        WHERE i.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
    """, [table])
    return [(name, f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {definition}' if constraint else indexdef,
             constraint) for name, indexdef, constraint, definition in cursor.fetchall()]


@dataclass
class Loaded:
    articles: int = 0
    claims: int = 0
    figures: int = 0
    keys: int = 0
    measured: int = 0
    events: int = 0
    generate_s: float = 0.0
    index_s: float = 0.0
    vacuum_s: float = 0.0
    waited_s: float = 0.0
    kinds: Counter = field(default_factory=Counter)


def load(world: World, figures: int) -> Loaded:
    """Generate articles in publication order and COPY them in chunks; indexes are made once at the end."""
    import psycopg2

    from claims.matching import DERIVATION, blocking
    from claims.models import content_hash

    stats = Loaded()
    started = time.perf_counter()
    reports = world.plan(figures * 23 // 20)  # some planned figures do not come about: more reports than needed
    stats.events = len(world.events)
    admin = psycopg2.connect(f"{SERVER}/{DATABASE}")
    admin.autocommit = True
    with admin.cursor() as cursor:
        dropped = [(table, *index) for table in TABLES for index in droppable_indexes(cursor, table)]
        for table, name, _, constraint in dropped:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"' if constraint
                           else f"DROP INDEX {name}")
    loader = Loader()
    rng = world.rng
    now = "2026-12-01 12:00:00+00"
    recent: deque[tuple[int, ArticleDraft]] = deque(maxlen=20)
    chunk: dict[str, list[str]] = {table: [] for table in TABLES}
    position = 0
    article_id = claim_id = figure_id = 0
    while stats.figures < figures and position < len(reports):
        budget = figures - stats.figures
        if recent and rng.random() < WIRE_COPIES:
            original_id, draft = rng.choice(recent)
            if sum(len(c.figures) for c in draft.claims) > budget:
                continue
        else:
            size = rng.randint(4, 9)
            draft = world.article(reports[position : position + size], budget)
            position += size
            original_id = None
            for claim in draft.claims:
                claim.derived = derived(draft, claim)
        article_id += 1
        if original_id is None:
            recent.append((article_id, draft))
        text = draft.text
        chunk["claims_article"].append(copy_line((
            article_id, draft.title, f"https://bench-news.example/{article_id}", draft.publisher, "",
            draft.published.isoformat(), "de", text, content_hash(text), len(draft.claims), now, now, original_id,
            "", "")))
        for number, claim in enumerate(draft.claims, 1):
            claim_id += 1
            chunk["claims_claim"].append(copy_line((
                claim_id, number, claim.start, claim.end, claim.text, text[max(0, claim.start - 40) : claim.start],
                text[claim.end : claim.end + 40], "", "unreviewed", "", None, now, now, article_id, None, 1, "",
                draft.publisher)))
            for figure, (measure, terms) in zip(claim.figures, claim.derived, strict=True):
                figure_id += 1
                chunk["claims_figure"].append(copy_line((
                    figure_id, figure.start, figure.end, figure.text, figure.kind, figure.value, figure.low,
                    figure.high, figure.date_value, figure.unit, figure.qualifier, figure.as_of, now, claim_id,
                    DERIVATION, measure, " ".join(terms))))
                keys = dict.fromkeys(blocking.keys(measure, terms, article_id))
                chunk["claims_figurekey"] += [f"{key}\t{figure_id}\n" for key in keys]
                stats.keys += len(keys)
                stats.measured += bool(measure)
                stats.kinds[measure.partition(":")[0] if measure else "(none)"] += 1
            stats.figures += len(claim.figures)
        stats.claims += len(draft.claims)
        if article_id % 2000 == 0:
            loader.put(chunk)
            chunk = {table: [] for table in TABLES}
    loader.put(chunk)
    loader.close()
    stats.articles = article_id
    stats.generate_s = time.perf_counter() - started
    stats.waited_s = loader.waited
    started = time.perf_counter()
    with admin.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _, _, definition, _ in dropped:
            cursor.execute(definition)
        for table in ("claims_article", "claims_claim", "claims_figure"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
    stats.index_s = time.perf_counter() - started
    started = time.perf_counter()
    with admin.cursor() as cursor:
        # As autovacuum would leave them: statistics for the planner, the visibility map for index-only scans.
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
    stats.vacuum_s = time.perf_counter() - started
    admin.close()
    return stats


def check_spans() -> list[str]:
    """The span rules the triggers would have enforced, over all loaded rows at once."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT count(*) FROM claims_claim c JOIN claims_article a ON a.id = c.article_id
            WHERE c."end" > char_length(a.text) OR c.text <> substr(a.text, c.start + 1, c."end" - c.start)
        """)
        bad_claims = cursor.fetchone()[0]
        cursor.execute("""
            SELECT count(*) FROM claims_figure f JOIN claims_claim c ON c.id = f.claim_id
            JOIN claims_article a ON a.id = c.article_id
            WHERE NOT (c.start <= f.start AND f."end" <= c."end"
                       AND substr(a.text, f.start + 1, f."end" - f.start) = f.text)
        """)
        bad_figures = cursor.fetchone()[0]
    problems = []
    if bad_claims:
        problems.append(f"{bad_claims} claims whose text is not their article's text at their span")
    if bad_figures:
        problems.append(f"{bad_figures} figures whose text is not their article's text inside their claim")
    return problems


def block_sizes(busy: int) -> tuple[int, float, int, int, list[int]]:
    """Distinct keys, figures per key on average, keys with more than `busy` figures and their key rows, the
    three largest."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT count(*), avg(n), count(*) FILTER (WHERE n > %s), coalesce(sum(n) FILTER (WHERE n > %s), 0)
            FROM (SELECT count(*) AS n FROM claims_figurekey GROUP BY key) AS k
        """, [busy, busy])
        keys, mean, common, filed = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM claims_figurekey GROUP BY key ORDER BY 1 DESC LIMIT 3")
        largest = [n for (n,) in cursor.fetchall()]
    return keys, float(mean or 0), common, filed, largest


def code_version() -> str:
    """The commit measured, and whether the code under claims/ or sources/ differed from it (the tree is shared)."""
    import subprocess

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return result.stdout.rstrip("\n")

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changed = git("status", "--porcelain", "--", "claims", "sources")
    return commit + (" with uncommitted changes in " + ", ".join(sorted({line[3:] for line in changed.splitlines()}))
                     if changed else "")


# --- Django -----------------------------------------------------------------------------------------------------------


def prepare_database() -> None:
    workbench.fresh_database(DATABASE)


def start_django() -> None:
    workbench.start_django(DATABASE)


def add_claims(world: World, count: int) -> list[int]:
    """New articles (five claims each) reporting known events, written with the ORM and no detection: the rows
    as article_extract stores them, without its on_commit dispatch."""
    from django.db import transaction

    from claims.models import Article, Claim, Figure, content_hash

    rng = world.rng
    picked = rng.sample(range(len(world.events)), count)
    reports = [Report(1.0, e, rng.random() < 0.6 and world.events[e].day is not None and world.events[e].kind != "date",
                      rng.random() < 0.6) for e in picked]
    drafts = [world.article(reports[i : i + 5]) for i in range(0, count, 5)]
    with transaction.atomic():
        articles = Article.objects.bulk_create([
            Article(title=d.title, text=d.text, content_hash=content_hash(d.text), published=date.today(),
                    publisher=d.publisher, language="de", last_claim_number=len(d.claims)) for d in drafts])
        claims, figures = [], []
        for article, draft in zip(articles, drafts, strict=True):
            for number, found in enumerate(draft.claims, 1):
                claim = Claim(article=article, number=number, start=found.start, end=found.end)
                claim.anchor()
                claims.append((claim, found))
        Claim.objects.bulk_create([claim for claim, _ in claims])
        for claim, found in claims:
            for f in found.figures:
                figure = Figure(claim=claim, start=f.start, end=f.end, kind=f.kind, value=f.value, low=f.low,
                                high=f.high, date_value=f.date_value, unit=f.unit, qualifier=f.qualifier,
                                as_of=f.as_of)
                figure.anchor()
                figures.append(figure)
        Figure.objects.bulk_create(figures)
    return [claim.pk for claim, _ in claims]


# --- The phases -------------------------------------------------------------------------------------------------------


@dataclass
class Incremental:
    ms: list[float]
    created: list[int]
    figures: int


def run_incremental(claim_ids: list[int], profiler: cProfile.Profile | None) -> Incremental:
    """conflicts_detect per claim, called as the Celery task calls it (its own transaction), commit included."""
    from django.db import reset_queries

    from claims import services

    ms, created, figures = [], [], 0
    for claim_id in claim_ids:
        reset_queries()
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        outcome = services.conflicts_detect(claim_ids=[claim_id])
        ms.append((time.perf_counter() - started) * 1000)
        if profiler:
            profiler.disable()
        created.append(outcome.created)
        figures += outcome.figures
    return Incremental(ms, created, figures)


def run_by_article(claim_ids: list[int]) -> list[float]:
    """conflicts_detect per article, as the task after an ingest runs it (all the article's claims in one
    transaction): milliseconds per claim, one value per article."""
    from claims import services
    from claims.models import Claim

    by_article: dict[int, list[int]] = {}
    for claim_id, article_id in Claim.objects.filter(pk__in=claim_ids).values_list("pk", "article_id"):
        by_article.setdefault(article_id, []).append(claim_id)
    per_claim = []
    for ids in by_article.values():
        started = time.perf_counter()
        services.conflicts_detect(claim_ids=ids)
        per_claim.append((time.perf_counter() - started) * 1000 / len(ids))
    return per_claim


def snapshot(claim_ids: list[int]) -> dict[tuple[int, int], tuple[str, float]]:
    """The stored suggestions in which a figure of these claims is the newer one."""
    from claims.models import Conflict

    rows = Conflict.objects.filter(figure_b__claim_id__in=claim_ids).values_list("figure_a_id", "figure_b_id",
                                                                                  "kind", "score")
    return {(a, b): (kind, score) for a, b, kind, score in rows}


@dataclass
class Naive:
    ms: list[float]
    rows: int
    found: int


def derived(draft: ArticleDraft, claim: ClaimDraft) -> list:
    """What claims.services.conflicts derives for the claim, from the same inputs it reads."""
    from claims.matching import subjects

    spec = [subjects.Spec(f.kind, f.unit, f.date_value, f.as_of, f.start - claim.start, f.end - claim.start)
            for f in claim.figures]
    text, around = draft.text, subjects.AROUND_CHARS
    before, after = text[max(0, claim.start - around) : claim.start], text[claim.end : claim.end + around]
    return subjects.derive(claim.text, "de", spec, draft.title, "", draft.published, text[: subjects.LEAD_CHARS],
                           subjects.paragraph(before, after), claim.start < len(draft.title))


FACT_FIELDS = ("id", "claim_id", "claim__article_id", "claim__article__duplicate_of_id", "measure", "subject", "text",
               "value_f", "low_f", "high_f", "date_value", "as_of", "start", "end", "unit")


def orm_facts(queryset):
    """Facts for each row of a Figure queryset, the ORM way: values_list over the joins, floats cast in SQL."""
    from django.db.models import FloatField
    from django.db.models.functions import Cast

    from claims.matching.compare import facts

    rows = queryset.annotate(value_f=Cast("value", FloatField()), low_f=Cast("low", FloatField()),
                             high_f=Cast("high", FloatField())).values_list(*FACT_FIELDS)
    for id_, claim, article, copy_of, measure, subject, text, value, low, high, date_value, as_of, start, end, unit \
            in rows:
        yield facts(id_, claim, article, copy_of, measure, tuple(subject.split()), text, value, low, high,
                    date_value, as_of, start, end, unit)


def run_naive(claim_ids: list[int]) -> Naive:
    """What one would write first: for each figure of the claim, Figure.objects.filter(measure=...) over all
    figures, Facts built in Python for every row, compare() on each older one, the best per kind kept as
    blocking.best keeps them: the service's rules without its blocking."""
    from django.db import reset_queries

    from claims.matching import blocking
    from claims.models import Figure

    ms, rows, found = [], 0, 0
    for claim_id in claim_ids:
        reset_queries()
        started = time.perf_counter()
        for figure in list(orm_facts(Figure.objects.filter(claim_id=claim_id))):
            if not figure.measure:
                continue
            others = list(orm_facts(Figure.objects.filter(measure=figure.measure)))
            rows += len(others)
            found += len(blocking.best(figure, (o for o in others if o.id < figure.id)))
        ms.append((time.perf_counter() - started) * 1000)
    return Naive(ms, rows, found)


@dataclass
class Heavy:
    """A phase run in a fresh process of its own, as a worker or manage.py would run it, so its memory is its own."""

    seconds: float
    figures: int
    pairs: int = 0  # kept by the matching
    created: int = 0
    updated: int = 0
    removed: int = 0
    stored: int = 0
    rss_before: float = 0.0
    rss_peak: float = 0.0


def run_heavy(phase: str, profile_to: str | None = None, processes: int = 1) -> Heavy:
    import json
    import subprocess

    command = [sys.executable, str(Path(__file__).resolve()), "--worker", phase, "--processes", str(processes)]
    if profile_to:
        command += ["--profile-to", profile_to]
    # The child's progress goes to stderr as it comes; its result is the last line on stdout.
    child = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    if child.returncode != 0:
        raise RuntimeError(f"the {phase} worker failed (exit {child.returncode})")
    return Heavy(**json.loads(child.stdout.strip().splitlines()[-1]))


def stream_facts():
    """Every measured figure as Facts in id order, read in plain SQL through a server-side cursor: what the
    recompute has to read before it can match, done about as cheaply as Python can."""
    import psycopg2

    from claims.matching.compare import facts

    connection = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with connection.cursor(name="bench_facts") as cursor:
            cursor.itersize = 20_000
            cursor.execute("""
                SELECT f.id, f.claim_id, c.article_id, a.duplicate_of_id, f.measure, f.subject, f.text,
                       f.value::float8, f.low::float8, f.high::float8, f.date_value, f.as_of, f."start", f."end",
                       f.unit
                FROM claims_figure f JOIN claims_claim c ON c.id = f.claim_id
                JOIN claims_article a ON a.id = c.article_id
                WHERE f.measure <> '' ORDER BY f.id
            """)
            for (id_, claim, article, copy_of, measure, subject, text, value, low, high, date_value, as_of, start,
                 end, unit) in cursor:
                yield facts(id_, claim, article, copy_of, measure, tuple(subject.split()), text, value, low, high,
                            date_value, as_of, start, end, unit)
    finally:
        connection.close()


def worker(phase: str, profile_to: str | None, processes: int) -> None:
    """The child's side: Django as configured by the parent's environment, one phase, its figures as JSON."""
    import json
    from dataclasses import asdict

    import django

    django.setup()
    from claims import services
    from claims.matching import blocking
    from claims.models import Conflict

    profiler = cProfile.Profile() if profile_to else None
    result = Heavy(0.0, 0)
    started = time.perf_counter()

    shown: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        # Every 200,000, once: with several processes the same count may be reported more than once.
        step = total if done == total else done // 200_000 * 200_000
        if step and shown.get(stage, 0) < step:
            shown[stage] = step
            print(f"  {phase}: {stage} {done:,} of {total:,} after {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)

    with PeakRSS() as rss:
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        if phase == "read":
            result.figures = sum(1 for _ in stream_facts())
        elif phase == "match":  # the recompute's matching (blocking.full_pass) on what it reads, nothing written
            counted = []

            def count(stream):
                for figure in stream:
                    counted.append(None)
                    yield figure

            result.pairs = sum(1 for _ in blocking.full_pass(count(stream_facts())))
            result.figures = len(counted)
        else:
            # "recompute" is a full pass whatever the last one was; "nightly" is what beat runs: a full pass only
            # if the rules changed, else detection of the figures due.
            options = {"processes": processes} if processes != 1 else {}
            options["full"] = True if phase == "recompute" else None
            outcome = services.conflicts_recompute(progress=progress, **options)
            result.figures, result.created = outcome.figures, outcome.created
            result.updated, result.removed = outcome.updated, outcome.removed
        result.seconds = time.perf_counter() - started
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile_to)
    result.stored = Conflict.objects.count()
    result.rss_before, result.rss_peak = rss.before, rss.peak
    print(json.dumps(asdict(result)))


def mark_due(share: float) -> int:
    """Mark the claims of about `share` of the figures edited (their figures due, as an edit whose detection task
    was lost leaves them); the figures marked."""
    from django.db import connection

    from claims.matching import STALE

    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_figure SET derived = %s WHERE claim_id IN (SELECT DISTINCT claim_id FROM "
                       "claims_figure WHERE random() < %s)", [STALE, share])
        return cursor.rowcount


def analyze_conflicts() -> None:
    """What autovacuum would do after millions of new rows (this server runs without it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_conflict")


@dataclass
class Derivation:
    claims: int
    figures: int
    seconds: float


def run_derivation(rng: random.Random, loaded_claims: int, count: int) -> Derivation:
    """figures_derive on loaded claims, 2,000 per transaction as the recompute's backfill takes them. The rules
    give the same measure, subject and keys again, so nothing else changes."""
    from django.db import transaction

    from claims import services

    ids = sorted(rng.sample(range(1, loaded_claims + 1), min(count, loaded_claims)))
    figures = 0
    started = time.perf_counter()
    for start in range(0, len(ids), 2000):
        with transaction.atomic():
            figures += len(services.figures_derive(claim_ids=ids[start : start + 2000]))
    return Derivation(len(ids), figures, time.perf_counter() - started)


def compare_snapshots(before: dict, after: dict) -> list[str]:
    problems = []
    for pair in sorted(set(before) | set(after)):
        if before.get(pair) != after.get(pair):
            problems.append(f"figures {pair[0]}/{pair[1]}: incremental {before.get(pair)}, "
                            f"full recompute {after.get(pair)}")
    return problems


# --- Report -----------------------------------------------------------------------------------------------------------


def duration(seconds: float) -> str:
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * size:
            return f"{seconds / size:,.1f} {unit}"
    return f"{seconds:,.1f} s"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def print_table(loaded: Loaded, inc: Incremental, naive: Naive | None, naive_inc_ms: float, rec: Heavy,
                again: Heavy, reading: Heavy, matching: Heavy, der: Derivation, claims_total: int,
                processes: int, nightly: list[tuple[str, Heavy]]) -> None:
    median, p90 = statistics.median(inc.ms), percentile(inc.ms, 0.9)

    def recompute_row(name: str, phase: Heavy) -> tuple[str, ...]:
        return (name, f"{phase.figures:,} figures", f"{phase.seconds:.1f}",
                f"{phase.figures / phase.seconds:,.0f} figures/s", f"{RECOMPUTE_TARGET_S:g} s",
                f"{phase.seconds / RECOMPUTE_TARGET_S:.2f}x", f"{phase.rss_peak:,.0f} MB")

    rows = [("phase", "items", "seconds", "per item", "target", "÷ target", "peak RSS"),
            ("incremental conflicts_detect", f"{len(inc.ms):,} claims", f"{sum(inc.ms) / 1000:.2f}",
             f"median {median:.2f} ms", f"{INCREMENTAL_TARGET_MS:g} ms", f"{median / INCREMENTAL_TARGET_MS:.2f}x", ""),
            ("", "", "", f"p90 {p90:.2f} ms", "", f"{p90 / INCREMENTAL_TARGET_MS:.2f}x", ""),
            ("", "", "", f"max {max(inc.ms):.2f} ms", "", "", "")]
    if naive:
        rows.append(("naive ORM loop", f"{len(naive.ms):,} claims", f"{sum(naive.ms) / 1000:.2f}",
                     f"mean {statistics.mean(naive.ms):,.0f} ms", "", "", ""))
    label = "" if processes == 1 else f", {processes} processes"
    rows += [recompute_row(f"full conflicts_recompute{label}", rec),
             ("  read only (SQL to Facts)", f"{reading.figures:,} figures", f"{reading.seconds:.1f}",
              f"{reading.figures / reading.seconds:,.0f} figures/s", "", "", f"{reading.rss_peak:,.0f} MB"),
             ("  read and match, no writes", f"{matching.figures:,} figures", f"{matching.seconds:.1f}",
              f"{matching.figures / matching.seconds:,.0f} figures/s", "", "", f"{matching.rss_peak:,.0f} MB"),
             recompute_row(f"full recompute again, nothing changed{label}", again),
             *(recompute_row(name, phase) for name, phase in nightly),
             ("figures_derive (backfill)", f"{der.claims:,} claims", f"{der.seconds:.2f}",
              f"{der.claims / der.seconds:,.0f} claims/s", "", "", "")]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = zip(row[1:], widths[1:], strict=True)
        print(f"{row[0]:<{widths[0]}}" + "".join(f"  {cell:>{width}}" for cell, width in cells))
    print()
    print(f"incremental: median {median:.2f} ms per new claim at {loaded.figures:,} figures "
          f"(target {INCREMENTAL_TARGET_MS:g} ms: {median / INCREMENTAL_TARGET_MS:.2f}x), "
          f"{statistics.mean(inc.created):.1f} conflicts found per claim (median {statistics.median(inc.created):g}, "
          f"max {max(inc.created)})")
    if naive:
        per = statistics.mean(naive.ms)
        print(f"naive ORM loop / incremental: {per / naive_inc_ms:,.0f}x slower per claim "
              f"({per:,.0f} ms vs {naive_inc_ms:.2f} ms for the same {len(naive.ms)} claims; "
              f"{naive.rows / len(naive.ms):,.0f} rows read per claim)")
        print(f"naive full recompute, extrapolated: {per:,.0f} ms x {claims_total:,} claims = "
              f"{duration(per / 1000 * claims_total)} (not run)")
    split = (f"; of it reading {reading.seconds:.1f} s, matching {matching.seconds - reading.seconds:.1f} s, writing "
             f"{rec.seconds - matching.seconds:.1f} s" if processes == 1
             else f" in {processes} processes (reading and matching alone ran in one)")
    print(f"full recompute: {rec.seconds:.1f} s for {rec.figures:,} figures (target {RECOMPUTE_TARGET_S:g} s: "
          f"{rec.seconds / RECOMPUTE_TARGET_S:.2f}x), {rec.figures / rec.seconds:,.0f} figures/s, "
          f"{rec.created:,} conflicts written, peak RSS {rec.rss_peak:,.0f} MB{split}")
    print(f"recompute again with nothing changed: {again.seconds:.1f} s ({again.seconds / RECOMPUTE_TARGET_S:.2f}x "
          f"the target), peak RSS {again.rss_peak:,.0f} MB")
    print(f"derivation: {der.claims / der.seconds:,.0f} claims/s ({der.figures / der.seconds:,.0f} figures/s); "
          f"deriving all {claims_total:,} claims anew would take about "
          f"{duration(claims_total / der.claims * der.seconds)} (not part of the full recompute above)")


def print_profile(stats: pstats.Stats, phase: str) -> None:
    print()
    print(f"profile of the {phase} phase (cProfile; its timings above are inflated by the profiler):")
    stream = io.StringIO()
    stats.stream = stream
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(30)
    print("\n".join(line for line in stream.getvalue().splitlines() if line.strip()))


# --- Running ----------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--figures", type=int, default=1_000_000)
    parser.add_argument("--new-claims", type=int, default=200)
    parser.add_argument("--naive-claims", type=int, default=5, help="new claims for the naive ORM loop")
    parser.add_argument("--derive-claims", type=int, default=20_000, help="loaded claims derived again")
    parser.add_argument("--check", type=int, default=20, help="new claims whose suggestions the recompute must match")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=["incremental", "recompute"], help="run this phase under cProfile")
    parser.add_argument("--processes", type=int, default=1,
                        help="processes for conflicts_recompute (its default is 1; manage.py uses one per core)")
    parser.add_argument("--due", type=float, default=0.01,
                        help="share of figures whose claims are marked edited for the nightly run's timing")
    parser.add_argument("--worker", choices=["read", "match", "recompute", "nightly"], help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.profile_to, args.processes)
        return 0
    return run(args)


def run(args) -> int:
    rng = random.Random(args.seed)
    print(f"code: {code_version()}; {os.cpu_count()} cores")
    prepare_database()
    start_django()
    started = time.perf_counter()
    world = World(Words(rng), rng)
    vocabulary_s = time.perf_counter() - started
    loaded = load(world, args.figures)
    print(f"generated {loaded.articles:,} articles, {loaded.claims:,} claims, {loaded.figures:,} figures "
          f"({loaded.measured:,} with a measure: "
          + ", ".join(f"{n:,} {kind}" for kind, n in loaded.kinds.most_common())
          + f") about {loaded.events:,} events, {loaded.keys:,} blocking keys")
    print(f"  vocabulary {vocabulary_s:.1f} s, generating and COPY {loaded.generate_s:.1f} s (waiting on COPY "
          f"{loaded.waited_s:.1f} s), indexes {loaded.index_s:.1f} s, VACUUM ANALYZE {loaded.vacuum_s:.1f} s "
          f"(none of it measured below)")
    problems = check_spans()
    from claims.matching import blocking

    busy = getattr(blocking, "WINDOW", None) or getattr(blocking, "COMMON", 200)
    keys, mean, common, filed, largest = block_sizes(busy)
    print(f"  {keys:,} distinct keys, {mean:.1f} figures per key; {common:,} keys have more than {busy} figures "
          f"({filed:,} key rows), the largest {', '.join(f'{n:,}' for n in largest)}")

    new = add_claims(world, WARM_UP_CLAIMS + args.new_claims)
    warm_up, new = new[:WARM_UP_CLAIMS], new[WARM_UP_CLAIMS:]
    profiled = cProfile.Profile() if args.profile == "incremental" else None
    run_incremental(warm_up, None)
    inc = run_incremental(new, profiled)
    print(f"incremental: {len(new):,} new claims ({inc.figures:,} figures), median {statistics.median(inc.ms):.2f} ms, "
          f"p90 {percentile(inc.ms, 0.9):.2f} ms, max {max(inc.ms):.2f} ms per claim, "
          f"{sum(inc.created):,} conflicts written", flush=True)
    per_article = run_by_article(add_claims(world, args.new_claims))
    print(f"incremental by article, as the task after an ingest runs: {len(per_article):,} articles of five new "
          f"claims, median {statistics.median(per_article):.2f} ms per claim (one claim alone: "
          f"{statistics.median(inc.ms):.2f} ms, {statistics.median(per_article) / statistics.median(inc.ms):.2f}x)",
          flush=True)
    checked = sorted(rng.sample(new, min(args.check, len(new))))
    before = snapshot(checked)

    naive, naive_inc_ms = None, 0.0
    if args.naive_claims:
        sample = new[: args.naive_claims]
        naive = run_naive(sample)
        naive_inc_ms = statistics.mean(inc.ms[: len(sample)])
        print(f"naive ORM loop: {len(sample)} claims, {statistics.mean(naive.ms):,.0f} ms per claim, "
              f"{naive.rows:,} rows read, {naive.found:,} matches kept", flush=True)

    reading = run_heavy("read")
    print(f"read only: {reading.figures:,} figures in {reading.seconds:.1f} s", flush=True)
    matching = run_heavy("match")
    print(f"read and match, no writes: {matching.figures:,} figures, {matching.pairs:,} pairs kept in "
          f"{matching.seconds:.1f} s, peak RSS {matching.rss_peak:,.0f} MB", flush=True)
    profile_to = None
    if args.profile == "recompute":
        profile_to = tempfile.mkstemp(prefix="bench-conflicts-", suffix=".prof")[1]
    rec = run_heavy("recompute", profile_to, args.processes)
    print(f"full recompute: {rec.seconds:.1f} s, {rec.created:,} created, {rec.updated:,} updated, "
          f"{rec.removed:,} removed, {rec.stored:,} conflicts stored, peak RSS {rec.rss_peak:,.0f} MB", flush=True)
    after = snapshot(checked)
    mismatches = compare_snapshots(before, after)
    print(f"check: {len(before):,} suggestions of {len(checked)} new claims from conflicts_detect, {len(after):,} from "
          f"the full recompute, {len(mismatches)} differ")
    problems += [f"incremental and full recompute differ: {m}" for m in mismatches[:20]]
    analyze_conflicts()
    again = run_heavy("recompute", None, args.processes)
    print(f"full recompute again, nothing changed: {again.seconds:.1f} s, {again.created:,} created, "
          f"{again.updated:,} updated, {again.removed:,} removed, peak RSS {again.rss_peak:,.0f} MB", flush=True)
    if again.created or again.updated or again.removed:
        problems.append(f"a second recompute changed suggestions: {again.created} created, {again.updated} updated, "
                        f"{again.removed} removed")

    nightly = [("nightly recompute, nothing due", run_heavy("nightly"))]
    due = mark_due(args.due)
    nightly.append((f"nightly recompute, {due:,} figures due", run_heavy("nightly")))
    for label, phase in nightly:
        print(f"{label}: {phase.seconds:.1f} s, {phase.figures:,} figures detected, {phase.created:,} created, "
              f"{phase.updated:,} updated, {phase.removed:,} removed, peak RSS {phase.rss_peak:,.0f} MB", flush=True)
        # Marked due but unchanged: detecting them again must find what the full pass stored.
        if phase.created or phase.updated or phase.removed:
            problems.append(f"{label} changed suggestions: {phase.created} created, {phase.updated} updated, "
                            f"{phase.removed} removed")

    der = run_derivation(rng, loaded.claims, args.derive_claims)
    print(f"derivation: {der.claims:,} claims ({der.figures:,} figures) in {der.seconds:.2f} s")
    print()
    print_table(loaded, inc, naive, naive_inc_ms, rec, again, reading, matching, der,
                loaded.claims + len(new) + len(warm_up), args.processes, nightly)
    if args.profile == "incremental":
        print_profile(pstats.Stats(profiled), args.profile)
    elif profile_to:
        print_profile(pstats.Stats(profile_to), args.profile)
        os.unlink(profile_to)
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
