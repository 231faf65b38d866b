"""The desk in German: the language chosen by the browser or the switch, German strings on the desk's pages,
German dates and numbers in admin forms, times in the desk's time zone, the German CSV and ClaimReview's
verdict named in the article's language."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from claims import publishing, services
from claims.history import Entry, timeline_table
from claims.models import Article, Conflict, Figure
from common.forms import read_number
from tests.factories import ArticleFactory, claim_at, figure_at
from tests.test_project import settings_in_subprocess

from .test_publishing import CONTAINERS, give_verdict

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


@pytest.fixture
def editor(client, alice):
    client.force_login(alice)
    return client


def test_the_language_is_read_after_the_session_and_before_anything_answers():
    order = settings.MIDDLEWARE
    locale = order.index("django.middleware.locale.LocaleMiddleware")
    assert order.index("django.contrib.sessions.middleware.SessionMiddleware") < locale
    assert locale < order.index("django.middleware.common.CommonMiddleware")
    assert dict(settings.LANGUAGES).keys() == {"de", "en"}


def test_the_default_language_comes_from_the_environment():
    german = settings_in_subprocess({"DEBUG": "true", "LANGUAGE_CODE": "de"}, "settings.LANGUAGE_CODE")
    english = settings_in_subprocess({"DEBUG": "true"}, "settings.LANGUAGE_CODE")
    assert (german.stdout.strip(), english.stdout.strip()) == ("de", "en"), german.stderr + english.stderr
    french = settings_in_subprocess({"DEBUG": "true", "LANGUAGE_CODE": "fr"}, "settings.LANGUAGE_CODE")
    assert french.returncode != 0 and "LANGUAGE_CODE must be one of de, en, not 'fr'" in french.stderr


def test_a_browser_asking_for_neither_language_gets_the_default(editor, settings):
    settings.LANGUAGE_CODE = "de"
    assert "Redaktionsübersicht" in editor.get("/admin/desk/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr").content.decode()


def test_the_browser_language_picks_the_desk_language(editor):
    german = editor.get("/admin/desk/", **GERMAN).content.decode()
    english = editor.get("/admin/desk/", **ENGLISH).content.decode()
    assert '<html lang="de"' in german and "Redaktionsübersicht" in german and "Prüfliste" in german
    assert '<html lang="en"' in english and "Desk dashboard" in english and "Redaktionsübersicht" not in english


def test_the_switch_keeps_the_chosen_language_across_requests(editor):
    page = editor.get("/admin/", **ENGLISH).content.decode()
    assert 'id="language-switch"' in page and 'value="de"' in page
    answer = editor.post("/i18n/setlang/", {"language": "de", "next": "/admin/desk/"}, **ENGLISH)
    assert answer.status_code == 302 and answer["Location"] == "/admin/desk/"
    # The browser still asks for English: the choice wins, on every later page.
    assert "Redaktionsübersicht" in editor.get("/admin/desk/", **ENGLISH).content.decode()
    assert "Behauptungen" in editor.get("/admin/claims/claim/", **ENGLISH).content.decode()
    editor.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert "Desk dashboard" in editor.get("/admin/desk/", **GERMAN).content.decode()


def test_the_article_text_carries_the_article_language_on_a_page_of_another(editor):
    english = ArticleFactory(language="en", title="Containers", text="Officials counted 7,500 containers.")
    page = editor.get(f"/admin/claims/article/{english.pk}/change/", **GERMAN).content.decode()
    assert '<html lang="de"' in page and '<div id="article-text" data-length="35" lang="en">' in page
    assert "Text und Behauptungen" in page


def test_model_names_fields_and_choices_read_in_german(editor):
    claim = claim_at(ArticleFactory(), CONTAINERS)
    page = editor.get(f"/admin/claims/claim/{claim.pk}/change/", **GERMAN).content.decode()
    for words in ("Behauptung ändern", "Urheber", "Begründung der Bewertung", "Ungeprüft", "Zahlenangaben",
                  "Quellenverweise", "Verlauf: wer die Behauptung"):
        assert words in page, words


def test_djangos_change_and_filter_keep_their_german_beside_ours(editor):
    """The history's "Change" column (a noun: "Änderung") and the queue's "Filter" button (a verb: "Filtern") have
    contexts of their own, so Django's admin keeps "Ändern" on its change links and "Filter" over its filters."""
    claim = claim_at(ArticleFactory(), CONTAINERS)
    article_page = editor.get(f"/admin/claims/article/{claim.article_id}/change/", **GERMAN).text
    assert 'class="inlinechangelink">Ändern</a>' in article_page
    assert "<th>Änderung</th>" in editor.get(f"/admin/claims/claim/{claim.pk}/change/", **GERMAN).text
    assert '<h2 id="changelist-filter-header">Filter</h2>' in editor.get("/admin/claims/claim/", **GERMAN).text
    assert '<button type="submit">Filtern</button>' in editor.get("/admin/claims/conflict/queue/", **GERMAN).text


