from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common.counting import CountInTime
from common.history_admin import HistoryAdmin
from common.post_only import post_only

from . import archive_captures, failures, selectors, services, versions_admin, warc_records
from .models import Citation, FetchRecord, FigureStatus, Outcome, Source, SourceCheck, SourceVersion

# The badges' colours are in sources/static/sources/health.css (common.palette.HEALTH_COLOURS, held equal by a test).
BADGE = '<span class="health-badge {}">{}</span>'
STYLESHEET = "sources/health.css"


def health_badge(source: Source):
    if source.is_dead:
        return format_html(BADGE, "health-dead", _("dead ({status})").format(status=source.get_status_display()))
    if not source.status:
        return format_html(BADGE, "health-unchecked", _("not checked yet"))
    label = source.get_status_display()
    if source.failure_count and source.status != Outcome.OK:
        label = f"{label} ×{source.failure_count}"
    return format_html(BADGE, f"health-{source.status}", label)


def figure_badge(citation: Citation):
    if not citation.figure_status:
        return "–"
    return format_html(BADGE, f"figure-{citation.figure_status}", citation.get_figure_status_display())


ARCHIVED = '<a class="archived-copy" href="{}" rel="noopener noreferrer">{}</a>'


def archive_badge(citation: Citation):
    """The archived copy to show for a citation ("archived copy from …"), or why there is none."""
    if citation.archive_url:
        day = date_format(localtime(citation.archive_at), "SHORT_DATE_FORMAT") if citation.archive_at else "?"
        link = format_html(ARCHIVED, citation.archive_url, _("archived copy from {day}").format(day=day))
        if citation.archived_before:
            return link
        return format_html("{} ({})", link, _("after the citation: the archive has none from before"))
    if citation.archive_checked_at and citation.archive_note:
        return _("no archived copy: {reason}").format(reason=citation.archive_note)
    if citation.archive_checked_at:
        return _("being looked up")
    return "–"


def archived_copies(source: Source):
    citations = source.citations.select_related("claim").order_by("id")[:ARCHIVED_SHOWN]
    cited = [(c.claim, archive_badge(c)) for c in citations]
    if not cited:
        return _("Not cited.")
    return render_to_string("admin/sources/source/archived_copies.html", {"cited": cited})


def ask_archive(model_admin, request, citation_ids: list[int]) -> None:
    if not archive_captures.archive().configured:
        model_admin.message_user(request, _("No archive is configured: set FACTCHECK_MEMENTO_TIMEMAP or "
                                            "FACTCHECK_MEMENTO_TIMEGATE."), messages.WARNING)
        return
    count = services.captures_look_up(citation_ids=citation_ids)
    model_admin.message_user(request, ngettext(
        "An archived copy is being looked up for %(count)d citation.",
        "Archived copies are being looked up for %(count)d citations.", count) % {"count": count}, messages.SUCCESS)


class FigureGoneFilter(admin.SimpleListFilter):
    title = gettext_lazy("cited figure")
    parameter_name = "figure"

    def lookups(self, request, model_admin):
        return [("gone", _("Figure gone from the page"))]

    def queryset(self, request, queryset):
        return queryset.filter(figure_gone=True) if self.value() == "gone" else queryset


class DomainFilter(admin.SimpleListFilter):
    """The domains with the most sources; a desk cites thousands, and a filter list must stay short."""

    title = gettext_lazy("domain")
    parameter_name = "domain"
    SHOWN = 30

    def lookups(self, request, model_admin):
        top = Source.objects.values("domain").annotate(n=Count("id")).order_by("-n", "domain")[: self.SHOWN]
        return [(row["domain"], f"{row['domain']} ({row['n']})") for row in top]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if "\x00" in self.value():  # PostgreSQL refuses NUL in a string; no domain has one
            return queryset.none()
        return queryset.filter(domain=self.value())


HISTORY_SHOWN = 20
ARCHIVED_SHOWN = 50
# What happened in words, and the recorder's raw text folded away beneath it for whoever wants it.
RAW = '{}<details class="check-raw"><summary>{}</summary><code>{}</code></details>'


def check_in_words(check: SourceCheck):
    words = failures.in_words(check.outcome, check.detail, check.http_status)
    raw = check.detail or check.final_url
    if not raw:
        return words
    return format_html(RAW, words, _("Technical detail"), raw)


