"""Confirm and dismiss: the buttons a reviewer gets on a claim's page and in the review queue, and what is said
after. Every decision goes through services.conflict_decide, so its permission check and history hold."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import services
from ..models import Conflict, ConflictStatus
from .conflict_words import figure_pair, meaning

DECISIONS = {ConflictStatus.CONFIRMED: gettext_lazy("Confirm"), ConflictStatus.DISMISSED: gettext_lazy("Dismiss")}


def decide_buttons(user, conflict: Conflict, back: str = ""):
    """Confirm/dismiss buttons for reviewers. They sit inside a form of the page (a claim's change form, the
    queue's bulk form) and post it, with its CSRF token, to the decide view through `formaction`."""
    if not user.has_perm("claims.decide_conflict"):
        return ""
    target = format_html(' formaction="{}?{}"', reverse("admin:claims_conflict_decide", args=[conflict.pk]),
                         urlencode({"next": back}))
    return format_html_join(
        " ", '<button type="submit" name="decision" value="{}"{} title="{}" formnovalidate>{}</button>',
        ((status, target, meaning(conflict.kind, status), label) for status, label in DECISIONS.items()
         if conflict.status != status),
    )


def decide_each(user, conflicts, status: str, note: str = "") -> str:
    """Decide the conflicts one by one through the service; how many, in words."""
    count = 0
    for conflict in conflicts:
        services.conflict_decide(conflict=conflict, user=user, status=status, note=note)
        count += 1
    if status == ConflictStatus.CONFIRMED:
        return ngettext("%(count)d conflict confirmed.", "%(count)d conflicts confirmed.", count) % {"count": count}
    return ngettext("%(count)d conflict dismissed.", "%(count)d conflicts dismissed.", count) % {"count": count}


def decided_text(conflict: Conflict) -> str:
    pair = figure_pair(conflict)
    if conflict.status == ConflictStatus.CONFIRMED:
        return _("%(kind)s of %(pair)s confirmed.") % {"kind": conflict.get_kind_display(), "pair": pair}
    if conflict.status == ConflictStatus.DISMISSED:
        return _("%(kind)s of %(pair)s dismissed.") % {"kind": conflict.get_kind_display(), "pair": pair}
    return _("%(kind)s of %(pair)s back among the suggestions.") % {"kind": conflict.get_kind_display(), "pair": pair}
