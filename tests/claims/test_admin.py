from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group

from claims import roles
from claims.admin.articles import ArticleAdmin
from claims.models import Article, Claim, Conflict
from claims.services import claim_update
from sources.services import citation_create
from tests.factories import TEXT, ArticleFactory, claim_at, figure_at

pytestmark = pytest.mark.django_db

CONTAINERS = "US-Beamte zählten fast 7.000 Container."


@pytest.fixture
def article():
    article = ArticleFactory(title="Gipfel in Pjöngjang")
    claim_at(article, TEXT[: TEXT.index(".") + 1], speaker="Shin Won-sik")
    citation_create(claim=claim_at(article, CONTAINERS), url="https://nyt-archive.example/containers")
    return article


def inline_data(article, rows: list[dict]) -> dict:
    data = {
        "title": article.title, "url": "", "publisher": article.publisher, "author": "", "published": "",
        "language": article.language,
        "claims-TOTAL_FORMS": str(len(rows)), "claims-INITIAL_FORMS": str(article.claims.count()),
        "claims-MIN_NUM_FORMS": "0", "claims-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"claims-{index}-{key}": value for key, value in row.items()})
    return data


def existing_rows(article) -> list[dict]:
    return [{"id": c.pk, "article": article.pk, "start": c.start, "end": c.end, "speaker": c.speaker,
             "seen_version": c.version} for c in article.claims.order_by("number")]


def test_the_roles_exist_with_their_permissions():
    editor, reviewer = Group.objects.get(name=roles.EDITOR), Group.objects.get(name=roles.REVIEWER)
    assert editor.permissions.filter(codename="add_claim").exists()
    assert not editor.permissions.filter(codename="set_verdict").exists()
    assert reviewer.permissions.filter(codename="set_verdict").exists()


def test_an_editor_sees_the_article_with_its_numbered_claims(client, alice, article):
    client.force_login(alice)
    page = client.get(f"/admin/claims/article/{article.pk}/change/")
    assert page.status_code == 200
    assert "#1" in page.text and "#2" in page.text and "Shin Won-sik" in page.text
    claim = article.claims.get(number=2)
    assert client.get(f"/admin/claims/claim/{claim.pk}/change/").status_code == 200


def test_an_editor_adds_a_claim_in_the_article_inline(client, alice, article):
    client.force_login(alice)
    start = TEXT.index("2023")
    rows = [*existing_rows(article), {"article": article.pk, "start": start, "end": len(TEXT), "speaker": ""}]
    response = client.post(f"/admin/claims/article/{article.pk}/change/", inline_data(article, rows))
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    added = article.claims.get(number=3)
    assert added.text == TEXT[start:]


def test_a_bad_span_in_the_inline_is_a_form_error_not_a_500(client, alice, article):
    client.force_login(alice)
    rows = [*existing_rows(article), {"article": article.pk, "start": 50, "end": 10, "speaker": ""}]
    response = client.post(f"/admin/claims/article/{article.pk}/change/", inline_data(article, rows))
    assert response.status_code == 200
    assert "must end after it starts" in response.text
    assert article.claims.count() == 2


@pytest.mark.parametrize("term", ["{article}-2", "nyt-archive.example/containers", "Container"])
def test_claim_search_by_reference_source_url_or_text(client, alice, article, term):
    client.force_login(alice)
    page = client.get("/admin/claims/claim/", {"q": term.format(article=article.pk)})
    assert list(page.context["cl"].result_list) == [article.claims.get(number=2)]


def test_claim_list_filters_by_status_publisher_language_and_unit(client, alice, article):
    figure_at(article.claims.get(number=2), "7.000 Container", value=7000, unit="Container")
    client.force_login(alice)
    for query in ({"status__exact": "unreviewed"}, {"article__publisher": article.publisher},
                  {"article__language__exact": "de"}, {"unit": "Container"}):
        page = client.get("/admin/claims/claim/", query)
        assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [article.claims.get(number=2)]


def test_an_editor_cannot_choose_a_verdict_in_the_admin(client, alice, article):
    claim = article.claims.get(number=2)
    client.force_login(alice)
    data = {"start": claim.start, "end": claim.end, "speaker": "", "status": "false", "seen_version": claim.version,
            "figures-TOTAL_FORMS": "0", "figures-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "1"}
    response = client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert Claim.objects.get(pk=claim.pk).status == "unreviewed"


def test_a_reviewer_sets_a_verdict_in_the_admin(client, rita, article):
    claim = article.claims.get(number=2)
    claim = claim_update(claim=claim, user=rita, changes={"status": "in_review"})
    citation = claim.citations.get()
    client.force_login(rita)
    data = {"start": claim.start, "end": claim.end, "speaker": "", "status": "supported",
            "verdict_note": "Zahl stimmt mit dem Bericht überein.", "seen_version": claim.version,
            "figures-TOTAL_FORMS": "0", "figures-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "1", "citations-INITIAL_FORMS": "1",
            "citations-0-id": citation.pk, "citations-0-claim": claim.pk,
            "citations-0-source": citation.source_id, "citations-0-role": "cites", "citations-0-expected": ""}
    response = client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert response.status_code == 302
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.reviewer) == ("supported", rita)


def test_a_self_conflict_in_the_admin_form_is_an_error(client, alice, article):
    figure = figure_at(article.claims.get(number=2), "7.000", value=7000)
    client.force_login(alice)
    data = {"figure_a": figure.pk, "figure_b": figure.pk, "kind": "contradiction", "explanation": "", "note": ""}
    response = client.post("/admin/claims/conflict/add/", data)
    assert response.status_code == 200 and "cannot conflict with itself" in response.text
    assert not Conflict.objects.exists()


def test_only_a_reviewer_gets_the_confirm_action(client, alice, rita, article):
    claim = article.claims.get(number=2)
    conflict = Conflict.objects.create(
        figure_a=figure_at(claim, "7.000", value=7000), figure_b=figure_at(claim, "Container", value=1),
        kind="series",
    )
    client.force_login(alice)
    assert client.get("/admin/claims/conflict/").context["action_form"] is None  # no action she may take
    refused = client.post("/admin/claims/conflict/", {"action": "confirm", "_selected_action": [conflict.pk]})
    assert refused.status_code in (200, 302) and Conflict.objects.get(pk=conflict.pk).status == "suggested"
    client.force_login(rita)
    response = client.post("/admin/claims/conflict/", {"action": "confirm", "_selected_action": [conflict.pk]})
    assert response.status_code == 302
    assert Conflict.objects.get(pk=conflict.pk).status == "confirmed"
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/")
    listed = page.text.split('id="conflicts"')[1]
    assert "Series over time" in listed and ">Confirmed</a>" in listed


def test_article_text_is_escaped_in_the_admin(client, alice):
    article = ArticleFactory(title="<script>alert(1)</script>", text='"><img src=x onerror=alert(1)> 5 Container.')
    claim_at(article, "5 Container.")
    client.force_login(alice)
    page = client.get(f"/admin/claims/article/{article.pk}/change/")
    assert "<script>alert(1)</script>" not in page.text and "<img src=x" not in page.text


def add_article_data(rows: list[dict]) -> dict:
    data = {"title": "Neu", "text": TEXT, "url": "", "publisher": "", "author": "", "published": "",
            "language": "de", "claims-TOTAL_FORMS": str(len(rows)), "claims-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"claims-{index}-{key}": value for key, value in {"speaker": "", **row}.items()})
    return data


def test_an_article_added_with_claims_gets_them_numbered(client, alice):
    client.force_login(alice)
    start = TEXT.index(CONTAINERS)
    rows = [{"start": 0, "end": 10}, {"start": start, "end": start + len(CONTAINERS)}]
    response = client.post("/admin/claims/article/add/", {**add_article_data(rows), "_continue": "1"})
    article = Claim.objects.get(number=2).article
    assert response.status_code == 302 and response.url == f"/admin/claims/article/{article.pk}/change/"
    assert LogEntry.objects.get().object_id == str(article.pk)
    assert article.claims.get(number=2).text == CONTAINERS


def test_a_bad_span_on_the_article_add_page_is_a_form_error(client, alice):
    client.force_login(alice)
    response = client.post("/admin/claims/article/add/", add_article_data([{"start": 5, "end": len(TEXT) + 9}]))
    assert response.status_code == 200 and "outside the article text" in response.text
    assert not Claim.objects.exists()


def test_a_claim_added_with_a_citation_and_a_figure(client, alice, article):
    source = article.claims.get(number=2).citations.get().source
    client.force_login(alice)
    start = TEXT.index("2023")
    data = {"article": article.pk, "start": start, "end": len(TEXT), "speaker": "",
            "figures-TOTAL_FORMS": "1", "figures-INITIAL_FORMS": "0",
            "figures-0-start": TEXT.index("29"), "figures-0-end": TEXT.index("29") + 2, "figures-0-kind": "money",
            "figures-0-value": "29", "figures-0-unit": "USD",
            "citations-TOTAL_FORMS": "1", "citations-INITIAL_FORMS": "0",
            "citations-0-source": source.pk, "citations-0-role": "cites", "citations-0-expected": "29"}
    response = client.post("/admin/claims/claim/add/", data)
    assert response.status_code == 302, response.content[:2000]
    claim = article.claims.get(number=3)
    assert claim.citations.get().source == source and claim.figures.get().text == "29"
    data["figures-0-start"] = 0
    response = client.post("/admin/claims/claim/add/", data)
    assert response.status_code == 200 and "outside the claim" in response.text


def test_a_figure_edited_in_its_own_admin_page_is_re_anchored(client, alice, article):
    claim = article.claims.get(number=2)
    figure = figure_at(claim, "7.000", value=7000)
    client.force_login(alice)
    start = TEXT.index("fast 7.000")
    data = {"claim": claim.pk, "start": start, "end": start + 10, "kind": "count", "value": "7000", "low": "",
            "high": "7000", "date_value": "", "unit": "Container", "qualifier": "almost", "as_of": ""}
    assert client.post(f"/admin/claims/figure/{figure.pk}/change/", data).status_code == 302
    figure.refresh_from_db()
    assert (figure.text, figure.qualifier) == ("fast 7.000", "almost")
    response = client.post("/admin/claims/figure/add/", {**data, "start": claim.start - 3})
    assert response.status_code == 200 and "outside claim" in response.text


def test_an_editor_cannot_move_the_span_under_a_verdict(client, alice, rita, article):
    claim = claim_update(claim=article.claims.get(number=2), user=rita, changes={"status": "in_review"})
    claim = claim_update(claim=claim, user=rita, changes={"status": "supported", "verdict_note": "Belegt."})
    client.force_login(alice)
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/")
    assert {"start", "end", "status", "verdict_note"} <= set(page.context["adminform"].readonly_fields)


def test_a_stale_article_form_does_not_rewind_the_claim_counter(rf, alice, article):
    model_admin = ArticleAdmin(Article, admin.site)
    request = rf.post("/")
    request.user = alice
    stale = Article.objects.get(pk=article.pk)  # loaded when the editor's POST began
    claim_at(article, "2023 stieg das Handelsvolumen auf 29 Millionen Dollar.")  # someone else, meanwhile
    form = model_admin.get_form(request, stale)(
        data={"title": "Neuer Titel", "url": "", "publisher": "", "author": "", "published": "", "language": "de"},
        instance=stale,
    )
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    assert Article.objects.get(pk=article.pk).title == "Neuer Titel"
    assert claim_at(article, "fast 7.000 Container.").number == 4  # a new passage: #2 and #3 exist


def test_a_decided_conflict_is_read_only_for_an_editor(client, alice, rita, article):
    from claims.services import conflict_decide

    claim = article.claims.get(number=2)
    conflict = Conflict.objects.create(
        figure_a=figure_at(claim, "7.000", value=7000), figure_b=figure_at(claim, "Container", value=1),
        kind="series",
    )
    conflict_decide(conflict=conflict, user=rita, status="confirmed", note="Reihe.")
    client.force_login(alice)
    page = client.get(f"/admin/claims/conflict/{conflict.pk}/change/")
    assert {"figure_a", "figure_b", "note"} <= set(page.context["adminform"].readonly_fields)