def history_table(source: Source):
    checks = [{
        # In the desk's time zone, as everywhere else on the page (it is stored in UTC).
        "when": date_format(localtime(c.checked_at), "SHORT_DATETIME_FORMAT"), "outcome": c.get_outcome_display(),
        "http_status": str(c.http_status or "–"), "method": c.method, "took": f"{number_format(c.seconds, 2)} s",
        "what": check_in_words(c),
    } for c in selectors.checks_of(source)[:HISTORY_SHOWN]]
    if not checks:
        return _("Not checked yet.")
    return render_to_string("admin/sources/source/check_history.html", {"checks": checks})


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    paginator = CountInTime  # 200,000 sources filtered by health (common.counting)
    list_display = ["url", "health", "figures", "last_checked_at", "next_check_at", "citations_listed"]
    list_filter = ["status", "is_dead", FigureGoneFilter, DomainFilter]
    search_fields = ["url", "title", "domain", "publisher"]
    readonly_fields = ["domain", "health", "status", "is_dead", "failure_count", "first_failure_at",
                       "last_checked_at", "last_good_at", "changed_at", "next_check_at", "final_url", "snapshot_text",
                       "history", "last_check", "warc_evidence", "created_at", "updated_at", "archived",
                       "versions"]
    fieldsets = [
        (None, {"fields": ["url", "domain", "title", "publisher"]}),
        (gettext_lazy("Health"), {"fields": ["health", "last_check", "failure_count", "first_failure_at",
                                             "last_checked_at", "last_good_at", "changed_at", "next_check_at",
                                             "final_url"]}),
        (format_lazy(gettext_lazy("Check history (latest {shown}; all of it at /api/sources/<id>/checks/)"),
                     shown=HISTORY_SHOWN), {"fields": ["history"]}),
        (gettext_lazy("Text of the last good fetch"), {"fields": ["snapshot_text"], "classes": ["collapse"]}),
        (format_lazy(gettext_lazy("Versions of the text (latest {shown})"), shown=versions_admin.VERSIONS_SHOWN),
         {"fields": ["versions"]}),
        (gettext_lazy("WARC evidence"), {"fields": ["warc_evidence"]}),
        (gettext_lazy("Archived copies (Memento)"), {"fields": ["archived"]}),
        (gettext_lazy("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    actions = ["recheck_now", "look_up_archived"]

    class Media:
        css = {"all": [STYLESHEET]}

    @admin.display(description=gettext_lazy("Archived copies"))
    def archived(self, source: Source):
        return archived_copies(source) if source.pk else "–"

    @admin.action(description=gettext_lazy("Look up archived copies"), permissions=["change"])
    def look_up_archived(self, request, queryset):
        ids = Citation.objects.filter(source__in=queryset.values("id")).values_list("id", flat=True)
        ask_archive(self, request, list(ids))

    def get_queryset(self, request):
        # Counting citations groups the rows, and Django drops Meta.ordering then: pages need an order.
        return selectors.sources().order_by("domain", "url")

    @admin.display(description=gettext_lazy("Checks"))
    def history(self, source: Source):
        return history_table(source) if source.pk else "–"

    @admin.display(description=gettext_lazy("Last check"))
    def last_check(self, source: Source):
        latest = selectors.checks_of(source).first() if source.pk else None
        return check_in_words(latest) if latest else _("Not checked yet.")

    def get_urls(self):
        recheck = path("<int:object_id>/recheck/", self.admin_site.admin_view(self.recheck_view),
                       name="sources_source_recheck")
        warc = path("<int:object_id>/warc/", self.admin_site.admin_view(self.warc_view), name="sources_source_warc")
        version = path("<int:object_id>/versions/<int:version_id>/", self.admin_site.admin_view(self.version_view),
                       name="sources_source_version")
        return [recheck, warc, version, *super().get_urls()]

    def _viewable(self, request, object_id: int) -> Source:
        """The source, for whoever may view it: a 404 if there is none, refused if they may not."""
        source = get_object_or_404(Source, pk=object_id)
        if not self.has_view_permission(request, source):
            raise PermissionDenied
        return source

    def warc_view(self, request, object_id: int):
        """The source's WARC file: the same download as /api/sources/<id>/warc/."""
        return warc_records.warc_response(self._viewable(request, object_id))

    @admin.display(description=gettext_lazy("Recorded fetches"))
    def warc_evidence(self, source: Source):
        stored = {"n": 0}
        if source.pk:
            stored = FetchRecord.objects.filter(source_id=source.pk).aggregate(n=Count("id"), size=Sum("size"))
        if not stored["n"]:
            return _("No fetch recorded yet: a fetch is recorded when it finds the page new or changed.")
        return format_html('<a href="{}" download>{}</a>', reverse("admin:sources_source_warc", args=[source.pk]),
                           ngettext("Download the WARC file ({count} fetch, {size})",
                                    "Download the WARC file ({count} fetches, {size})", stored["n"]).format(
                               count=stored["n"], size=filesizeformat(stored["size"])))

    def version_view(self, request, object_id: int, version_id: int):
        """One version's text, as the check that first saw it read it."""
        source = self._viewable(request, object_id)
        version = get_object_or_404(SourceVersion, pk=version_id, source=source)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "source": source,
                   "version": version, "text": versions_admin.readable_text(version),
                   "title": _("Text of %(url)s") % {"url": source.url}}
        return TemplateResponse(request, "admin/sources/source/version.html", context)

    @post_only
    def recheck_view(self, request, object_id: int):
        """The Re-check button of a source's page: the same service as the list's action and the API."""
        # Refused before the look-up, so a missing id and a forbidden one are answered alike.
        if not self.has_change_permission(request):
            raise PermissionDenied
        source = get_object_or_404(Source, pk=object_id)
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        recheck = services.sources_recheck(source_ids=[source.pk])
        self.message_user(request, str(recheck), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:sources_source_change", args=[source.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_recheck"] = bool(obj and obj.pk and self.has_change_permission(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=gettext_lazy("Health"), ordering="status")
    def health(self, source: Source):
        return health_badge(source)

    @admin.display(description=gettext_lazy("Cited figure"), boolean=False)
    def figures(self, source: Source):
        if getattr(source, "figure_gone", False):
            return format_html(BADGE, f"figure-{FigureStatus.GONE}", _("figure gone"))
        if source.changed_at:
            return _("page changed {day}").format(day=date_format(localtime(source.changed_at), "SHORT_DATE_FORMAT"))
        return "–"

    @admin.display(description=gettext_lazy("Citations"), ordering="citation_count")
    def citations_listed(self, source: Source) -> int:
        return source.citation_count

    @admin.display(description=gettext_lazy("Versions"))
    def versions(self, source: Source):
        return versions_admin.versions_table(source) if source.pk else "–"

    @admin.display(description=gettext_lazy("Text"))
    def snapshot_text(self, source: Source):
        snapshot = getattr(source, "snapshot", None)
        if snapshot is None:
            return _("No good fetch yet.")
        return format_html('<div class="source-snapshot">{}</div>',
                           snapshot.text[:20000])

    @admin.action(description=gettext_lazy("Re-check now"), permissions=["change"])
    def recheck_now(self, request, queryset):
        recheck = services.sources_recheck(source_ids=list(queryset.values_list("id", flat=True)))
        self.message_user(request, str(recheck), messages.SUCCESS)


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    list_display = ["id", "claim", "role", "source", "expected", "figure", "source_health", "archived"]
    list_select_related = ["claim", "source"]
    list_filter = ["role", "figure_status"]
    search_fields = ["source__url", "expected", "claim__text"]
    raw_id_fields = ["claim"]
    autocomplete_fields = ["source"]
    readonly_fields = ["figure_status", "figure_checked_at", "as_cited", "archived", "archive_at",
                       "archive_checked_at", "archive_note"]
    exclude = ["archive_url"]  # shown as the link "archived copy from …"; only a lookup writes it
    actions = ["look_up_archived"]

    class Media:
        css = {"all": [STYLESHEET]}

    @admin.display(description=gettext_lazy("As cited and now"))
    def as_cited(self, citation: Citation):
        return versions_admin.as_cited(citation) if citation.pk else "–"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or {"source", "expected"} & set(form.changed_data):
            services.citations_look_again(citation_ids=[obj.pk])

    @admin.display(description=gettext_lazy("Figure"), ordering="figure_status")
    def figure(self, citation: Citation):
        return figure_badge(citation)

    @admin.display(description=gettext_lazy("Source health"), ordering="source__status")
    def source_health(self, citation: Citation):
        return health_badge(citation.source)

    @admin.display(description=gettext_lazy("Archived copy"), ordering="archive_at")
    def archived(self, citation: Citation):
        return archive_badge(citation)

    @admin.action(description=gettext_lazy("Look up archived copy"), permissions=["change"])
    def look_up_archived(self, request, queryset):
        ask_archive(self, request, list(queryset.values_list("id", flat=True)))
