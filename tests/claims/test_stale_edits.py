"""Stale edits: a change sent from an older version of a claim, or naming another claim's version, is refused
and never overwrites the newer change, whether it comes through the API's If-Match or the admin's forms and
inlines. (The main cases, versions and 409/412/428, are in test_review.py.)"""

from __future__ import annotations

from claims import services
from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, claim_at

TEXT = ("Kurz.\r\nSüdkorea nannte bis zu fünf Millionen Geschosse. US-Beamte zählten "
        "fast 7.000 Container.")


def test_an_if_match_etag_of_another_claim_is_refused(api_as, alice):
    """An ETag names a claim and its version; another claim's tag at the same version must not pass."""
    mine, other = ClaimFactory(), ClaimFactory()
    assert mine.version == other.version
    other_etag = api_as(alice).get(f"/api/claims/{other.ref}/")["ETag"]
    response = api_as(alice).patch(f"/api/claims/{mine.ref}/", {"speaker": "Alice"}, format="json",
                                   HTTP_IF_MATCH=other_etag)
    assert response.status_code in (400, 409, 412)
    assert Claim.objects.get(pk=mine.pk).speaker == ""


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


def test_a_claim_form_without_seen_version_cannot_overwrite_a_newer_change(client, alice, rita):
    """A POST without the version it was opened at cannot be checked, so it is refused."""
    claim = ClaimFactory()
    client.force_login(alice)
    services.claim_update(claim=claim, user=rita, changes={"speaker": "Rita"})  # after Alice opened the page
    data = {"start": claim.start, "end": claim.end, "speaker": "Alice", "status": "unreviewed",
            "figures-TOTAL_FORMS": "0", "figures-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0"}
    client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert Claim.objects.get(pk=claim.pk).speaker == "Rita"


def test_deleting_a_claim_from_the_article_page_is_refused_when_it_changed_since(client, rita, root):
    """Django skips the errors of inline rows marked for deletion: the stale check must still apply to them."""
    article = ArticleFactory(text=TEXT)
    claim = claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    client.force_login(rita)
    page = client.get(f"/admin/claims/article/{article.pk}/change/")
    seen = claim.version
    # Meanwhile another reviewer gives it a verdict.
    services.claim_update(claim=claim, user=root, changes={"status": "in_review"})
    services.claim_update(claim=claim, user=root, changes={"status": "false", "verdict_note": "Falsch."})
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"claims-TOTAL_FORMS": "1", "claims-INITIAL_FORMS": "1", "claims-MIN_NUM_FORMS": "0",
             "claims-MAX_NUM_FORMS": "1000", "claims-0-id": claim.pk, "claims-0-article": article.pk,
             "claims-0-start": claim.start, "claims-0-end": claim.end, "claims-0-speaker": "",
             "claims-0-seen_version": seen, "claims-0-DELETE": "on"}
    client.post(f"/admin/claims/article/{article.pk}/change/", data)
    assert Claim.objects.filter(pk=claim.pk).exists()


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
