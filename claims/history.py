"""A claim's history as the desk reads it: who changed the claim, its figures, citations and conflicts, and when.

The admin's base for pages with history (HistoryAdmin) is common.history_admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.history_admin import as_text, in_words, moment

# Written on every save or by workers; a change to them alone says nothing an editor needs to read.
QUIET_FIELDS = frozenset({"updated_at", "version", "created_at", "history_id", "history_date",
                          "history_change_reason", "history_type", "history_user", "history_user_id"})
TIMELINE_SIZE = 50
TYPES = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


@dataclass
class Entry:
    when: datetime
    who: str
    what: str
    change: str
    reason: str


def claim_timeline(claim) -> list[Entry]:
    """Every recorded change of the claim, its figures, citations and their conflicts, newest first."""
    from sources.models import Citation

    from .models import Claim, Conflict, Figure

    figure_ids = Figure.history.filter(claim_id=claim.pk).values("id")  # a subquery, not a round trip
    conflicts = Conflict.history.filter(Q(figure_a_id__in=figure_ids) | Q(figure_b_id__in=figure_ids))
    # Conflicts are named by their figures' text, read once for all of them (a figure's text never changes).
    named = conflicts.values("figure_a_id", "figure_b_id")
    texts = dict(Figure.history.filter(Q(id__in=named.values("figure_a_id")) | Q(id__in=named.values("figure_b_id")))
                 .values_list("id", "text"))
    groups = [
        (Claim.history.filter(id=claim.pk), lambda r: _("Claim #%(number)d") % {"number": claim.number}),
        (Figure.history.filter(claim_id=claim.pk), lambda r: _("Figure «%(text)s»") % {"text": r.text}),
        (Citation.history.filter(claim_id=claim.pk).select_related("source"),
         lambda r: _("Citation of %(url)s") % {"url": getattr(r.source, "url", None) or _("a deleted source")}),
        (conflicts, lambda r: _("%(kind)s of «%(a)s» and «%(b)s»") % {
            "kind": r.get_kind_display(), "a": texts.get(r.figure_a_id, "?"), "b": texts.get(r.figure_b_id, "?")}),
    ]
    entries = []
    for records, label in groups:
        entries.extend(_entries(records.select_related("history_user"), label))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:TIMELINE_SIZE]


def _entries(records, label) -> list[Entry]:
    records = list(records.order_by("id", "history_date", "history_id"))
    if not records:
        return []
    fields = [f for f in records[0].instance_type._meta.fields
              if f.attname not in QUIET_FIELDS and hasattr(records[0], f.attname)]
    # People are shown by name, not by id: one query for all the users these records name.
    people = [f for f in fields if f.is_relation and f.related_model is get_user_model()]
    users = get_user_model().objects.in_bulk({getattr(r, f.attname) for r in records for f in people} - {None})
    entries, previous = [], {}
    for record in records:
        values = {f: getattr(record, f.attname) for f in fields}
        before = previous.get(record.id)
        previous[record.id] = values
        change = str(TYPES.get(record.history_type, record.history_type))
        if record.history_type == "~" and before is not None:
            diffs = [f"{capfirst(f.verbose_name)}: {_shown(f, before[f], users)} → {_shown(f, value, users)}"
                     for f, value in values.items() if before[f] != value]
            if not diffs:
                continue
            change = "; ".join(diffs)
        who = record.history_user.get_username() if record.history_user else _("a background task")
        entries.append(Entry(record.history_date, who, label(record), change, record.history_change_reason or ""))
    return entries


def _shown(field, value, users: dict) -> str:
    if field.is_relation and field.related_model is get_user_model() and value is not None:
        user = users.get(value)
        return user.get_username() if user else _("a deleted user")
    return as_text(in_words(field, value))


def timeline_table(entries: list[Entry]) -> str:
    shown = [{**vars(entry), "shown_when": moment(entry.when)} for entry in entries]
    return render_to_string("admin/claims/claim/timeline.html", {"entries": shown})
