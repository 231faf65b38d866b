"""Ingest grows with the article, not with its square; how long an article may be, and how it is refused.

Work is counted, not timed (timings belong in bench/ingest.py): the lines of the project's own code that run, and
the span rules' trigger calls in PostgreSQL. Doubling an article must not much more than double either.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from celery.signals import task_prerun
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

import claims
from claims import extraction, services
from claims.models import Article, Claim, Figure
from claims.services import conflicts

pytestmark = pytest.mark.django_db

UNITS = ["Container", "Soldaten", "Raketen", "Fahrzeuge", "Tonnen"]


def one_figure_sentences(count: int, *, first: int = 0) -> str:
    """One paragraph of sentences with one count each (never a year: five digits, grouped)."""
    return " ".join(f"Die Behörde zählte {10_000 + n:,} {UNITS[n % len(UNITS)]}.".replace(",", ".")
                    for n in range(first, first + count))


def lines_run(call) -> int:
    """Lines of the project's own code (claims/) that `call` runs: work that no machine's speed changes."""
    root, count = str(Path(claims.__file__).parent), 0

    def trace(frame, event, arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(root):
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(None)
    return count


def test_extraction_work_grows_linearly_with_the_figures_of_one_paragraph():
    def work(count: int) -> int:
        text = one_figure_sentences(count)
        return lines_run(lambda: list(extraction.iter_claims(text)))

    assert work(800) / work(400) < 2.3  # each figure was checked against every figure before it: 3.1


def test_extracting_again_grows_linearly_with_the_claims_an_article_has():
    def work(count: int) -> int:
        article = services.article_ingest(title="T", text=one_figure_sentences(count))
        assert article.claims.count() == count
        return lines_run(lambda: services.article_extract(article=article))

    assert work(400) / work(200) < 2.3  # each passage found was checked against every claim: 3.0


@pytest.fixture
def trigger_calls(require_postgres):
    """Calls of the span rules' trigger functions on a table in this transaction (track_functions counts them).
    Other triggers are left out: a claim's publisher is set per row by a key lookup (migration 0020)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL track_functions = 'pl'")

    def calls(table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(pg_stat_get_xact_function_calls(t.tgfoid)), 0) FROM pg_trigger t "
                "WHERE t.tgrelid = %s::regclass AND NOT t.tgisinternal AND t.tgname LIKE '%%span%%'", [table])
            return int(cursor.fetchone()[0])

    return calls


def test_span_rules_check_an_ingest_once_per_statement_not_once_per_row(trigger_calls):
    # Per row, each check read the article text from its start: 100,000 claims read it 200,000 times.
    article = services.article_ingest(title="T", text=one_figure_sentences(300))
    assert Claim.objects.filter(article=article).count() == 300
    assert trigger_calls("claims_claim") == 1 and trigger_calls("claims_figure") == 1


def test_detection_is_sent_in_batches_that_fit_its_time_limit(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(conflicts, "DETECT_BATCH", 2, raising=False)
    sent = []

    def record(sender=None, args=(), **kwargs):
        if sender.name == "claims.detect_conflicts":
            sent.append(args[0])

    task_prerun.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article = services.article_ingest(title="T", text=one_figure_sentences(5))
    finally:
        task_prerun.disconnect(record)
    assert [len(batch) for batch in sent] == [2, 2, 1]
    assert sorted(sum(sent, [])) == sorted(article.claims.values_list("pk", flat=True))
    assert Figure.objects.filter(claim__article=article, derived=0).count() == 0  # every batch ran


# --- The cap ------------------------------------------------------------------------------------------------------


@override_settings(FACTCHECK_MAX_ARTICLE_CHARS=200)
def test_the_api_refuses_a_text_over_the_cap_with_a_message(api_as, alice):
    client = api_as(alice)
    response = client.post("/api/articles/", {"title": "T", "text": "x" * 201}, format="json")
    assert response.status_code == 400
    assert "201 characters; an article may have at most 200 (FACTCHECK_MAX_ARTICLE_CHARS)" in str(
        response.data["text"])
    assert not Article.objects.exists()
    assert client.post("/api/articles/", {"title": "T", "text": "x" * 200}, format="json").status_code == 201


@override_settings(FACTCHECK_MAX_ARTICLE_CHARS=200)
def test_ingest_refuses_a_file_over_the_cap_and_stores_nothing(tmp_path):
    short, long = tmp_path / "a.txt", tmp_path / "b.txt"
    short.write_text(one_figure_sentences(1), encoding="utf-8")
    long.write_text(one_figure_sentences(10), encoding="utf-8")
    with pytest.raises(CommandError, match=r"b\.txt: The text has 3\d\d characters; an article may have at most 200"):
        call_command("ingest", str(short), str(long))
    assert not Article.objects.exists()


@override_settings(FACTCHECK_MAX_ARTICLE_CHARS=200)
def test_the_admin_form_says_the_text_is_too_long(client, alice):
    client.force_login(alice)
    page = client.post("/admin/claims/article/add/", {
        "title": "T", "text": "x" * 201, "language": "de", "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0",
    })
    assert page.status_code == 200
    assert "an article may have at most 200 (FACTCHECK_MAX_ARTICLE_CHARS)" in page.text
    assert not Article.objects.exists()


@override_settings(FACTCHECK_MAX_ARTICLE_CLAIMS=2)
def test_more_claims_than_the_cap_are_refused_everywhere(api_as, alice, client):
    with pytest.raises(ValidationError, match="finds 3 claims in the text; an article may have at most 2"):
        services.article_ingest(title="T", text=one_figure_sentences(3))
    response = api_as(alice).post("/api/articles/", {"title": "T", "text": one_figure_sentences(3)}, format="json")
    assert response.status_code == 400 and "FACTCHECK_MAX_ARTICLE_CLAIMS" in str(response.data["text"])
    assert not Article.objects.exists()
    article = services.article_create(title="T", text=one_figure_sentences(3))
    client.force_login(alice)
    page = client.post(f"/admin/claims/article/{article.pk}/extract-again/", follow=True)
    assert page.status_code == 200 and "at most 2 (FACTCHECK_MAX_ARTICLE_CLAIMS)" in page.text
    assert not article.claims.exists()
