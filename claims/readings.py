"""A figure's reading in words (value, bounds, unit, as_of), for its tooltip in the text and the figure form.

Takes a stored figure or one the extractor found (whose date sits in `value`); numbers in the reader's format.
A page of a thousand figures reads them with one Reader: its words and number format are looked up once (per
figure they cost more than the rest of the page's text).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from .models import Figure

NONE = "–"
READ_FIELDS = ("kind", "value", "low", "high", "date_value", "unit", "as_of")


class Reader:
    def __init__(self) -> None:
        self.words = {
            "date": _("Date: %(date)s"), "value": _("Value: %(value)s"), "bounds": _("Bounds: %(bounds)s"),
            "unit": _("Unit: %(unit)s"), "as_of": _("As of: %(as_of)s"), "none": _("none"),
            "both": _("%(low)s to %(high)s"), "low": _("at least %(low)s"), "high": _("at most %(high)s"),
        }
        self.format = {"decimal_sep": get_format("DECIMAL_SEPARATOR"), "grouping": get_format("NUMBER_GROUPING"),
                       "thousand_sep": get_format("THOUSAND_SEPARATOR")}

    def __call__(self, kind: str, value: Decimal | None, low: Decimal | None, high: Decimal | None,
                 date_value: str, unit: str, as_of: str) -> str:
        """One line each: value (or date), bounds, unit, as of."""
        words = self.words
        if kind == "date":
            first = words["date"] % {"date": date_value or NONE}
        else:
            first = words["value"] % {"value": self.number(value)}
        return "\n".join([
            first,
            words["bounds"] % {"bounds": self.bounds(low, high)},
            words["unit"] % {"unit": unit or NONE},
            words["as_of"] % {"as_of": as_of or NONE},
        ])

    def number(self, value: Decimal | None) -> str:
        if value is None:
            return NONE
        plain = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        return numberformat.format(plain, force_grouping=True, **self.format)

    def bounds(self, low: Decimal | None, high: Decimal | None) -> str:
        if low is None and high is None:
            return self.words["none"]
        if low is not None and high is not None:
            return self.words["both"] % {"low": self.number(low), "high": self.number(high)}
        if low is not None:
            return self.words["low"] % {"low": self.number(low)}
        return self.words["high"] % {"high": self.number(high)}


def reading(figure) -> str:
    """The reading of a stored figure, or of one the extractor found (its date sits in `value`)."""
    values = {name: getattr(figure, name, "") for name in READ_FIELDS}
    return Reader()(*(values | Figure.stored_values(figure.kind, values["value"], values["date_value"])).values())
