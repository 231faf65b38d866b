"""Admin lists count their rows in time, or say "about" the planner's estimate (common.counting)."""

from __future__ import annotations

import pytest
from django.db import connection

from claims.models import Claim
from common import counting
from common.counting import CountInTime
from tests.factories import ArticleFactory, claim_at

TEXT = "Nordkorea lieferte bis zu fünf Millionen Granaten. US-Beamte zählten fast 7.000 Container."
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="SQLite has no statement limit: it always counts (the demo's small desk)")


@pytest.fixture
def claims(db) -> list[Claim]:
    article = ArticleFactory(text=TEXT)
    return [claim_at(article, sentence) for sentence in ("Nordkorea lieferte bis zu fünf Millionen Granaten.",
                                                         "US-Beamte zählten fast 7.000 Container.")]


def slow(queryset):
    """The list as a filter that takes 50 ms per row to decide would be."""
    return queryset.extra(where=["pg_sleep(0.05) IS NOT NULL"])


def test_a_count_done_in_time_is_exact(claims, settings):
    paginator = CountInTime(Claim.objects.order_by("-id"), 100)
    assert paginator.count == 2 and not paginator.estimated


@postgres_only
def test_a_count_that_takes_too_long_is_stopped_and_estimated(claims, settings):
    settings.FACTCHECK_ADMIN_COUNT_MS = 20
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    assert counting.counted_in_time(slow(Claim.objects.all())) is None
    paginator = CountInTime(slow(Claim.objects.order_by("-id")), 100)
    assert paginator.estimated is False and paginator.count >= 1 and paginator.estimated
    # The connection goes on as before: usable inside the test's transaction, with its own statement limit.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before
    assert Claim.objects.count() == 2
    settings.FACTCHECK_ADMIN_COUNT_MS = 5_000
    assert counting.counted_in_time(slow(Claim.objects.all())) == 2


@postgres_only
def test_an_error_other_than_the_time_limit_is_raised(claims):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError):
        counting.counted_in_time(Claim.objects.extra(where=["1 / 0 = 1"]))


def test_the_claims_list_says_about_when_it_estimated(client, alice, claims, monkeypatch):
    client.force_login(alice)
    page = client.get("/admin/claims/claim/").content.decode()
    assert "2 claims" in page and "about 2" not in page
    monkeypatch.setattr(counting, "counted_in_time", lambda queryset: None)  # as a count over the limit returns
    monkeypatch.setattr(counting, "estimated_rows", lambda queryset: 1234)
    response = client.get("/admin/claims/claim/")
    assert response.status_code == 200 and len(response.context["cl"].result_list) == 2
    assert "about 1234 claims" in " ".join(response.content.decode().split())