def test_a_detected_conflict_is_explained_in_german_on_the_claim_page(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # detection runs once the articles are stored
        first = services.article_ingest(title="Container I",
                                        text="Im März 2024 zählten US-Beamte fast 7.000 Container.")
        services.article_ingest(title="Container II", text="Im März 2024 zählten US-Beamte 5.000 Container.")
    conflict = Conflict.objects.get(kind="contradiction")
    page = editor.get(f"/admin/claims/claim/{first.claims.get().pk}/change/", **GERMAN).text
    # The queue's words, not the English sentence detection stored.
    assert "Die Zahlenangaben überschneiden sich nicht" in page and conflict.explanation not in page
    assert "Was sie verbindet: dieselbe Größe (container)" in page and "same quantity" not in page


def figure_form(figure: Figure, **changes) -> dict:
    data = {"claim": figure.claim_id, "start": figure.start, "end": figure.end, "kind": figure.kind, "value": "",
            "low": "", "high": "", "date_value": figure.date_value, "unit": figure.unit,
            "qualifier": figure.qualifier, "as_of": figure.as_of}
    return {**data, **changes}


@pytest.mark.parametrize(("typed", "stored"), [("4.850", Decimal("4850")), ("1,5", Decimal("1.5")),
                                                ("1.000.000", Decimal("1000000")), ("-6,4", Decimal("-6.4"))])
def test_a_number_typed_the_german_way_is_stored_as_meant(editor, typed, stored):
    figure = figure_at(claim_at(ArticleFactory(), CONTAINERS), "7.000 Container", value=7000)
    answer = editor.post(f"/admin/claims/figure/{figure.pk}/change/", figure_form(figure, value=typed), **GERMAN)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    figure.refresh_from_db()
    assert figure.value == stored


def test_a_number_that_german_does_not_write_so_is_refused_not_guessed(editor):
    figure = figure_at(claim_at(ArticleFactory(), CONTAINERS), "7.000 Container", value=7000)
    answer = editor.post(f"/admin/claims/figure/{figure.pk}/change/", figure_form(figure, value="4.85"), **GERMAN)
    assert answer.status_code == 200
    assert "„4.85“ ist keine Zahl in deutscher Schreibweise: Tausender als 4.850, Dezimalstellen als 1,5." in \
        answer.content.decode()
    figure.refresh_from_db()
    assert figure.value == 7000


def test_the_same_form_in_english_reads_english_numbers(editor):
    figure = figure_at(claim_at(ArticleFactory(), CONTAINERS), "7.000 Container", value=7000)
    editor.post(f"/admin/claims/figure/{figure.pk}/change/", figure_form(figure, value="4,850.5"), **ENGLISH)
    figure.refresh_from_db()
    assert figure.value == Decimal("4850.5")
    page = editor.get(f"/admin/claims/figure/{figure.pk}/change/", **GERMAN).content.decode()
    assert 'name="value" value="4850,5"' in page


@pytest.mark.parametrize(("text", "number"), [
    ("4.850", Decimal("4850")), ("4 850", Decimal("4850")), ("1.000,25", Decimal("1000.25")), (",5", Decimal("0.5")),
    ("\u22123", Decimal("-3")), ("4.85", None), ("1.000.00", None), ("1,5,0", None), ("4.8500", None), ("12a", None),
    ("٣", None), ("", None),
])
def test_german_numbers_are_read_only_when_they_are_unambiguous(text, number):
    assert read_number(text, ",", ".") == number


def test_a_german_date_is_taken_in_the_article_form(editor):
    data = {"title": "Gipfel", "url": "", "publisher": "Zeitung", "author": "", "published": "18.11.2025",
            "language": "de", "text": "Am Gipfel nahmen 40 Delegationen teil.", "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0", "claims-MIN_NUM_FORMS": "0", "claims-MAX_NUM_FORMS": "1000"}
    answer = editor.post("/admin/claims/article/add/", data, **GERMAN)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    article = Article.objects.get(title="Gipfel")
    assert article.published == date(2025, 11, 18)
    page = editor.get(f"/admin/claims/article/{article.pk}/change/", **GERMAN).content.decode()
    assert 'value="18.11.2025"' in page or "18. November 2025" in page


def test_history_shows_the_desk_time_zone_only():
    moment = datetime(2025, 11, 18, 13, 5, 7, tzinfo=UTC)  # 14:05:07 in Berlin
    with translation.override("de"):
        table = str(timeline_table([Entry(moment, "rita", "Behauptung #1", "angelegt", "")]))
    assert "18.11.2025 14:05" in table and "13:05" not in table and "Wann" in table


def test_sources_list_their_checks_in_the_desk_time_zone(editor):
    from sources.models import Source, SourceCheck

    source = Source.objects.create(url="https://zoll.example/bericht", domain="zoll.example")
    SourceCheck.objects.create(source=source, lease="00000000-0000-0000-0000-000000000001",
                               checked_at=datetime(2025, 11, 18, 23, 30, tzinfo=UTC), seconds=0.25, method="GET",
                               outcome="ok", http_status=200)
    page = editor.get(f"/admin/sources/source/{source.pk}/change/", **GERMAN).content.decode()
    assert "19.11.2025 00:30" in page and "2025-11-18" not in page and "0,25 s" in page


def german_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="claims-de.csv"'
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";")
    assert header == publishing.CSV_COLUMNS and "review_url" in header
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_german_csv_splits_at_semicolons_and_writes_german_times(api_as, victor, rita):
    claim = give_verdict(claim_at(ArticleFactory(), CONTAINERS), rita)
    [row] = german_csv(api_as(victor).get("/api/claims/export/", {"dialect": "excel-de"}, HTTP_ACCEPT="text/csv"))
    assert row["reviewed_at"] == timezone.localtime(claim.reviewed_at).strftime("%d.%m.%Y %H:%M:%S")
    assert row["review_url"] == claim.review_url and row["quote"] == CONTAINERS
    assert row["figures"] == "" and row["status"] == "supported"


