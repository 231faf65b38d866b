"""The review queue page of the conflicts admin: filters, rows in words, and decisions one by one or in bulk.
Every decision goes through services.conflict_decide, so its permission check and history hold."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common.post_only import post_only

from .. import queue
from ..models import Conflict, ConflictKind, ConflictStatus, Figure
from .conflict_words import MEANING, in_words, marked_sentence
from .decisions import decide_buttons, decide_each
from .refusals import refusal_text

DECIDED = [ConflictStatus.CONFIRMED, ConflictStatus.DISMISSED]


@dataclass
class Side:
    figure: Figure
    sentence: str  # the claim with its figure marked
    outlet_query: str  # the queue as filtered, narrowed to this figure's outlet
    article_query: str  # … or to its article


@dataclass
class Row:
    conflict: Conflict
    sides: list[Side]
    words: str
    buttons: str


class QueueFilters(forms.Form):
    """The queue's filters, from the query string; anything invalid falls back to the default."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False,
                             choices=[("", gettext_lazy("All kinds, contradictions first")), *ConflictKind.choices])
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=ConflictStatus.choices)
    article = forms.CharField(label=gettext_lazy("Article"), required=False, max_length=300,
                              help_text=gettext_lazy("Its number or words of its title"))
    outlet = forms.CharField(label=gettext_lazy("Outlet"), required=False, max_length=200)

    def filters(self) -> queue.Filters:
        if not self.is_bound:
            return queue.Filters()
        # A field with nonsense in it falls back alone: cleaned_data keeps the valid ones, which still filter.
        self.is_valid()
        data = self.cleaned_data
        return queue.Filters(kind=data.get("kind", ""), status=data.get("status") or ConflictStatus.SUGGESTED,
                             article=data.get("article", ""), outlet=data.get("outlet", ""))


class ConflictIds(forms.TypedMultipleChoiceField):
    """Any id is a choice here: the decision loads the rows and says when some no longer exist."""

    def valid_value(self, value) -> bool:
        return str(value).isdecimal() and len(str(value)) < 19


class BulkDecision(forms.Form):
    decision = forms.ChoiceField(choices=[(status, status) for status in DECIDED])
    decision_note = forms.CharField(required=False, max_length=5000)
    selected = ConflictIds(coerce=int, error_messages={
        "required": gettext_lazy("Select the conflicts to decide first.")})

    def clean_selected(self):
        ids = self.cleaned_data["selected"]
        if len(ids) > queue.SIZE:
            raise ValidationError(_("At most %(size)d conflicts at once.") % {"size": queue.SIZE})
        return ids


def queue_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = QueueFilters(request.GET or None)
    filters = form.filters()
    page = queue.conflict_queue(filters)
    deciding = request.user.has_perm("claims.decide_conflict")
    here = request.get_full_path()
    rows = [Row(conflict, [_side(figure, request.GET) for figure in (conflict.figure_a, conflict.figure_b)],
                in_words(conflict), decide_buttons(request.user, conflict, here)) for conflict in page.rows]
    context = {
        **model_admin.admin_site.each_context(request), "opts": model_admin.model._meta,
        "title": _("Review queue"), "form": form, "filters": filters, "rows": rows, "more": page.more,
        "deciding": deciding,
        "bulk_url": f"{reverse('admin:claims_conflict_queue_decide')}?{urlencode({'next': here})}",
        "shown": ngettext("%(count)d conflict shown", "%(count)d conflicts shown", len(rows)) % {"count": len(rows)},
        "meanings": [(label, [str(text) for text in MEANING[kind].values()]) for kind, label in ConflictKind.choices],
    }
    return TemplateResponse(request, "admin/claims/conflict/queue.html", context)


def _side(figure: Figure, query) -> Side:
    def narrowed(**to) -> str:
        params = query.copy()
        for name, value in to.items():
            params[name] = value
        return params.urlencode()

    article = figure.claim.article
    return Side(figure, marked_sentence(figure), narrowed(outlet=article.publisher, article=""),
                narrowed(article=str(article.pk)))


@post_only
def bulk_view(model_admin, request):
    """Decide the selected conflicts at once: all or none, each through the service."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = BulkDecision(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([" ".join(errors) for errors in form.errors.values()])
        decided = _decide_all(request.user, form.cleaned_data)
    except (PermissionDenied, ValidationError) as exc:
        model_admin.message_user(request, refusal_text(exc), messages.ERROR)
    else:
        model_admin.message_user(request, decided, messages.SUCCESS)
    return HttpResponseRedirect(_back(request))


def _decide_all(user, data: dict) -> str:
    ids = data["selected"]
    with transaction.atomic():
        conflicts = list(Conflict.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        if len(conflicts) != len(set(ids)):
            raise ValidationError(_("Some of the selected conflicts no longer exist; nothing was decided."))
        # One already decided so keeps its reviewer, time and note (as its row's buttons, which it has not).
        changed = [conflict for conflict in conflicts if conflict.status != data["decision"]]
        return decide_each(user, changed, data["decision"], data["decision_note"])


def _back(request) -> str:
    back = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        return back
    return reverse("admin:claims_conflict_queue")

