"""Request bodies the API cannot take get a 400 or 413 with a JSON message, never a 500 or an HTML page; text
fields take text as sent (common.api_input)."""

from __future__ import annotations

import json

import pytest
from django.test.utils import override_settings

from claims.models import Article, Conflict
from tests.factories import ArticleFactory, claim_at, figure_at

pytestmark = pytest.mark.django_db


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [100_000, 950, 33])
def test_a_deeply_nested_body_is_a_400_with_a_message(api_as, alice, depth):
    client = api_as(alice)
    body = '{"title": "T", "text": "Fast 7.000 Container.", "extract": false, "url": ' + nested(depth) + "}"
    response = client.post("/api/articles/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - nested more than 32 levels deep."}
    assert not Article.objects.exists()


def test_a_body_nested_as_deep_as_allowed_reaches_the_fields(api_as, alice):
    body = '{"title": "T", "text": "Fast 7.000 Container.", "url": ' + nested(31) + "}"
    response = api_as(alice).post("/api/articles/", body, content_type="application/json")
    assert response.status_code == 400 and "url" in response.json()


def test_a_body_that_is_not_json_is_a_400_with_a_message(api_as, alice):
    response = api_as(alice).post("/api/articles/", '{"title": "T",', content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"].startswith("JSON parse error")


@pytest.mark.parametrize("content_type", ["json", "multipart"])
def test_a_body_over_the_limit_is_a_413_with_a_message(api_as, alice, content_type):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = api_as(alice).post(
            "/api/articles/", {"title": "T", "text": "Fast 7.000 Container. " * 100}, format=content_type
        )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The request body is larger than 1000 bytes, the most the API accepts."}
    assert not Article.objects.exists()


@pytest.fixture
def pair(db):
    one = ArticleFactory()
    two = ArticleFactory(text="Fast 7.000 Container.")
    return (figure_at(claim_at(one, "US-Beamte zählten fast 7.000 Container."), "7.000", value=7000),
            figure_at(claim_at(two, two.text), "7.000", value=7000))


def test_a_text_field_refuses_a_number(api_as, alice, rita, pair):
    made = api_as(alice).post("/api/conflicts/", {"figure_a": pair[0].pk, "figure_b": pair[1].pk, "note": 5},
                              format="json")
    assert made.status_code == 400 and made.json() == {"note": ["Not a valid string."]}
    assert not Conflict.objects.exists()
    conflict = api_as(alice).post("/api/conflicts/", {"figure_a": pair[0].pk, "figure_b": pair[1].pk},
                                  format="json").json()
    decided = api_as(rita).post(f"/api/conflicts/{conflict['id']}/decide/", {"status": "confirmed", "note": 1.5},
                                format="json")
    assert decided.status_code == 400 and decided.json() == {"note": ["Not a valid string."]}
    assert Conflict.objects.get().status == "suggested"


def test_form_data_is_text_and_still_accepted(api_as, alice, pair):
    made = api_as(alice).post("/api/conflicts/", {"figure_a": pair[0].pk, "figure_b": pair[1].pk, "note": "5"})
    assert made.status_code == 201 and made.json()["note"] == "5"


def test_a_text_is_measured_as_sent_not_after_trimming(api_as, alice):
    title = "\n" + "T" * 300
    response = api_as(alice).post("/api/articles/", {"title": title, "text": "Fast 7.000 Container."}, format="json")
    assert response.status_code == 400
    assert response.json() == {"title": ["Ensure this field has no more than 300 characters."]}


def test_a_json_body_at_the_limit_of_its_fields_is_taken(api_as, alice):
    body = json.dumps({"title": "T" * 300, "text": "Fast 7.000 Container.", "extract": False})
    assert api_as(alice).post("/api/articles/", body, content_type="application/json").status_code == 201
