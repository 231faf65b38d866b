"""Fixtures shared by the claims tests. A module with a `desk` of its own (search, publishing ...) uses that one."""

from __future__ import annotations

from datetime import date

import pytest

from claims import services

VETO_DE = "Russland legte im März 2024 im UN-Sicherheitsrat sein Veto gegen die Verlängerung des Expertengremiums ein."
VETO_EN = "In April 2024, Russia vetoed the extension of the UN Security Council's expert panel on North Korea."
SHELLS_DE = ("Nordkorea hat Russland bis zu fünf Millionen Artilleriegeschosse geliefert, sagt Südkoreas "
             "Verteidigungsminister.")
SHELLS_EN = "North Korea has delivered up to 5 million artillery shells to Russia, South Korea's defence minister says."


@pytest.fixture
def desk(django_capture_on_commit_callbacks):
    """Two outlets on two days: one dates the veto to March, the other to April; both agree on the shells."""
    with django_capture_on_commit_callbacks(execute=True):
        german = services.article_ingest(title="Russland und Nordkorea", text=f"{VETO_DE}\n\n{SHELLS_DE}",
                                         language="de", publisher="Tagesblatt", published=date(2024, 6, 20))
        english = services.article_ingest(title="Russia and North Korea", text=f"{VETO_EN}\n\n{SHELLS_EN}",
                                          language="en", publisher="World Wire", published=date(2024, 6, 21))
    return german, english
