"""A figure's unit as the desk compares it: "Container", "Containern" and "containers" are one unit.

Conflict detection already folds a unit to one term (claims.matching.subjects.unit_term: the noun's lemma, or the
concept it names in either language); two spellings are one unit here when they fold to the same term. A filter
cannot fold the stored units of a million figures, so it asks for the spellings a unit is written in: the
inflected forms of the query's noun in German and English, each kept only if it folds as the query does. Those
are compared case-blind with the stored unit, which an index on UPPER(unit) serves (migration 0016).
Pure Python: no Django."""

from __future__ import annotations

import re
from functools import lru_cache

from .matching import frames, subjects

LANGUAGES = ("de", "en")
MAX_LENGTH = 64
NOUN = re.compile(r"[^\W\d_]{3,}$")  # a word of letters at the unit's end; "t", "km", "%" are left as written
# The endings of German plurals and cases (Container-n, Soldat-en, Kind-er-n, Jahr-es) and of English plurals.
GERMAN = ("", "e", "en", "n", "s", "es", "er", "ern", "ns", "nen")
UMLAUTED = ("e", "en", "er", "ern")  # Haus → Häuser, Geschütz → Geschütze
ENGLISH = ("", "s", "es")
UMLAUT = str.maketrans("aouAOU", "äöüÄÖÜ")


def terms(unit: str) -> set[str]:
    """What the unit folds to in either language, read as written and with its noun capitalised: the lemmatiser
    knows German nouns by their capital ("containern" and "CONTAINERN" are read as "Containern")."""
    match = NOUN.search(unit)
    written = {unit, unit[: match.start()] + match.group().capitalize()} if match else {unit}
    return {term for language in LANGUAGES for text in written if (term := subjects.unit_term(text, language))}


@lru_cache(maxsize=4096)
def spellings(unit: str) -> list[str]:
    """The spellings, in lower case, of the same unit: the unit itself and each form of its noun that folds as it
    does. A unit without a noun of three letters or more at its end ("t", "km", "%") is only itself."""
    found = {unit.lower()}
    # Longer than a stored unit can be (Figure.unit) is only itself; the pattern would take quadratic time on it.
    if len(unit) > MAX_LENGTH:
        return sorted(found)
    match = NOUN.search(unit)
    wanted = terms(unit)
    if not match or not wanted:
        return sorted(found)
    head, noun = unit[: match.start()], match.group()
    written = {noun, noun.capitalize()}
    stems = {noun.lower(), *(frames.lemma(word, language) for word in written for language in LANGUAGES)}
    for form in {form for stem in stems for form in _forms(stem)}:
        if terms(head + form) & wanted:
            found.add((head + form).lower())
    return sorted(found)


def same(units: list[str]) -> list[str]:
    """The units one of each: a unit that is a spelling of one before it is left out (for a list of choices)."""
    kept: list[tuple[set[str], str]] = []
    for unit in units:
        if not any(unit.lower() in spelled for spelled, _ in kept):
            kept.append((set(spellings(unit)), unit))
    return [unit for _, unit in kept]


def _forms(stem: str) -> set[str]:
    forms = {stem + ending for ending in GERMAN + ENGLISH}
    umlauted = _umlauted(stem)
    forms |= {umlauted + ending for ending in UMLAUTED}
    # Latin and Greek loans: Museum → Museen, Firma → Firmen, Zyklus → Zyklen.
    for ending in ("um", "a", "us", "on"):
        if stem.endswith(ending):
            forms.add(stem[: -len(ending)] + "en")
    if stem.endswith("y"):
        forms.add(stem[:-1] + "ies")  # English: battery → batteries
    if stem.endswith(("f", "fe")):
        forms.add(stem.rstrip("e")[:-1] + "ves")  # English: shelf → shelves
    if stem.endswith("man"):
        forms.add(stem[:-3] + "men")
    return forms


def _umlauted(stem: str) -> str:
    """The stem with its last a, o, u (or au) umlauted: Haus → Häus, Fass → Fäss."""
    for index in range(len(stem) - 1, -1, -1):
        if stem[index] in "aou":
            if stem[index] == "u" and index and stem[index - 1] == "a":
                index -= 1  # au → äu
            return stem[:index] + stem[index].translate(UMLAUT) + stem[index + 1 :]
    return stem
