"""What the desk's model admins share: stale edits said in words, an add posted twice landing on the first, and
saves that hand a service only what the form changed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ..services.review import StaleEdit
from .refusals import refusal_text


class StaleEditsAsMessages:
    """A save (form or list edit) that lost the race to another editor after its form was checked: say so, keep
    theirs."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._unless_stale(request, super().changeform_view, request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        return self._unless_stale(request, super().changelist_view, request, extra_context)

    def _unless_stale(self, request, view, *args):
        try:
            return view(*args)
        except StaleEdit as exc:
            self.message_user(request, refusal_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def adopt(obj, row, created: bool = True) -> None:
    """Make the admin's unsaved instance the row a service created (or found stored before: see FoundOnAdd):
    its inlines and log entry hold `obj`."""
    obj.pk = row.pk
    obj.refresh_from_db()
    obj._state.adding = False
    obj._found = not created


class FoundOnAdd:
    """An add form posted twice (a double click, a reload, a second tab) finds what the first post stored: the
    editor lands on it with a message, and nothing of the second post is saved or logged as an addition."""

    def save_related(self, request, form, formsets, change):
        if not getattr(form.instance, "_found", False):
            super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(form.instance, "_found", False):
            return []  # its formsets were not saved
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        if not getattr(obj, "_found", False):
            return super().log_addition(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if not getattr(obj, "_found", False):
            return super().response_add(request, obj, post_url_continue)
        opts = obj._meta
        self.message_user(request, _("This {kind} was stored before, as “{obj}”: here it is. Nothing of this form "
                                     "was saved a second time.").format(kind=opts.verbose_name, obj=obj),
                          messages.WARNING)
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))


def changes_of(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data}
