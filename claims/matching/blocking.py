"""Which figures to compare at all: never every pair.

Two figures can only match when they share their measure. Each figure is filed under its measure plus each pair
of its leading terms (the blocking keys), each of its names, each statistic, its quantity on the day it was
published and the day after, and its article, and is compared only with the WINDOW latest
figures filed before it under each of its keys. A busy key ("Container" and "Nordkorea" on a desk that
follows the arms trade) thus costs the same as a rare one, and a new figure meets the latest reporting on
its subject, which is what a desk checks it against.

Of those, only the COMPARED figures filed with it under the most keys (newest first among equals) are
compared: sharing more keys means sharing more terms, so these are the likeliest matches, and the cost per
figure stays fixed however busy its subject.

Each figure keeps its best few matches of each kind (PER_KIND) among the figures that came before it (lower
ids). That rule depends only on older figures, so adding an article never changes what older figures found,
and the incremental task and the full recompute reach the same result.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain, combinations
from operator import itemgetter

from . import frames
from .compare import Facts, Match, compare
from .subjects import is_entity

KEY_TERMS = 6
NAME_KEYS = 4
WINDOW = 40
COMPARED = 12
# Per kind, so a pile of agreeing reports cannot push a contradiction out (the labelled corpus needs three
# of each: a twin, a translation and a hedged version of one figure).
PER_KIND = {"contradiction": 3, "series": 2, "revision": 2, "corroboration": 2}


def key_pairs(measure: str, terms: Iterable[str], article: int) -> list[tuple[str, str, str]]:
    """The figure's blocking keys: pairs of its leading terms, each name of its frame (the place, party or
    event it is filed under in either language), and its article's figures of the same measure."""
    if not measure:
        return []
    terms = list(terms)
    words = [term for term in terms if not frames.is_slot(term)]
    leading = sorted(words[:KEY_TERMS])
    pairs = [(measure, x, y) for x, y in combinations(leading, 2) if not (is_entity(x) and is_entity(y))]
    names = dict.fromkeys(term[3:] for term in terms if term.startswith(("=n:", "=e:")))
    named = [(measure, "(name)", name) for name in list(names)[:NAME_KEYS]]
    # A statistic named on both sides ("year on year", "Vorjahresquartal") meets across languages.
    stats = [(measure, "(statistic)", term[3:]) for term in terms if term.startswith("=s:")]
    return [*pairs, *named, *stats, *_days(measure, terms), (measure, "(article)", str(article))]


def _days(measure: str, terms: list[str]) -> list[tuple[str, str, str]]:
    """The quantity on the day of publication and the day after: reports in two languages share few words, but
    one from the evening and one from the next morning give the same count of the same thing."""
    quantity = next((term[3:] for term in terms if term.startswith("=q:")), "").split("-")[0]
    day = next((term[3:] for term in terms if term.startswith("=p:")), "")
    if not (quantity and day):
        return []
    ordinal = date.fromisoformat(day).toordinal()
    return [(measure, "(day)", f"{quantity}/{ordinal + shift}") for shift in (0, 1)]


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
        # Ties go to the older figure (-id), so the choice never depends on the order candidates came in.
        found.sort(key=itemgetter(0, 1), reverse=True)
        seen, kept = set(), []
        for _, _, other, match in found:
            # A figure repeated in one report (headline and text) is one suggestion, not two.
            if (other.article, other.text) not in seen and len(kept) < PER_KIND[kind]:
                seen.add((other.article, other.text))
                kept.append((other, match))
        chosen += kept
    return chosen


def likeliest(filed: Iterable[Iterable[int]]) -> list[int]:
    """The COMPARED ids found under the most of a figure's keys; among equals the newest."""
    counts = Counter(chain.from_iterable(filed))
    if len(counts) <= COMPARED:
        return list(counts)
    return [id_ for id_, _ in sorted(counts.items(), key=itemgetter(1, 0), reverse=True)[:COMPARED]]


def full_pass(figures: Iterable[Facts]) -> Iterator[tuple[Facts, Facts, Match]]:
    """(newer, older, match) for every kept pair; `figures` must come in id order."""
    for figure, others in candidates(figures):
        for other, match in best(figure, others):
            yield figure, other, match


def candidates(figures: Iterable[Facts]) -> Iterator[tuple[Facts, list[Facts]]]:
    """Each figure with the older figures it is compared with; `figures` must come in id order."""
    # Plain lists, trimmed by hand: millions of keys, most with one or two figures, and a deque costs
    # ten times the memory of a short list.
    blocks: dict[int, list[int]] = {}
    seen: dict[int, Facts] = {}
    window = WINDOW
    for figure in figures:
        filed = []
        for pair in key_pairs(figure.measure, figure.subject, figure.article):
            key = hash(pair)
            block = blocks.get(key)
            if block is None:
                block = blocks[key] = []
            filed.append(block)
        yield figure, [seen[id_] for id_ in likeliest(filed)]
        for block in filed:
            block.append(figure.id)
            if window is not None and len(block) > window:
                del block[0]
        seen[figure.id] = figure
