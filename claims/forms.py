"""Model forms whose errors always have a place to show: a message for a field the form lacks becomes one
above the form's fields instead of Django's ValueError (a 500)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst


class ErrorsForMissingFields:
    """Model.clean() and the services name the model field at fault, whatever form the edit came from. A list
    edit (list_editable) or a form with read-only fields lacks most of them, and Django's add_error raises
    ValueError for those; here they go to the form's own errors, named, and pointing to the object's page."""

    # Set where the form is one row of a list: its messages then link to the page that has every field.
    links_to_page = False

    def add_error(self, field, error) -> None:
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        if field is not None and field != NON_FIELD_ERRORS and field not in self.fields:
            field, error = None, ValidationError({field: error.error_list})
        if field is None and hasattr(error, "error_dict"):
            error = ValidationError(self._placed(error.error_dict))
        super().add_error(field, error)

    def _placed(self, errors: dict[str, list[ValidationError]]) -> dict[str, list[ValidationError]]:
        placed: dict[str, list[ValidationError]] = {}
        for name, errors_of in errors.items():
            if name == NON_FIELD_ERRORS or name in self.fields:
                placed.setdefault(name, []).extend(errors_of)
            else:
                placed.setdefault(NON_FIELD_ERRORS, []).extend(self._named(name, errors_of))
        return placed

    def _named(self, name: str, errors: list[ValidationError]) -> list[ValidationError]:
        opts = self._meta.model._meta
        try:
            label = capfirst(opts.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = name
        page = self._page_url()
        where = format_html(' The list has no {} field: change it on <a href="{}">the {}\'s page</a>.',
                            label.lower(), page, opts.verbose_name) if page else ""
        return [ValidationError(format_html("{}: {}{}", label, message, where), code=error.code)
                for error in errors for message in error]

    def _page_url(self) -> str:
        if not self.links_to_page or self.instance.pk is None:
            return ""
        opts = self._meta.model._meta
        try:
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.instance.pk])
        except NoReverseMatch:
            return ""


class DeskModelForm(ErrorsForMissingFields, forms.ModelForm):
    """The base of the admin's model forms."""
