from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Claim, Conflict, Figure
from sources.models import Citation
from sources.services import citation_create
from tests.factories import ArticleFactory, ClaimFactory, claim_at, figure_at

STALE = "changed by someone else since you opened it"


def test_a_verdict_needs_the_claim_in_review_first(rita):
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as err:
        services.claim_update(claim=claim, user=rita, changes={"status": "false", "verdict_note": "Falsch."})
    assert "Put it in review" in str(err.value)
    services.claim_update(claim=claim, user=rita, changes={"status": "in_review"})
    done = services.claim_update(claim=claim, user=rita, changes={"status": "false", "verdict_note": "Falsch."})
    assert (done.status, done.reviewer) == ("false", rita)


def test_a_verdict_is_reopened_or_corrected_but_never_dropped_to_unreviewed(rita):
    claim = services.claim_update(claim=ClaimFactory(), user=rita, changes={"status": "in_review"})
    claim = services.claim_update(claim=claim, user=rita, changes={"status": "supported", "verdict_note": "Ja."})
    claim = services.claim_update(claim=claim, user=rita, changes={"status": "disputed", "verdict_note": "Doch."})
    with pytest.raises(ValidationError):
        services.claim_update(claim=claim, user=rita, changes={"status": "unreviewed"})
    reopened = services.claim_update(claim=claim, user=rita, changes={"status": "in_review"})
    assert (reopened.status, reopened.reviewer) == ("in_review", None)


def test_an_editor_moves_claims_into_review_but_gives_no_verdict(alice):
    claim = services.claim_update(claim=ClaimFactory(), user=alice, changes={"status": "in_review"})
    with pytest.raises(PermissionDenied):
        services.claim_update(claim=claim, user=alice, changes={"status": "supported", "verdict_note": "x"})


def test_every_save_raises_the_version_and_an_old_version_is_refused(alice, rita):
    claim = ClaimFactory()
    seen = claim.version
    services.claim_update(claim=claim, user=rita, changes={"speaker": "Rita"}, version=seen)
    with pytest.raises(services.StaleEdit) as err:
        services.claim_update(claim=claim, user=alice, changes={"speaker": "Alice"}, version=seen)
    assert STALE in str(err.value) and "rita" in str(err.value)
    assert Claim.objects.get(pk=claim.pk).speaker == "Rita"


def test_the_claim_form_refuses_a_stale_save_and_keeps_the_other_edit(client, alice, rita):
    claim = ClaimFactory()
    client.force_login(alice)
    opened = client.get(f"/admin/claims/claim/{claim.pk}/change/")
    seen = opened.context["adminform"].form["seen_version"].value()
    services.claim_update(claim=claim, user=rita, changes={"speaker": "Rita"})
    data = {"start": claim.start, "end": claim.end, "speaker": "Alice", "status": "unreviewed",
            "seen_version": seen, "figures-TOTAL_FORMS": "0", "figures-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0"}
    response = client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert response.status_code == 200 and STALE in response.text
    assert Claim.objects.get(pk=claim.pk).speaker == "Rita"
    fresh = {**data, "seen_version": Claim.objects.get(pk=claim.pk).version}
    assert client.post(f"/admin/claims/claim/{claim.pk}/change/", fresh).status_code == 302
    assert Claim.objects.get(pk=claim.pk).speaker == "Alice"


def list_edit(client, claims, speakers, versions):
    data = {"form-TOTAL_FORMS": str(len(claims)), "form-INITIAL_FORMS": str(len(claims)), "_save": "Save"}
    for i, (claim, speaker, version) in enumerate(zip(claims, speakers, versions, strict=True)):
        data |= {f"form-{i}-id": claim.pk, f"form-{i}-speaker": speaker, f"form-{i}-status": claim.status,
                 f"form-{i}-seen_version": version}
    return client.post("/admin/claims/claim/", data)


