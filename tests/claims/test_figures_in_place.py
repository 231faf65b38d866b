"""Figures where editors are (issue 17): a claim made from a selection gets the figures whole-article extraction
finds there, a figure is added or corrected by selecting it in the claim's text, an article added in the admin is
extracted on save, and the text shows each figure's reading and the claims with an undecided contradiction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings

from claims import services
from claims.models import Article, Claim, Conflict, Figure
from claims.services.ingest import EXTRACTED
from tests.factories import ArticleFactory, claim_at, figure_at

TEXT = ("Am 14. Januar meldete das Ministerium fast 7.000 Container. Im März waren es 5.000.\n\n"
        "Der Handel stieg 2023 auf 29 Millionen Dollar, berichtete die Agentur.")
FIRST_TWO = "Am 14. Januar meldete das Ministerium fast 7.000 Container. Im März waren es 5.000."
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}  # the readings are asserted in English words and number format
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}

pytestmark = pytest.mark.django_db


def new_article(published=date(2024, 6, 20), text=TEXT):
    return ArticleFactory(text=text, published=published, language="de")


def readings(figures) -> list[tuple]:
    return sorted((f.start, f.end, f.kind, f.value, f.date_value, f.low, f.high, f.unit, f.qualifier, f.as_of)
                  for f in figures)


def span_of(article: Article, quote: str) -> tuple[int, int]:
    start = article.text.index(quote)
    return start, start + len(quote)


# --- 1. A claim from a selection gets its figures ---------------------------------------------------------------
@pytest.mark.parametrize("published", [date(2024, 6, 20), date(2025, 2, 1)])
def test_a_claim_from_a_selection_has_the_figures_whole_article_extraction_finds(alice, published):
    article, twin = new_article(published), new_article(published)
    claim, created, figures = services.claim_from_selection(article=article, **dict(zip(
        ("start", "end"), span_of(article, FIRST_TWO), strict=True)), user=alice)
    assert created and len(figures) == 4
    services.article_extract(article=twin)
    whole = Figure.objects.filter(claim__article=twin, end__lte=len(FIRST_TWO))
    assert readings(claim.figures.all()) == readings(whole)
    # The day without a year is read against the article's publication date, and the count takes its time.
    date_figure = claim.figures.get(kind="date", text="14. Januar")
    assert date_figure.date_value == f"{published.year}-01-14"  # a past January: the year of publication
    assert claim.figures.get(text="fast 7.000 Container").as_of == date_figure.date_value


def test_a_selection_of_part_of_a_sentence_reads_times_from_the_whole_sentence(alice):
    article = new_article()
    start, end = span_of(article, "fast 7.000 Container")
    claim, _, figures = services.claim_from_selection(article=article, start=start, end=end, user=alice)
    (figure,) = figures
    assert (figure.value, figure.low, figure.high, figure.unit, figure.qualifier, figure.as_of) == (
        Decimal(7000), Decimal(6300), Decimal(7000), "Container", "almost", "2024-01-14")


def test_the_figures_of_a_selected_claim_have_history_with_the_editor_and_the_reason(alice):
    article = new_article()
    claim, _, figures = services.claim_from_selection(article=article, **dict(zip(
        ("start", "end"), span_of(article, FIRST_TWO), strict=True)), user=alice)
    records = Figure.history.filter(claim_id=claim.pk)
    assert records.count() == len(figures) == 4
    assert set(records.values_list("history_user_id", "history_change_reason").distinct()) == {(alice.pk, EXTRACTED)}


def test_a_selection_sent_twice_adds_neither_a_claim_nor_figures_twice(alice):
    article = new_article()
    start, end = span_of(article, FIRST_TWO)
    services.claim_from_selection(article=article, start=start, end=end, user=alice)
    claim, created, figures = services.claim_from_selection(article=article, start=start, end=end, user=alice)
    assert not created and figures == []
    assert Claim.objects.count() == 1 and claim.figures.count() == 4


def test_the_article_desk_makes_the_claim_with_its_figures_and_says_so(client, alice):
    article = new_article()
    client.force_login(alice)
    start, end = span_of(article, "Am 14. Januar meldete das Ministerium fast 7.000 Container.")
    page = client.post(f"/admin/claims/article/{article.pk}/claims/from-selection/",
                       {"start": start, "end": end + 1, "action": "create"}, follow=True, **ENGLISH)
    claim = article.claims.get()
    assert "Claim #1 created" in page.text and "2 figures found in it" in page.text
    assert sorted(claim.figures.values_list("text", flat=True)) == ["14. Januar", "fast 7.000 Container"]


def test_a_claim_posted_to_the_api_comes_with_its_figures(api_as, alice):
    article = new_article()
    start, end = span_of(article, "Am 14. Januar meldete das Ministerium fast 7.000 Container.")
    made = api_as(alice).post(f"/api/articles/{article.pk}/claims/", {"start": start, "end": end}, format="json")
    assert made.status_code == 201
    assert sorted(f["text"] for f in made.json()["figures"]) == ["14. Januar", "fast 7.000 Container"]
    again = api_as(alice).post(f"/api/articles/{article.pk}/claims/", {"start": start, "end": end}, format="json")
    assert again.status_code == 200 and article.claims.get().figures.count() == 2  # nothing added twice


def test_a_selection_without_figures_is_still_a_claim_and_says_none_were_found(client, alice):
    article = new_article(text="Das Ministerium schwieg dazu. Fast 7.000 Container.")
    client.force_login(alice)
    start, end = span_of(article, "Das Ministerium schwieg dazu.")
    page = client.post(f"/admin/claims/article/{article.pk}/claims/from-selection/",
                       {"start": start, "end": end, "action": "create"}, follow=True, **ENGLISH)
    assert "0 figures found in it" in page.text and not Figure.objects.exists()


# --- 2. A figure added or corrected by selecting it -------------------------------------------------------------
def claim_page(client, claim, quote=None, **query):
    if quote is not None:
        start, end = span_of(claim.article, quote)
        query.update(figure_start=start, figure_end=end)
    return client.get(f"/admin/claims/claim/{claim.pk}/change/", query, **ENGLISH)


def save_figure(client, claim, **fields):
    data = {f"fig-{name}": "" if value is None else value for name, value in fields.items()}
    return client.post(f"/admin/claims/claim/{claim.pk}/figures/from-selection/", data, follow=True, **ENGLISH)


@pytest.fixture
def bare_claim():
    """A claim made without its figures (by the API or an older desk)."""
    article = new_article()
    return claim_at(article, "Am 14. Januar meldete das Ministerium fast 7.000 Container.")


def test_a_selected_figure_opens_a_form_with_what_the_extractor_read(client, alice, bare_claim):
    client.force_login(alice)
    page = claim_page(client, bare_claim, "7.000 Container")
    form = page.context["figure_desk"]["form"]
    assert form.initial["value"] == Decimal(7000) and form.initial["low"] == Decimal(6300)
    assert form.initial["high"] == Decimal(7000) and form.initial["unit"] == "Container"
    assert form.initial["as_of"] == "2024-01-14" and form.initial["qualifier"] == "almost"
    assert "Value: 7,000\nBounds: 6,300 to 7,000\nUnit: Container\nAs of: 2024-01-14" in page.text
    assert 'id="save-figure"' in page.text and not Figure.objects.exists()  # reading stores nothing


def test_a_figure_is_added_at_the_selection_with_the_values_confirmed(client, alice, bare_claim):
    client.force_login(alice)
    start, end = span_of(bare_claim.article, "7.000 Container")
    page = save_figure(client, bare_claim, start=start, end=end, kind="count", value="7000", low="6300",
                       high="7000", unit="Container", qualifier="almost", as_of="2024-01-14")
    assert "Figure «7.000 Container» added." in page.text
    figure = bare_claim.figures.get()
    assert (figure.start, figure.end, figure.value, figure.as_of) == (start, end, Decimal(7000), "2024-01-14")
    assert figure.history.get().history_user == alice


def test_on_a_german_page_the_figure_form_reads_german_numbers_and_refuses_a_guess(client, alice, bare_claim):
    client.force_login(alice)
    start, end = span_of(bare_claim.article, "7.000 Container")
    data = {"fig-start": start, "fig-end": end, "fig-kind": "count", "fig-value": "7.000", "fig-low": "6.300",
            "fig-high": "7.000", "fig-unit": "Container", "fig-qualifier": "almost", "fig-as_of": "2024-01-14"}
    url = f"/admin/claims/claim/{bare_claim.pk}/figures/from-selection/"
    refused = client.post(url, {**data, "fig-value": "7.00"}, follow=True, HTTP_ACCEPT_LANGUAGE="de")
    assert refused.status_code == 200 and not bare_claim.figures.exists()  # "7.00" is no German number
    client.post(url, {**data, "fig-as_of": "14.1.2024"}, follow=True, HTTP_ACCEPT_LANGUAGE="de")
    figure = bare_claim.figures.get()
    assert (figure.value, figure.low, figure.high) == (Decimal(7000), Decimal(6300), Decimal(7000))  # not 7.0
    assert figure.as_of == "2024-01-14"  # a German date, stored as the desk stores dates


@pytest.mark.parametrize(("written", "stored"), [
    ("18.11.2025", "2025-11-18"), ("8.3.2024", "2024-03-08"), ("11.2025", "2025-11"), ("2024", "2024"),
    ("2024-06-19", "2024-06-19"), ("03.2024/04.2024", "2024-03/2024-04"), ("18.11.25", "18.11.25"), ("", "")])
def test_a_date_written_with_points_is_read_day_month_year(written, stored):
    from claims import partial_dates

    assert partial_dates.from_written(written) == stored


def test_a_stored_figure_selected_is_corrected_and_moved(client, alice, bare_claim):
    figure = figure_at(bare_claim, "7.000", value=7000, unit="")
    client.force_login(alice)
    page = claim_page(client, bare_claim, "fast 7.000 Container")
    desk = page.context["figure_desk"]
    assert desk["correcting"] == figure and desk["form"].initial["figure"] == figure.pk
    assert desk["form"].initial["unit"] == ""  # the stored values, with the extractor's reading beside them
    assert "Unit: Container" in page.text
    start, end = span_of(bare_claim.article, "fast 7.000 Container")
    save_figure(client, bare_claim, start=start, end=end, figure=figure.pk, kind="count", value="7000",
                low="6300", high="7000", unit="Container", qualifier="almost", as_of="2024-01-14")
    figure.refresh_from_db()
    assert (figure.text, figure.unit, figure.low) == ("fast 7.000 Container", "Container", Decimal(6300))
    assert bare_claim.figures.count() == 1 and figure.history.count() == 2


def test_the_figure_form_writes_and_reads_numbers_as_a_german_page_does(client, alice, bare_claim):
    figure = figure_at(bare_claim, "7.000", value=7000, low=6300, high=7000)
    client.force_login(alice)
    start, end = span_of(bare_claim.article, "7.000")
    page = client.get(f"/admin/claims/claim/{bare_claim.pk}/change/", {"figure_start": start, "figure_end": end},
                      **GERMAN)
    # The stored number as a German editor writes it: no trailing zeros of the column's six places.
    assert 'name="fig-value" value="7000"' in page.text and 'name="fig-low" value="6300"' in page.text
    fields = {"start": start, "end": end, "figure": figure.pk, "kind": "count", "low": "", "high": ""}
    data = {f"fig-{name}": value for name, value in {**fields, "value": "4.85"}.items()}
    refused = client.post(f"/admin/claims/claim/{bare_claim.pk}/figures/from-selection/", data, follow=True, **GERMAN)
    assert "„4.85“ ist keine Zahl in deutscher Schreibweise" in refused.text
    assert Figure.objects.get(pk=figure.pk).value == Decimal(7000)  # neither 4.85 nor 485
    data["fig-value"] = "4.850"
    client.post(f"/admin/claims/claim/{bare_claim.pk}/figures/from-selection/", data, follow=True, **GERMAN)
    assert Figure.objects.get(pk=figure.pk).value == Decimal(4850)


@pytest.mark.parametrize(("fields", "says"), [
    ({"low": "8000"}, "The low bound is above the high bound."),
    ({"value": "viele"}, "“viele” is not a number as this page writes them"),
    ({"value": ""}, "A figure needs its value."),
    ({"kind": "date", "value": ""}, "A date figure needs its date"),
    ({"as_of": "Januar"}, "is not a date written as"),
    ({"kind": "gross"}, "Select a valid choice"),
])
def test_bad_input_is_a_clear_message_and_nothing_is_written(client, alice, bare_claim, fields, says):
    client.force_login(alice)
    start, end = span_of(bare_claim.article, "7.000 Container")
    good = {"start": start, "end": end, "kind": "count", "value": "7000", "low": "6300", "high": "7000",
            "unit": "Container", "qualifier": "almost", "as_of": "2024-01-14"}
    page = save_figure(client, bare_claim, **{**good, **fields})
    assert page.status_code == 200 and "The figure was not saved" in page.text and says in page.text
    assert not Figure.objects.exists() and not Figure.history.exists()
    # The form comes back with what the editor typed.
    assert page.context["figure_desk"]["form"].data["fig-unit"] == "Container"


def test_a_correction_that_breaks_a_rule_leaves_the_figure_as_it_was(client, alice, bare_claim):
    figure = figure_at(bare_claim, "7.000", value=7000)
    client.force_login(alice)
    start, end = span_of(bare_claim.article, "fast 7.000 Container")
    page = save_figure(client, bare_claim, start=start, end=end, figure=figure.pk, kind="count", value="9000",
                       high="7000")
    assert "The value lies outside its bounds." in page.text
    figure.refresh_from_db()
    assert (figure.start, figure.value, figure.history.count()) == (start + len("fast "), Decimal(7000), 1)


def test_a_figure_of_another_claim_cannot_be_corrected_from_this_one(client, alice, bare_claim):
    other = claim_at(bare_claim.article, "Im März waren es 5.000.")
    foreign = figure_at(other, "5.000", value=5000)
    client.force_login(alice)
    start, end = span_of(bare_claim.article, "7.000")
    page = save_figure(client, bare_claim, start=start, end=end, figure=foreign.pk, kind="count", value="1")
    assert "is no longer one of this claim" in page.text
    foreign.refresh_from_db()
    assert foreign.value == Decimal(5000) and foreign.claim == other


def test_a_viewer_reads_figures_but_saves_none(client, victor, bare_claim):
    victor.is_staff = True
    victor.save()
    victor.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(victor)
    page = claim_page(client, bare_claim, "7.000 Container")
    assert page.status_code == 200 and 'id="selection-form"' not in page.text and 'id="save-figure"' not in page.text
    start, end = span_of(bare_claim.article, "7.000")
    assert save_figure(client, bare_claim, start=start, end=end, kind="count", value="7000").status_code == 403
    assert not Figure.objects.exists()


def test_a_viewer_refused_a_figure_learns_nothing_of_which_claims_exist(client, victor, bare_claim):
    victor.is_staff = True
    victor.save()
    victor.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(victor)
    gone = Claim.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    for pk in (bare_claim.pk, gone):
        response = client.post(f"/admin/claims/claim/{pk}/figures/from-selection/", {"fig-kind": "count"})
        assert response.status_code == 403, pk


def test_a_selection_outside_the_claim_is_named_and_reads_nothing(client, alice, bare_claim):
    client.force_login(alice)
    page = claim_page(client, bare_claim, figure_start=0, figure_end=len(TEXT))
    assert "Select the figure inside the claim" in page.text and "form" not in page.context["figure_desk"]
    page = save_figure(client, bare_claim, start=bare_claim.end - 1, end=len(TEXT), kind="count", value="1")
    assert "The figure was not saved" in page.text and "Select the figure inside the claim" in page.text
    assert not Figure.objects.exists()


def test_the_figure_inline_takes_no_offsets_on_a_stored_claim(client, alice, bare_claim):
    figure = figure_at(bare_claim, "7.000", value=7000)
    client.force_login(alice)
    page = claim_page(client, bare_claim)
    assert 'name="figures-0-start"' not in page.text and 'name="figures-0-value"' in page.text
    assert 'name="figures-__prefix__-start"' not in page.text  # no empty row to add one by offsets
    # A value is still corrected in the inline: through the service, with history.
    data = {"start": bare_claim.start, "end": bare_claim.end, "speaker": "", "status": bare_claim.status,
            "verdict_note": "", "review_url": "", "seen_version": bare_claim.version,
            "figures-TOTAL_FORMS": "1", "figures-INITIAL_FORMS": "1", "figures-0-id": figure.pk,
            "figures-0-claim": bare_claim.pk, "figures-0-start": "0", "figures-0-end": "1", "figures-0-kind": "count",
            "figures-0-value": "7100", "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0"}
    assert client.post(f"/admin/claims/claim/{bare_claim.pk}/change/", data).status_code == 302
    figure.refresh_from_db()
    assert figure.value == Decimal(7100) and figure.text == "7.000"  # the posted offsets were ignored


# --- 3. An article added in the admin is extracted on save ------------------------------------------------------
def add_article(client, text=TEXT, **extra):
    data = {"title": "Gipfel", "text": text, "url": "", "publisher": "", "author": "", "published": "2024-06-20",
            "language": "de", "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0", **extra}
    return client.post("/admin/claims/article/add/", data, follow=True, **ENGLISH)


def test_an_article_added_in_the_admin_is_extracted_on_save(client, alice):
    client.force_login(alice)
    page = add_article(client)
    article = Article.objects.get()
    assert "Extraction found 3 new claim(s)" in page.text
    assert article.extraction_status == "done" and article.claims.count() == 3
    assert article.claims.get(number=1).figures.get(kind="date").date_value == "2024-01-14"
    again = add_article(client)  # the same form posted twice: stored before, extracted once
    assert "was stored before" in again.text and Claim.objects.count() == 3


def test_claims_given_in_the_add_form_keep_the_first_numbers(client, alice):
    client.force_login(alice)
    start = TEXT.index("Der Handel")
    add_article(client, **{"claims-TOTAL_FORMS": "1", "claims-0-start": start, "claims-0-end": len(TEXT),
                           "claims-0-speaker": "Agentur"})
    article = Article.objects.get()
    assert article.claims.get(number=1).speaker == "Agentur"
    assert list(article.claims.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


def test_a_long_article_added_in_the_admin_is_left_to_a_worker(client, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with override_settings(FACTCHECK_EXTRACT_IN_REQUEST_CHARS=100):
        with django_capture_on_commit_callbacks() as queued:
            page = add_article(client)
    article = Article.objects.get()
    assert "a worker extracts its claims" in page.text
    assert article.extraction_status == "pending" and not article.claims.exists()
    for callback in queued:
        callback()
    article.refresh_from_db()
    assert article.extraction_status == "done" and article.claims.count() == 3


def test_an_article_over_the_claims_cap_is_stored_and_says_why_it_was_not_extracted(client, alice):
    client.force_login(alice)
    with override_settings(FACTCHECK_MAX_ARTICLE_CLAIMS=1):
        page = add_article(client)
    article = Article.objects.get()
    assert "its claims were not extracted" in page.text and "FACTCHECK_MAX_ARTICLE_CLAIMS" in page.text
    assert not article.claims.exists() and article.extraction_status == ""


# --- 4. Readings on hover, contradictions marked ----------------------------------------------------------------
def test_each_figure_in_the_text_carries_its_reading_and_can_take_focus(client, alice):
    article = new_article()
    services.article_extract(article=article)
    client.force_login(alice)
    page = client.get(f"/admin/claims/article/{article.pk}/change/", **ENGLISH)
    assert ('tabindex="0" data-reading="Value: 7,000\nBounds: 6,300 to 7,000\nUnit: Container\n'
            'As of: 2024-01-14"') in page.text
    assert 'data-reading="Date: 2024-01-14\nBounds: none\nUnit: –\nAs of: –"' in page.text
    assert 'data-reading="Value: 29,000,000\nBounds: 29,000,000 to 29,000,000\nUnit: USD\nAs of: 2023"' in page.text


def test_a_claim_with_a_suggested_contradiction_is_marked_until_it_is_decided(client, alice, rita):
    article = new_article()
    claim = claim_at(article, "Im März waren es 5.000.")
    figure = figure_at(claim, "5.000", value=5000, unit="Container")
    calm = claim_at(article, "Der Handel stieg 2023 auf 29 Millionen Dollar, berichtete die Agentur.")
    other = claim_at(new_article(text="Im März waren es 9.000 Container."), "Im März waren es 9.000 Container.")
    conflict = services.conflict_create(figure_a=figure, figure_b=figure_at(other, "9.000", value=9000),
                                        kind="contradiction")
    client.force_login(alice)
    page = client.get(f"/admin/claims/article/{article.pk}/change/", **ENGLISH)
    assert f'class="claim-no status-unreviewed contested" id="claim-{claim.number}"' in page.text
    assert f'class="claim-no status-unreviewed" id="claim-{calm.number}"' in page.text
    assert 'class="claim status-unreviewed contested"' in page.text
    assert "The claim marked ⚠ has a suggested contradiction" in page.text
    services.conflict_decide(conflict=conflict, user=rita, status="dismissed")
    page = client.get(f"/admin/claims/article/{article.pk}/change/", **ENGLISH)
    assert "contested" not in page.text and Conflict.objects.get().status == "dismissed"
