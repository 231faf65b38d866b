"""A long article is stored at once and extracted by a worker; it shows where its extraction stands.

Tasks run inline here (CELERY_TASK_ALWAYS_EAGER); tests/test_celery_worker.py runs them on a real worker.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from claims import services, tasks
from claims.models import Article
from tests.factories import TEXT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("short_requests")]


@pytest.fixture
def short_requests():
    # TEXT (three sentences with figures) is then a long article.
    with override_settings(FACTCHECK_EXTRACT_IN_REQUEST_CHARS=100):
        yield


def test_a_long_article_is_accepted_at_once_and_extracted_by_a_worker(api_as, alice,
                                                                      django_capture_on_commit_callbacks):
    client = api_as(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/articles/", {"title": "T", "text": TEXT}, format="json")
        assert response.status_code == 202, response.data
        assert response.data["extraction_status"] == "pending" and response.data["claim_count"] == 0
        assert "text" not in response.data  # a long text is not sent back
    assert response["Location"] == f"http://testserver/api/articles/{response.data['id']}/"
    # The task ran after the commit: what the client sees at the Location.
    followed = client.get(response["Location"])
    assert followed.data["extraction_status"] == "done" and followed.data["claim_count"] == 3
    assert followed.data["extraction_message"] == "3 new claim(s) found."
    assert followed.data["extraction_finished_at"] is not None


def test_a_short_article_and_one_without_extraction_stay_in_the_request(api_as, alice):
    client = api_as(alice)
    with override_settings(FACTCHECK_EXTRACT_IN_REQUEST_CHARS=len(TEXT)):
        short = client.post("/api/articles/", {"title": "T", "text": TEXT}, format="json")
    assert short.status_code == 201 and len(short.data["claims"]) == 3
    assert short.data["extraction_status"] == "done"
    # Another title: the same title and text again would be the same submission, answered with the first.
    plain = client.post("/api/articles/", {"title": "T2", "text": TEXT, "extract": False}, format="json")
    assert plain.status_code == 201 and plain.data["extraction_status"] == ""


def test_running_the_task_twice_extracts_once():
    article = services.article_ingest_later(title="T", text=TEXT)
    assert Article.objects.get(pk=article.pk).extraction_status == "pending"
    assert tasks.extract_claims_task.apply(args=[article.pk]).get() == 3
    assert tasks.extract_claims_task.apply(args=[article.pk]).get() is None  # done: nothing to claim
    assert article.claims.count() == 3


def test_a_run_another_worker_holds_is_left_alone_until_it_is_past_the_time_limit():
    article = services.article_ingest_later(title="T", text=TEXT)
    Article.objects.filter(pk=article.pk).update(extraction_status="running", extraction_started_at=timezone.now())
    assert tasks.extract_claims_task.apply(args=[article.pk]).get() is None
    assert not article.claims.exists()
    long_ago = timezone.now() - timedelta(hours=2)  # the worker that held it died
    Article.objects.filter(pk=article.pk).update(extraction_started_at=long_ago)
    assert tasks.extract_claims_task.apply(args=[article.pk]).get() == 3
    assert Article.objects.get(pk=article.pk).extraction_status == "done"


def test_a_deleted_article_is_not_an_error():
    article = services.article_ingest_later(title="T", text=TEXT)
    article_id = article.pk
    article.delete()
    assert tasks.extract_claims_task.apply(args=[article_id]).get() is None


@override_settings(FACTCHECK_MAX_ARTICLE_CLAIMS=1)
def test_a_refused_extraction_is_recorded_with_its_message():
    article = services.article_ingest_later(title="T", text=TEXT)
    tasks.extract_claims_task.apply(args=[article.pk]).get()
    article.refresh_from_db()
    assert article.extraction_status == "failed" and not article.claims.exists()
    assert "finds 3 claims in the text; an article may have at most 1" in article.extraction_message


def test_extract_again_in_the_admin_leaves_a_long_article_to_a_worker(client, alice,
                                                                       django_capture_on_commit_callbacks):
    article = services.article_create(title="T", text=TEXT)
    client.force_login(alice)
    with django_capture_on_commit_callbacks() as queued:
        page = client.post(f"/admin/claims/article/{article.pk}/extract-again/", follow=True)
    assert "a worker extracts its claims" in page.text and "Waiting for a worker" in page.text
    assert not article.claims.exists() and len(queued) == 1
    queued[0]()
    page = client.get(f"/admin/claims/article/{article.pk}/change/")
    assert "Done (" in page.text and "3 new claim(s) found." in page.text
    listed = client.post("/admin/claims/article/", {"action": "extract_again", "_selected_action": [article.pk]},
                         follow=True)
    assert "1 long article(s) left to a worker." in listed.text


def test_an_article_stored_without_extraction_and_sent_again_with_it_gets_extracted(
        api_as, alice, django_capture_on_commit_callbacks):
    client = api_as(alice)
    plain = client.post("/api/articles/", {"title": "T", "text": TEXT, "extract": False}, format="json")
    assert plain.status_code == 201 and plain.data["extraction_status"] == ""
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/api/articles/", {"title": "T", "text": TEXT}, format="json")
    # The stored article (no second one), and the 202 is true: its extraction was queued and has run.
    assert again.status_code == 202 and again.data["id"] == plain.data["id"]
    assert again.data["extraction_status"] == "pending"
    assert Article.objects.get().extraction_status == "done" and Article.objects.get().claims.count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        third = client.post("/api/articles/", {"title": "T", "text": TEXT}, format="json")
    assert third.status_code == 202 and third.data["extraction_status"] == "done"  # nothing queued again
    assert Article.objects.get().claims.count() == 3