def test_list_edits_carry_each_rows_version(client, alice, rita):
    claim = ClaimFactory()
    client.force_login(alice)
    page = client.get("/admin/claims/claim/")
    assert f'name="form-0-seen_version" value="{claim.version}"' in page.text
    seen = claim.version
    services.claim_update(claim=claim, user=rita, changes={"speaker": "Rita"})
    response = list_edit(client, [claim], ["Alice"], [seen])
    assert response.status_code == 200 and STALE in response.text
    assert Claim.objects.get(pk=claim.pk).speaker == "Rita"
    assert list_edit(client, [claim], ["Alice"], [seen + 1]).status_code == 302
    assert Claim.objects.get(pk=claim.pk).speaker == "Alice"


def test_the_api_refuses_a_stale_patch_with_409_or_412(api_as, alice, rita):
    claim = ClaimFactory()
    url = f"/api/claims/{claim.ref}/"
    read = api_as(alice).get(url)
    etag, version = read["ETag"], read.data["version"]
    api_as(rita).patch(url, {"speaker": "Rita", "version": version}, format="json")
    assert api_as(alice).patch(url, {"speaker": "A", "version": version}, format="json").status_code == 409
    stale = api_as(alice).patch(url, {"speaker": "A"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and STALE in stale.data["detail"]  # If-Match speaks HTTP: 412
    for wrong in ("nonsense", f'W/{etag}', etag.replace(f"claim-{claim.pk}-", f"claim-{claim.pk + 1}-")):
        assert api_as(alice).patch(url, {"speaker": "A"}, format="json", HTTP_IF_MATCH=wrong).status_code == 412
    fresh = api_as(alice).get(url)["ETag"]
    assert api_as(alice).patch(url, {"speaker": "A"}, format="json", HTTP_IF_MATCH=fresh).status_code == 200


@pytest.mark.parametrize("if_match", [None, "*"])
def test_a_patch_that_names_no_version_is_refused_with_428(api_as, alice, rita, if_match):
    """Without the version it was read at, an edit could overwrite a concurrent one unseen: 428 says what to send."""
    claim = ClaimFactory()
    url = f"/api/claims/{claim.ref}/"
    services.claim_update(claim=claim, user=rita, changes={"speaker": "Rita"})
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match}
    response = api_as(alice).patch(url, {"speaker": "Alice"}, format="json", **headers)
    assert response.status_code == 428, response.data
    assert "version" in response.data["detail"] and "If-Match" in response.data["detail"]
    assert Claim.objects.get(pk=claim.pk).speaker == "Rita"


@pytest.fixture
def cited_claim(db):
    article = ArticleFactory()
    claim = claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    figure_at(claim, "fast 7.000 Container", value=7000, qualifier="almost")
    citation_create(claim=claim, url="https://example.org/container", expected="7.000")
    other = claim_at(ArticleFactory(), "US-Beamte zählten fast 7.000 Container.")
    figure_at(other, "fast 7.000 Container", value=7000)
    first, second = sorted(Figure.objects.values_list("pk", flat=True))
    services.conflict_create(figure_a=Figure.objects.get(pk=first), figure_b=Figure.objects.get(pk=second),
                             kind="corroboration")
    return claim


def test_a_deleted_claim_comes_back_with_its_number_figures_citations_and_conflicts(rita, cited_claim):
    pk, number, article = cited_claim.pk, cited_claim.number, cited_claim.article
    services.claim_delete(claim=cited_claim, user=rita)
    services.claim_create(article=article, start=0, end=5)  # numbering went on while it was gone
    restored = services.claim_restore(claim_id=pk, user=rita)
    assert (restored.pk, restored.number) == (pk, number)
    assert restored.figures.get().text == "fast 7.000 Container"
    assert Citation.objects.get(claim=restored).expected == "7.000"
    assert Conflict.objects.filter(figure_a__claim=restored).count() + Conflict.objects.filter(
        figure_b__claim=restored).count() == 1
    assert article.claims.order_by("number").values_list("number", flat=True)[::1] == [number, number + 1]
    with pytest.raises(ValidationError):
        services.claim_restore(claim_id=pk, user=rita)


def test_a_figure_deleted_before_the_claim_stays_deleted(rita, cited_claim):
    from datetime import timedelta

    figure_id = cited_claim.figures.get().pk
    Figure.objects.get(pk=figure_id).delete()
    deleted = Figure.history.get(id=figure_id, history_type="-")
    Figure.history.filter(pk=deleted.pk).update(history_date=deleted.history_date - timedelta(hours=1))
    services.claim_delete(claim=Claim.objects.get(pk=cited_claim.pk), user=rita)
    restored = services.claim_restore(claim_id=cited_claim.pk, user=rita)
    assert not restored.figures.exists()


def test_the_deleted_claims_page_restores_one(client, alice, cited_claim):
    pk = cited_claim.pk
    services.claim_delete(claim=cited_claim, user=alice)
    client.force_login(alice)
    listed = client.get("/admin/claims/claim/deleted/")
    assert listed.status_code == 200 and f"Restore #{cited_claim.number}" in listed.text
    response = client.post(f"/admin/claims/claim/deleted/{pk}/restore/", follow=True)
    assert "is back with its number, 1 figure and 1 citation" in response.text
    again = client.post(f"/admin/claims/claim/deleted/{pk}/restore/", follow=True)
    assert "nothing to restore" in again.text


def test_the_claim_page_shows_who_changed_what(client, alice, rita, cited_claim):
    services.claim_update(claim=cited_claim, user=rita, changes={"status": "in_review"})
    services.claim_update(claim=cited_claim, user=rita, changes={"speaker": "US-Beamte"})
    client.force_login(alice)
    page = client.get(f"/admin/claims/claim/{cited_claim.pk}/change/")
    history = page.text[page.text.index('id="history"'):]
    assert "Status: Unreviewed → In review" in history and "Speaker: – → US-Beamte" in history
    assert "Figure «fast 7.000 Container»" in history and "Citation of https://example.org/container" in history


def test_history_records_the_admin_user(client, alice, cited_claim):
    client.force_login(alice)
    data = {"start": cited_claim.start, "end": cited_claim.end, "speaker": "Beamte", "status": "in_review",
            "seen_version": cited_claim.version, "figures-TOTAL_FORMS": "0", "figures-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0"}
    assert client.post(f"/admin/claims/claim/{cited_claim.pk}/change/", data).status_code == 302
    assert cited_claim.history.latest().history_user == alice


def test_history_can_be_read_but_not_reverted(client, root, cited_claim):
    client.force_login(root)
    record = cited_claim.history.earliest()
    url = f"/admin/claims/claim/{cited_claim.pk}/history/{record.history_id}/"
    assert client.get(f"/admin/claims/claim/{cited_claim.pk}/history/").status_code == 200
    assert client.get(url).status_code == 200
    assert client.post(url, {"speaker": "x"}).status_code == 405


def test_api_writes_with_a_token_are_recorded_under_its_user(alice):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    claim = claim_at(ArticleFactory(), "US-Beamte zählten fast 7.000 Container.")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")
    changes = {"speaker": "US-Beamte", "version": claim.version}
    assert client.patch(f"/api/claims/{claim.ref}/", changes, format="json").status_code == 200
    start = claim.article.text.index("7.000")
    figure = {"start": start, "end": start + 5, "kind": "count", "value": 7000}
    assert client.post(f"/api/claims/{claim.ref}/figures/", figure, format="json").status_code == 201
    assert claim.history.latest().history_user == alice
    assert Figure.history.get(claim_id=claim.pk).history_user == alice


def test_history_names_people_and_shows_local_times(client, alice, rita, cited_claim):
    claim = services.claim_update(claim=cited_claim, user=rita, changes={"status": "in_review"})
    services.claim_update(claim=claim, user=rita, changes={"status": "supported", "verdict_note": "Belegt."})
    client.force_login(alice)
    page = client.get(f"/admin/claims/claim/{cited_claim.pk}/change/")
    history = page.text[page.text.index('id="history"'):]
    assert "Reviewer: – → rita" in history and "reviewer_id" not in history
    assert re.search(r"Reviewed: – → \d\d/\d\d/\d{4} \d\d:\d\d:\d\d[<;]", history)  # local, to the second
