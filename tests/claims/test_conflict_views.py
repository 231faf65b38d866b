"""Conflicts where people and programs see them: the API and the admin."""

from __future__ import annotations

from datetime import date

import pytest

from claims import services
from claims.models import Conflict, Figure

pytestmark = pytest.mark.django_db


def the(kind: str) -> Conflict:
    return Conflict.objects.get(kind=kind)


def test_the_api_lists_conflicts_with_score_explanation_and_both_figures(api_as, victor, desk):
    german, english = desk
    response = api_as(victor).get("/api/conflicts/", {"kind": "contradiction", "status": "suggested",
                                                     "article": english.pk})
    (item,) = response.data["results"]
    assert item["kind"] == "contradiction" and item["status"] == "suggested" and 0 < item["score"] <= 1
    assert "«März 2024»" in item["explanation"] and "«April 2024»" in item["explanation"]
    first, second = item["figures"]
    assert (first["article"], first["claim"], first["text"], first["value"]) == (german.pk, 1, "März 2024", "2024-03")
    assert (second["article"], second["text"], second["value"]) == (english.pk, "April 2024", "2024-04")
    assert {"start", "end", "low", "high", "unit", "as_of"} <= set(first)
    assert item["details"]["gap_days"] == 31 and "veto" in item["details"]["shared_terms"]


def test_the_api_filters_by_kind_and_score(api_as, victor, desk):
    client = api_as(victor)
    kinds = {item["kind"] for item in client.get("/api/conflicts/", {"kind": "corroboration"}).data["results"]}
    assert kinds == {"corroboration"}
    assert client.get("/api/conflicts/", {"min_score": 1.01}).status_code == 400
    scores = sorted(Conflict.objects.values_list("score", flat=True))
    assert scores[0] < scores[-1]  # otherwise the filter below would show nothing
    strong = client.get("/api/conflicts/", {"min_score": scores[-1]}).data["results"]
    assert len(strong) == scores.count(scores[-1]) and all(item["score"] >= scores[-1] for item in strong)


def test_a_claims_conflicts_come_best_first(api_as, victor, desk):
    german, _ = desk
    response = api_as(victor).get(f"/api/claims/{german.pk}-1/conflicts/")
    assert response.status_code == 200
    assert [item["kind"] for item in response.data] == ["contradiction"]
    assert api_as(victor).get(f"/api/claims/{german.pk}-99/conflicts/").status_code == 404


def test_only_a_reviewer_decides_a_claims_conflict(api, api_as, alice, rita, victor, desk):
    german, english = desk
    url = f"/api/claims/{german.pk}-1/conflicts/"
    body = {"conflict": the("contradiction").pk, "status": "confirmed", "note": "April per UN records."}
    assert api.post(url, body, format="json").status_code == 401
    assert api_as(victor).post(url, body, format="json").status_code == 403
    assert api_as(alice).post(url, body, format="json").status_code == 403
    decided = api_as(rita).post(url, body, format="json")
    assert decided.status_code == 200 and decided.data["status"] == "confirmed"
    assert decided.data["decided_by"] == "rita" and decided.data["note"] == "April per UN records."


def test_deciding_through_the_wrong_claim_or_with_bad_input_is_refused(api_as, rita, desk):
    german, _ = desk
    client = api_as(rita)
    other = the("corroboration").pk  # the shells, not the veto claim's
    url = f"/api/claims/{german.pk}-1/conflicts/"
    assert client.post(url, {"conflict": other, "status": "confirmed"}, format="json").status_code == 404
    bad = client.post(url, {"conflict": the("contradiction").pk, "status": "maybe"}, format="json")
    assert bad.status_code == 400 and "status" in bad.data
    assert client.post(url, {"conflict": 10**30, "status": "dismissed"}, format="json").status_code == 400
    assert client.post(url, ["not", "an", "object"], format="json").status_code == 400
    assert the("contradiction").status == "suggested"


# --- admin -------------------------------------------------------------------------------------------------------


def claim_page(client, conflict: Conflict) -> str:
    page = client.get(f"/admin/claims/claim/{conflict.figure_a.claim_id}/change/")
    assert page.status_code == 200
    return page.text.split('id="conflicts"')[1].split("</fieldset>")[0]


