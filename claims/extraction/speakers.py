"""Who a sentence attributes its figures to, when it says so."""

from __future__ import annotations

import re

from .lexicon import ROLE_WORDS

NAME = (
    r"(?:(?:the|der|die|des|dem)\s)?[A-ZÄÖÜ][\w.'’-]*(?:\s(?:von\s|van\s|de\s)?[A-ZÄÖÜ][\w.'’-]*){0,4}"
    r"(?:\s(?:officials|sources|intelligence|analysts|diplomats|experts|officers|estimates))?"
)
PATTERNS = [
    re.compile(rf"\b(?i:laut|according to|nach Angaben (?:von|des|der|aus))\s+(?P<who>{NAME})"),
    re.compile(rf"\b(?i:sagte|sagt|erklärte|erklärt|betonte|meint|meinte|schätzt|schätzte|berichtete|teilte)\s+"
               rf"(?:am\s\S+\s)?(?P<who>{NAME})"),
    re.compile(rf"(?P<who>{NAME})\s+(?:bezifferte|beziffert|schätzte|schätzt|sagte|erklärte|said|says|told|"
               rf"estimated|estimates|reported|wrote)\b"),
    re.compile(rf"\b(?:said|says|told|estimated)\s+(?P<who>{NAME})"),
]
LEADING_ARTICLE = re.compile(r"^(?:der|die|des|dem)\s", re.IGNORECASE)


def speaker(sentence: str) -> str:
    for pattern in PATTERNS:
        match = pattern.search(sentence)
        if match:
            return _name_part(match["who"])
    return ""


def _name_part(phrase: str) -> str:
    # "Südkoreas Verteidigungsminister Shin Won-sik" -> "Shin Won-sik": the name after the role.
    words = LEADING_ARTICLE.sub("", phrase).rstrip(".'’").split()
    for index in range(len(words) - 1, -1, -1):
        if words[index].lower().endswith(ROLE_WORDS) and index < len(words) - 1:
            return " ".join(words[index + 1 :])
    return " ".join(words)
