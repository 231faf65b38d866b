"""Restoring a deleted claim brings back what was deleted with it, and only that: a figure removed by hand stays
removed, a conflict comes back once both its claims are back, a decision keeps no reference to a deleted reviewer.
(The main cases, and the deleted claims page, are in test_review.py.)"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model

from claims import services
from claims.models import Claim, Conflict, Figure
from tests.factories import ArticleFactory, UserFactory, claim_at, figure_at

TEXT = ("Kurz.\r\nSüdkorea nannte bis zu fünf Millionen Geschosse. US-Beamte zählten "
        "fast 7.000 Container.")
QUOTE = "US-Beamte zählten fast 7.000 Container."


def test_a_figure_deleted_by_hand_just_before_its_claim_stays_deleted_on_restore(rita):
    """Restore brings back what went with the claim, not whatever was deleted shortly before it."""
    claim = claim_at(ArticleFactory(text=TEXT), "US-Beamte zählten fast 7.000 Container.")
    wrong = figure_at(claim, "7.000", value=7000)
    kept = figure_at(claim, "fast 7.000 Container", value=7000, qualifier="almost")
    wrong.delete()  # on purpose, as the claim page's figure inline does
    services.claim_delete(claim=Claim.objects.get(pk=claim.pk), user=rita)  # seconds later, the claim too
    restored = services.claim_restore(claim_id=claim.pk, user=rita)
    assert list(restored.figures.values_list("pk", flat=True)) == [kept.pk]


def test_a_figure_deleted_by_hand_after_a_restore_stays_deleted_when_the_claim_goes_again(rita):
    """delete → restore → figure removed by hand → delete, within 30 s: restore must not revive the figure from
    the first deletion's record (still tagged "Deleted with claim N" and inside CASCADE_WINDOW)."""
    claim = claim_at(ArticleFactory(text=TEXT), QUOTE)
    wrong = figure_at(claim, "7.000", value=7000)
    kept = figure_at(claim, "fast 7.000 Container", value=7000, qualifier="almost")
    claim_id, wrong_id, kept_id = claim.pk, wrong.pk, kept.pk
    services.claim_delete(claim=claim, user=rita)
    services.claim_restore(claim_id=claim_id, user=rita)
    Figure.objects.get(pk=wrong_id).delete()  # the figure inline on the claim page, seconds later
    services.claim_delete(claim=Claim.objects.get(pk=claim_id), user=rita)
    restored = services.claim_restore(claim_id=claim_id, user=rita)
    assert list(restored.figures.values_list("pk", flat=True)) == [kept_id]


def test_a_conflict_between_two_deleted_claims_comes_back_when_both_are_restored(rita):
    """Restoring A cannot bring the conflict back (B's figure is gone); restoring B must."""
    a = claim_at(ArticleFactory(text=TEXT), "US-Beamte zählten fast 7.000 Container.")
    b = claim_at(ArticleFactory(text=TEXT), "US-Beamte zählten fast 7.000 Container.")
    fa, fb = figure_at(a, "fast 7.000 Container", value=7000), figure_at(b, "fast 7.000 Container", value=7000)
    conflict = services.conflict_create(figure_a=fa, figure_b=fb, kind="corroboration")
    a_id, b_id, fa_id = a.pk, b.pk, fa.pk
    services.claim_delete(claim=a, user=rita)
    services.claim_delete(claim=b, user=rita)
    # B was deleted an hour after A: move A's history (its figure's and the conflict's too) an hour back.
    for model, ids in ((Claim, [a_id]), (Figure, [fa_id]), (Conflict, [conflict.pk])):
        for record in model.history.filter(id__in=ids):
            model.history.filter(pk=record.pk).update(history_date=record.history_date - timedelta(hours=1))
    services.claim_restore(claim_id=a_id, user=rita)
    assert not Conflict.objects.filter(pk=conflict.pk).exists()
    services.claim_restore(claim_id=b_id, user=rita)
    assert Conflict.objects.filter(pk=conflict.pk).exists()


def test_restoring_a_conflict_decided_by_a_since_deleted_user_leaves_no_dangling_decided_by(rita, root):
    """A restored conflict whose reviewer's account is gone keeps its decision without a dangling decided_by."""
    a = claim_at(ArticleFactory(text=TEXT), QUOTE)
    b = claim_at(ArticleFactory(text=TEXT), QUOTE)
    fa, fb = figure_at(a, "fast 7.000 Container", value=7000), figure_at(b, "fast 7.000 Container", value=7000)
    conflict = services.conflict_create(figure_a=fa, figure_b=fb, kind="corroboration")
    dora = UserFactory(username="dora", roles=["reviewer"])
    services.conflict_decide(conflict=conflict, user=dora, status="confirmed", note="Same count.")
    a_id, dora_id = a.pk, dora.pk
    services.claim_delete(claim=a, user=root)
    dora.delete()  # she left; decided_by is SET_NULL on live rows, but history keeps her id
    services.claim_restore(claim_id=a_id, user=root)
    restored = Conflict.objects.get(pk=conflict.pk)
    assert restored.decided_by_id is None or get_user_model().objects.filter(pk=restored.decided_by_id).exists(), (
        f"decided_by_id={restored.decided_by_id} names deleted user {dora_id}: the FK fails at commit")