def test_the_german_csv_is_an_action_on_the_claims_list_too(editor, rita):
    claim = give_verdict(claim_at(ArticleFactory(), CONTAINERS), rita)
    answer = editor.post("/admin/claims/claim/", {"action": "export_csv_german", "_selected_action": [claim.pk]})
    [row] = german_csv(answer)
    assert row["ref"] == claim.ref and row["review_url"] == claim.review_url


def test_an_unknown_dialect_is_refused(api_as, victor):
    answer = api_as(victor).get("/api/claims/export/", {"dialect": "excel-fr"}, HTTP_ACCEPT="text/csv")
    # Written as JSON whatever the Accept header asked for (CSVRenderer).
    assert answer.status_code == 400 and "excel-de" in json.loads(answer.content)["dialect"][0]


def test_german_cells_write_decimal_commas_and_stay_guarded():
    german = publishing.DIALECTS["excel-de"]
    assert publishing.csv_cell(Decimal("4850.500000"), german) == "4850,5"
    assert publishing.csv_cell(Decimal("4850.500000")) == "4850.5"
    assert publishing.csv_cell(-1.5, german) == "'-1,5"  # a leading minus is guarded as any formula start
    assert publishing.csv_cell("=1+1", german) == "'=1+1"
    line = "".join(publishing.csv_lines([["a;b", "1,5"]], german)).removeprefix("\ufeff").splitlines()[1]
    assert line == '"a;b";"1,5"'


def test_claimreview_names_the_verdict_in_the_article_language(api_as, victor, rita):
    german = give_verdict(claim_at(ArticleFactory(), CONTAINERS), rita, status="false", note="Falsch.")
    english = give_verdict(claim_at(ArticleFactory(language="en", text="Officials counted 7,500 containers."),
                                    "Officials counted 7,500 containers."), rita, status="false", note="Wrong.")
    for claim, name in ((german, "Falsch"), (english, "False")):
        for language in (GERMAN, ENGLISH):  # whatever the reader's browser asks for
            review = api_as(victor).get(f"/api/claims/{claim.ref}/claimreview/", **language).json()
            assert review["reviewRating"]["alternateName"] == name


def test_the_history_page_of_a_claim_shows_the_desk_time(editor, rita):
    claim = give_verdict(claim_at(ArticleFactory(), CONTAINERS), rita)
    record = claim.history.first()
    page = editor.get(f"/admin/claims/claim/{claim.pk}/history/", **GERMAN).content.decode()
    with translation.override("de"):
        local = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
        utc = date_format(record.history_date.astimezone(UTC), "DATETIME_FORMAT")
    assert local in page and (local == utc or utc not in page)
    assert f"Verlauf ansehen: #{claim.ref}" in page
