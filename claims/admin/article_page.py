"""The article's admin page as an editor's desk: the text with its claims marked and numbered, a claim made or
moved from a selection, extraction run again, and each claim's citations and conflicts beside the text."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from common.post_only import post_only_on_object
from sources.admin import figure_badge, health_badge
from sources.models import Citation

from .. import services
from ..annotate import ClaimMark, annotated
from ..models import Article, Claim, Conflict, ConflictKind, ConflictStatus, Figure
from ..readings import READ_FIELDS, Reader
from ..services.figures import trimmed
from .refusals import refusal_text

# Past this many claims the article's claims inline (a form row each) is left out: see ArticleAdmin.get_inlines.
INLINE_CLAIMS_MAX = 60


def desk_context(request, article: Article) -> dict:
    claims = list(article.claims.order_by("number").defer("prefix", "suffix").prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source"))))
    # One reverse() for the page, not two per claim: at 400 claims those alone took 80 ms.
    changelist = reverse("admin:claims_claim_changelist")
    for claim in claims:
        claim.admin_url = f"{changelist}{claim.pk}/change/"
    contested = contested_claims(article) if claims else set()
    marks = [ClaimMark(c.number, c.start, c.end, c.status, c.get_status_display(), c.admin_url, c.pk in contested)
             for c in claims]
    return {
        "text": annotated(article.text, marks, figure_marks(Figure.objects.filter(claim__article=article))),
        "contested": len(contested),
        "length": len(article.text),
        "claims": claims,
        "table": claims_table(claims, related_counts([c.pk for c in claims])),
        "next_number": article.last_claim_number + 1,
        "inline_left_out": len(claims) > INLINE_CLAIMS_MAX,
        "can_add": request.user.has_perm("claims.add_claim"),
        "can_change": request.user.has_perm("claims.change_claim"),
        "selection_url": reverse("admin:claims_article_selection", args=[article.pk]),
        "extract_url": reverse("admin:claims_article_extract", args=[article.pk]),
    }


def figure_marks(figures) -> list[tuple[int, int, str]]:
    """Each figure's span with its reading, for the text (claims.annotate)."""
    rows = figures.values_list("start", "end", *READ_FIELDS)
    read = Reader()
    return [(start, end, read(*values)) for start, end, *values in rows]


def contested_claims(article: Article) -> set[int]:
    """The article's claims with a figure in a suggested contradiction, which no reviewer has decided yet."""
    return set(article.claims.with_suggested_contradiction().values_list("pk", flat=True))


def related_counts(claim_ids: list[int]) -> dict[int, Counter]:
    """Per claim: its figures' links to figures of other articles by kind, dismissed ones left out."""
    counts: dict[int, Counter] = {pk: Counter() for pk in claim_ids}
    rows = Conflict.objects.of_claims(claim_ids).exclude(status=ConflictStatus.DISMISSED).exclude(
        figure_a__claim__article_id=F("figure_b__claim__article_id")
    ).values_list("figure_a__claim_id", "figure_b__claim_id", "kind")
    for a, b, kind in rows:
        for pk in {a, b} & counts.keys():
            counts[pk][kind] += 1
    return counts


LINE_BREAK = mark_safe("<br>")  # a constant: nothing from outside goes into it


def claims_table(claims: list[Claim], counts: dict[int, Counter]):
    if not claims:
        return format_html("<p>{}</p>", _("No claims yet: select a passage above, or extract claims again."))
    rows = [{"number": c.number, "admin_url": c.admin_url, "status": c.status, "status_shown": c.get_status_display(),
             "text": c.text if len(c.text) <= 140 else f"{c.text[:140]}…", "speaker": c.speaker or "–",
             "citations": _citations(c), "related": _related(c, counts.get(c.pk))} for c in claims]
    return render_to_string("admin/claims/article/claims_table.html", {"claims": rows})


def _citations(claim: Claim):
    cited = claim.citations.all()
    if not cited:
        return "–"
    return format_html_join(LINE_BREAK, '<a href="{}" rel="noopener noreferrer">{}</a> {} {}', (
        (c.source.url, c.source.domain or c.source.url, health_badge(c.source), figure_badge(c)) for c in cited
    ))


