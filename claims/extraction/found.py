"""What the extractor returns: plain dataclasses, turned into JSON-ready dicts at the edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)
class Figure:
    start: int
    end: int
    kind: str
    value: Decimal | str
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str = ""
    qualifier: str = ""
    as_of: str = ""

    def as_dict(self, text: str) -> dict:
        return {
            "start": self.start, "end": self.end, "text": text[self.start : self.end], "kind": self.kind,
            "value": number(self.value), "low": number(self.low), "high": number(self.high), "unit": self.unit,
            "qualifier": self.qualifier, "as_of": self.as_of,
        }


@dataclass(slots=True)
class Claim:
    number: int
    start: int
    end: int
    speaker: str
    figures: list[Figure] = field(default_factory=list)

    def as_dict(self, text: str) -> dict:
        return {
            "number": self.number, "start": self.start, "end": self.end, "text": text[self.start : self.end],
            "speaker": self.speaker, "figures": [f.as_dict(text) for f in self.figures],
        }


def number(value):
    """JSON numbers: 7000 not "7000.000", 1.5 as 1.5; dates stay text."""
    if not isinstance(value, Decimal):
        return value
    return int(value) if value == value.to_integral_value() else float(value)
