"""The article text as HTML with its claims marked and numbered in place. No database: spans in, HTML out.

Every run of text sits in a `<span data-at="offset">`, so the page's script turns a selection back into
offsets of the stored text; numbers (#3) sit outside those spans and never count. Everything from the
article is escaped by format_html.
"""

from __future__ import annotations

from collections import Counter, defaultdict
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
    size = len(text)
    clip = [(c, min(max(c.start, 0), size), min(max(c.end, 0), size)) for c in claims]
    spans = [(min(max(a, 0), size), min(max(b, 0), size)) for a, b in figures]
    cuts = {0, size, *(x for _, a, b in clip for x in (a, b)), *(x for span in spans for x in span)}
    # A carriage return gets a run of its own: HTML folds CR LF to LF, which would shift every offset after it.
    for i, ch in enumerate(text):
        if ch == "\r":
            cuts.update((i, i + 1))
    bounds = sorted(cuts)
    # One sweep over the boundaries: what opens or closes at each, so a run is not checked against every claim.
    opens, closes = defaultdict(list), defaultdict(list)
    for claim, a, b in clip:
        if a < b:
            opens[a].append(claim)
            closes[b].append(claim)
    figure_depth = Counter()
    for a, b in spans:
        if a < b:
            figure_depth[a] += 1
            figure_depth[b] -= 1
    active: set[ClaimMark] = set()
    in_figure = 0
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        active.difference_update(closes.get(a, ()))
        active.update(opens.get(a, ()))
        in_figure += figure_depth.get(a, 0)
        pieces.extend(_number(claim) for claim in sorted(opens.get(a, ()), key=lambda c: c.number))
        pieces.append(_run(text, a, b, active, in_figure > 0))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _number(claim: ClaimMark) -> SafeString:
    return format_html('<a class="claim-no status-{}" id="claim-{}" href="{}" title="Open claim #{} ({})">#{}</a>',
                       claim.status, claim.number, claim.url, claim.number, claim.status_label, claim.number)


def _run(text: str, a: int, b: int, covering: set[ClaimMark], in_figure: bool) -> SafeString:
    if text[a:b] == "\r":
        html = format_html('<span data-at="{}">&#13;</span>', a)
    else:
        html = format_html('<span data-at="{}">{}</span>', a, text[a:b])
    if in_figure:
        html = format_html('<mark class="figure">{}</mark>', html)
    if not covering:
        return html
    # Overlapping claims: the run opens the narrowest one; the title names them all.
    ordered = sorted(covering, key=lambda c: (c.end - c.start, c.number))
    first = ordered[0]
    title = "; ".join(f"#{c.number} {c.status_label}" for c in ordered)
    return format_html('<mark class="claim status-{}{}" data-claim="{}" data-href="{}" title="{}">{}</mark>',
                       first.status, " overlap" if len(ordered) > 1 else "", first.number, first.url, title, html)
