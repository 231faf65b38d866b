"""The qualifiers at_least and just_over, and negative amounts, pass the figure table's checks when stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from claims.models import Figure

pytestmark = pytest.mark.django_db

TEXT = (
    "Bilanz\n\n"
    "Es kamen mindestens 500 Gäste. Der Gewinn sank um gut 21 Prozent. "
    "Die Sparte schrieb rote Zahlen (-14 Millionen Franken), mit rund -10 Prozent zum Vorjahr.\n"
)


def test_new_qualifiers_and_negative_amounts_are_stored(tmp_path):
    path = tmp_path / "bilanz.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    call_command("ingest", str(path), "--published", "2024-06-20")
    stored = {f.text: (f.value, f.low, f.high, f.qualifier, f.unit) for f in Figure.objects.all()}
    assert stored == {
        "mindestens 500 Gäste": (500, 500, None, "at_least", "Gäste"),
        "gut 21 Prozent": (21, 21, Decimal("23.1"), "just_over", "%"),
        "-14 Millionen Franken": (-14_000_000, -14_000_000, -14_000_000, "", "CHF"),
        "rund -10 Prozent": (-10, -11, -9, "about", "%"),
    }
