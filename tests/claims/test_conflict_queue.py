"""The reviewers' conflict queue: contradictions lead, filters, rows in words, decisions in bulk, figures picked by
their text, and a cost that does not grow with the rows shown."""

from __future__ import annotations

import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import queue, roles, services
from claims.models import Conflict, ConflictStatus
from tests.factories import ArticleFactory, UserFactory, claim_at, figure_at

pytestmark = pytest.mark.django_db

URL = "/admin/claims/conflict/queue/"
BULK = "/admin/claims/conflict/queue/decide/"


def the(kind: str) -> Conflict:
    return Conflict.objects.get(kind=kind)


def rows_of(response) -> list[Conflict]:
    assert response.status_code == 200
    return [row.conflict for row in response.context["rows"]]


def test_contradictions_lead_even_when_another_kind_scores_higher(client, rita, desk):
    Conflict.objects.filter(kind="corroboration").update(score=0.99)
    Conflict.objects.filter(kind="contradiction").update(score=0.4)
    client.force_login(rita)
    kinds = [conflict.kind for conflict in rows_of(client.get(URL))]
    assert kinds == ["contradiction", "corroboration"]


def test_the_other_kinds_follow_by_score_and_hand_made_ones_come_last(rita):
    article = ArticleFactory(title="Lieferungen")
    claim = claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    other = claim_at(ArticleFactory(title="Andere"), "US-Beamte zählten fast 7.000 Container.")
    made = []
    for n, (kind, score) in enumerate([("series", 0.3), ("corroboration", 0.8), ("revision", None),
                                       ("contradiction", 0.2), ("series", 0.9)]):
        pair = [figure_at(c, "7.000", value=7000, unit=f"Container {n}") for c in (claim, other)]
        conflict = services.conflict_create(figure_a=pair[0], figure_b=pair[1], kind=kind)
        if score is not None:
            Conflict.objects.filter(pk=conflict.pk).update(score=score, origin="detected")
        made.append(conflict.pk)
    rows = queue.conflict_queue(queue.Filters()).rows
    assert [(c.kind, c.score) for c in rows] == [("contradiction", 0.2), ("series", 0.9), ("corroboration", 0.8),
                                                ("series", 0.3), ("revision", None)]
    page = queue.conflict_queue(queue.Filters(), size=2)
    assert [c.kind for c in page.rows] == ["contradiction", "series"] and page.more
    assert not queue.conflict_queue(queue.Filters(), size=5).more


def test_each_row_shows_both_sentences_with_the_figures_marked_outlets_dates_and_words(client, rita, desk):
    client.force_login(rita)
    page = client.get(URL, {"kind": "contradiction"}).text
    row = page.split('class="queue-row kind-contradiction"')[1].split("</tr>")[0]
    assert "Russland legte im <mark>März 2024</mark> im UN-Sicherheitsrat" in row
    assert "In <mark>April 2024</mark>, Russia vetoed" in row
    assert "Tagesblatt" in row and "World Wire" in row
    assert "2024-06-20" in row or "20.06.2024" in row or "06/20/2024" in row
    assert "The figures do not overlap, 31 days apart" in row
    # Words, not the stored facts or ids: no JSON, no "article 12", no "figure 7".
    assert "{" not in row and "gap_days" not in row and not re.search(r"(article|figure) \d", row)


def test_what_confirm_means_is_said_for_each_kind(client, rita, desk):
    client.force_login(rita)
    page = client.get(URL).text
    meanings = page.split('class="queue-meanings"')[1].split("</details>")[0]
    for kind in ("Contradiction", "Revision", "Series over time", "Corroboration"):
        assert f"<dt>{kind}</dt>" in meanings
    assert "really disagree" in meanings and "the figures agree" in meanings
    row = page.split('class="queue-row kind-contradiction"')[1].split("</tr>")[0]
    assert re.search(r'value="confirmed"[^>]*title="Confirm: the two figures really disagree', row)
    row = page.split('class="queue-row kind-corroboration"')[1].split("</tr>")[0]
    assert re.search(r'value="confirmed"[^>]*title="Confirm: the figures agree', row)


