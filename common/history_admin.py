"""The base of the admin's model admins with history: who changed what and when, on the page of the thing changed.

Claims' timeline across a claim's figures, citations and conflicts stays in claims/history.py."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from .counting import CountInTime
from .forms import DeskModelForm, LocalizedDecimalField

# Admin forms take numbers as the page's language writes them (4.850 and 1,5 on a German page).
LOCALIZED_NUMBERS = {models.DecimalField: {"form_class": LocalizedDecimalField}}


class HistoryAdmin(SimpleHistoryAdmin):
    """History to read, with who and when. Reverting is off: an old version saved as it was would skip the
    services (numbering, anchoring, the verdict rules); a deleted claim comes back through claim_restore."""

    form = DeskModelForm
    formfield_overrides = LOCALIZED_NUMBERS
    paginator = CountInTime  # a list too long to count in time says "about" (common.counting)
    # Our list of changes: who by name (or a background task), the reason only when there is one, values whole.
    object_history_list_template = "admin/history/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ChangeInWords(self.model, historical_record)

    def get_changelist_form(self, request, **kwargs):
        # A list edit lacks most fields: its errors for the others say so and link the object's page.
        form = kwargs.pop("form", DeskModelForm)
        return super().get_changelist_form(request, form=type(form.__name__, (form,), {"links_to_page": True}),
                                           **kwargs)

    def history_view_title(self, request, obj):
        # Reverting is off, so this is always simple_history's read-only title; its German catalogue lacks it.
        return _("View history: %s") % obj

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)


class ChangeInWords(HistoricalRecordContextHelper):
    """A change as an editor reads it: an empty value as a dash (not "Deleted user (pk=None)"), a choice by its
    label, a time in the desk's zone, a note whole (not cut to "[111 chars]")."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(value, DeletedObject):
            if value.pk is None:
                return None
            return _("a deleted %(thing)s") % {"thing": value.model._meta.verbose_name}
        return in_words(field, super().prepare_delta_change_value(change, value))

    def stringify_delta_change_values(self, change, old, new):
        return conditional_escape(as_text(old)), conditional_escape(as_text(new))


def in_words(field, value):
    """A stored value as the desk shows it: a choice by its label, a time in the desk's zone, yes or no."""
    if value in (None, ""):
        return None
    if field.choices and not field.is_relation:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def as_text(value) -> str:
    """A value as text, nothing as a dash."""
    return "–" if value in (None, "") else str(value)


def moment(when: datetime) -> str:
    """A time of the record in the desk's time zone (TIME_ZONE), the date as the page's language writes it
    (18.11.2025, 11/18/2025) and the time to the second: two edits a minute apart stay apart."""
    local = timezone.localtime(when)
    return f"{date_format(local, 'SHORT_DATE_FORMAT')} {local:%H:%M:%S}"
