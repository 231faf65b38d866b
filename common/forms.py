"""Model forms whose errors always have a place to show: a message for a field the form lacks becomes one
above the form's fields instead of Django's ValueError (a 500)."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _


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


class LocalizedDecimalField(forms.DecimalField):
    """A number typed as the page's language writes it: in German "4.850" is 4850 and "1,5" is 1.5, in English
    "4,850" and "1.5". A group mark is taken only between groups of three digits, so "4.85" on a German page is
    refused with the right spelling rather than guessed (as 4.85 or 485); spaces may group thousands in either."""

    def __init__(self, **kwargs):
        kwargs["localize"] = True
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)):
            return Decimal(value)
        number = read_number(str(value), get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR"))
        if number is None:
            raise ValidationError(
                _("“%(value)s” is not a number as this page writes them: thousands as 4,850, decimals as 1.5."),
                code="invalid", params={"value": value})
        return number

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return written_number(value, get_format("DECIMAL_SEPARATOR"))
        return value


SPACES = " \u00a0\u202f"


def read_number(text: str, decimal: str, group: str) -> Decimal | None:
    """The number `text` writes with these marks, or None if it is not one (see LocalizedDecimalField)."""
    text = text.strip().replace("\u2212", "-")
    sign = "-" if text[:1] == "-" else ""
    whole, mark, fraction = (text[1:] if text[:1] in "+-" else text).partition(decimal)
    if mark and not _digits(fraction):
        return None
    groups = re.split(f"[{re.escape(group)}{SPACES}]", whole)
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return None
    whole = "".join(groups)
    if not _digits(whole) and not (whole == "" and mark):
        return None
    return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def written_number(value: Decimal, decimal: str) -> str:
    """The number without trailing zeros or an exponent, with the page's decimal mark and no grouping."""
    return format(value.normalize(), "f").replace(".", decimal)
