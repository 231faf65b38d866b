from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html

from . import selectors, services
from .models import Citation, FigureStatus, Outcome, Source, SourceCheck

# Health colours: green is fine, amber needs a look, red is gone, grey says nothing about the page.
COLOURS = {
    Outcome.OK: "#1e7e34", Outcome.REDIRECTED: "#b26a00", Outcome.SOFT_404: "#b02a37", Outcome.BROKEN: "#b02a37",
    Outcome.SERVER_ERROR: "#b26a00", Outcome.TIMEOUT: "#b26a00", Outcome.UNREACHABLE: "#b26a00",
    Outcome.RATE_LIMITED: "#6c757d", Outcome.BOT_WALL: "#6c757d", Outcome.BLOCKED: "#6c757d",
    Outcome.TOO_LARGE: "#6c757d", Outcome.DISALLOWED: "#6c757d",
}
FIGURE_COLOURS = {FigureStatus.FOUND: "#1e7e34", FigureStatus.GONE: "#b02a37", FigureStatus.UNREADABLE: "#6c757d"}
BADGE = '<span style="color:#fff;background:{};padding:1px 6px;border-radius:3px;white-space:nowrap">{}</span>'


def health_badge(source: Source):
    if source.is_dead:
        return format_html(BADGE, "#7a1020", f"dead ({source.get_status_display()})")
    if not source.status:
        return format_html(BADGE, "#adb5bd", "not checked yet")
    label = source.get_status_display()
    if source.failure_count and source.status != Outcome.OK:
        label = f"{label} ×{source.failure_count}"
    return format_html(BADGE, COLOURS.get(source.status, "#6c757d"), label)


def figure_badge(citation: Citation):
    if not citation.figure_status:
        return "–"
    return format_html(BADGE, FIGURE_COLOURS[citation.figure_status], citation.get_figure_status_display())


class FigureGoneFilter(admin.SimpleListFilter):
    title = "cited figure"
    parameter_name = "figure"

    def lookups(self, request, model_admin):
        return [("gone", "Figure gone from the page")]

    def queryset(self, request, queryset):
        return queryset.filter(figure_gone=True) if self.value() == "gone" else queryset


class DomainFilter(admin.SimpleListFilter):
    """The domains with the most sources; a desk cites thousands, and a filter list must stay short."""

    title = "domain"
    parameter_name = "domain"
    SHOWN = 30

    def lookups(self, request, model_admin):
        top = Source.objects.values("domain").annotate(n=Count("id")).order_by("-n", "domain")[: self.SHOWN]
        return [(row["domain"], f"{row['domain']} ({row['n']})") for row in top]

    def queryset(self, request, queryset):
        return queryset.filter(domain=self.value()) if self.value() else queryset


class CheckInline(admin.TabularInline):
    model = SourceCheck
    fields = ["checked_at", "outcome", "http_status", "method", "seconds", "final_url", "changed", "detail"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = "Check history (latest 20)"

    def get_queryset(self, request):
        # The history grows without end; the page shows the latest, the API pages through all of it.
        latest = SourceCheck.objects.order_by("-checked_at", "-id").values("id")[:20]
        return super().get_queryset(request).filter(id__in=latest)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["url", "health", "figures", "last_checked_at", "next_check_at", "citations_listed"]
    list_filter = ["status", "is_dead", FigureGoneFilter, DomainFilter]
    search_fields = ["url", "title", "domain", "publisher"]
    readonly_fields = ["domain", "health", "status", "is_dead", "failure_count", "first_failure_at",
                       "last_checked_at", "last_good_at", "changed_at", "next_check_at", "final_url", "snapshot_text",
                       "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["url", "domain", "title", "publisher"]}),
        ("Health", {"fields": ["health", "failure_count", "first_failure_at", "last_checked_at", "last_good_at",
                               "changed_at", "next_check_at", "final_url"]}),
        ("Text of the last good fetch", {"fields": ["snapshot_text"], "classes": ["collapse"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [CheckInline]
    actions = ["recheck_now"]

    def get_queryset(self, request):
        return selectors.sources()

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj else []

    @admin.display(description="Health", ordering="status")
    def health(self, source: Source):
        return health_badge(source)

    @admin.display(description="Cited figure", boolean=False)
    def figures(self, source: Source):
        if getattr(source, "figure_gone", False):
            return format_html(BADGE, FIGURE_COLOURS[FigureStatus.GONE], "figure gone")
        if source.changed_at:
            return format_html("page changed {}", source.changed_at.strftime("%Y-%m-%d"))
        return "–"

    @admin.display(description="Citations", ordering="citation_count")
    def citations_listed(self, source: Source) -> int:
        return source.citation_count

    @admin.display(description="Text")
    def snapshot_text(self, source: Source):
        snapshot = getattr(source, "snapshot", None)
        if snapshot is None:
            return "No good fetch yet."
        return format_html('<div style="max-height:20em;overflow:auto;white-space:pre-wrap">{}</div>',
                           snapshot.text[:20000])

    @admin.action(description="Re-check now", permissions=["change"])
    def recheck_now(self, request, queryset):
        queued = services.sources_recheck(source_ids=list(queryset.values_list("id", flat=True)))
        self.message_user(request, f"{queued} sources queued for a check now.", messages.SUCCESS)


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "role", "source", "expected", "figure", "source_health"]
    list_select_related = ["claim", "source"]
    list_filter = ["role", "figure_status"]
    search_fields = ["source__url", "expected", "claim__text"]
    raw_id_fields = ["claim"]
    autocomplete_fields = ["source"]
    readonly_fields = ["figure_status", "figure_checked_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or {"source", "expected"} & set(form.changed_data):
            services.sources_recheck(source_ids=[obj.source_id])

    @admin.display(description="Figure", ordering="figure_status")
    def figure(self, citation: Citation):
        return figure_badge(citation)

    @admin.display(description="Source health", ordering="source__status")
    def source_health(self, citation: Citation):
        return health_badge(citation.source)
