"""What the API takes: request bodies it can read, and text where its schema says text.

Any body the JSON parser cannot take is a 400 with a message, never a 500. DRF's parser turns only ValueError
into a 400, and a body nested about 900 levels deep or more makes the decoder raise RecursionError (a 500). Where
exactly that happens depends on how deep the stack already is, so bodies are held to a fixed depth instead, far
beyond any of this API's own. The size limit is Django's DATA_UPLOAD_MAX_MEMORY_SIZE (a 413, see api_errors).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError

# This API's bodies nest two levels; this leaves room and keeps every walk of the data far from the recursion limit.
MAX_DEPTH = 32
TOO_DEEP = f"JSON parse error - nested more than {MAX_DEPTH} levels deep."


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if nesting(data) > MAX_DEPTH:
            raise ParseError(TOO_DEEP)
        return data


def nesting(data) -> int:
    """How deep lists and objects nest in parsed JSON (a scalar: 0), walked with a stack, not by recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack and deepest <= MAX_DEPTH:
        value, level = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, level)
            stack.extend((item, level + 1) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


# For input serializers: a text field takes what its schema says, as sent. DRF's CharField turns 5 into "5", and
# measures max_length after trimming spaces; a client sending a number, or more characters than the schema allows,
# has made a mistake that should come back to it, not be stored. Form data is text throughout and passes as
# before. (A comment, not a docstring: the schema would show it as each serializer's description.)
class StrictText:
    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {}
            for name, field in self.fields.items():
                value = data.get(name)
                if field.read_only or not isinstance(field, serializers.CharField) or value is None:
                    continue
                if not isinstance(value, str):
                    errors[name] = [field.error_messages["invalid"]]
                elif field.max_length is not None and len(value) > field.max_length:
                    errors[name] = [field.error_messages["max_length"].format(max_length=field.max_length)]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


# A number sent as text must read the same to a German and an English reader. "4.850" is 4,850 to one and 4.85 to
# the other (a point before groups of three digits separates thousands in German), and "1,5" is 1.5 or 15; the
# API never picks one (issue 17). Digits with a point for decimals and no thousands separators are taken.
GROUPED = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")


def ambiguity(text: str) -> str | None:
    """Why a number written as `text` cannot be taken, or None when it reads the same in German and English."""
    written = text.strip()
    plain = "without thousands separators and with a point for decimals (in a JSON body, as a JSON number)"
    if GROUPED.fullmatch(written):
        german = written.replace(".", "")
        if written.count(".") > 1:  # no number in English at all
            return f"{written!r} has thousands separators: send {german}, {plain}."
        english = format(Decimal(written).normalize(), "f")
        return f"{written!r} is {german} in German and {english} in English: send {german} or {english}, {plain}."
    if "," in written:
        return f"{written!r}: send the number {plain}, e.g. 1.5 or 4850."
    return None


class PlainDecimalField(serializers.DecimalField):
    """A DecimalField that refuses text a German and an English reader would read as different numbers."""

    def to_internal_value(self, data):
        if isinstance(data, bool):  # JSON true is no number, though Python takes it for 1
            self.fail("invalid")
        if isinstance(data, str) and (problem := ambiguity(data)):
            raise serializers.ValidationError(problem)
        return super().to_internal_value(data)
