from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from claims import services
from claims.models import Article, Claim, Conflict
from tests.factories import TEXT, ArticleFactory, ClaimFactory, claim_at, figure_at

pytestmark = pytest.mark.django_db


def test_a_span_outside_the_text_is_refused_with_a_field_message_and_uses_no_number():
    article = ArticleFactory()
    with pytest.raises(ValidationError) as err:
        services.claim_create(article=article, start=10, end=len(TEXT) + 5)
    assert "outside the article text" in err.value.message_dict["end"][0]
    assert not Claim.objects.exists()
    assert Article.objects.get(pk=article.pk).last_claim_number == 0


def test_a_reversed_span_is_refused():
    with pytest.raises(ValidationError) as err:
        services.claim_create(article=ArticleFactory(), start=20, end=10)
    assert "must end after it starts" in err.value.message_dict["end"][0]


def test_a_claim_keeps_its_exact_quote_and_context():
    article = ArticleFactory(text="  Vorne.\n\nUS-Beamte zählten fast 7.000 Container.\t\n")
    claim = claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    assert claim.text == "US-Beamte zählten fast 7.000 Container."
    assert claim.prefix == "  Vorne.\n\n" and claim.suffix == "\t\n"
    assert Article.objects.get(pk=article.pk).text == "  Vorne.\n\nUS-Beamte zählten fast 7.000 Container.\t\n"


def test_an_editor_cannot_set_a_verdict(alice):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.claim_update(claim=claim, user=alice, changes={"status": "false", "verdict_note": "x"})
    services.claim_update(claim=claim, user=alice, changes={"status": "in_review"})
    assert Claim.objects.get(pk=claim.pk).status == "in_review"


def test_a_reviewer_sets_a_verdict_with_a_note_and_is_recorded(rita):
    claim = services.claim_update(claim=ClaimFactory(), user=rita, changes={"status": "in_review"})
    with pytest.raises(ValidationError) as err:
        services.claim_update(claim=claim, user=rita, changes={"status": "disputed"})
    assert "verdict_note" in err.value.message_dict
    claim = Claim.objects.get(pk=claim.pk)
    services.claim_update(claim=claim, user=rita, changes={"status": "disputed", "verdict_note": "Quelle unklar."})
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.reviewer, stored.reviewed_at is not None) == ("disputed", rita, True)


def test_unknown_fields_are_refused(alice):
    with pytest.raises(ValidationError) as err:
        services.claim_update(claim=ClaimFactory(), user=alice, changes={"number": 7})
    assert "number" in err.value.message_dict


def test_moving_a_claim_re_anchors_its_quote(alice):
    claim = ClaimFactory()
    start = TEXT.index("US-Beamte")
    services.claim_update(claim=claim, user=alice, changes={"start": start, "end": start + 9})
    assert Claim.objects.get(pk=claim.pk).text == "US-Beamte"


def test_a_figure_outside_its_claim_is_refused():
    claim = claim_at(ArticleFactory(), "US-Beamte zählten fast 7.000 Container.")
    with pytest.raises(ValidationError) as err:
        figure_at(claim, "29 Millionen Dollar", value=29_000_000, kind="money")
    assert "outside claim" in err.value.message_dict["end"][0]


def test_conflicts_are_stored_in_one_order_and_never_twice():
    article = ArticleFactory()
    one = figure_at(claim_at(article, "US-Beamte zählten fast 7.000 Container."), "7.000", value=7000)
    two = figure_at(claim_at(article, "2023 stieg das Handelsvolumen auf 29 Millionen Dollar."), "29", value=29)
    conflict = services.conflict_create(figure_a=two, figure_b=one, kind="contradiction")
    assert (conflict.figure_a, conflict.figure_b) == (one, two)
    with pytest.raises(ValidationError, match="already linked"):
        services.conflict_create(figure_a=one, figure_b=two, kind="series")
    with pytest.raises(ValidationError, match="itself"):
        services.conflict_create(figure_a=one, figure_b=one, kind="series")
    assert Conflict.objects.count() == 1


def test_only_reviewers_decide_conflicts(alice, rita):
    article = ArticleFactory()
    claim = claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    conflict = services.conflict_create(
        figure_a=figure_at(claim, "7.000", value=7000), figure_b=figure_at(claim, "Container", value=1),
        kind="series",
    )
    with pytest.raises(PermissionDenied):
        services.conflict_decide(conflict=conflict, user=alice, status="confirmed")
    services.conflict_decide(conflict=conflict, user=rita, status="dismissed", note="Kein Widerspruch.")
    stored = Conflict.objects.get(pk=conflict.pk)
    assert (stored.status, stored.decided_by, stored.note) == ("dismissed", rita, "Kein Widerspruch.")


def test_the_same_text_from_a_second_outlet_points_at_the_first(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = ArticleFactory(text="Fast 7.000 Container.\n")
        other = ArticleFactory(text="Mehr als 1.000 Container.")
        copy = ArticleFactory(text="Fast  7.000\nContainer.")
    assert Article.objects.get(pk=copy.pk).duplicate_of == first
    assert Article.objects.get(pk=other.pk).duplicate_of is None
    assert services.article_find_duplicate(article_id=10**9) is None  # a deleted row is no error


@pytest.mark.django_db(transaction=True)
def test_racing_editors_never_share_a_number(require_postgres):
    article = ArticleFactory()
    numbers, errors, barrier = [], [], threading.Barrier(8)

    def add(start: int) -> None:
        try:
            barrier.wait()  # eight passages: one passage is one claim, however often it is sent
            numbers.append(services.claim_create(article=Article.objects.get(pk=article.pk), start=start,
                                                 end=start + 9).number)
        except Exception as exc:  # reported below: the test must see every failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(start,)) for start in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 9))
