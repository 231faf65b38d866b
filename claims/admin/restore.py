"""Deleted claims, from history, and the button that brings one back with its number."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.post_only import post_only

from .. import services
from ..models import Claim
from .refusals import refusal_text

SHOWN = 200


def deleted_claims():
    """The latest deletion of each claim that is still deleted, newest first."""
    records = (Claim.history.filter(history_type="-").exclude(id__in=Claim.objects.values("pk"))
               .select_related("history_user", "article").order_by("-history_date"))
    seen, rows = set(), []
    for record in records[: SHOWN * 2]:
        if record.id not in seen:
            seen.add(record.id)
            rows.append(record)
    return rows[:SHOWN]


def deleted_view(model_admin, request):
    if not request.user.has_perm("claims.view_claim"):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Deleted claims"),
        "opts": model_admin.opts,
        "records": deleted_claims(),
        "can_restore": request.user.has_perm("claims.add_claim"),
    }
    return TemplateResponse(request, "admin/claims/claim/deleted.html", context)


@post_only
def restore_view(model_admin, request, claim_id: int):
    if not request.user.has_perm("claims.add_claim"):
        raise PermissionDenied
    try:
        claim = services.claim_restore(claim_id=claim_id, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        model_admin.message_user(request, refusal_text(exc), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:claims_claim_deleted"))
    figures, citations = claim.figures.count(), claim.citations.count()
    said = _("Claim #%(ref)s is back with its number, %(figures)s and %(citations)s.") % {
        "ref": claim.ref,
        "figures": ngettext("%(count)d figure", "%(count)d figures", figures) % {"count": figures},
        "citations": ngettext("%(count)d citation", "%(count)d citations", citations) % {"count": citations}}
    model_admin.message_user(request, said, messages.SUCCESS)
    return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))