def test_filters_by_kind_status_article_and_outlet(client, rita, desk):
    german, english = desk
    client.force_login(rita)
    assert [c.kind for c in rows_of(client.get(URL, {"kind": "corroboration"}))] == ["corroboration"]
    services.conflict_decide(conflict=the("corroboration"), user=rita, status="confirmed")
    assert [c.kind for c in rows_of(client.get(URL))] == ["contradiction"]
    assert [c.kind for c in rows_of(client.get(URL, {"status": "confirmed"}))] == ["corroboration"]
    assert len(rows_of(client.get(URL, {"article": german.pk}))) == 1
    assert len(rows_of(client.get(URL, {"article": "russia and NORTH"}))) == 1  # words of the title, any case
    assert rows_of(client.get(URL, {"article": "Gipfel"})) == []
    assert len(rows_of(client.get(URL, {"outlet": "world wire"}))) == 1
    assert rows_of(client.get(URL, {"outlet": "Tagesblatt", "kind": "series"})) == []
    assert rows_of(client.get(URL, {"outlet": "Abendpost"})) == []
    # Nonsense in one filter drops that filter alone; never a 500.
    assert rows_of(client.get(URL, {"outlet": "Abendpost", "kind": "maybe"})) == []
    for bad in ({"kind": "maybe"}, {"status": "\x00"}, {"article": "a\x00b"}, {"article": "9" * 40},
                {"outlet": "x" * 5000}):
        assert client.get(URL, bad).status_code == 200


def test_a_big_outlet_is_matched_by_a_subquery_with_the_same_rows(client, rita, desk, monkeypatch):
    client.force_login(rita)
    listed = rows_of(client.get(URL, {"outlet": "Tagesblatt", "status": "suggested"}))
    monkeypatch.setattr(queue, "LISTED_FIGURES", 1)  # the outlet's four figures now count as many
    with CaptureQueriesContext(connection) as queries:
        assert rows_of(client.get(URL, {"outlet": "Tagesblatt", "status": "suggested"})) == listed
    assert any(" IN (SELECT" in q["sql"] for q in queries.captured_queries)


def test_the_queue_costs_the_same_queries_for_3_or_30_conflicts(client, rita):
    claims = [claim_at(ArticleFactory(title=f"Artikel {n}", publisher=f"Blatt {n}"),
                       "US-Beamte zählten fast 7.000 Container.") for n in range(6)]
    units = itertools.count()

    def add(count: int) -> None:
        for _, kind in zip(range(count), itertools.cycle(["contradiction", "series", "corroboration", "revision"])):
            a, b = (figure_at(c, "7.000", value=7000, unit=f"Container {next(units)}") for c in claims[:2])
            services.conflict_create(figure_a=a, figure_b=b, kind=kind)

    def queries(params: dict) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured)

    client.force_login(rita)
    add(3)
    few = [queries(params) for params in ({}, {"outlet": "Blatt 1"}, {"article": claims[0].article_id})]
    add(27)
    assert [queries(params) for params in ({}, {"outlet": "Blatt 1"}, {"article": claims[0].article_id})] == few
    assert len(client.get(URL).context["rows"]) == 30


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the queue's index is PostgreSQL's (migration 0019)")
@pytest.mark.parametrize("status", ["suggested", "confirmed"])
def test_each_kind_is_read_in_index_order_without_a_sort(desk, status):
    """With sequential scans off the planner shows whether an index can serve the read in order at all (on a table
    this small it would rather read every row); migration 0019's index serves every status and kind."""
    sql, params = queue._best(Conflict.objects.filter(status=status, kind="series"), 101).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'conflict_queue_by_kind'")
        (definition,) = cursor.fetchone()
    assert "Sort" not in plan and re.search(r"Index Scan using conflict_\w+ on claims_conflict", plan), plan
    assert "(status, kind, score DESC NULLS LAST, id DESC)" in definition


