"""Articles in the admin: the list, extraction run again, and an article's page as the editor's desk (its text
with the claims marked, article_page) with its claims inline."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.history_admin import HistoryAdmin

from .. import selectors, services
from ..models import Article, Claim
from . import alerts, article_page, web
from .claims import claim_changes_save
from .forms import GuardedClaimDeletes, VersionedClaimForm, bound_to
from .refusals import refusal_text
from .shared import FoundOnAdd, StaleEditsAsMessages, adopt


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
            # Only what the form changed (article_update says why).
            services.article_update(article=obj, fields=form.changed_data)
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
