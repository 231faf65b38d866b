"""Two versions of a page's text for a reader: the cited figure marked in each, and the passages that changed.

Pure Python (difflib, no Django). A text is lines, one per block, as pages.read_page writes it, so the diff goes
line by line and then word by word inside a changed line. Only passages are returned, never whole pages: a
50 KB page with one changed figure gives a few lines.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

# Characters of each text the diff reads: difflib's time grows faster than the text, and pages may be megabytes
# (40,000 short lines that all differ took 0.8 s at 300,000 characters). The figure is looked for in all of it.
MAX_COMPARED = 100_000
MAX_LINES = 30  # lines of one passage shown, and so diffed word by word
# Words of a line compared word by word (separators counted): difflib's word diff grows with the square of a
# line, and a hostile page can be one paragraph of 90 KB whose words were reordered (20 s a claim page, found in
# review). A longer line that changed is shown changed as a whole, around the figure.
MAX_WORDS = 2_000
CONTEXT = 1  # unchanged lines shown around a change
MAX_PASSAGES = 4
LINE_WIDTH = 600  # characters of one line shown, around what is marked in it
WORDS = re.compile(r"(\s+)")

SAME, CITED, NOW = "same", "cited", "now"
Finder = Callable[[str], list[tuple[int, int]]]


@dataclass(frozen=True)
class Piece:
    text: str
    changed: bool = False
    figure: bool = False


@dataclass(frozen=True)
class Line:
    kind: str  # SAME in both versions, CITED only in the version as cited, NOW only in the current one
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Comparison:
    cited: tuple[Piece, ...] | None  # the line around the figure as cited; None: the figure is not in it
    now: tuple[Piece, ...] | None
    passages: list[list[Line]]
    more: int  # changed passages left out
    same: bool  # the two texts are equal


def compare(cited: str, now: str, find: Finder) -> Comparison:
    """`find` gives where the cited figure stands in a text (sources.fetching.evidence.where)."""
    if cited == now:
        excerpt = around_figure(cited, find)
        return Comparison(excerpt, excerpt, [], 0, True)
    passages, more = changed_passages(cited, now, find)
    return Comparison(around_figure(cited, find), around_figure(now, find), passages, more, False)


def around_figure(text: str, find: Finder) -> tuple[Piece, ...] | None:
    """The line holding the first place the figure stands, with every place in it marked."""
    spans = find(text)
    if not spans:
        return None
    start = text.rfind("\n", 0, spans[0][0]) + 1
    end = text.find("\n", spans[0][1])
    line = text[start:] if end < 0 else text[start:end]
    return _window(_pieces(line, figures=find(line)))


def changed_passages(cited: str, now: str, find: Finder) -> tuple[list[list[Line]], int]:
    """The changed passages with a line of context, those holding the figure first in choice, in page order;
    and how many more there were."""
    old, new = _lines(cited), _lines(now)
    groups = list(difflib.SequenceMatcher(None, old, new).get_grouped_opcodes(CONTEXT))
    passages = [_passage(group, old, new, find) for group in groups]
    with_figure = [i for i, passage in enumerate(passages) if _has_figure(passage)]
    chosen = sorted([*with_figure, *(i for i in range(len(passages)) if i not in with_figure)][:MAX_PASSAGES])
    return [passages[i] for i in chosen], len(passages) - len(chosen)


def _lines(text: str) -> list[str]:
    return text[:MAX_COMPARED].split("\n") if text else []


def _passage(group, old: list[str], new: list[str], find: Finder) -> list[Line]:
    lines: list[Line] = []
    for tag, i1, i2, j1, j2 in group:
        if len(lines) >= MAX_LINES:  # a passage longer than that is cut: each version is there whole to read
            break
        if tag == "equal":
            lines += [Line(SAME, _window(_pieces(line, figures=find(line)))) for line in old[i1:i2]]
            continue
        room = max(1, (MAX_LINES - len(lines)) // 2)  # shared by the lines as cited and now
        gone, came = old[i1:min(i2, i1 + room)], new[j1:min(j2, j1 + room)]
        changes = [_word_changes(a, b) if _short(a) and _short(b) else _ends_changed(a, b)
                   for a, b in zip(gone, came, strict=False)]
        lines += [_changed(CITED, line, changes[k][0] if k < len(changes) else None, find)
                  for k, line in enumerate(gone)]
        lines += [_changed(NOW, line, changes[k][1] if k < len(changes) else None, find)
                  for k, line in enumerate(came)]
    return lines


def _short(line: str) -> bool:
    return line.count(" ") < MAX_WORDS // 2 and len(line) < MAX_WORDS * 20


def _ends_changed(a: str, b: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """For lines too long to compare word by word: what lies between their common beginning and common end, in
    whole words. One pass: a figure changed inside a long paragraph is still found; a reordered one is all changed."""
    same_start = len(os.path.commonprefix([a, b]))
    same_end = len(os.path.commonprefix([a[same_start:][::-1], b[same_start:][::-1]]))
    start = a.rfind(" ", 0, same_start) + 1  # back to the start of the word the change is in
    end_a, end_b = _word_end(a, len(a) - same_end), _word_end(b, len(b) - same_end)
    return ([(start, end_a)] if end_a > start else []), ([(start, end_b)] if end_b > start else [])


def _word_end(line: str, at: int) -> int:
    found = line.find(" ", at)
    return len(line) if found < 0 else found


def _changed(kind: str, line: str, spans: list[tuple[int, int]] | None, find: Finder) -> Line:
    # A line without a counterpart changed as a whole.
    spans = [(0, len(line))] if spans is None else spans
    return Line(kind, _window(_pieces(line, changed=spans, figures=find(line))))


def _word_changes(a: str, b: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where two versions of a line differ, word by word: spans in `a`, spans in `b`."""
    words_a, words_b = WORDS.split(a), WORDS.split(b)
    starts_a, starts_b = _starts(words_a), _starts(words_b)
    in_a, in_b = [], []
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            in_a += [(starts_a[i1], starts_a[i2])] if i2 > i1 else []
            in_b += [(starts_b[j1], starts_b[j2])] if j2 > j1 else []
    return _joined(in_a, a), _joined(in_b, b)


