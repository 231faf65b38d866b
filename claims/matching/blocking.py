"""Which figures to compare at all: never every pair.

Two figures can only match when they share their measure and at least two subject terms, one of them not a
name (see compare.similarity). So each figure is filed under its measure plus each pair of its leading terms
(the blocking keys) and under its measure plus its article, and is compared only with the WINDOW latest
figures filed before it under each of its keys. A busy key ("Container" and "Nordkorea" on a desk that
follows the arms trade) thus costs the same as a rare one, and a new figure meets the latest reporting on
its subject, which is what a desk checks it against.

Each figure keeps its best few matches of each kind (PER_KIND) among the figures that came before it (lower
ids). That rule depends only on older figures, so adding an article never changes what older figures found,
and the incremental task and the full recompute reach the same result.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import combinations

from .compare import Facts, Match, compare
from .subjects import is_entity

KEY_TERMS = 6
WINDOW = 40
# Per kind, so a pile of agreeing reports cannot push a contradiction out (the labelled corpus needs three
# of each: a twin, a translation and a hedged version of one figure).
PER_KIND = {"contradiction": 3, "series": 3, "corroboration": 3}


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


def best(figure: Facts, candidates: Iterable[Facts]) -> list[tuple[Facts, Match]]:
    """The figure's best matches of each kind, strongest first."""
    by_kind: dict[str, list[tuple[float, int, Facts, Match]]] = {}
    for other in candidates:
        match = compare(other, figure) if other.id < figure.id else compare(figure, other)
        if match is not None:
            by_kind.setdefault(match.kind, []).append((match.score, -other.id, other, match))
    chosen = []
    for kind, found in by_kind.items():
        chosen += [(other, match) for _, _, other, match in heapq.nlargest(PER_KIND[kind], found, key=_rank)]
    return chosen


def _rank(entry: tuple[float, int, Facts, Match]) -> tuple[float, int]:
    return entry[0], entry[1]  # ties go to the older figure, so the choice never depends on dict order


def full_pass(figures: Iterable[Facts]) -> Iterator[tuple[Facts, Facts, Match]]:
    """(newer, older, match) for every kept pair; `figures` must come in id order."""
    blocks: dict[int, deque[Facts]] = {}
    for figure in figures:
        pairs = key_pairs(figure.measure, figure.subject, figure.article)
        filed = [blocks.get(hash(pair)) or blocks.setdefault(hash(pair), deque(maxlen=WINDOW)) for pair in pairs]
        candidates = {other.id: other for block in filed for other in block}
        for other, match in best(figure, candidates.values()):
            yield figure, other, match
        for block in filed:
            block.append(figure)
