"""The desk's one palette: the colours of its badges and charts.

Badges take them from stylesheets (classes: the Content-Security-Policy allows no inline style), charts from the
maps here; tests/test_palette.py holds every badge colour of the stylesheets to this palette and the maps to the
stylesheets' classes. The maps are keyed by the stored values of the choices (ReviewStatus, Outcome, ConflictKind),
which this module cannot import: it sits below the apps."""

from __future__ import annotations

GREEN = "#1e7e34"  # fine: supported, a page read, a figure found
AMBER = "#b26a00"  # needs a look: in review, a page that answers badly for now
RED = "#b02a37"  # wrong or gone: false, a page broken, a contradiction
DARK_RED = "#7a1020"  # a source given up on
ORANGE = "#c2540a"  # disputed
PURPLE = "#59359a"  # unverifiable
BLUE = "#0b5ed7"  # a series
GREY = "#6c757d"  # says nothing either way: unreviewed, a check that could not judge the page
LIGHT_GREY = "#adb5bd"  # never checked

# A claim's review status, as the article page's badges and the dashboard's chart paint it.
STATUS_COLOURS = {
    "unreviewed": GREY, "in_review": AMBER, "supported": GREEN, "disputed": ORANGE, "false": RED,
    "unverifiable": PURPLE,
}
# A source's health by its last check's outcome: green is fine, amber needs a look, red is gone, grey says nothing
# about the page. The source badges and the dashboard's chart.
HEALTH_COLOURS = {
    "ok": GREEN, "redirected": AMBER, "soft_404": RED, "broken": RED,
    "server_error": AMBER, "timeout": AMBER, "unreachable": AMBER,
    "rate_limited": GREY, "bot_wall": GREY, "blocked": GREY,
    "too_large": GREY, "disallowed": GREY, "checker_error": GREY,
}
NEVER_CHECKED = LIGHT_GREY
# Painted by the stylesheets only (no chart uses them): a conflict's kind (a revision has the badge's GREY) and
# whether a cited figure is still on its page.
KIND_COLOURS = {"contradiction": RED, "series": BLUE, "corroboration": GREEN}
FIGURE_COLOURS = {"found": GREEN, "gone": RED, "unreadable": GREY}
