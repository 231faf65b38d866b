from __future__ import annotations

import re

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.history_admin import LOCALIZED_NUMBERS, HistoryAdmin
from sources import services as source_services
from sources import versions_admin
from sources.admin import archive_badge, figure_badge, health_badge
from sources.models import Citation

from .. import publishing, search, selectors, services, units
from ..filters import unit_is
from ..history import claim_timeline, timeline_table
from ..models import VERDICTS, Article, Claim, Figure, parse_ref
from ..services.review import CLAIM_EDITABLE, StaleEdit
from . import alerts, article_page, branding, figure_page, restore, web  # noqa: F401  (branding names the admin after the desk)
from .claim_filters import CitationFilter, ContradictionFilter
from .forms import GuardedClaimDeletes, GuardedFigureDeletes, VersionedClaimForm, VersionedFormSet, bound_to
from .refusals import refusal_text


class StaleEditsAsMessages:
    """A save (form or list edit) that lost the race to another editor after its form was checked: say so, keep
    theirs."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._unless_stale(request, super().changeform_view, request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        return self._unless_stale(request, super().changelist_view, request, extra_context)

    def _unless_stale(self, request, view, *args):
        try:
            return view(*args)
        except StaleEdit as exc:
            self.message_user(request, refusal_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ClaimInline(admin.TabularInline):
    model = Claim
    form = VersionedClaimForm
    formset = GuardedClaimDeletes
    fields = ["reference", "start", "end", "text", "speaker", "status", "seen_version"]
    readonly_fields = ["reference", "text", "status"]
    extra = 0
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, form=bound_to(self.form, request.user), **kwargs)
        return bound_to(formset, request.user)

    @admin.display(description=gettext_lazy("Ref"))
    def reference(self, claim: Claim) -> str:
        return f"#{claim.number}" if claim.pk else _("(next number)")


def adopt(obj, row, created: bool = True) -> None:
    """Make the admin's unsaved instance the row a service created (or found stored before: see FoundOnAdd):
    its inlines and log entry hold `obj`."""
    obj.pk = row.pk
    obj.refresh_from_db()
    obj._state.adding = False
    obj._found = not created


class FoundOnAdd:
    """An add form posted twice (a double click, a reload, a second tab) finds what the first post stored: the
    editor lands on it with a message, and nothing of the second post is saved or logged as an addition."""

    def save_related(self, request, form, formsets, change):
        if not getattr(form.instance, "_found", False):
            super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(form.instance, "_found", False):
            return []  # its formsets were not saved
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        if not getattr(obj, "_found", False):
            return super().log_addition(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if not getattr(obj, "_found", False):
            return super().response_add(request, obj, post_url_continue)
        opts = obj._meta
        self.message_user(request, _("This {kind} was stored before, as “{obj}”: here it is. Nothing of this form "
                                     "was saved a second time.").format(kind=opts.verbose_name, obj=obj),
                          messages.WARNING)
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))


def changes_of(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data}


def claim_changes_save(request, claim: Claim, form) -> None:
    changes = {name: value for name, value in changes_of(form).items() if name in CLAIM_EDITABLE}
    if changes:
        services.claim_update(claim=claim, user=request.user, changes=changes,
                              version=form.cleaned_data.get("seen_version"))


def save_claim_formset(request, article: Article, formset) -> None:
    """Inline rows go through the services, so numbering and anchoring stay in one place."""
    claims = formset.save(commit=False)
    for claim in formset.deleted_objects:
        services.claim_delete(claim=claim, user=request.user)
    for claim in claims:
        if claim.pk is None:
            services.claim_create(article=article, start=claim.start, end=claim.end, speaker=claim.speaker)
        else:
            claim_changes_save(request, claim, next(f for f in formset.forms if f.instance is claim))


@admin.register(Article)
class ArticleAdmin(FoundOnAdd, StaleEditsAsMessages, HistoryAdmin):
    list_display = ["id", "title", "publisher", "language", "published", "claims_listed", "created_at"]
    list_filter = ["language", "publisher", "published"]
    search_fields = ["=id", "title", "url", "publisher", "author"]
    date_hierarchy = "published"
    # The watched page is set by reading the article from the web; as a form field it was a <select> of every
    # source (16 MB at 200,000 sources: issue 16).
    readonly_fields = ["content_hash", "duplicate_of", "page", "last_claim_number", "extraction", "created_at",
                       "updated_at"]
    inlines = [ClaimInline]
    actions = ["extract_again"]

    def get_queryset(self, request):
        return selectors.articles()

    @admin.action(description=gettext_lazy("Extract claims again (keeps existing claims and numbers)"),
                  permissions=["extract"])
    def extract_again(self, request, queryset):
        added, queued = 0, 0
        for article in queryset:
            try:
                found = services.article_extract_or_queue(article=article)
            except ValidationError as exc:
                self.message_user(request, _("Article {id}: {why}").format(id=article.pk, why=refusal_text(exc)),
                                  messages.ERROR)
                continue
            added, queued = added + len(found or ()), queued + (found is None)
        later = _(" {queued} long article(s) left to a worker.").format(queued=queued) if queued else ""
        found = _("{added} new claim(s) found in {articles} article(s).").format(added=added,
                                                                                articles=queryset.count())
        self.message_user(request, found + later, messages.SUCCESS)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request, object_id: view(self, request, object_id))

        return [
            path("<path:object_id>/claims/from-selection/", wrap(article_page.selection_view),
                 name="claims_article_selection"),
            path("<path:object_id>/extract-again/", wrap(article_page.extract_view), name="claims_article_extract"),
            path("from-web/", self.admin_site.admin_view(lambda request: web.from_web_view(self, request)),
                 name="claims_article_from_web"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The text with its claims, above the form: claims/templates/admin/claims/article/change_form.html.
        article = self.get_object(request, object_id)
        extra = {"desk": article_page.desk_context(request, article), "web": web.web_context(article),
                 "follow": alerts.follow_context(request, target="article", object_id=article.pk)} if article \
            else {}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def get_inlines(self, request, obj):
        # A form row per claim: past a few dozen claims the table costs seconds and thousands of fields, so
        # long articles are edited from the desk above and the claims' own pages (the desk says so).
        # A form posted with the claims inline keeps it, or its edits would be dropped when the article passed
        # the limit after the page was opened.
        posted = request.method == "POST" and "claims-TOTAL_FORMS" in request.POST
        if obj is not None and not posted and obj.claims.count() > article_page.INLINE_CLAIMS_MAX:
            return []
        return super().get_inlines(request, obj)

    def has_extract_permission(self, request) -> bool:
        return request.user.has_perm("claims.add_claim")  # as the button on the article page

    def get_readonly_fields(self, request, obj=None):
        # Offsets index into the text, so once stored it stays as it was given.
        return [*self.readonly_fields, "text"] if obj else self.readonly_fields

    @admin.display(description=gettext_lazy("Extraction"))
    def extraction(self, article: Article) -> str:
        if not article.extraction_status:
            return article.get_extraction_status_display()
        when = article.extraction_finished_at or article.extraction_started_at
        at = f" ({date_format(localtime(when), 'SHORT_DATETIME_FORMAT')})" if when else ""
        return f"{article.get_extraction_status_display()}{at}: {article.extraction_message}".rstrip(": ")

    @admin.display(description=gettext_lazy("Claims"), ordering="claim_count")
    def claims_listed(self, article: Article) -> int:
        return article.claim_count

    def save_model(self, request, obj, form, change):
        if change:
            # Only what the form changed: the claim counter and duplicate_of are written elsewhere,
            # and saving a stale copy of them would hand out a claim number twice.
            obj.save(update_fields=[*form.changed_data, "updated_at"])
            return
        fields = {name: getattr(obj, name) for name in services.SUBMITTED_ARTICLE_FIELDS}
        adopt(obj, *services.article_get_or_create(**fields))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not getattr(form.instance, "_found", False):
            # After the claims given in the form, so theirs keep the first numbers and extraction adds the rest.
            self.extract_added(request, form.instance)

    def extract_added(self, request, article: Article) -> None:
        """A new article is extracted on save, as the API does: a long one by a worker, so the save never waits."""
        try:
            added = services.article_extract_or_queue(article=article)
        except ValidationError as exc:
            self.message_user(request, _("The article is stored, but its claims were not extracted: %(why)s") % {
                "why": refusal_text(exc)}, messages.ERROR)
            return
        self.message_user(request, article_page.extracted_text(added), messages.SUCCESS)

    def save_formset(self, request, form, formset, change):
        if formset.model is Claim:
            save_claim_formset(request, form.instance, formset)
        else:
            super().save_formset(request, form, formset, change)


class FigureInline(admin.TabularInline):
    model = Figure
    formset = GuardedFigureDeletes
    formfield_overrides = LOCALIZED_NUMBERS
    fields = ["start", "end", "text", "kind", "value", "low", "high", "date_value", "unit", "qualifier", "as_of"]
    readonly_fields = ["text"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        return bound_to(super().get_formset(request, obj, **kwargs), request.user)

    # On a stored claim a figure is added or moved by selecting it in the claim's text above the form
    # (figure_page), not by typing offsets into the article; its values stay editable here.
    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "start", "end"] if obj else self.readonly_fields

    def has_add_permission(self, request, obj=None):
        return obj is None and super().has_add_permission(request, obj)


class CitationInline(admin.TabularInline):
    model = Citation
    fields = ["source", "role", "expected", "figure", "source_health", "as_cited", "archived"]
    readonly_fields = ["figure", "source_health", "as_cited", "archived"]
    autocomplete_fields = ["source"]
    extra = 0

    @admin.display(description=gettext_lazy("Figure on the page"))
    def figure(self, citation: Citation):
        return figure_badge(citation) if citation.pk else "–"

    @admin.display(description=gettext_lazy("Source health"))
    def source_health(self, citation: Citation):
        return health_badge(citation.source) if citation.pk else "–"

    @admin.display(description=gettext_lazy("Archived copy"))
    def archived(self, citation: Citation):
        return archive_badge(citation) if citation.pk else "–"

    @admin.display(description=gettext_lazy("As cited and now"))
    def as_cited(self, citation: Citation):
        return versions_admin.as_cited(citation) if citation.pk else "–"


class UnitFilter(admin.SimpleListFilter):
    title = gettext_lazy("figure unit")
    parameter_name = "unit"

    def lookups(self, request, model_admin):
        # One entry per unit however written ("Container", "Containern", "containers"), as the filter folds them.
        return [(unit, unit) for unit in units.same(selectors.unit_spellings(100))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # EXISTS, not a join and DISTINCT (a sort of every match at a million claims).
        return queryset.filter(Exists(Figure.objects.filter(unit_is(self.value()), claim=OuterRef("pk"))))


# A cited page's address or a piece of it ("nyt-archive.example/containers"): a host with a top-level domain in
# letters, so "7.000" or "z.B." are not taken for one.
URLISH = re.compile(r"(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?", re.IGNORECASE)


@admin.register(Claim)
class ClaimAdmin(FoundOnAdd, StaleEditsAsMessages, HistoryAdmin):
    form = VersionedClaimForm
    list_display = ["reference", "short_text", "article_title", "speaker", "status", "updated_at"]
    # List edits carry each row's version too (VersionedFormSet), so they cannot overwrite a newer change.
    list_editable = ["speaker", "status"]
    list_select_related = ["article"]
    list_filter = ["status", "article__publisher", "article__language", UnitFilter, "figures__kind", CitationFilter,
                   ContradictionFilter]
    # Shown as the search box; the search itself is get_search_results.
    search_fields = ["text", "speaker"]
    search_help_text = gettext_lazy("Words, figures ('5 Mio. Granaten'), a speaker's name, a reference (12-3) or a "
                                    "cited page's URL (or part of it).")
    raw_id_fields = ["article"]
    readonly_fields = ["reference", "quote", "prefix", "suffix", "reviewer", "reviewed_at", "created_at", "updated_at"]
    fields = ["article", "reference", "start", "end", "quote", "prefix", "suffix", "speaker", "status",
              "verdict_note", "review_url", "reviewer", "reviewed_at", "created_at", "updated_at", "seen_version"]
    inlines = [FigureInline, CitationInline]
    actions = ["export_csv", "export_csv_german"]

    def get_search_results(self, request, queryset, search_term):
        """A reference (12-3) finds its claim, a URL or part of one the claims that cite it (a trigram index on
        the sources' URLs); anything else is the API's search
        (claims.search) or a speaker's name. Each is served by an index: an OR of four fields across joins took
        4.6 s at a million claims (issue 16)."""
        term = search_term.strip()
        if ref := parse_ref(term):
            return queryset.filter(article_id=ref[0], number=ref[1]), False
        if not term:
            return queryset, False
        if URLISH.fullmatch(term):
            citing = Citation.objects.filter(source__url__icontains=term).values("claim_id")
            return queryset.filter(pk__in=citing), False
        return search.matching(queryset, term) | queryset.filter(speaker__icontains=term), False

    @admin.action(description=gettext_lazy("Export selected claims as CSV"), permissions=["view"])
    def export_csv(self, request, queryset, dialect: publishing.Dialect = publishing.STANDARD):
        claims = publishing.claims_for_export().filter(pk__in=queryset.values("pk"))
        return publishing.csv_response(request, claims.iterator(chunk_size=publishing.EXPORT_CHUNK), dialect)

    @admin.action(description=gettext_lazy("Export selected claims as CSV for German spreadsheets"),
                  permissions=["view"])
    def export_csv_german(self, request, queryset):
        return self.export_csv(request, queryset, publishing.DIALECTS["excel-de"])

    def export_view(self, request):
        """The list's "Export as CSV": every claim the list holds with its filters and search, all its pages."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        # The German spreadsheets' variant is a parameter of its own, taken off before the list reads its filters.
        query = request.GET.copy()
        dialect = publishing.DIALECTS.get(query.pop("dialect", ["standard"])[-1])
        request.GET = query
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            # As the list itself answers a filter it cannot read.
            return HttpResponseRedirect(f"{reverse('admin:claims_claim_changelist')}?{ERROR_FLAG}=1")
        if dialect is None:  # a dialect the desk does not know: answered as a filter the list cannot read
            return HttpResponseRedirect(f"{reverse('admin:claims_claim_changelist')}?{ERROR_FLAG}=1")
        return self.export_csv(request, changelist.get_queryset(request), dialect)

    @admin.display(description=gettext_lazy("Ref"), ordering="article_id")
    def reference(self, claim: Claim) -> str:
        return claim.ref if claim.pk else _("(assigned on save)")

    @admin.display(description=gettext_lazy("Text"))
    def quote(self, claim: Claim):
        # In the article's language, whatever the page's: screen readers and hyphenation follow it.
        return format_html('<span lang="{}">{}</span>', claim.article.language, claim.text) if claim.pk else "–"

    @admin.display(description=gettext_lazy("Claim"))
    def short_text(self, claim: Claim) -> str:
        return claim.text if len(claim.text) <= 90 else f"{claim.text[:90]}…"

    @admin.display(description=gettext_lazy("Article"), ordering="article__title")
    def article_title(self, claim: Claim) -> str:
        return claim.article.title

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Rendered below the fields by claims/templates/admin/claims/claim/change_form.html.
        claim = self.get_object(request, object_id)
        extra = {
            "conflicts": conflict_list(request.user, claim) if claim else "",
            "history": timeline_table(claim_timeline(claim)) if claim else "",
            "figure_desk": figure_page.figure_desk_context(request, claim) if claim else None,
            "follow": alerts.follow_context(request, target="claim", object_id=claim.pk) if claim else None,
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def get_urls(self):
        site = self.admin_site
        return [
            path("deleted/", site.admin_view(lambda r: restore.deleted_view(self, r)), name="claims_claim_deleted"),
            path("<path:object_id>/figures/from-selection/", site.admin_view(
                lambda r, object_id: figure_page.figure_selection_view(self, r, object_id)),
                name="claims_claim_figure_selection"),
            path("export/", site.admin_view(self.export_view), name="claims_claim_export"),
            path("deleted/<int:claim_id>/restore/", site.admin_view(lambda r, claim_id: restore.restore_view(
                self, r, claim_id)), name="claims_claim_restore"),
            *super().get_urls(),
        ]

    def delete_model(self, request, obj):
        services.claim_delete(claim=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for claim in queryset:
            services.claim_delete(claim=claim, user=request.user)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        why = services.deletion_refusal(user=request.user, claims=list(objs))
        if why:
            perms_needed.add(why)
        return deleted, counts, perms_needed, protected

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj:
            fields.append("article")
        else:
            return [*fields, "status", "verdict_note", "review_url"]  # a verdict comes after the claim exists
        if not request.user.has_perm("claims.set_verdict") and obj and obj.status in VERDICTS:
            fields += ["start", "end", "status", "verdict_note", "review_url"]  # the verdict and the span it judges
        elif not request.user.has_perm("claims.set_verdict"):
            fields += ["verdict_note", "review_url"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        return bound_to(super().get_form(request, obj, **kwargs), request.user)

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=bound_to(VersionedClaimForm, request.user), **kwargs)

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=VersionedFormSet, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            claim_changes_save(request, obj, form)
            obj.refresh_from_db()
        else:
            adopt(obj, *services.claim_get_or_create(article=obj.article, start=obj.start, end=obj.end,
                                                     speaker=obj.speaker))

    def save_formset(self, request, form, formset, change):
        if formset.model is Citation:
            super().save_formset(request, form, formset, change)
            # New citations, and ones told to look for another quote, are checked at once.
            changed = [c for c, fields in formset.changed_objects if {"source", "expected"} & set(fields)]
            looking = [c.pk for c in [*formset.new_objects, *changed]]
            if looking:
                source_services.citations_look_again(citation_ids=looking)
            return
        if formset.model is not Figure:
            super().save_formset(request, form, formset, change)
            return
        figures = formset.save(commit=False)
        for figure in formset.deleted_objects:
            figure.delete()
        for figure in figures:
            if figure.pk:
                figure_form = next(f for f in formset.forms if f.instance is figure)
                services.figure_update(figure=figure, changes=changes_of(figure_form))
            else:
                services.figure_create(claim=form.instance, **figure_fields(figure))


def figure_fields(figure: Figure) -> dict:
    return {name: getattr(figure, name) for name in FigureInline.fields if name != "text"}


@admin.register(Figure)
class FigureAdmin(FoundOnAdd, HistoryAdmin):
    list_display = ["id", "text", "kind", "value", "date_value", "unit", "qualifier", "as_of", "claim"]
    list_select_related = ["claim"]
    list_filter = ["kind", "qualifier", "unit"]
    search_fields = ["text", "unit", "claim__text"]
    raw_id_fields = ["claim"]
    readonly_fields = ["text"]

    def save_model(self, request, obj, form, change):
        if change:
            services.figure_update(figure=obj, changes=changes_of(form))
            obj.refresh_from_db()
        else:
            adopt(obj, *services.figure_get_or_create(claim=obj.claim, **figure_fields(obj)))


from .conflicts import ConflictAdmin, conflict_list  # noqa: E402,F401  (registers the admin)
