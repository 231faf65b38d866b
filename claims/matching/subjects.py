"""What a figure measures: its measure (kind and unit) and its subject (the key terms of its claim)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from . import frames
from .lexicon import CONCEPTS, ENGLISH_ONLY, ENTITIES, PARTICLES, QUANTITIES, SOURCES, STOPWORDS, UNITS

MAX_TERMS = 12
MAX_SLOTS = 14  # frame slots come first and are never cut for terms
LOCAL_TERMS = 6  # key terms of a figure's own stretch, kept as a slot
WEEKDAY = {name: f"wd{day}" for name, day in frames.WEEKDAYS.items()}  # "Donnerstag" and "Thursday" are one term
LEAD_CHARS = 300  # the start of a report, where its event is named
AROUND_CHARS = 300  # text read before and after a claim, cut at its paragraph
MAX_SUBJECT_CHARS = 480  # stored space-separated in a 500-character column: what is kept is what is compared
MAX_TERM_CHARS = 40
WORD = frames.WORD
CONCEPT_TERMS = frozenset(CONCEPTS.values())
CLAUSE_END = re.compile(r"[,;:.!?–()]")
# Abbreviations written in capitals that are also common lower-case words ("US" / "us").
CAPITALS = {"US": "usa", "USA": "usa", "UN": "un", "UNO": "un", "NIS": "nis"}


class Spec(NamedTuple):
    """A figure as derive() needs it; start and end count from the start of the claim's text."""

    kind: str
    unit: str
    date_value: str
    as_of: str
    start: int = 0
    end: int = 0


def term(word: str, language: str) -> str:
    """One word as a subject term: its lemma, or the concept that lemma names in either language."""
    if word in CAPITALS:
        return CAPITALS[word]
    lower = word.lower()
    if lower in CONCEPTS:
        return CONCEPTS[lower]
    lemma = frames.lemma(word, language)
    if lemma in CONCEPTS:
        return CONCEPTS[lemma]
    folded = frames.fold(word, QUANTITIES, language) or frames.fold(word, SOURCES, language) or WEEKDAY.get(lemma)
    if folded:  # "Teilnehmern" and "participants", "Donnerstag" and "Thursday" are one term
        return folded
    if language == "en" and lemma in ENGLISH_ONLY:
        return ENGLISH_ONLY[lemma]
    if "-" in lemma:  # "US-Beamte", "Rüstungs-Lieferung": the last part carries the meaning
        return term(word.rsplit("-", 1)[1], language)
    return lemma


def subject_terms(text: str, language: str) -> list[str]:
    """The claim's key terms, concepts first, then other nouns and names in text order."""
    words = WORD.findall(text)
    concepts: list[str] = []
    others: list[str] = []
    skip = False
    for index, word in enumerate(words):
        if skip:
            skip = False
            continue
        pair = f"{word} {words[index + 1]}".lower() if index + 1 < len(words) else ""
        if pair in CONCEPTS:
            concepts.append(CONCEPTS[pair])
            skip = True
            continue
        found = term(word, language)
        if found in STOPWORDS or len(found) < 3 and word not in CAPITALS:
            continue
        if found in CONCEPT_TERMS:
            concepts.append(found)
        elif _is_content_word(word, language):
            others.append(found)
    if language == "de":
        concepts += separable_verbs(text)
    return list(dict.fromkeys([*concepts, *others]))[:MAX_TERMS]


def separable_verbs(text: str) -> list[str]:
    """Concepts named by a German verb whose particle ends the clause ("setzten … 34 Millionen Dollar um")."""
    found = []
    for clause in CLAUSE_END.split(text):
        words = WORD.findall(clause)
        if len(words) < 2 or words[-1] not in PARTICLES:
            continue
        for word in words[:-1]:
            joined = words[-1] + frames.lemma(word, "de")
            if joined in CONCEPTS:
                found.append(CONCEPTS[joined])
    return found