# --- Decisions in bulk -------------------------------------------------------------------------------------------


def test_a_reviewer_confirms_several_at_once_with_one_note_through_the_service(client, rita, desk):
    client.force_login(rita)
    ids = [the("contradiction").pk, the("corroboration").pk]
    response = client.post(f"{BULK}?next={URL}?kind=contradiction", {
        "decision": "confirmed", "selected": ids, "decision_note": "Beide geprüft."}, follow=True)
    assert "2 conflicts confirmed." in response.text
    assert response.redirect_chain[-1][0] == f"{URL}?kind=contradiction"
    for conflict in Conflict.objects.filter(pk__in=ids):
        assert (conflict.status, conflict.note, conflict.decided_by) == ("confirmed", "Beide geprüft.", rita)
        assert conflict.history.first().history_user == rita  # the service's history record
    one = client.post(BULK, {"decision": "dismissed", "selected": [ids[0]]}, follow=True)
    assert "1 conflict dismissed." in one.text and the("contradiction").note == "Beide geprüft."  # kept


def test_a_bulk_decision_leaves_one_already_so_decided_with_its_reviewer(client, rita, desk):
    first = UserFactory(username="ruth", roles=[roles.REVIEWER])
    confirmed = the("contradiction")
    services.conflict_decide(conflict=confirmed, user=first, status="confirmed", note="Zuerst geprüft.")
    client.force_login(rita)
    response = client.post(BULK, {"decision": "confirmed", "selected": [confirmed.pk, the("corroboration").pk],
                                  "decision_note": "Später."}, follow=True)
    assert "1 conflict confirmed." in response.text
    kept = the("contradiction")
    assert (kept.decided_by, kept.note) == (first, "Zuerst geprüft.")
    assert the("corroboration").decided_by == rita


def test_an_editor_cannot_decide_in_bulk_and_nothing_changes(client, alice, desk):
    client.force_login(alice)
    page = client.get(URL).text
    assert 'name="selected"' not in page and "Confirm selected" not in page
    response = client.post(BULK, {"decision": "confirmed", "selected": [c.pk for c in Conflict.objects.all()]},
                           follow=True)
    assert "Only reviewers" in response.text
    assert set(Conflict.objects.values_list("status", flat=True)) == {"suggested"}


def test_bad_bulk_input_gets_a_message_and_decides_nothing(client, rita, desk):
    client.force_login(rita)
    ids = [the("contradiction").pk]
    for data, said in [({"decision": "confirmed"}, "Select the conflicts"),
                       ({"decision": "confirmed", "selected": ids + [10**9]}, "no longer exist"),
                       ({"decision": "maybe", "selected": ids}, "valid choice"),
                       ({"decision": "confirmed", "selected": ["x"]}, "valid choice"),
                       ({"decision": "confirmed", "selected": ids, "decision_note": "a\x00b"}, "Null characters"),
                       ({"decision": "suggested", "selected": ids}, "valid choice"),
                       ({"decision": "confirmed", "selected": ids * (queue.SIZE + 1)}, "At most 100 conflicts")]:
        response = client.post(BULK, data, follow=True)
        assert response.status_code == 200 and said in response.text, data
    assert set(Conflict.objects.values_list("status", flat=True)) == {"suggested"}
    assert client.get(BULK).status_code == 405
    away = client.post(f"{BULK}?next=https://evil.example/", {"decision": "confirmed", "selected": ids})
    assert away["Location"] == URL


def test_a_reviewers_row_buttons_decide_one_and_come_back_to_the_filtered_queue(client, rita, desk):
    client.force_login(rita)
    page = client.get(URL, {"kind": "contradiction"}).text
    action = re.search(r'value="dismissed" formaction="([^"]+)"', page).group(1).replace("&amp;", "&")
    response = client.post(action, {"decision": "dismissed", "decision_note": "Verschiedene Gremien."})
    assert response["Location"] == f"{URL}?kind=contradiction"
    assert (the("contradiction").status, the("contradiction").note) == ("dismissed", "Verschiedene Gremien.")


