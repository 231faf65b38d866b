"""Versions of a source's text in the admin: a citation's text "as cited" against "now" on the claim page, a
source's list of versions, and one version's text. Every bit of page text goes through format_html."""

from __future__ import annotations

import logging
import zlib
from functools import partial

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import selectors
from .fetching import compare, evidence
from .models import Citation, Source, SourceVersion

logger = logging.getLogger(__name__)

VERSIONS_SHOWN = 50


def readable_text(version: SourceVersion) -> str | None:
    """The version's text, or None if what is stored cannot be read (the page shows that, not a 500)."""
    try:
        return version.text
    except (zlib.error, UnicodeDecodeError):
        logger.exception("the text of source version %s cannot be read", version.pk)
        return None


def version_link(version: SourceVersion):
    url = reverse("admin:sources_source_version", args=[version.source_id, version.pk])
    return format_html('<a href="{}">{}</a>', url, date_format(localtime(version.first_seen_at),
                                                                "SHORT_DATETIME_FORMAT"))


def as_cited(citation: Citation):
    """The claim page's view of one citation's evidence: the figure in the text as cited and now, and the
    passages that changed between them."""
    cited = citation.cited_version
    if cited is None:
        if citation.source.last_good_at is None:
            return _("Not read yet: the version as cited is the first text a check reads.")
        # Cited before versions were kept, and the page changed since (migration 0010): no text can stand in.
        return _("Text as cited unknown: cited before the desk kept versions, and the page has changed since.")
    current = selectors.current_version(citation.source_id) or cited
    old, new = readable_text(cited), readable_text(current)
    if old is None or new is None:
        return _("The stored text of this source cannot be read.")
    needles = selectors.needles_of(citation)
    comparison = compare.compare(old, new, partial(evidence.where, needles=needles))
    state = _("unchanged since") if comparison.same else _("changed since")
    head = format_html('<p class="as-cited-head">{} {} · {} {} ({})</p>', _("As cited:"), version_link(cited),
                       _("now:"), version_link(current), state)
    excerpts = _excerpts(comparison) if needles else format_html(
        "<p><em>{}</em></p>", _("This citation names no figure or quote to look for."))
    body = format_html("{}{}", excerpts, _passages(comparison))
    return format_html('<div class="as-cited">{}<details><summary>{}</summary>{}</details></div>',
                       head, _("Compare"), body)


def _excerpts(comparison: compare.Comparison):
    cells = format_html_join("", '<div class="as-cited-side"><h4>{}</h4><p>{}</p></div>', (
        (_("As cited"), _excerpt(comparison.cited)),
        (_("Now"), _excerpt(comparison.now)),
    ))
    return format_html('<div class="as-cited-pair">{}</div>', cells)


def _excerpt(pieces):
    if pieces is None:
        return format_html("<em>{}</em>", _("The cited figure or quote is not in this text."))
    return _pieces(pieces, "")


def _passages(comparison: compare.Comparison):
    if comparison.same:
        return ""
    rows = format_html_join("", "{}", ((_passage(passage),) for passage in comparison.passages))
    more = ""
    if comparison.more:
        more = format_html("<p>{}</p>", ngettext("%(count)d more changed passage is not shown.",
                                                 "%(count)d more changed passages are not shown.",
                                                 comparison.more) % {"count": comparison.more})
    return format_html('<table class="version-diff"><caption>{}</caption>{}</table>{}',
                       _("What changed"), rows, more)


SIGNS = {compare.SAME: " ", compare.CITED: "−", compare.NOW: "+"}
CHANGE_TAG = {compare.CITED: "del", compare.NOW: "ins", compare.SAME: ""}


def _passage(lines: list[compare.Line]):
    rows = format_html_join("", '<tr class="diff-{}"><td>{}</td><td>{}</td></tr>', (
        (line.kind, SIGNS[line.kind], _pieces(line.pieces, CHANGE_TAG[line.kind])) for line in lines))
    return format_html('<tbody class="diff-passage">{}</tbody>', rows)


def _pieces(pieces, change_tag: str):
    return format_html_join("", "{}", ((_piece(piece, change_tag),) for piece in pieces))


def _piece(piece: compare.Piece, change_tag: str):
    html = format_html('<mark class="cited-figure">{}</mark>', piece.text) if piece.figure else piece.text
    if piece.changed and change_tag:
        # The tag names are ours (CHANGE_TAG), never the page's.
        html = format_html(f"<{change_tag}>{{}}</{change_tag}>", html)
    return html


def versions_table(source: Source):
    versions = list(selectors.versions_of(source)[:VERSIONS_SHOWN])
    if not versions:
        return _("No text read yet.")
    current = selectors.current_version(source.pk)
    rows = [{"link": version_link(v), "title": v.title or "–", "size": _size(v.size), "stored": _size(v.stored),
             "current": bool(current and v.pk == current.pk)} for v in versions]
    return render_to_string("admin/sources/source/versions_table.html", {"versions": rows})


def _size(value: int | None) -> str:
    return "–" if value is None else number_format(value, force_grouping=True)
