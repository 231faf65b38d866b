"""Following and "my alerts" in the admin (each user's Atom feed is claims.feeds).

/admin/alerts/ lists the alerts that reached the user (any channel), marking what is new since their last visit,
with their follows and feed address; /admin/alerts/follow/ takes the follow and unfollow buttons of the claim and
article pages and of that page. Both are for anyone on the desk (claims.view_claim), like the dashboard.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Alert, Channel, Delivery, DeliveryState, Follow
from ..services import alerts
from ..services.delivery import absolute

PAGE_ALERTS = 100


def _desk_only(request: HttpRequest) -> None:
    if not request.user.has_perm("claims.view_claim"):
        raise PermissionDenied


def _alerts_of(user):
    return Alert.objects.filter(deliveries__user=user).distinct().order_by("-created_at", "-id")


def my_alerts(request: HttpRequest) -> TemplateResponse:
    _desk_only(request)
    inbox, before = alerts.inbox_visit(user=request.user)
    rows = [(alert, before is None or alert.created_at > before)
            for alert in _alerts_of(request.user)[:PAGE_ALERTS]]
    context = {
        **admin.site.each_context(request), "title": _("My alerts"), "rows": rows, "last_visit": before,
        "new_count": sum(new for _alert, new in rows),
        "follows": _follows_of(request.user),
        "feed_url": absolute(reverse("alerts-feed", args=[inbox.feed_token])), "channels": Channel.choices,
    }
    return TemplateResponse(request, "admin/alerts/my_alerts.html", context)


def _follows_of(user):
    """The user's follows, each with the error of its latest delivery that failed or was refused (one query)."""
    problems = Delivery.objects.filter(follow=OuterRef("pk"), state__in=[DeliveryState.FAILED, DeliveryState.REFUSED])
    return (Follow.objects.filter(user=user).select_related("article", "claim").order_by("pk")
            .annotate(last_problem=Subquery(problems.order_by("-created_at", "-pk").values("last_error")[:1])))


@require_POST
def follow_view(request: HttpRequest) -> HttpResponse:
    _desk_only(request)
    target, object_id = request.POST.get("target", "desk"), request.POST.get("id") or None
    ids = {"article_id": object_id if target == "article" else None,
           "claim_id": object_id if target == "claim" else None}
    try:
        ids = {name: int(value) if value is not None else None for name, value in ids.items()}
        _act(request, ids)
    except (ValueError, ValidationError) as exc:
        messages.error(request, _("Not followed: {reason}").format(reason=_reason(exc)))
    return HttpResponseRedirect(_next(request))


def _act(request: HttpRequest, ids: dict) -> None:
    action = request.POST.get("action", "follow")
    if action == "unfollow":
        alerts.unfollow(user=request.user, **ids)
        messages.success(request, _("You no longer follow it."))
    elif action == "remove":
        alerts.follow_delete(user=request.user, follow_id=int(request.POST.get("follow", "0")))
        messages.success(request, _("Follow removed."))
    elif action == "new_feed":
        alerts.feed_token_renew(user=request.user)
        messages.success(request, _("Your feed has a new address; the old one no longer answers."))
    elif action == "new_secret":
        alerts.follow_secret_renew(user=request.user, follow_id=int(request.POST.get("follow", "0")))
        messages.success(request, _("The webhook has a new secret; signatures with the old one no longer verify."))
    else:
        channel = request.POST.get("channel", Channel.EMAIL)
        if channel not in Channel.values:
            raise ValidationError(_("Unknown channel."))
        alerts.follow_create(user=request.user, channel=channel, url=request.POST.get("url", ""),
                             digest=request.POST.get("digest") == "on", **ids)
        messages.success(request, _("Followed."))


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return _("a bad value was given.")


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("my-alerts")


def follow_context(request: HttpRequest, *, target: str, object_id: int) -> dict:
    """For the follow buttons of a claim or article page: which channels the user follows it on."""
    lookup = {"article_id": object_id} if target == "article" else {"claim_id": object_id}
    channels = set(Follow.objects.filter(user=request.user, **lookup).values_list("channel", flat=True))
    return {"target": target, "id": object_id, "following": sorted(channels), "url": reverse("alerts-follow"),
            "next": request.get_full_path()}
