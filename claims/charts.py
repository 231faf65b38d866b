"""Server-side SVG charts for the desk dashboard: pure functions of their arguments, no ORM, no JavaScript.

Every piece of text goes through format_html, so a label taken from an article cannot become markup, and the
result is well-formed XML as well as HTML. Nothing depends on a clock or a counter: the same data gives the
same bytes, which keeps pages cacheable and tests exact.

A bar's paint is a colour ("#1e7e34") or, for anything else, a CSS class the page styles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from django.utils.dates import MONTHS_3
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

NO_DATA = gettext_lazy("No data yet")
PALETTE = ("#417690", "#b02a37", "#b26a00", "#1e7e34", "#6c757d")
# Month abbreviations as the page's language writes them (Django's own: "Mär", "Okt" in German).
MONTHS = tuple(capfirst(MONTHS_3[month]) for month in range(1, 13))
LONGEST_LABEL = 28

# Text takes the page's colour (currentColor), so the chart follows the admin's light and dark themes. Its size
# on a narrow screen comes from the page's stylesheet (.desk-chart): the Content-Security-Policy allows no
# style attribute, where presentation attributes (fill, font-*) are fine.
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="desk-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
    'width="{}" height="{}" font-family="system-ui, sans-serif" '
    'font-size="12" fill="currentColor"><title>{}</title>'
    '<text x="0" y="16" font-size="14" font-weight="bold">{}</text>{}</svg>'
)

# Horizontal bars: label column, bar, number.
BARS_WIDTH, LABEL_WIDTH, NUMBER_WIDTH = 560, 190, 50
ROW_HEIGHT, BAR_HEIGHT, BARS_TOP = 22, 14, 30
BAR_ROW = (
    '<g transform="translate(0,{})"><title>{}: {}</title>'
    '<text x="{}" y="11" text-anchor="end">{}</text>'
    '<rect x="{}" y="0" width="{}" height="{}"{}/>'
    '<text x="{}" y="11">{}</text></g>'
)

# Daily columns: the plot sits between the margins; day labels and the legend go below it.
DAILY_WIDTH, DAILY_HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 34, 56
DAY_LABELS = 6
COLUMN = '<rect x="{}" y="{}" width="{}" height="{}"{}><title>{}: {} {}</title></rect>'


def bars(title: str, rows: Sequence[tuple[str, int, str]]) -> SafeString:
    """One bar per (label, value, paint), scaled to the largest value."""
    if not any(value for _, value, _ in rows):
        return _empty(title, BARS_WIDTH)
    top = max(value for _, value, _ in rows)
    span = BARS_WIDTH - LABEL_WIDTH - NUMBER_WIDTH
    body = _join(_bar(i, label, value, paint, span * value / top) for i, (label, value, paint) in enumerate(rows))
    summary = ", ".join(f"{label} {value}" for label, value, _ in rows)
    return _svg(f"{title}: {summary}", title, BARS_WIDTH, BARS_TOP + ROW_HEIGHT * len(rows), body)


def _bar(index: int, label: str, value: int, paint: str, width: float) -> SafeString:
    return format_html(
        BAR_ROW, BARS_TOP + ROW_HEIGHT * index, label, value, LABEL_WIDTH - 8, _short(label), LABEL_WIDTH,
        _n(width), BAR_HEIGHT, _paint(paint), _n(LABEL_WIDTH + width + 6), value,
    )


def daily(title: str, days: Sequence[date], series: dict[str, Sequence[int]],
          paints: dict[str, str] | None = None) -> SafeString:
    """Stacked columns, one per day, the series in the order given: a column's height is the day's total.
    `paints` maps a series to its colour or class; the palette fills in the rest."""
    for name, values in series.items():
        if len(values) != len(days):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(days)} days")
    totals = [sum(day_values) for day_values in zip(*series.values(), strict=True)] if series else []
    if not any(totals):
        return _empty(title, DAILY_WIDTH)
    paints = {name: (paints or {}).get(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(series)}
    top, step = _scale(max(totals))
    body = _join([_grid(top, step), _day_labels(days), _columns(days, series, paints, top), _legend(series, paints)])
    summary = ", ".join(f"{name} {sum(values)}" for name, values in series.items())
    period = gettext("{start} to {end}").format(start=days[0].isoformat(), end=days[-1].isoformat())
    return _svg(f"{title}: {summary}, {period}", title, DAILY_WIDTH, DAILY_HEIGHT, body)


def _columns(days: Sequence[date], series: dict[str, Sequence[int]], paints: dict[str, str], top: int):
    slot = (DAILY_WIDTH - LEFT - RIGHT) / len(days)
    width = max(slot * 0.7, 1)
    rects = []
    for index, day in enumerate(days):
        x, below = LEFT + index * slot + (slot - width) / 2, 0
        for name, values in series.items():
            if value := values[index]:
                upper, lower = _y(below + value, top), _y(below, top)
                rects.append(format_html(COLUMN, _n(x), _n(upper), _n(width), _n(lower - upper), _paint(paints[name]),
                                         day.isoformat(), value, name))
                below += value
    return _join(rects)


def _grid(top: int, step: int) -> SafeString:
    ticks = range(0, top + 1, step)
    return format_html_join(
        "", '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-opacity="{}"/>'
        '<text x="{}" y="{}" text-anchor="end">{}</text>',
        ((LEFT, _n(_y(t, top)), DAILY_WIDTH - RIGHT, _n(_y(t, top)), "0.6" if t == 0 else "0.15",
          LEFT - 6, _n(_y(t, top) + 4), t) for t in ticks),
    )


def _day_labels(days: Sequence[date]) -> SafeString:
    """A few dates, counted back from the last day so that today is always labelled."""
    slot = (DAILY_WIDTH - LEFT - RIGHT) / len(days)
    every = math.ceil(len(days) / DAY_LABELS)
    shown = [(i, day) for i, day in enumerate(days) if (len(days) - 1 - i) % every == 0]
    return format_html_join(
        "", '<text x="{}" y="{}" text-anchor="middle">{} {}</text>',
        ((_n(LEFT + (i + 0.5) * slot), DAILY_HEIGHT - BOTTOM + 16, day.day, MONTHS[day.month - 1])
         for i, day in shown),
    )


def _legend(series: dict[str, Sequence[int]], paints: dict[str, str]) -> SafeString:
    y = DAILY_HEIGHT - 14
    return format_html_join(
        "", '<rect x="{}" y="{}" width="10" height="10"{}/><text x="{}" y="{}">{} ({})</text>',
        ((LEFT + 150 * i, y - 9, _paint(paints[name]), LEFT + 150 * i + 14, y, name, sum(values))
         for i, (name, values) in enumerate(series.items())),
    )


def _scale(highest: int) -> tuple[int, int]:
    """A round top for the axis and the step between its ticks (1, 2 or 5 times a power of ten, whole
    numbers only), giving at most five steps."""
    rough = highest / 4
    step = 1
    if rough > 1:
        power = 10 ** math.floor(math.log10(rough))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return step * math.ceil(highest / step), step


def _y(value: float, top: int) -> float:
    height = DAILY_HEIGHT - TOP - BOTTOM
    return TOP + height - height * value / top


def _empty(title: str, width: int) -> SafeString:
    body = format_html('<text x="{}" y="52" text-anchor="middle" font-style="italic">{}</text>', width // 2, NO_DATA)
    return _svg(f"{title}: {str(NO_DATA).lower()}", title, width, 72, body)


def _svg(label: str, title: str, width: int, height: int, body: SafeString) -> SafeString:
    return format_html(SVG, label, width, height, width, height, title, title, body)


def _paint(paint: str) -> SafeString:
    return format_html(' fill="{}"', paint) if paint.startswith("#") else format_html(' class="{}"', paint)


def _short(label: str) -> str:
    """Long labels are cut to fit the label column; the row's tooltip has the whole one."""
    return label if len(label) <= LONGEST_LABEL else f"{label[: LONGEST_LABEL - 1]}…"


def _join(parts) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _n(number: float) -> str:
    """A coordinate with at most one decimal, so output is short and identical on every platform."""
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text