# Each kind counted in words with its plural ("2 contradictions", "2 Widersprüche"), not a number before a label.
RELATED = {
    ConflictKind.CONTRADICTION: ngettext_lazy("%(count)d contradiction", "%(count)d contradictions", "count"),
    ConflictKind.SERIES: ngettext_lazy("%(count)d series", "%(count)d series", "count"),
    ConflictKind.REVISION: ngettext_lazy("%(count)d revision", "%(count)d revisions", "count"),
    ConflictKind.CORROBORATION: ngettext_lazy("%(count)d corroboration", "%(count)d corroborations", "count"),
}


def _related(claim: Claim, counts: Counter | None):
    if not counts:
        return "–"
    link = f"{claim.admin_url}#conflicts"
    labels = ", ".join(RELATED[kind] % {"count": n} for kind, n in sorted(counts.items()))
    return format_html('<a href="{}">{}</a>', link, labels)


@post_only_on_object()
def selection_view(model_admin, request, article: Article):
    """Create a claim from the selected passage, or move a claim's span to it."""
    back = reverse("admin:claims_article_change", args=[article.pk])
    try:
        start, end = _span(request.POST, article.text)
        if request.POST.get("action") == "adjust":
            claim = _adjust(request, article, start, end)
            done = _("Claim #{number} now covers «{text}».").format(number=claim.number, text=claim.text)
            level = messages.SUCCESS
        else:
            claim, done, level = _create(request, article, start, end)
    except (ValidationError, PermissionDenied) as exc:
        model_admin.message_user(request, refusal_text(exc), messages.ERROR)
        return HttpResponseRedirect(back)
    model_admin.message_user(request, done, level)
    return HttpResponseRedirect(f"{back}#claim-{claim.number}")


def _create(request, article: Article, start: int, end: int) -> tuple[Claim, str, int]:
    if not request.user.has_perm("claims.add_claim"):
        raise PermissionDenied(_("You may not add claims."))
    speaker = request.POST.get("speaker", "").strip()[:200]
    if "\x00" in speaker:
        raise ValidationError(_("The speaker contains a NUL character."))
    claim, created, figures = services.claim_from_selection(article=article, start=start, end=end, speaker=speaker,
                                                            user=request.user)
    if created:
        found = ngettext("%(count)d figure found in it", "%(count)d figures found in it", len(figures)) % {
            "count": len(figures)}
        return claim, _("Claim #%(number)s created from «%(text)s» (%(found)s).") % {
            "number": claim.number, "text": claim.text, "found": found}, messages.SUCCESS
    # The button pressed twice, or the page reloaded after a create: the passage has its claim.
    return claim, _("Claim #{number} already covers «{text}»: nothing was added.").format(
        number=claim.number, text=claim.text), messages.WARNING


def _span(data, text: str) -> tuple[int, int]:
    try:
        start, end = int(data.get("start", "")), int(data.get("end", ""))
    except ValueError:
        raise ValidationError(_("Select a passage in the article text first.")) from None
    if not 0 <= start < end <= len(text):
        raise ValidationError(_("The selection {start} to {end} is not inside the article text (0 to {length}).")
                              .format(start=start, end=end, length=len(text)))
    return trimmed(text, start, end)


def _adjust(request, article: Article, start: int, end: int) -> Claim:
    if not request.user.has_perm("claims.change_claim"):
        raise PermissionDenied(_("You may not change claims."))
    try:
        number, version = int(request.POST.get("claim", "")), int(request.POST.get("version", ""))
    except ValueError:
        raise ValidationError(_("Choose the claim whose span to move.")) from None
    claim = article.claims.filter(number=number).first()
    if claim is None:
        raise ValidationError(_("Article {id} has no claim #{number} (it may have been deleted).").format(
            id=article.pk, number=number))
    return services.claim_update(claim=claim, user=request.user, changes={"start": start, "end": end},
                                 version=version)


@post_only_on_object("claims.add_claim")
def extract_view(model_admin, request, article: Article):
    try:
        added = services.article_extract_or_queue(article=article)
    except ValidationError as exc:
        model_admin.message_user(request, refusal_text(exc), messages.ERROR)
    else:
        model_admin.message_user(request, extracted_text(added), messages.SUCCESS)
    return HttpResponseRedirect(reverse("admin:claims_article_change", args=[article.pk]))


def extracted_text(added: list[Claim] | None) -> str:
    if added is None:
        return _("The article is long: a worker extracts its claims, and this page shows how far it got.")
    numbers = ", ".join(f"#{c.number}" for c in added)
    if not added:
        return _("Extraction found no new claims.")
    return _("Extraction found {count} new claim(s): {numbers}.").format(count=len(added), numbers=numbers)
