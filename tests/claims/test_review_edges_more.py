"""More edge cases of delete/restore, ETags, the demo loader and long articles, from a second review (each
failed on the code it reviewed)."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims import services
from claims.management.commands.load_demo import DEMO_DIR
from claims.models import Article, Claim, Conflict, Figure
from tests.factories import ArticleFactory, ClaimFactory, UserFactory, claim_at, figure_at

TEXT = ("Kurz.\r\nSüdkorea nannte bis zu fünf Millionen Geschosse. US-Beamte zählten "
        "fast 7.000 Container.")
QUOTE = "US-Beamte zählten fast 7.000 Container."


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


def test_a_stale_if_match_is_412_even_when_the_body_names_the_current_version(api_as, alice, rita):
    """If-Match is a precondition: a body version must not override it."""
    claim = ClaimFactory()
    stale_etag = api_as(alice).get(f"/api/claims/{claim.ref}/")["ETag"]
    services.claim_update(claim=claim, user=rita, changes={"speaker": "Rita"})
    current = Claim.objects.get(pk=claim.pk).version
    response = api_as(alice).patch(f"/api/claims/{claim.ref}/", {"speaker": "Alice", "version": current},
                                   format="json", HTTP_IF_MATCH=stale_etag)
    assert response.status_code == 412
    assert Claim.objects.get(pk=claim.pk).speaker == "Rita"


def test_loading_the_demo_again_after_a_claim_was_deleted_gives_no_verdict_to_another_claim(db, root):
    """The demo's reviews find their claims by quote: a claim deleted since must not shift a verdict onto another."""
    call_command("load_demo", password="pw", stdout=open("/dev/null", "w"))
    manifest = json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["articles"] if e["file"] == "de-sanktionen.txt")
    article = Article.objects.get(url=entry["url"])
    claims = list(article.claims.order_by("number"))
    untouched = claims[2]
    assert untouched.status == "unreviewed"
    services.claim_delete(claim=claims[0], user=root)  # judged not worth keeping
    call_command("load_demo", password="pw", stdout=open("/dev/null", "w"))
    assert Claim.objects.get(pk=untouched.pk).status == "unreviewed"


def test_inline_claim_edits_are_not_dropped_silently_when_the_article_passes_60_claims_meanwhile(client, rita):
    """A page opened with the claims inline at 60 claims and saved after a 61st arrived keeps its inline edits."""
    article = ArticleFactory(text="Ab. " * 70)
    claims = [services.claim_create(article=article, start=4 * i, end=4 * i + 3, speaker="") for i in range(60)]
    client.force_login(rita)
    page = client.get(f"/admin/claims/article/{article.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    formset = page.context["inline_admin_formsets"][0].formset
    data |= {f"{formset.prefix}-TOTAL_FORMS": "60", f"{formset.prefix}-INITIAL_FORMS": "60",
             f"{formset.prefix}-MIN_NUM_FORMS": "0", f"{formset.prefix}-MAX_NUM_FORMS": "1000"}
    for i, claim in enumerate(claims):
        data |= {f"{formset.prefix}-{i}-id": claim.pk, f"{formset.prefix}-{i}-article": article.pk,
                 f"{formset.prefix}-{i}-start": claim.start, f"{formset.prefix}-{i}-end": claim.end,
                 f"{formset.prefix}-{i}-speaker": "", f"{formset.prefix}-{i}-seen_version": claim.version}
    data[f"{formset.prefix}-0-speaker"] = "Rita's speaker"
    services.claim_create(article=article, start=4 * 60, end=4 * 60 + 3, speaker="")  # extract again, meanwhile
    response = client.post(f"/admin/claims/article/{article.pk}/change/", data, follow=True)
    saved = Claim.objects.get(pk=claims[0].pk).speaker == "Rita's speaker"
    told = "was changed successfully" not in response.text
    assert saved or told, "the inline edit was dropped and the page reported success"