def _joined(spans: list[tuple[int, int]], line: str) -> list[tuple[int, int]]:
    """Changes only a space apart read as one: "fast 7.000" became "rund 6.000", not two changes."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and not line[joined[-1][1]:start].strip():
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _starts(words: list[str]) -> list[int]:
    starts = [0]
    for word in words:
        starts.append(starts[-1] + len(word))
    return starts


def _pieces(line: str, *, changed: list[tuple[int, int]] = (), figures: list[tuple[int, int]] = ()) -> list[Piece]:
    """The line cut where a changed or a figure span begins or ends, each piece flagged."""
    cuts = sorted({0, len(line), *(p for span in [*changed, *figures] for p in span if 0 <= p <= len(line))})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if end > start:
            pieces.append(Piece(line[start:end], changed=_inside(start, end, changed),
                                figure=_inside(start, end, figures)))
    return pieces


def _inside(start: int, end: int, spans) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _window(pieces: list[Piece]) -> tuple[Piece, ...]:
    """At most LINE_WIDTH characters of the line, from a little before the first marked piece."""
    total = sum(len(piece.text) for piece in pieces)
    if total <= LINE_WIDTH:
        return tuple(pieces)
    offset = 0
    for piece in pieces:
        if piece.changed or piece.figure:
            break
        offset += len(piece.text)
    else:
        offset = 0
    start = max(0, min(offset - LINE_WIDTH // 4, total - LINE_WIDTH))
    return tuple(_cut(pieces, start, start + LINE_WIDTH))


def _cut(pieces: list[Piece], start: int, end: int) -> list[Piece]:
    kept, position = [], 0
    for piece in pieces:
        a, b = max(start, position), min(end, position + len(piece.text))
        if b > a:
            kept.append(Piece(piece.text[a - position:b - position], piece.changed, piece.figure))
        position += len(piece.text)
    if start > 0:
        kept.insert(0, Piece("… "))
    if end < position:
        kept.append(Piece(" …"))
    return kept


def _has_figure(passage: list[Line]) -> bool:
    return any(piece.figure for line in passage for piece in line.pieces)
