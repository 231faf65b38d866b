"""Finding a claim again in a later version of its article: from its quote and the text around it.

Pure Python (rapidfuzz for the likeness of two passages). A claim is `unchanged` when its quote stands where it
stood, `moved` when the same words stand elsewhere, `changed` when a passage of the new text is still recognisably
it (a figure edited, a word added), and `gone` when nothing is.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..extraction import sentences

UNCHANGED, MOVED, CHANGED, GONE = "unchanged", "moved", "changed", "gone"
# Two passages at least this alike (0-100) are one claim edited; below it the claim is gone. A figure changed in
# a sentence of 60 characters keeps about 90; a sentence rewritten around the same figure keeps about 60.
CHANGED_AT = 70.0


@dataclass(frozen=True)
class Anchor:
    status: str
    start: int | None = None
    end: int | None = None
    similarity: float | None = None


def reanchor(quote: str, prefix: str, suffix: str, old_start: int, new_text: str,
             passages: list[tuple[int, int]] | None = None) -> Anchor:
    """Where `quote` (with `prefix` and `suffix` around it in the old text, at `old_start`) is in `new_text`.
    `passages`: the new text's sentences, when the caller anchors many claims in one text."""
    exact = _occurrences(quote, new_text)
    if exact:
        start = max(exact, key=lambda at: (_context(new_text, at, len(quote), prefix, suffix), -abs(at - old_start)))
        status = UNCHANGED if start == old_start else MOVED
        return Anchor(status, start, start + len(quote), 100.0)
    passages = passages if passages is not None else list(sentences.split(new_text))
    best = max(((fuzz.ratio(quote, new_text[s:e]), s, e) for s, e in passages), default=None)
    if best is None or best[0] < CHANGED_AT:
        return Anchor(GONE, similarity=round(best[0], 1) if best else None)
    return Anchor(CHANGED, best[1], best[2], round(best[0], 1))


def _occurrences(quote: str, text: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1 and len(found) < 100:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _context(text: str, at: int, length: int, prefix: str, suffix: str) -> int:
    """How much of the old context surrounds this occurrence: tells apart a sentence the article repeats."""
    before = text[max(0, at - len(prefix)) : at]
    after = text[at + length : at + length + len(suffix)]
    return int(before == prefix) + int(after == suffix)
