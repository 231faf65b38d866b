"""The claims list's edits (list_editable): a refusal shows on its row, nothing is saved, never a 500."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim, ReviewStatus
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def list_edit(claim: Claim, **changes) -> dict:
    row = {"id": claim.pk, "seen_version": claim.version, "speaker": claim.speaker, "status": claim.status, **changes}
    return {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "_save": "Save", **{f"form-0-{k}": v for k, v in row.items()}}


@pytest.fixture
def in_review(rita) -> Claim:
    return services.claim_update(claim=ClaimFactory(), user=rita, changes={"status": "in_review"})


def row_errors(response) -> str:
    """The error row Django's changelist puts above a row whose form has errors of its own."""
    form = response.context["cl"].formset.forms[0]
    return str(form.non_field_errors())


@pytest.mark.parametrize("verdict", ["supported", "false", "disputed", "unverifiable"])
def test_a_verdict_from_the_list_without_a_note_is_refused_on_its_row(client, rita, in_review, verdict):
    client.force_login(rita)
    response = client.post("/admin/claims/claim/", list_edit(in_review, status=verdict, speaker="Rita"))
    assert response.status_code == 200
    errors = row_errors(response)
    assert "A verdict needs a note saying why." in errors
    assert f'href="/admin/claims/claim/{in_review.pk}/change/"' in errors  # where the note can be written
    assert errors in response.text  # rendered on the row, links intact
    stored = Claim.objects.get(pk=in_review.pk)
    assert (stored.status, stored.speaker, stored.version) == ("in_review", "", in_review.version)


def test_the_list_still_offers_a_reviewer_every_verdict(client, rita, in_review):
    client.force_login(rita)
    page = client.get("/admin/claims/claim/")
    choices = [value for value, _ in page.context["cl"].formset.forms[0].fields["status"].choices]
    assert set(choices) == {s.value for s in ReviewStatus}  # from in review: back, or any verdict


def test_a_verdict_corrected_from_the_list_keeps_its_note(client, rita, in_review):
    judged = services.claim_update(claim=in_review, user=rita,
                                   changes={"status": "supported", "verdict_note": "Belegt."})
    client.force_login(rita)
    response = client.post("/admin/claims/claim/", list_edit(judged, status="disputed"))
    assert response.status_code == 302
    stored = Claim.objects.get(pk=judged.pk)
    assert (stored.status, stored.verdict_note) == ("disputed", "Belegt.")


def test_an_editor_gets_no_verdict_from_the_list_and_no_500(client, alice, in_review):
    client.force_login(alice)
    response = client.post("/admin/claims/claim/", list_edit(in_review, status="supported", speaker="Alice"))
    assert response.status_code == 200
    form = response.context["cl"].formset.forms[0]
    assert "status" in form.errors and "supported" in str(form.errors["status"])
    stored = Claim.objects.get(pk=in_review.pk)
    assert (stored.status, stored.speaker, stored.version) == ("in_review", "", in_review.version)


def test_any_admins_list_row_shows_an_error_for_a_field_it_lacks(rf, rita):
    """The mechanism, for admins without list edits today: a model's clean() naming a field the row lacks."""
    from django.contrib import admin

    from claims.models import Conflict, Figure
    from tests.factories import figure_at

    claim = ClaimFactory()
    figure = figure_at(claim, "fünf Millionen", value=5_000_000)
    request = rf.get("/admin/claims/conflict/")
    request.user = rita
    row = admin.site._registry[Conflict].get_changelist_form(request, fields=["kind"])
    form = row({"kind": "series"}, instance=Conflict(pk=1, figure_a=figure, figure_b=Figure(pk=figure.pk)))
    assert not form.is_valid()
    assert "Figure B: A figure cannot conflict with itself." in str(form.non_field_errors())
    assert 'href="/admin/claims/conflict/1/change/"' in str(form.non_field_errors())
