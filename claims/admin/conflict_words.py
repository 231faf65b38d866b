"""A conflict said in words for reviewers: both sentences with their figures marked, what the detector found, and
what confirming or dismissing it means for its kind."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import ConflictKind, ConflictOrigin, ConflictStatus, Figure

# What a decision means, per kind: a reviewer's confirmation is published with the claims' ClaimReview
# (claims.publishing), a dismissal keeps the pair from being suggested again (services.dismissal_remember).
MEANING = {
    ConflictKind.CONTRADICTION: {
        ConflictStatus.CONFIRMED: _("Confirm: the two figures really disagree, so at least one report is wrong "
                                    "or counts something else. Published with both claims' fact-checks."),
        ConflictStatus.DISMISSED: _("Dismiss: they do not disagree (different things, places or times, or a "
                                    "misread figure). The pair is not suggested again."),
    },
    ConflictKind.REVISION: {
        ConflictStatus.CONFIRMED: _("Confirm: the later figure corrects or replaces the earlier one, which is "
                                    "out of date rather than false. Published with both claims' fact-checks."),
        ConflictStatus.DISMISSED: _("Dismiss: neither replaces the other. The pair is not suggested again."),
    },
    ConflictKind.SERIES: {
        ConflictStatus.CONFIRMED: _("Confirm: the same quantity at different times or stages; both can be right. "
                                    "Published with both claims' fact-checks."),
        ConflictStatus.DISMISSED: _("Dismiss: they are not one quantity over time. The pair is not suggested "
                                    "again."),
    },
    ConflictKind.CORROBORATION: {
        ConflictStatus.CONFIRMED: _("Confirm: the figures agree, so each report backs the other. Published with "
                                    "both claims' fact-checks."),
        ConflictStatus.DISMISSED: _("Dismiss: they only look alike and do not back each other. The pair is not "
                                    "suggested again."),
    },
}
VERDICTS = {
    ConflictKind.CONTRADICTION: _("The figures do not overlap"),
    ConflictKind.REVISION: _("One replaces the other: a correction or revision"),
    ConflictKind.SERIES: _("They are stated for different times or stages: a series"),
    ConflictKind.CORROBORATION: _("The figures agree"),
}
# claims.matching.compare's reasons (the slot that decided the kind).
REASONS = {
    "rivals": _("rival sources give them"),
    "stage": _("a forecast or partial count against a later figure"),
    "time": _("different times"),
    "toll": _("a toll counted again on a later day"),
    "revised": _("the text says a figure was corrected"),
}


def meaning(kind: str, decision: str) -> str:
    return str(MEANING.get(kind, {}).get(decision, ""))


def marked_sentence(figure: Figure):
    """The figure's claim with the figure marked: the claim's text is the article's text from claim.start on."""
    claim = figure.claim
    at, to = figure.start - claim.start, figure.end - claim.start
    if not 0 <= at < to <= len(claim.text):  # a figure always lies inside its claim (claims.db_rules); be safe
        return format_html("{} <mark>{}</mark>", claim.text, figure.text)
    return format_html("{}<mark>{}</mark>{}", claim.text[:at], claim.text[at:to], claim.text[to:])


def in_words(conflict) -> str:
    """What detection found, said as a sentence; a conflict added by hand says what its author wrote."""
    details = conflict.details or {}
    if conflict.origin == ConflictOrigin.MANUAL or not details:
        return conflict.explanation or str(_("Added by hand, without an explanation."))
    said = str(VERDICTS.get(conflict.kind, conflict.get_kind_display()))
    if details.get("gap_days"):
        days = details["gap_days"]
        said += ", " + ngettext("%(days)d day apart", "%(days)d days apart", days) % {"days": days}
    elif details.get("gap_percent"):
        said += ", " + str(_("%(percent)s %% apart")) % {"percent": f"{details['gap_percent']:g}"}
    if details.get("reason") in REASONS:
        said += f" ({REASONS[details['reason']]})"
    same = details.get("same") or []
    if same:
        said += ". " + str(_("What ties them: %(same)s")) % {"same": ", ".join(map(_tie, same))}
    return said + "."


# What two figures share, as claims.matching.explain stores it in English ("same names (Nordkorea, Russland)"):
# each slot said in the page's language, what fills it kept as found in the text.
TIES = {
    "same quantity": _("same quantity (%(what)s)"),
    "same names": _("same names (%(what)s)"),
    "same source": _("same source (%(what)s)"),
    "same statistic": _("same statistic (%(what)s)"),
    "same time": _("same time (%(what)s)"),
}


def _tie(fact: str) -> str:
    if fact == "the same report":
        return str(_("the same report"))
    slot, bracket, what = fact.partition(" (")
    if slot in TIES and bracket and what.endswith(")"):
        return str(TIES[slot]) % {"what": what[:-1]}
    return fact


def figure_pair(conflict) -> str:
    """A conflict named by its figures' text, for history and messages: «März 2024» and «April 2024»."""
    return str(_("«%(a)s» and «%(b)s»")) % {"a": conflict.figure_a.text, "b": conflict.figure_b.text}
