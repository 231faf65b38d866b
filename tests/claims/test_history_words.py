"""History as words: people by name, empty values as a dash, choices by label, notes whole, conflicts by their
figures' text, and no "None" where nothing was given."""

from __future__ import annotations

import re

import pytest

from claims import services
from claims.models import Conflict

pytestmark = pytest.mark.django_db

LONG_NOTE = ("Beide Zahlen stammen aus demselben Ministerium, aber die zweite ist die korrigierte Fassung vom "
             "Folgetag; das UN-Protokoll bestätigt den April.")


def by_hand(german, english) -> Conflict:
    """A conflict an editor added (its history starts with its creation, unlike detection's bulk writes)."""
    a = german.claims.get(number=1).figures.get()
    b = english.claims.get(number=2).figures.get()
    return services.conflict_create(figure_a=a, figure_b=b, kind="contradiction", explanation="Zum Vergleich.")


def history_page(client, conflict: Conflict) -> str:
    response = client.get(f"/admin/claims/conflict/{conflict.pk}/history/")
    assert response.status_code == 200
    return response.text


def test_a_conflicts_history_reads_as_words(client, rita, desk):  # noqa: F811
    conflict = by_hand(*desk)
    services.conflict_decide(conflict=conflict, user=rita, status="confirmed", note=LONG_NOTE)
    client.force_login(rita)
    page = history_page(client, conflict)
    table = page.split('id="change-history"')[1].split("</table>")[0]
    assert f"«{conflict.figure_a.text}» / «{conflict.figure_b.text}»" in page  # the title names figures, not ids
    assert LONG_NOTE in table and "chars]" not in table  # the note whole
    assert "Status:</strong> Suggested → Confirmed" in table
    assert "Decided by:</strong> – → rita" in table and "Deleted user" not in table and "pk=None" not in table
    assert "None" not in table
    assert not re.search(r"decided_by|decided_at|figure_a", table)


def test_a_deleted_user_is_said_so(client, root, rita, desk):  # noqa: F811
    conflict = by_hand(*desk)
    services.conflict_decide(conflict=conflict, user=rita, status="confirmed")
    services.conflict_decide(conflict=conflict, user=root, status="dismissed")
    rita.delete()
    client.force_login(root)
    table = history_page(client, conflict).split('id="change-history"')[1].split("</table>")[0]
    assert "Decided by:</strong> a deleted user → root" in table


def test_the_claim_timeline_names_conflicts_by_their_figures(client, rita, desk):  # noqa: F811
    german, _ = desk
    conflict = Conflict.objects.get(kind="corroboration")
    # Detection writes its suggestions without history: the first decision is the first record, the second one
    # is a change to read.
    services.conflict_decide(conflict=conflict, user=rita, status="confirmed")
    services.conflict_decide(conflict=conflict, user=rita, status="dismissed", note=LONG_NOTE)
    client.force_login(rita)
    claim = german.claims.get(number=2)
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/").text
    timeline = page[page.index('id="history"'):]
    assert ("Corroboration of «bis zu fünf Millionen Artilleriegeschosse» and «up to 5 million artillery shells»"
            in timeline)
    assert not re.search(r"of figures \d+ and \d+", timeline)
    assert "Status: Confirmed → Dismissed" in timeline and f"Note: – → {LONG_NOTE}" in timeline


def test_a_claims_history_page_shows_the_verdict_note_whole(client, rita, desk):  # noqa: F811
    german, _ = desk
    claim = german.claims.get(number=1)
    claim = services.claim_update(claim=claim, user=rita, changes={"status": "in_review"})
    services.claim_update(claim=claim, user=rita, changes={"status": "false", "verdict_note": LONG_NOTE})
    client.force_login(rita)
    table = client.get(f"/admin/claims/claim/{claim.pk}/history/").text.split('id="change-history"')[1]
    assert LONG_NOTE in table and "chars]" not in table
    assert "Status:</strong> In review → False" in table and "Reviewer:</strong> – → rita" in table
