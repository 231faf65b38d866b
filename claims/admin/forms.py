"""The claim form of the change page, the article's inline and the list edits: each carries the version the
editor opened, so a save over someone else's newer change is refused with a message, never written over."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.utils.html import format_html

from common.forms import DeskModelForm

from .. import services
from ..models import NEXT_STATUSES, ReviewStatus
from ..services.review import CLAIM_EDITABLE, stale_edit


class IdWithVersion(forms.HiddenInput):
    """The changelist renders only a row's hidden id, so the version the editor opened rides along with it."""

    def __init__(self, version: int | None):
        super().__init__()
        self.version = version

    def render(self, name, value, attrs=None, renderer=None):
        field = name.removesuffix("-id") + "-seen_version"
        return format_html('{}<input type="hidden" name="{}" value="{}">',
                           super().render(name, value, attrs, renderer), field, self.version or "")


class VersionedFormSet(BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk:
            form.fields[self.model._meta.pk.name].widget = IdWithVersion(form.instance.version)


class VersionedClaimForm(DeskModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    user = None  # set per request by ClaimAdmin.get_form / get_changelist_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Without it a save could not tell whether someone changed the claim since: refuse, never guess.
            self.fields["seen_version"].initial = self.instance.version
            self.fields["seen_version"].required = True
            self.fields["seen_version"].error_messages["required"] = (
                "This form does not say which version of the claim you opened; reload the page and edit again.")
        if "status" in self.fields and self.instance.pk and self.user is not None:
            self.fields["status"].choices = next_status_choices(self.instance.status, self.user)

    def clean(self):
        data = super().clean()
        if not self.instance.pk or self.user is None:
            return data
        stored = type(self.instance).objects.filter(pk=self.instance.pk).first()
        seen = data.get("seen_version")
        if stored is not None and seen is not None and stored.version != seen:
            raise stale_edit(stored, seen)
        changes = {name: data[name] for name in self.changed_data if name in CLAIM_EDITABLE and name in data}
        if stored is not None and changes:
            services.claim_update_check(claim=stored, user=self.user, changes=changes)
        return data


def next_status_choices(current: str, user) -> list[tuple[str, str]]:
    """The statuses the workflow offers from `current` to this user (the current one first, to keep it)."""
    allowed = {current, *NEXT_STATUSES.get(current, ())}
    if not user.has_perm("claims.set_verdict"):
        allowed = {s for s in allowed if s in (ReviewStatus.UNREVIEWED, ReviewStatus.IN_REVIEW) or s == current}
    return [(s.value, s.label) for s in ReviewStatus if s in allowed]


def bound_to(form_class, user):
    """The form class with the request's user, which the workflow checks need."""
    return type(form_class.__name__, (form_class,), {"user": user})


class GuardedClaimDeletes(BaseInlineFormSet):
    """Rows ticked for deletion that the user may not delete are a formset error, not a silent loss."""

    user = None
    rows_are = "claims"  # the deletion_refusal argument the rows go in

    def clean(self):
        super().clean()
        doomed = [f for f in self.forms if self.can_delete and self._should_delete_form(f) and f.instance.pk]
        if self.user is not None:
            why = services.deletion_refusal(user=self.user, **{self.rows_are: [f.instance for f in doomed]})
            if why:
                raise ValidationError(why)
        if self.rows_are == "claims":
            self._deletions_current(doomed)

    def _deletions_current(self, doomed: list) -> None:
        """Django ignores the errors of rows ticked for deletion, the stale check among them: check here."""
        current = dict(self.model.objects.filter(pk__in=[f.instance.pk for f in doomed]).values_list("pk", "version"))
        for form in doomed:
            seen = form.cleaned_data.get("seen_version")
            if form.instance.pk in current and seen != current[form.instance.pk]:
                raise stale_edit(self.model.objects.get(pk=form.instance.pk), seen or 0)


class GuardedFigureDeletes(GuardedClaimDeletes):
    rows_are = "figures"
