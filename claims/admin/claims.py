"""Claims in the admin: the list with its search, filters and CSV export, and a claim's page with its figures,
citations, conflicts and history."""

from __future__ import annotations

import re

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.history_admin import HistoryAdmin
from sources import services as source_services
from sources import versions_admin
from sources.admin import archive_badge, figure_badge, health_badge
from sources.models import Citation

from .. import publishing, search, selectors, services, units
from ..filters import unit_is
from ..history import claim_timeline, timeline_table
from ..models import VERDICTS, Claim, Figure, parse_ref
from ..services.review import CLAIM_EDITABLE
from . import alerts, figure_page, restore
from .claim_filters import CitationFilter, ContradictionFilter
from .conflicts import conflict_list
from .figures import FigureInline, save_figure_formset
from .forms import VersionedClaimForm, VersionedFormSet, bound_to
from .shared import FoundOnAdd, StaleEditsAsMessages, adopt, changes_of


def claim_changes_save(request, claim: Claim, form) -> None:
    changes = {name: value for name, value in changes_of(form).items() if name in CLAIM_EDITABLE}
    if changes:
        services.claim_update(claim=claim, user=request.user, changes=changes,
                              version=form.cleaned_data.get("seen_version"))


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


def save_citation_formset(formset) -> None:
    formset.save(commit=False)
    source_services.citations_edit(added=formset.new_objects, changed=formset.changed_objects,
                                   deleted=formset.deleted_objects)


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
        # Inline rows go through the services, as every other write of figures and citations.
        if formset.model is Citation:
            save_citation_formset(formset)
        elif formset.model is Figure:
            save_figure_formset(form.instance, formset)
        else:
            super().save_formset(request, form, formset, change)
