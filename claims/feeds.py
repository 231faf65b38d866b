"""Each user's Atom feed of their alerts, at /alerts/feed/<token>/.

No login: feed readers cannot log in, so the token in the address is the secret (shown on "My alerts"), and a
wrong one is a 404, as is the feed of a user who is no longer on the desk (deactivated, or without the role to
read claims): the alerts quote unpublished claims.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Alert, AlertInbox, Channel
from .selectors import on_the_desk
from .services.delivery import absolute

FEED_ENTRIES = 50


def alerts_feed(request: HttpRequest, token: str) -> HttpResponse:
    inbox = get_object_or_404(AlertInbox.objects.select_related("user"), feed_token=token)
    if not on_the_desk(inbox.user):
        raise Http404
    feed = Atom1Feed(title=_("Fact-check alerts for {user}").format(user=inbox.user.get_username()),
                     link=absolute(reverse("my-alerts")), description="",
                     feed_url=absolute(request.path), language=get_language())
    entries = (Alert.objects.filter(deliveries__user=inbox.user, deliveries__channel=Channel.FEED)
               .distinct().order_by("-created_at", "-id")[:FEED_ENTRIES])
    for alert in entries:
        feed.add_item(title=alert.text, link=absolute(alert.link), description=alert.get_kind_display(),
                      unique_id=f"{absolute(alert.link)}#alert-{alert.pk}", pubdate=alert.created_at,
                      updateddate=alert.created_at, categories=[alert.kind])
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
