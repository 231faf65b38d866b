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
GROUPS = r"(?:ministry|officials?|sources|intelligence|analysts|diplomats|experts|officers|estimates)(?![\w])"
# An optional article and adjective, capitalised words joined by "von", "des", "of" …, and an optional
# group noun: "Shin Won-sik", "ein Sprecher des Kremls", "dem britischen Open Source Centre",
# "South Korea's defence ministry", "a US official".
NAME = (
    rf"(?:(?:the|der|die|des|dem|den|ein|eine|einer|a|an)\s)?(?:{WORD}(?:e|en|er|es)\s)?"
    rf"{CAP}(?:\s(?:(?:von|van|de|des|der|of|of\sthe)\s)?{CAP}){{0,4}}"
    rf"(?:\s(?:[a-z]{{1,40}}\s)?{GROUPS})?"
)
PATTERNS = [
    re.compile(rf"\b(?i:laut|according to|nach Angaben (?:von|des|der|aus))\s+(?P<who>{NAME})"),
    re.compile(rf"\b(?i:sagte|sagt|erklärte|erklärt|betonte|meint|meinte|schätzt|schätzte|berichtete|teilte)\s+"
               rf"(?:am\s\S+\s)?(?P<who>{NAME})"),
    re.compile(rf"(?P<who>{NAME})\s+(?:bezifferte|beziffert|schätzte|schätzt|sagte|erklärte|said|says|told|"
               rf"estimated|estimates|reported|wrote)\b"),
    re.compile(rf"\b(?:said|says|told|estimated)\s+(?P<who>{NAME})"),
]
# German definite articles (and an adjective after one) are not part of a speaker's name.
LEADING_ARTICLE = re.compile(r"^(?:der|die|des|dem|den)\s(?:[a-zäöüß]+(?:e|en|er|es)\s)?")


# Every pattern needs one of these words; most sentences have none, and a substring test is cheap.
TRIGGERS = ("aut ", "ccording", "Angaben", "sagt", "erklärt", "betont", "mein", "schätz", "berichtet", "teilte",
            "beziffert", "said", "says", "told", "estimate", "reported", "wrote")


def speaker(sentence: str) -> str:
    if not any(trigger in sentence for trigger in TRIGGERS):
        return ""
    for pattern in PATTERNS:
        match = pattern.search(sentence)
        if match:
            return _name_part(match["who"])
    return ""


def _name_part(phrase: str) -> str:
    # "Südkoreas Verteidigungsminister Shin Won-sik" -> "Shin Won-sik": the name after the role.
    words = LEADING_ARTICLE.sub("", phrase).rstrip(".'’").split()
    for index in range(len(words) - 1, -1, -1):
        if words[index].lower().endswith(ROLE_WORDS) and index < len(words) - 1 and words[index + 1][:1].isupper():
            return " ".join(words[index + 1 :])
    return " ".join(words)
