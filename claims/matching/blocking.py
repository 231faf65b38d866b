"""Which figures to compare at all: never every pair.

Two figures can only match when they share their measure and at least two subject terms, one of them not a
name (see compare.similarity). So each figure is filed under its measure plus each pair of its leading terms
(the blocking keys), and only figures filed under a common key are compared. A key shared by more than
COMMON figures says nothing particular ("Russland" and "Nordkorea" in a desk about them) and is ignored.

Each figure keeps its best PER_KIND matches of each kind among the figures that came before it (lower ids).
That rule depends only on older figures, so adding an article never changes what older figures found, and
the incremental task and the full recompute reach the same result.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Iterator
from itertools import combinations

from .compare import Facts, Match, compare
from .subjects import is_entity

KEY_TERMS = 6
COMMON = 200
PER_KIND = 5


def key_pairs(measure: str, terms: Iterable[str], article: int) -> list[tuple[str, str, str]]:
    """The figure's blocking keys; one of them files it with its article's figures of the same measure."""
    if not measure:
        return []
    leading = sorted(list(terms)[:KEY_TERMS])
    pairs = [(measure, x, y) for x, y in combinations(leading, 2) if not (is_entity(x) and is_entity(y))]
    return [*pairs, (measure, "(article)", str(article))]


def stored_key(pair: tuple[str, str, str]) -> int:
    """A key as stored in the database: a stable signed 64-bit hash (Python's own hash changes per run)."""
    digest = hashlib.blake2b("\x1f".join(pair).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def keys(measure: str, terms: Iterable[str], article: int) -> list[int]:
    return [stored_key(pair) for pair in key_pairs(measure, terms, article)]


def best(figure: Facts, candidates: Iterable[Facts], per_kind: int = PER_KIND) -> list[tuple[Facts, Match]]:
    """The figure's best matches of each kind, strongest first."""
    by_kind: dict[str, list[tuple[float, int, Facts, Match]]] = {}
    for other in candidates:
        match = compare(other, figure) if other.id < figure.id else compare(figure, other)
        if match is not None:
            by_kind.setdefault(match.kind, []).append((match.score, -other.id, other, match))
    chosen = []
    for found in by_kind.values():
        chosen += [(other, match) for _, _, other, match in heapq.nlargest(per_kind, found, key=_rank)]
    return chosen


def _rank(entry: tuple[float, int, Facts, Match]) -> tuple[float, int]:
    return entry[0], entry[1]  # ties go to the older figure, so the choice never depends on dict order


def full_pass(figures: Iterable[Facts]) -> Iterator[tuple[Facts, Facts, Match]]:
    """(newer, older, match) for every kept pair; `figures` must come in id order."""
    # A block holds at most COMMON + 1 figures: one more than that and the key is common for good.
    blocks: dict[int, list[Facts]] = {}
    for figure in figures:
        candidates: dict[int, Facts] = {}
        pairs = key_pairs(figure.measure, figure.subject, figure.article)
        filed = [blocks.setdefault(hash(pair), []) for pair in pairs]
        for block in filed:
            if len(block) <= COMMON:
                candidates.update((other.id, other) for other in block)
        for other, match in best(figure, candidates.values()):
            yield figure, other, match
        for block in filed:
            if len(block) <= COMMON:
                block.append(figure)