def test_a_claim_page_shows_its_conflicts_with_buttons_for_reviewers_only(client, alice, rita, desk):
    conflict = the("contradiction")
    client.force_login(alice)
    listed = claim_page(client, conflict)
    assert "Contradiction" in listed and "«April 2024»" in listed and f"{conflict.score:.2f}" in listed
    assert "<button" not in listed
    client.force_login(rita)
    assert 'value="confirmed"' in claim_page(client, conflict) and 'value="dismissed"' in claim_page(client, conflict)


def test_a_reviewer_confirms_from_the_claim_page_and_comes_back(client, rita, desk):
    conflict = the("contradiction")
    client.force_login(rita)
    back = f"/admin/claims/claim/{conflict.figure_a.claim_id}/change/"
    response = client.post(f"/admin/claims/conflict/{conflict.pk}/decide/?next={back}", {"decision": "dismissed"})
    assert response.status_code == 302 and response["Location"] == back
    assert the("contradiction").status == "dismissed"


def test_an_editor_cannot_decide_and_nothing_changes(client, alice, desk):
    conflict = the("contradiction")
    client.force_login(alice)
    response = client.post(f"/admin/claims/conflict/{conflict.pk}/decide/", {"decision": "confirmed"}, follow=True)
    assert "Only reviewers" in response.text and the("contradiction").status == "suggested"


def test_the_decide_view_takes_posts_only_and_never_sends_people_off_site(client, rita, desk):
    conflict = the("contradiction")
    client.force_login(rita)
    assert client.get(f"/admin/claims/conflict/{conflict.pk}/decide/").status_code == 405
    away = client.post(f"/admin/claims/conflict/{conflict.pk}/decide/?next=https://evil.example/",
                       {"decision": "confirmed"})
    assert away["Location"] == "/admin/claims/conflict/"
    bad = client.post(f"/admin/claims/conflict/{conflict.pk}/decide/", {"decision": "maybe"}, follow=True)
    assert "valid choice" in bad.text and the("contradiction").status == "confirmed"  # as the first post left it
    nul = client.post(f"/admin/claims/conflict/{conflict.pk}/decide/", {"decision": "dismissed",
                                                                       "decision_note": "a\x00b"}, follow=True)
    assert nul.status_code == 200 and the("contradiction").status == "confirmed"
    assert client.post("/admin/claims/conflict/999999/decide/", {"decision": "confirmed"}).status_code == 404


def test_the_review_queue_lists_suggestions_best_first(client, rita, desk):
    client.force_login(rita)
    page = client.get("/admin/claims/conflict/queue/")
    assert page.status_code == 200
    rows = [row.conflict for row in page.context["rows"]]
    assert [c.kind for c in rows] == ["contradiction", "corroboration"] and len(rows) == Conflict.objects.count()
    assert "csrfmiddlewaretoken" in page.text and 'value="confirmed"' in page.text
    assert "Review queue" in client.get("/admin/claims/conflict/").text


def test_the_queue_needs_a_login(client, desk):
    assert client.get("/admin/claims/conflict/queue/").status_code == 302


def test_article_text_in_a_conflict_is_shown_never_run(client, rita, django_capture_on_commit_callbacks):
    hostile = ('<script>alert(1)</script> Im März 2024 zählte Südkoreas Verteidigungsministerium fast 7.000 '
               'Container mit Munition für Russland.')
    with django_capture_on_commit_callbacks(execute=True):
        services.article_ingest(title="Nordkorea <img src=x onerror=alert(2)>", text=hostile, language="de",
                                published=date(2024, 6, 20))
        services.article_ingest(title="Russland", language="de", published=date(2024, 6, 20), text=(
            'Im März 2024 waren es laut Südkoreas Verteidigungsministerium "><img src=x onerror=alert(3)> '
            "rund 5.000 Container mit Munition für Russland."))
    conflict = the("contradiction")
    Figure.objects.filter(pk=conflict.figure_a_id)  # both figures carry text straight from the articles
    client.force_login(rita)
    for page in (claim_page(client, conflict), client.get("/admin/claims/conflict/queue/").text):
        assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in client.get(f"/admin/claims/claim/{conflict.figure_a.claim_id}/change/").text
