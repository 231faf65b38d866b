"""The article text as HTML with its claims marked and numbered in place. No database: spans in, HTML out.

Every run of text sits in a `<span data-at="offset">`, so the page's script turns a selection back into
offsets of the stored text; numbers (#3) sit outside those spans and never count. Everything from the
article is escaped by format_html.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class ClaimMark:
    number: int
    start: int
    end: int
    status: str
    status_label: str
    url: str


def annotated(text: str, claims: list[ClaimMark], figures: list[tuple[int, int]]) -> SafeString:
    cuts = {0, len(text)}
    for start, end in [*((c.start, c.end) for c in claims), *figures]:
        cuts.update((min(max(start, 0), len(text)), min(max(end, 0), len(text))))
    # A carriage return gets a run of its own: HTML folds CR LF to LF, which would shift every offset after it.
    cuts.update(i for i, ch in enumerate(text) if ch == "\r")
    cuts.update(i + 1 for i, ch in enumerate(text) if ch == "\r")
    bounds = sorted(cuts)
    starting = {}
    for claim in sorted(claims, key=lambda c: c.number):
        starting.setdefault(claim.start, []).append(claim)
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        pieces.extend(_number(claim) for claim in starting.get(a, ()))
        pieces.append(_run(text, a, b, claims, figures))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _number(claim: ClaimMark) -> SafeString:
    return format_html('<a class="claim-no status-{}" id="claim-{}" href="{}" title="Open claim #{} ({})">#{}</a>',
                       claim.status, claim.number, claim.url, claim.number, claim.status_label, claim.number)


def _run(text: str, a: int, b: int, claims: list[ClaimMark], figures: list[tuple[int, int]]) -> SafeString:
    if text[a:b] == "\r":
        html = format_html('<span data-at="{}">&#13;</span>', a)
    else:
        html = format_html('<span data-at="{}">{}</span>', a, text[a:b])
    if any(start <= a and b <= end for start, end in figures):
        html = format_html('<mark class="figure">{}</mark>', html)
    covering = sorted((c for c in claims if c.start <= a and b <= c.end), key=lambda c: (c.end - c.start, c.number))
    if not covering:
        return html
    # Overlapping claims: the run opens the narrowest one; the title names them all.
    first = covering[0]
    title = "; ".join(f"#{c.number} {c.status_label}" for c in covering)
    return format_html('<mark class="claim status-{}{}" data-claim="{}" data-href="{}" title="{}">{}</mark>',
                       first.status, " overlap" if len(covering) > 1 else "", first.number, first.url, title, html)