def _is_content_word(word: str, language: str) -> bool:
    # German capitalises every noun, so capitals mark nouns and names; in English they mark names only,
    # and longer lower-case words are kept too.
    return word[0].isupper() or (language != "de" and len(word) >= 5)


def unit_term(unit: str, language: str) -> str:
    words = WORD.findall(unit)
    if not words:
        return ""
    joined = " ".join(words).lower()
    return CONCEPTS.get(joined) or term(words[-1], language)


def measure(kind: str, quantity: str) -> str:
    """Figures are compared only within one measure: "count", "count:degrees", "percent", "money:USD", "date"."""
    if kind == "date":
        return "date"
    if kind == "duration":
        return "duration"  # minutes and hours compare once converted (facts.SECONDS)
    if kind == "percent":
        return "percent"  # what it is a share of is a slot of the frame, unknown as often as not
    if kind == "count":
        # Which things are counted is the frame's quantity, weighed with the rest (claims.matching.features):
        # "54.281 Läufer", "54,218 people" and a bare "54.218" are one measure.
        return f"count:{quantity}" if quantity in UNITS else "count"
    return kind


def derive(
    claim_text: str, language: str, figures: Sequence[Spec], title: str = "", speaker: str = "",
    published: date | None = None, lead: str = "", around: tuple[str, str] = ("", ""), headline: bool = False,
) -> list[tuple[str, list[str]]]:
    """(measure, terms) for each figure: the frame's slots (claims.matching.frames) first, then key terms.

    Every count is one measure, whatever it counts ("2.800" alone too): which things are counted is the frame's
    quantity, which the contradiction model weighs with the rest. Units of measurement, money (with its
    currency), percentages, durations and dates are measures of their own.
    The names in the article's title join the claim's terms: a sentence deep in a report on Russia and
    North Korea often names neither. A year or month that is the time of another figure in the same claim
    ("2023 stieg der Handel auf …") says when, not what happened: it gets no measure and is never compared.
    A day stays an event ("landete am 19. Juni, erstmals seit 24 Jahren").
    """
    names = [t for t in subject_terms(title, language) if is_entity(t)]
    terms = list(dict.fromkeys([*subject_terms(claim_text, language), *names]))[:MAX_TERMS]
    times = {spec.as_of for spec in figures if spec.kind != "date" and spec.as_of}
    spans = [(spec.start, spec.end) for spec in figures]
    derived = []
    for spec in figures:
        quantity, slots, stretch = frames.read(claim_text, (spec.start, spec.end), spans, spec.kind, spec.unit,
                                               language, speaker, title, published, lead, around, headline)
        local = [term_ for term_ in subject_terms(stretch, language) if term_ != quantity][:LOCAL_TERMS]
        slots += [f"=l:{term_}" for term_ in local]
        if spec.kind == "date" and spec.date_value in times and len(spec.date_value) < 10:
            derived.append(("", _fitting(terms)))
            continue
        found = measure(spec.kind, quantity)
        if spec.kind == "money":
            found = f"money:{spec.unit}"
        derived.append((found, _fitting([*slots, *terms])))
    return derived


def paragraph(before: str, after: str) -> tuple[str, str]:
    """Of the AROUND_CHARS before and after a claim, what stays in its paragraph."""
    return before.rsplit("\n", 1)[-1], after.split("\n", 1)[0]


def _fitting(terms: list[str]) -> list[str]:
    kept, used = [], 0
    limit = MAX_TERMS + sum(frames.is_slot(t) for t in terms[:MAX_SLOTS])
    for term_ in dict.fromkeys(t[:MAX_TERM_CHARS] for t in terms):
        if len(kept) == limit or used + len(term_) + 1 > MAX_SUBJECT_CHARS:
            break
        kept.append(term_)
        used += len(term_) + 1
    return kept


def is_entity(term_: str) -> bool:
    return term_ in ENTITIES
