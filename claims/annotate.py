"""The article text as HTML with its claims marked and numbered in place. No database: spans in, HTML out.

Every run of text sits in a `<span data-at="offset">`, so the page's script turns a selection back into
offsets of the stored text; numbers (#3) sit outside those spans and never count. Everything from the
article is escaped by format_html.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ClaimMark:
    number: int
    start: int
    end: int
    status: str
    status_label: str
    url: str
    contested: bool = False  # one of its figures has a suggested contradiction, undecided


def annotated(text: str, claims: list[ClaimMark], figures: list[tuple], offset: int = 0) -> SafeString:
    """`figures`: (start, end) or (start, end, reading); the reading shows when the figure is hovered or focused.
    `offset`: where `text` begins in the article, when it is a part of it (a claim's sentence): the runs carry
    article offsets, the spans are given in them too."""
    size = len(text)
    clip = [(c, min(max(c.start - offset, 0), size), min(max(c.end - offset, 0), size)) for c in claims]
    spans = [(min(max(f[0] - offset, 0), size), min(max(f[1] - offset, 0), size), f[2] if len(f) > 2 else "")
             for f in figures]
    cuts = {0, size, *(x for _c, a, b in clip for x in (a, b)), *(x for a, b, _r in spans for x in (a, b))}
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
    figure_opens, figure_closes = defaultdict(list), defaultdict(list)
    for index, (a, b, _r) in enumerate(spans):
        if a < b:
            figure_opens[a].append(index)
            figure_closes[b].append(index)
    active: set[ClaimMark] = set()
    in_figures: set[int] = set()
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        active.difference_update(closes.get(a, ()))
        active.update(opens.get(a, ()))
        in_figures.difference_update(figure_closes.get(a, ()))
        in_figures.update(figure_opens.get(a, ()))
        pieces.extend(_number(claim) for claim in sorted(opens.get(a, ()), key=lambda c: c.number))
        # Figures overlapping each other: the run shows the reading of the one that began first.
        reading = spans[min(in_figures)][2] if in_figures else None
        pieces.append(_run(text, a, b, offset, active, reading))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _number(claim: ClaimMark) -> SafeString:
    if claim.contested:
        title = _("Open claim #%(number)s (%(status)s; a suggested contradiction awaits a decision)")
    else:
        title = _("Open claim #%(number)s (%(status)s)")
    title %= {"number": claim.number, "status": claim.status_label}
    return format_html('<a class="claim-no status-{}{}" id="claim-{}" href="{}" title="{}">#{}{}</a>', claim.status,
                       " contested" if claim.contested else "", claim.number, claim.url, title, claim.number,
                       " ⚠" if claim.contested else "")


def _run(text: str, a: int, b: int, offset: int, covering: set[ClaimMark], reading: str | None) -> SafeString:
    if text[a:b] == "\r":
        html = format_html('<span data-at="{}">&#13;</span>', a + offset)
    else:
        html = format_html('<span data-at="{}">{}</span>', a + offset, text[a:b])
    if reading:
        # Focusable, so the reading (CSS shows data-reading) also opens from the keyboard.
        html = format_html('<mark class="figure" tabindex="0" data-reading="{}">{}</mark>', reading, html)
    elif reading is not None:
        html = format_html('<mark class="figure">{}</mark>', html)
    if not covering:
        return html
    # Overlapping claims: the run opens the narrowest one; the title names them all.
    ordered = sorted(covering, key=lambda c: (c.end - c.start, c.number))
    first = ordered[0]
    title = "; ".join(f"#{c.number} {c.status_label}" for c in ordered)
    contested = any(c.contested for c in ordered)
    if contested:
        title = _("%(claims)s; a suggested contradiction awaits a decision") % {"claims": title}
    return format_html('<mark class="claim status-{}{}{}" data-claim="{}" data-href="{}" title="{}">{}</mark>',
                       first.status, " overlap" if len(ordered) > 1 else "",
                       " contested" if contested else "", first.number, first.url, title, html)
