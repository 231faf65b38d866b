"""Conflicts in the admin: the list, the review queue, and confirm/dismiss from a claim's page or the queue."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.history_admin import HistoryAdmin
from common.post_only import post_only

from .. import selectors, services
from ..models import Claim, Conflict, ConflictStatus, Figure
from . import figure_picker, queue
from .conflict_words import in_words
from .decisions import decide_buttons, decide_each, decided_text
from .refusals import refusal_text
from .shared import FoundOnAdd, adopt

# Coloured by claims/static/claims/desk.css: the Content-Security-Policy allows no inline style.
BADGE = '<span class="kind-badge kind-{}">{}</span>'


def kind_badge(conflict: Conflict):
    return format_html(BADGE, conflict.kind, conflict.get_kind_display())


def conflict_list(user, claim: Claim):
    """The claim's conflicting, corroborating and series figures, strongest first, with their explanation."""
    rows = selectors.conflicts_of_claim(claim.pk)
    back = reverse("admin:claims_claim_change", args=[claim.pk])
    items = [_claim_row(user, conflict, claim, back) for conflict in rows]
    if not items:
        return format_html("<p>{}</p>", _("No conflicting, corroborating or series figures found."))
    return render_to_string("admin/claims/claim/conflict_list.html", {"rows": items})


def _claim_row(user, conflict: Conflict, claim: Claim, back: str) -> dict:
    mine, other = conflict.figure_a, conflict.figure_b
    if mine.claim_id != claim.pk:
        mine, other = other, mine
    return {"kind": kind_badge(conflict), "url": reverse("admin:claims_conflict_change", args=[conflict.pk]),
            "status": conflict.get_status_display(), "score": _score(conflict), "mine": mine.text,
            "other": other.text, "other_url": reverse("admin:claims_claim_change", args=[other.claim_id]),
            "other_ref": other.claim.ref, "explanation": in_words(conflict),
            "buttons": decide_buttons(user, conflict, back)}


def _score(conflict: Conflict) -> str:
    return _("by hand") if conflict.score is None else number_format(conflict.score, 2)


@admin.register(Conflict)
class ConflictAdmin(FoundOnAdd, HistoryAdmin):
    list_display = ["id", "kind_shown", "status", "score_shown", "figure_a", "figure_b", "origin", "decided_by",
                    "created_at"]
    list_select_related = ["figure_a", "figure_b", "decided_by"]
    list_filter = ["kind", "status", "origin"]
    search_fields = ["explanation", "note", "figure_a__text", "figure_b__text"]
    readonly_fields = ["status", "score", "origin", "found", "decided_by", "decided_at", "created_at",
                       "updated_at"]
    exclude = ["details"]
    ordering = [F("score").desc(nulls_last=True), "-id"]
    show_full_result_count = False
    actions = ["confirm", "dismiss"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Figures are picked by their text in their sentence (figure_picker), never by typing ids.
        if db_field.name in ("figure_a", "figure_b"):
            field = FigureChoice(queryset=Figure.objects.select_related("claim__article"),
                                 widget=figure_picker.FigurePicker(db_field, self.admin_site),
                                 label=db_field.verbose_name, required=not db_field.blank)
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("Found"))
    def found(self, conflict: Conflict) -> str:
        return in_words(conflict) if conflict.pk else "–"

    @admin.display(description=gettext_lazy("Kind"), ordering="kind")
    def kind_shown(self, conflict: Conflict):
        return kind_badge(conflict)

    @admin.display(description=gettext_lazy("Score"), ordering="score")
    def score_shown(self, conflict: Conflict) -> str:
        return _score(conflict)

    def get_urls(self):
        own = [
            path("queue/", self.admin_site.admin_view(self.queue_view), name="claims_conflict_queue"),
            path("queue/decide/", self.admin_site.admin_view(self.bulk_view), name="claims_conflict_queue_decide"),
            path("figures/", self.admin_site.admin_view(figure_picker.figures_view), name="claims_conflict_figures"),
            path("<int:object_id>/decide/", self.admin_site.admin_view(self.decide_view),
                 name="claims_conflict_decide"),
        ]
        return own + super().get_urls()

    def queue_view(self, request):
        return queue.queue_view(self, request)

    def bulk_view(self, request):
        return queue.bulk_view(self, request)

    @post_only
    def decide_view(self, request, object_id: int):
        conflict = get_object_or_404(Conflict, pk=object_id)
        form = DecisionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError([f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()])
            services.conflict_decide(conflict=conflict, user=request.user, status=form.cleaned_data["decision"],
                                     note=form.cleaned_data["decision_note"])
        except (PermissionDenied, ValidationError) as exc:
            self.message_user(request, refusal_text(exc), messages.ERROR)
        else:
            self.message_user(request, decided_text(conflict), messages.SUCCESS)
        back = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
            back = reverse("admin:claims_conflict_changelist")
        return HttpResponseRedirect(back)

    def _decide(self, request, queryset, status: str) -> None:
        try:
            decided = decide_each(request.user, queryset, status)
        except (PermissionDenied, ValidationError) as exc:
            self.message_user(request, refusal_text(exc), messages.ERROR)
            return
        self.message_user(request, decided, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Confirm the selected conflicts"), permissions=["decide"])
    def confirm(self, request, queryset):
        self._decide(request, queryset, ConflictStatus.CONFIRMED)

    @admin.action(description=gettext_lazy("Dismiss the selected conflicts"), permissions=["decide"])
    def dismiss(self, request, queryset):
        self._decide(request, queryset, ConflictStatus.DISMISSED)

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("claims.decide_conflict")

    def get_readonly_fields(self, request, obj=None):
        # A decided conflict is the reviewers' record: others may read it, not rewrite it.
        if obj and obj.status != ConflictStatus.SUGGESTED and not self.has_decide_permission(request):
            return [field.name for field in Conflict._meta.fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            services.conflict_update(conflict=obj, user=request.user)
        else:
            adopt(obj, *services.conflict_get_or_create(
                figure_a=obj.figure_a, figure_b=obj.figure_b, kind=obj.kind,
                explanation=obj.explanation, note=obj.note,
            ))


class FigureChoice(forms.ModelChoiceField):
    def label_from_instance(self, figure: Figure) -> str:
        return figure_picker.label(figure)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=ConflictStatus.choices)
    # A CharField refuses NUL characters too.
    decision_note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=5000)
