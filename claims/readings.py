"""A figure's reading in words (value, bounds, unit, as_of), for its tooltip in the text and the figure form.

Takes a stored figure or one the extractor found (whose date sits in `value`); numbers in the reader's format.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

NONE = "–"


def number(value: Decimal | None) -> str:
    if value is None:
        return NONE
    plain = value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))
    return number_format(plain, force_grouping=True)


READ_FIELDS = ("kind", "value", "low", "high", "date_value", "unit", "as_of")


def reading(figure) -> str:
    """The reading of a stored figure, or of one the extractor found (its date sits in `value`)."""
    values = {name: getattr(figure, name, "") for name in READ_FIELDS}
    if figure.kind == "date" and not values["date_value"]:
        values.update(date_value=figure.value, value=None)
    return reading_of(*values.values())


def reading_of(kind: str, value: Decimal | None, low: Decimal | None, high: Decimal | None, date_value: str,
               unit: str, as_of: str) -> str:
    """One line each: value (or date), bounds, unit, as of."""
    if kind == "date":
        first = _("Date: %(date)s") % {"date": date_value or NONE}
    else:
        first = _("Value: %(value)s") % {"value": number(value)}
    return "\n".join([
        first,
        _("Bounds: %(bounds)s") % {"bounds": bounds(low, high)},
        _("Unit: %(unit)s") % {"unit": unit or NONE},
        _("As of: %(as_of)s") % {"as_of": as_of or NONE},
    ])


def bounds(low: Decimal | None, high: Decimal | None) -> str:
    if low is None and high is None:
        return _("none")
    if low is not None and high is not None:
        return _("%(low)s to %(high)s") % {"low": number(low), "high": number(high)}
    if low is not None:
        return _("at least %(low)s") % {"low": number(low)}
    return _("at most %(high)s") % {"high": number(high)}
