"""Picking a figure by its text when a conflict is added by hand: the admin's autocomplete widget, answered by a
view of our own that finds figures through the claims' search and shows each in its sentence and article."""

from __future__ import annotations

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import search
from ..models import Claim, Figure, parse_ref

PAGE = 20
AROUND = 60  # characters of the sentence shown each side of the figure


class FigurePicker(AutocompleteSelect):
    def get_url(self):
        return reverse("admin:claims_conflict_figures")


def label(figure: Figure) -> str:
    """«7.000» in "… fast 7.000 Container …" (claim 12-3, Container für Moskau)."""
    claim = figure.claim
    at, to = figure.start - claim.start, figure.end - claim.start
    before, after = claim.text[max(0, at - AROUND):at], claim.text[to:to + AROUND]
    before = ("…" if at > AROUND else "") + before
    after += "…" if to + AROUND < len(claim.text) else ""
    return _("«%(figure)s» in “%(sentence)s” (claim %(ref)s, %(title)s)") % {
        "figure": figure.text, "sentence": f"{before}{figure.text}{after}", "ref": claim.ref,
        "title": claim.article.title}


MAX_PAGE = 1000


def figures_view(request):
    """Select2's JSON: figures whose claim the search finds (a reference such as 12-3 names the claim)."""
    if not request.user.has_perm("claims.view_figure"):
        raise PermissionDenied
    term = request.GET.get("term", "").strip()
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    page = min(page, MAX_PAGE)  # an offset past any real list, and past what the database takes, is the last page
    if "\x00" in term or len(term) > 200:
        term = ""
    found = list(_found(term)[(page - 1) * PAGE:page * PAGE + 1])
    return JsonResponse({"results": [{"id": str(f.pk), "text": label(f)} for f in found[:PAGE]],
                         "pagination": {"more": len(found) > PAGE}})


def _found(term: str):
    figures = Figure.objects.select_related("claim__article").only(
        "text", "start", "end", "claim__start", "claim__text", "claim__number", "claim__article_id",
        "claim__article__title")
    if ref := parse_ref(term):
        return figures.filter(claim__article_id=ref[0], claim__number=ref[1]).order_by("start", "id")
    if not term:
        return figures.none()
    claims = search.matching(Claim.objects.all(), term).values("id")
    return figures.filter(claim__in=claims).order_by("-claim_id", "start", "id")