# --- Adding a conflict by hand -----------------------------------------------------------------------------------


def test_figures_are_picked_by_their_text_in_their_sentence_and_article(client, alice, desk):
    german, _ = desk
    client.force_login(alice)
    add = client.get("/admin/claims/conflict/add/").text
    assert 'data-ajax--url="/admin/claims/conflict/figures/"' in add and 'name="figure_a"' in add
    found = client.get("/admin/claims/conflict/figures/", {"term": "Artilleriegeschosse"}).json()
    assert [item["text"] for item in found["results"]] == [
        f"«bis zu fünf Millionen Artilleriegeschosse» in “Nordkorea hat Russland bis zu fünf Millionen "
        f"Artilleriegeschosse geliefert, sagt Südkoreas Verteidigungsminister.” (claim {german.pk}-2, "
        "Russland und Nordkorea)"]
    # The claims' search reads figures in either language: "5 million" finds "fünf Millionen" too.
    both = client.get("/admin/claims/conflict/figures/", {"term": "5 million"}).json()["results"]
    assert sorted(item["text"].split(" in ")[0] for item in both) == [
        "«bis zu fünf Millionen Artilleriegeschosse»", "«up to 5 million artillery shells»"]
    by_ref = client.get("/admin/claims/conflict/figures/", {"term": f"{german.pk}-1"}).json()["results"]
    assert [item["text"].split("»")[0] for item in by_ref] == ["«März 2024"]
    assert client.get("/admin/claims/conflict/figures/", {"term": "\x00"}).json()["results"] == []


def test_the_figure_picker_is_for_the_desk_only(client, victor, desk):
    assert client.get("/admin/claims/conflict/figures/", {"term": "Veto"}).status_code == 302
    client.force_login(UserFactory(username="nobody"))  # staff, no permissions
    assert client.get("/admin/claims/conflict/figures/", {"term": "Veto"}).status_code == 403


def test_the_figure_picker_takes_any_page_number_without_failing(client, alice, desk):
    client.force_login(alice)
    for page in ("9" * 30, "-5", "x"):
        answer = client.get("/admin/claims/conflict/figures/", {"term": "Veto", "page": page})
        assert answer.status_code == 200 and "results" in answer.json()


def test_a_conflict_added_by_hand_shows_its_figures_in_words(client, alice, desk):
    german, english = desk
    a = german.claims.get(number=2).figures.get()
    b = english.claims.get(number=2).figures.get()
    the("corroboration").delete()
    client.force_login(alice)
    response = client.post("/admin/claims/conflict/add/", {
        "figure_a": b.pk, "figure_b": a.pk, "kind": "corroboration", "explanation": "Beide nennen fünf Millionen.",
        "note": ""}, follow=True)
    assert response.status_code == 200
    conflict = Conflict.objects.get(kind="corroboration")
    assert (conflict.figure_a_id, conflict.figure_b_id, conflict.origin) == (min(a.pk, b.pk), max(a.pk, b.pk),
                                                                              "manual")
    change = client.get(f"/admin/claims/conflict/{conflict.pk}/change/").text
    assert "«bis zu fünf Millionen Artilleriegeschosse» in “" in change
    assert "Beide nennen fünf Millionen." in change


def test_a_detected_conflicts_page_says_what_was_found_in_words(client, rita, desk):
    client.force_login(rita)
    page = client.get(f"/admin/claims/conflict/{the('contradiction').pk}/change/").text
    assert "The figures do not overlap, 31 days apart" in page and "gap_days" not in page


def test_bulk_decisions_in_the_conflict_list_count_in_words(client, rita, desk):
    client.force_login(rita)
    response = client.post("/admin/claims/conflict/", {"action": "dismiss", "_selected_action": [
        the("contradiction").pk]}, follow=True)
    assert "1 conflict dismissed." in response.text
    assert the("contradiction").status == ConflictStatus.DISMISSED
