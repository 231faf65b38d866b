"""What a figure measures: its measure (kind and unit) and its subject (the key terms of its claim)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import simplemma

from .lexicon import CONCEPTS, ENGLISH_ONLY, ENTITIES, PARTICLES, STOPWORDS

MAX_TERMS = 12
MAX_SUBJECT_CHARS = 480  # stored space-separated in a 500-character column: what is kept is what is compared
MAX_TERM_CHARS = 40
WORD = re.compile(r"[^\W\d_][\w\-]*[^\W_]|[^\W\d_]")
CONCEPT_TERMS = frozenset(CONCEPTS.values())
CLAUSE_END = re.compile(r"[,;:.!?–()]")
# Abbreviations written in capitals that are also common lower-case words ("US" / "us").
CAPITALS = {"US": "usa", "USA": "usa", "UN": "un", "UNO": "un", "NIS": "nis"}


@lru_cache(maxsize=200_000)
def _lemma(word: str, language: str) -> str:
    return simplemma.lemmatize(word, lang=language).lower()


def term(word: str, language: str) -> str:
    """One word as a subject term: its lemma, or the concept that lemma names in either language."""
    if word in CAPITALS:
        return CAPITALS[word]
    lower = word.lower()
    if lower in CONCEPTS:
        return CONCEPTS[lower]
    lemma = _lemma(word, language)
    if lemma in CONCEPTS:
        return CONCEPTS[lemma]
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
            joined = words[-1] + _lemma(word, "de")
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


def measure(kind: str, unit: str, language: str) -> str:
    """Figures are compared only within one measure: "count:container", "money:USD", "date"."""
    if kind == "date":
        return "date"
    if kind == "count":
        return f"count:{unit_term(unit, language)}"
    return f"{kind}:{unit}"


def derive(
    claim_text: str, language: str, figures: Sequence[tuple[str, str, str, str]], title: str = ""
) -> list[tuple[str, list[str]]]:
    """(measure, terms) for each figure given as (kind, unit, date value, as_of).

    The names in the article's title join the claim's terms: a sentence deep in a report on Russia and
    North Korea often names neither. A year or month that is the time of another figure in the same claim
    ("2023 stieg der Handel auf …") says when, not what happened: it gets no measure and is never compared.
    A day stays an event ("landete am 19. Juni, erstmals seit 24 Jahren").
    """
    names = [t for t in subject_terms(title, language) if is_entity(t)]
    terms = list(dict.fromkeys([*subject_terms(claim_text, language), *names]))[:MAX_TERMS]
    times = {as_of for kind, _, _, as_of in figures if kind != "date" and as_of}
    derived = []
    for kind, unit, date_value, _ in figures:
        if kind == "date" and date_value in times and len(date_value) < 10:
            derived.append(("", _fitting(terms)))
            continue
        own = unit_term(unit, language) if kind == "count" else ""
        derived.append((measure(kind, unit, language), _fitting([own, *terms] if own else terms)))
    return derived


def _fitting(terms: list[str]) -> list[str]:
    kept, used = [], 0
    for term_ in dict.fromkeys(t[:MAX_TERM_CHARS] for t in terms):
        if len(kept) == MAX_TERMS or used + len(term_) + 1 > MAX_SUBJECT_CHARS:
            break
        kept.append(term_)
        used += len(term_) + 1
    return kept


def is_entity(term_: str) -> bool:
    return term_ in ENTITIES
