"""The desk's web pieces: "Add article from URL" (or from an HTML or Markdown file), the named sources list with
their one-step resolution to a page, and on the article page its links, named sources and silent edits."""

from __future__ import annotations

import difflib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services, web
from ..extraction.reading import BadInput
from ..models import AnchorStatus, Article, ArticleVersion, Attribution, Language, NamedSource
from .refusals import refusal_text

MAX_UPLOAD = 5 * 1024 * 1024


class FromWebForm(forms.Form):
    url = forms.CharField(label=gettext_lazy("Page address"), required=False, max_length=2000,
                          help_text=gettext_lazy("Fetched now (the address rules of source checks apply); the page is "
                                                 "then watched for silent edits. With a file: the page's address, for "
                                                 "its links."))
    page = forms.FileField(label=gettext_lazy("…or the page as a file"), required=False,
                           help_text=gettext_lazy("An HTML page (.html) or Markdown (.md); at most 5 MB."))
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=300,
                            help_text=gettext_lazy("Default: the page's headline."))
    publisher = forms.CharField(label=gettext_lazy("Publisher"), required=False, max_length=200,
                                help_text=gettext_lazy("Default: the site's name."))
    # Entered as the page's language writes dates (18.11.2025 in German); ISO 2025-11-18 is taken in both.
    published = forms.DateField(label=gettext_lazy("Published"), required=False, localize=True,
                                help_text=gettext_lazy("Default: the page's date."))
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False,
                                 choices=[("", gettext_lazy("As the page says")), *Language.choices])

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("page"):
            raise ValidationError(_("Give the page's address or upload the page."))
        upload = data.get("page")
        if upload is not None and upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file has {size} bytes; at most {limit} are read.").format(
                size=number_format(upload.size, force_grouping=True),
                limit=number_format(MAX_UPLOAD, force_grouping=True)))
        return data


def from_web_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = FromWebForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            article, created = _store(form.cleaned_data)
        except (ValidationError, BadInput) as exc:
            form.add_error(None, refusal_text(exc) if isinstance(exc, ValidationError) else str(exc))
        else:
            model_admin.message_user(request, _stored_message(article, created),
                                     messages.SUCCESS if created else messages.INFO)
            return HttpResponseRedirect(reverse("admin:claims_article_change", args=[article.pk]))
    context = {**model_admin.admin_site.each_context(request), "title": _("Add article from the web"), "form": form,
               "opts": model_admin.model._meta}
    return TemplateResponse(request, "admin/claims/article/from_web.html", context)


def _store(data: dict):
    given = services.Given(title=data["title"], publisher=data["publisher"], published=data["published"],
                           language=data["language"])
    upload = data.get("page")
    if upload is None:
        return services.article_from_url(url=data["url"], given=given)
    article, page_hash = web.read_page_file(upload.name, upload.read(), url=data["url"])
    return services.article_from_web(article=article, given=given, page_hash=page_hash)


def _stored_message(article: Article, created: bool) -> str:
    if not created:
        return _("This page was stored before as article {id}; nothing was added.").format(id=article.pk)
    claims = article.claims.count()
    cited = article.claims.filter(citations__isnull=False).distinct().count()
    named = Attribution.objects.filter(claim__article=article).count()
    return _("Article {id} stored: {claims} claim(s), {links} link(s) in its text, {cited} claim(s) citing a link, "
             "{named} named source(s).").format(id=article.pk, claims=claims, links=article.links.count(),
                                                cited=cited, named=named)


class NamedSourceForm(forms.ModelForm):
    url = forms.CharField(label=gettext_lazy("Page"), required=False, max_length=2000,
                          help_text=gettext_lazy("Resolve the source to a page: every claim that names it then cites "
                                                 "the page, and the page is checked like any cited source."))

    class Meta:
        model = NamedSource
        fields = ["name", "kind"]


@admin.register(NamedSource)
class NamedSourceAdmin(admin.ModelAdmin):
    form = NamedSourceForm
    list_display = ["name", "kind", "named", "page"]
    list_filter = ["kind"]
    search_fields = ["name", "key"]
    readonly_fields = ["key", "page", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source").annotate(named_count=Count("attributions"))

    def has_add_permission(self, request) -> bool:
        return False  # named sources come from the articles' text, never typed in

    @admin.display(description=gettext_lazy("Named in claims"), ordering="named_count")
    def named(self, named: NamedSource) -> int:
        return named.named_count

    @admin.display(description=gettext_lazy("Resolved to"))
    def page(self, named: NamedSource) -> str:
        if named.source is None:
            return "—"
        url = reverse("admin:sources_source_change", args=[named.source_id])
        return format_html('<a href="{}">{}</a>', url, named.source.url)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and obj.source_id:
            form.base_fields["url"].initial = obj.source.url
        return form

    def save_model(self, request, obj, form, change):
        obj.save()
        url = form.cleaned_data.get("url", "").strip()
        if url and (obj.source is None or obj.source.url != url):
            try:
                services.named_source_resolve(named_source=obj, url=url)
            except ValidationError as exc:
                self.message_user(request, _("Not resolved: {why}").format(why=refusal_text(exc)), messages.ERROR)


def web_context(article: Article) -> dict:
    """The article page's web section: its page, links, named sources and versions with their edited claims."""
    versions = list(article.versions.order_by("-number").prefetch_related("anchors__claim"))
    return {
        "page": article.page,
        "links": list(article.links.all()[:200]),
        "link_count": article.links.count(),
        "named": list(Attribution.objects.filter(claim__article=article).select_related("named_source", "claim")
                      .order_by("claim__number", "start")),
        "versions": [(version, _edits(version)) for version in versions],
    }


def _edits(version: ArticleVersion) -> list[tuple]:
    edited = sorted((a for a in version.anchors.all() if a.status != AnchorStatus.UNCHANGED),
                    key=lambda anchor: anchor.claim.number)
    return [(anchor, word_diff(anchor.claim.text, anchor.text)) for anchor in edited]


def word_diff(old: str, new: str) -> str:
    """The two passages word by word: removed words struck through, added words marked (escaped text only)."""
    before, after = old.split(), new.split()
    pieces = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("span", " ".join(before[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("del", " ".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(("ins", " ".join(after[b1:b2])))
    return format_html_join(" ", "<{0}>{1}</{0}>", pieces)
