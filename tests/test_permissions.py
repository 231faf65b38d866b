"""Who may do what, at every URL of the project: the permission matrix.

Six personas, one column each, always in this order:

    anonymous  nobody logged in
    victor     logged in, not staff, no role (reads the API, never sees the admin)
    viewer     staff with the view permissions of claims.roles.VIEW_ALL only
    editor     alice, group "editor": edits, but neither decides verdicts nor conflicts
    reviewer   rita, group "reviewer": an editor who also decides
    root       a superuser

MATRIX has one Entry per (route, method[, case]). test_every_route_is_in_the_matrix fails for a route that has
no entry, so a new endpoint cannot arrive without someone saying who may use it.

How to add an endpoint:
1. Run this module. The failure names the new route exactly as it must be written (`route=`).
2. Add an Entry under its area in MATRIX: the route, the method, a concrete `url` whose {placeholders} are
   objects the World builds on first use (add a builder at "The world" for a new kind of object), for a write
   a `data` payload and a `done` probe that says whether the write took effect, and one cell per persona.
3. A cell is an HTTP status, LOGIN (302 to the admin's login page) or Refused(status): answered with that
   status but nothing changes (the admin's way of saying no: a form error or a redirect with a message).
   With a `done` probe, a 2xx/3xx status means the write must have happened, anything else that it must not.
4. Write what SHOULD happen for a newsroom. Where the code does otherwise, add the test id to KNOWN_GAPS with
   the reason: the case then xfails (strictly, so fixing the code makes it fail until the gap is removed).
5. For a new admin action, add it to ACTIONS too (test_admin_actions_offered fails until you do).
6. For a new API read, say in ANONYMOUS_WHEN_PUBLIC what an anonymous client gets with FACTCHECK_PUBLIC_API=true
   (test_anonymous_access_when_the_api_is_public fails until you do).
A route that controls no access (the login and logout pages) goes to EXEMPT, with the reason.

Two rules are checked by one test each instead of a case per route and persona, so that the count of cases says
how much of our own access is checked: every admin page sends an anonymous visitor to the login
(test_every_admin_page_sends_anonymous_visitors_to_the_login), and the pages of other projects' models, Django's
auth, DRF's tokens, axes' records and Celery beat's schedules, are a superuser's only
(test_other_projects_admin_pages_are_the_superusers). Their entries stay in MATRIX, so the coverage tests still
ask for a rule for each of their routes; each rule test runs every case it covers and reports all that fail.

Test ids read route-method[:case]-persona, with `:name` for a route's parameters, so `-k` can pick them:
    pytest tests/test_permissions.py -k "admin/claims/claim/:object_id/delete and editor"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims import roles, services
from claims.models import AlertInbox, Article, Attribution, Claim, Conflict, Figure, Follow, NamedSource
from sources import recording
from sources.fetching import batch, pages, schedule
from sources.models import Citation, Source, SourceCheck, SourceVersion
from sources.services import citation_create, sources_lease
from tests.factories import ArticleFactory, UserFactory, claim_at, figure_at

PERSONAS = ("anonymous", "victor", "viewer", "editor", "reviewer", "root")
FIXTURES = {"victor": "victor", "viewer": "viewer", "editor": "alice", "reviewer": "rita", "root": "root"}

SHELLS = "Nach Angaben des Verteidigungsministers lieferte Nordkorea bis zu fünf Millionen Artilleriegeschosse."
CONTAINERS = "US-Beamte zählten fast 7.000 Container."
WEB_PAGE = ("<html><body><nav><a href='/'>Start</a></nav><article><h1>Container für Moskau</h1><p>Laut "
            "<a href='https://www.nytimes.com/a.html'>New York Times</a> waren es fast 7.000 Container.</p>"
            "</article></body></html>")
TRADE = "2023 stieg das Handelsvolumen auf 29 Millionen Dollar."


# --- Cells --------------------------------------------------------------------------------------------------

LOGIN = "login"  # 302 to the admin's login page: the admin does not know this persona


@dataclass(frozen=True)
class Refused:
    """Answered with `status`, but the write did not happen."""

    status: int


Cell = int | str | Refused

#           anonymous  victor  viewer  editor  reviewer  root
DESK      = (LOGIN,    LOGIN,  200,    200,    200,      200)  # anyone on the desk may look
EDITORS   = (LOGIN,    LOGIN,  403,    200,    200,      200)  # editors' pages (reviewers are editors too)
ROOT      = (LOGIN,    LOGIN,  403,    403,    403,      200)  # nobody's role covers it
READERS   = (401,      200,    200,    200,    200,      200)  # API reads: any logged-in user
PUBLIC    = (200,      200,    200,    200,    200,      200)


def staff(status: Cell) -> tuple[Cell, ...]:
    """Any active staff member gets `status`; the admin sends everybody else to its login."""
    return (LOGIN, LOGIN, status, status, status, status)


def admin_edit(status: Cell = 302) -> tuple[Cell, ...]:
    return (LOGIN, LOGIN, 403, status, status, status)


def api_edit(status: int) -> tuple[Cell, ...]:
    return (401, 403, 403, status, status, status)


def api_review(status: int) -> tuple[Cell, ...]:
    return (401, 403, 403, 403, status, status)


# --- The world: objects the URLs and payloads name, each made on first use -----------------------------------

BUILDERS: dict[str, Callable[[World], Any]] = {}


class World(dict):
    """`world["claim"]` makes the claim (and its article) the first time it is asked for; a URL template
    "{claim.pk}" does the same through str.format_map. Every test case gets its own."""

    def __missing__(self, name: str) -> Any:
        self[name] = BUILDERS[name](self)
        return self[name]


def builds(name: str):
    def register(function: Callable[[World], Any]) -> Callable[[World], Any]:
        BUILDERS[name] = function
        return function

    return register


@builds("article")
def _article(w: World) -> Article:
    return ArticleFactory(title="Gipfel in Pjöngjang")


@builds("bare")
def _bare(w: World) -> Article:
    """An article nobody has extracted claims from yet."""
    return ArticleFactory(title="Ohne Behauptungen")


@builds("claim")
def _claim(w: World) -> Claim:
    return claim_at(w["article"], CONTAINERS)


@builds("plain")
def _plain(w: World) -> Claim:
    """Nothing hangs on it: deleting it takes nothing else with it."""
    return claim_at(w["article"], TRADE)


@builds("judge")
def _judge(w: World):
    return UserFactory(username="judge", roles=[roles.REVIEWER])


@builds("reviewing")
def _reviewing(w: World) -> Claim:
    claim = claim_at(ArticleFactory(title="In Prüfung"), CONTAINERS)
    return services.claim_update(claim=claim, user=w["judge"], changes={"status": "in_review"})


@builds("judged")
def _judged(w: World) -> Claim:
    """A claim a reviewer has given a verdict."""
    claim = claim_at(w["article"], SHELLS)
    services.claim_update(claim=claim, user=w["judge"], changes={"status": "in_review"})
    return services.claim_update(claim=claim, user=w["judge"],
                                 changes={"status": "supported", "verdict_note": "Belegt durch zwei Quellen.",
                                          "review_url": "https://faktencheck.example/granaten"})


@builds("deleted")
def _deleted(w: World) -> int:
    """The id of a claim an editor deleted (history keeps it, so it can be restored)."""
    pk = w["plain"].pk
    w["plain"].delete()
    return pk


@builds("deleted_judged")
def _deleted_judged(w: World) -> int:
    pk = w["judged"].pk
    w["judged"].delete()
    return pk


class Versions:
    """`{version[claim]}`: the id of the latest historical record of world["claim"]."""

    def __init__(self, world: World) -> None:
        self.world = world

    def __getitem__(self, name: str) -> int:
        return self.world[name].history.order_by("-history_id").first().history_id


@builds("version")
def _version(w: World) -> Versions:
    return Versions(w)


@builds("figure")
def _figure(w: World) -> Figure:
    return figure_at(w["claim"], "fast 7.000 Container", value=7000, high=7000, qualifier="almost", unit="Container")


@builds("other_figure")
def _other_figure(w: World) -> Figure:
    other = claim_at(ArticleFactory(language="en", text="Almost 7,000 containers."), "Almost 7,000 containers.")
    return figure_at(other, "Almost 7,000 containers", value=7000, high=7000, qualifier="almost", unit="Container")


@builds("loose_figure")
def _loose_figure(w: World) -> Figure:
    """A figure no conflict links yet."""
    other = claim_at(ArticleFactory(language="en", text="About 7,000 containers."), "About 7,000 containers.")
    return figure_at(other, "About 7,000 containers", value=7000, qualifier="about", unit="Container")


@builds("conflict")
def _conflict(w: World) -> Conflict:
    """Suggested, waiting for a reviewer."""
    return services.conflict_create(figure_a=w["figure"], figure_b=w["other_figure"], kind="corroboration")


@builds("decided")
def _decided(w: World) -> Conflict:
    """Confirmed by a reviewer: the reviewers' record."""
    conflict = services.conflict_create(figure_a=w["figure"], figure_b=w["loose_figure"], kind="corroboration")
    return services.conflict_decide(conflict=conflict, user=w["judge"], status="confirmed", note="Gleiche Zahl.")


@builds("citation")
def _citation(w: World) -> Citation:
    return citation_create(claim=w["claim"], url="https://nyt-archive.example/containers", expected="7.000",
                           check=False)


@builds("inbox")
def _inbox(w: World) -> AlertInbox:
    # Fiona reads her feed in a feed reader, never logged in; on the desk, else her feed is a 404.
    return AlertInbox.objects.create(user=UserFactory(username="fiona", is_staff=False, roles=[roles.EDITOR]))


@builds("namedsource")
def _namedsource(w: World) -> NamedSource:
    named = NamedSource.objects.create(name="Yonhap", key="yonhap", kind="agency")
    Attribution.objects.create(claim=w["claim"], named_source=named, start=w["claim"].start,
                               end=w["claim"].start + 6, text="Yonhap")
    return named


@builds("source")
def _source(w: World) -> Source:
    return w["citation"].source


@builds("check")
def _check(w: World) -> SourceCheck:
    """A finished check, written by the real recorder (no network)."""
    lease, _ = sources_lease(queryset=Source.objects.filter(pk=w["source"].pk))
    result = batch.Result(w["source"].pk, timezone.now(), 0.1, "ok", http_status=200)
    recording.record([result], lease, schedule.Intervals())
    return SourceCheck.objects.get(source=w["source"], lease=lease)


@builds("source_version")
def _source_version(w: World) -> SourceVersion:
    """A version of the source's text, written by the real recorder (no network)."""
    lease, _ = sources_lease(queryset=Source.objects.filter(pk=w["source"].pk))
    result = batch.Result(w["source"].pk, timezone.now(), 0.1, "ok", http_status=200, content_hash="a" * 64,
                          text_z=pages.pack("fast 7.000 Container"))
    recording.record([result], lease, schedule.Intervals())
    return SourceVersion.objects.get(source=w["source"])


@builds("claim_type")
def _claim_type(w: World) -> int:
    return ContentType.objects.get_for_model(Claim).pk


@builds("someone")
def _someone(w: World):
    return UserFactory(username="someone", is_staff=False)


@builds("group")
def _group(w: World) -> Group:
    return Group.objects.get(name=roles.EDITOR)


@builds("token")
def _token(w: World) -> Token:
    return Token.objects.create(user=w["someone"])


@builds("attempt")
def _attempt(w: World) -> AccessAttempt:
    return AccessAttempt.objects.create(username="alice", ip_address="10.0.0.1", user_agent="test",
                                        failures_since_start=2, attempt_time=timezone.now())


@builds("accesslog")
def _accesslog(w: World) -> AccessLog:
    return AccessLog.objects.create(username="alice", ip_address="10.0.0.1", user_agent="test",
                                    attempt_time=timezone.now())


@builds("failurelog")
def _failurelog(w: World) -> AccessFailureLog:
    return AccessFailureLog.objects.create(username="alice", ip_address="10.0.0.1", user_agent="test",
                                           attempt_time=timezone.now(), locked_out=False)


@builds("interval")
def _interval(w: World) -> IntervalSchedule:
    return IntervalSchedule.objects.create(every=60, period=IntervalSchedule.SECONDS)


@builds("crontab")
def _crontab(w: World) -> CrontabSchedule:
    return CrontabSchedule.objects.create(minute="0", hour="3")


@builds("solar")
def _solar(w: World) -> SolarSchedule:
    return SolarSchedule.objects.create(event="sunrise", latitude=52.52, longitude=13.40)


@builds("clocked")
def _clocked(w: World) -> ClockedSchedule:
    return ClockedSchedule.objects.create(clocked_time=timezone.now())


@builds("periodictask")
def _periodictask(w: World) -> PeriodicTask:
    return PeriodicTask.objects.create(name="sweep-sources", task="sources.sweep", interval=w["interval"])


# --- Payloads and probes --------------------------------------------------------------------------------------


def inline_management(model, obj=None) -> dict:
    """Empty management forms for the model admin's inlines: the POST leaves their rows as they are."""
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_active=True, is_staff=True, is_superuser=True)
    data = {}
    for inline in admin.site._registry[model].get_inline_instances(request, obj):
        prefix = inline.get_formset(request, obj).get_default_prefix()
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def claim_form(claim: Claim, **changes) -> dict:
    fields = {"start": claim.start, "end": claim.end, "speaker": claim.speaker, "status": claim.status,
              "verdict_note": claim.verdict_note, "seen_version": claim.version}
    return {**fields, **changes, **inline_management(Claim, claim)}


def article_form(article: Article | None, **changes) -> dict:
    fields = {"title": "Gipfel", "text": "Fast 7.000 Container.", "url": "", "publisher": "", "author": "",
              "published": "", "language": "de"}
    if article is not None:
        fields.update(title=article.title, publisher=article.publisher, language=article.language)
    return {**fields, **changes, **inline_management(Article, article)}


def action(name: str, *objects) -> dict:
    # "post" answers delete_selected's confirmation page; the other actions ignore it.
    return {"action": name, "_selected_action": [o.pk for o in objects], "index": "0", "post": "yes"}


def list_edit(claim: Claim, **changes) -> dict:
    """The claim changelist's list_editable form for one row."""
    row = {"id": claim.pk, "seen_version": claim.version, "speaker": claim.speaker, "status": claim.status, **changes}
    return {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "_save": "Save", **{f"form-0-{k}": v for k, v in row.items()}}


def inline_rows(prefix: str, rows: list[dict], target, **changes) -> dict:
    """An inline formset with its rows as they are, but `changes` made to the row of `target` (DELETE="on"
    ticks it for deletion)."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows))}
    for index, row in enumerate(rows):
        row = {**row, **changes} if row["id"] == target.pk else row
        data.update({f"{prefix}-{index}-{key}": "" if value is None else value for key, value in row.items()})
    return data


def claim_rows(article: Article, target: Claim, **changes) -> dict:
    """The article page's claim inline."""
    rows = [{"id": c.pk, "article": article.pk, "start": c.start, "end": c.end, "speaker": c.speaker,
             "seen_version": c.version} for c in article.claims.order_by("number")]
    return {**article_form(article), **inline_rows("claims", rows, target, **changes)}


FIGURE_FIELDS = ["id", "claim", "start", "end", "kind", "value", "low", "high", "date_value", "unit", "qualifier",
                 "as_of"]


def figure_rows(claim: Claim, target: Figure, **changes) -> dict:
    """The claim page's figure inline."""
    rows = [{name: getattr(f, "claim_id" if name == "claim" else name) for name in FIGURE_FIELDS}
            for f in claim.figures.order_by("pk")]
    return {**claim_form(claim), **inline_rows("figures", rows, target, **changes)}


def gone(model, name: str) -> Callable[[World], bool]:
    return lambda w: not model.objects.filter(pk=w[name].pk).exists()


def field_is(model, name: str, **values) -> Callable[[World], bool]:
    return lambda w: model.objects.filter(pk=w[name].pk, **values).exists()


def exists(model, **lookup) -> Callable[[World], bool]:
    return lambda w: model.objects.filter(**lookup).exists()


def figure_selected(w: World, **values) -> dict:
    """The claim page's figure form: the selection and the values confirmed for it."""
    start = w["article"].text.index("7.000", w["claim"].start)
    fields = {"start": start, "end": start + len("7.000"), "kind": "count", "value": 7000, **values}
    return {f"fig-{name}": value for name, value in fields.items()}


def figure_in_claim(w: World) -> dict:
    start = w["article"].text.index("7.000", w["claim"].start)
    return {"start": start, "end": start + len("7.000"), "kind": "count", "value": 7000}


# --- The matrix -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    route: str  # canonical, as route_of() spells it (the failure message of the coverage test shows it)
    method: str
    url: str  # concrete URL; {name.attr} placeholders come from the World
    expect: tuple[Cell, ...]  # one cell per persona, in PERSONAS order
    case: str = ""  # tells several entries for one route and method apart
    data: Callable[[World], dict] | None = None  # payload of a write
    done: Callable[[World], bool] | None = None  # whether the write took effect

    @property
    def name(self) -> str:
        verb = f"{self.method}:{self.case}" if self.case else self.method
        return f"{readable(self.route)}-{verb}"


def model_pages(path: str, obj: str, *, view, add, delete, history: bool = False) -> list[Entry]:
    """The pages Django's admin gives every registered model. `history`: the model admin is a HistoryAdmin,
    with django-simple-history's page for one past version (read only: reverting is switched off)."""
    base = f"admin/{path}/"
    entries = [
        Entry(base, "GET", f"/{base}", view),
        Entry(f"{base}add/", "GET", f"/{base}add/", add),
        Entry(f"{base}<path:object_id>/change/", "GET", f"/{base}{obj}/change/", view),
        Entry(f"{base}<path:object_id>/delete/", "GET", f"/{base}{obj}/delete/", delete),
        Entry(f"{base}<path:object_id>/history/", "GET", f"/{base}{obj}/history/", view),
        # The bare id redirects to the change page, which then decides.
        Entry(f"{base}<path:object_id>/", "GET", f"/{base}{obj}/", staff(302)),
    ]
    if history:
        version = re.sub(r"\{(\w+)\.pk\}", r"{version[\1]}", obj)
        entries += [
            Entry(f"{base}^([^/]+)/history/([^/]+)/$", "GET", f"/{base}{obj}/history/{version}/", view),
            Entry(f"{base}^([^/]+)/history/([^/]+)/$", "POST", f"/{base}{obj}/history/{version}/", staff(405),
                  case="revert", data=lambda w: {"_change_history": "1"}),
        ]
    return entries


def superusers_only(path: str, obj: str, *, add: tuple[Cell, ...] = ROOT) -> list[Entry]:
    """Another project's model (Django's auth, DRF, axes, Celery beat): no role of ours covers it."""
    return model_pages(path, obj, view=ROOT, add=add, delete=ROOT)


MATRIX: list[Entry] = [
    # --- The admin site itself -------------------------------------------------------------------------------
    Entry("admin/", "GET", "/admin/", staff(200)),
    Entry("admin/desk/", "GET", "/admin/desk/", DESK),
    # Following and alerts: anyone on the desk, for themselves only.
    Entry("admin/alerts/", "GET", "/admin/alerts/", DESK),
    Entry("admin/alerts/follow/", "POST", "/admin/alerts/follow/", staff(302),
          data=lambda w: {"target": "desk", "channel": "feed"}, done=exists(Follow, channel="feed")),
    # The feed has no login: its token is the secret, and a wrong one is a 404 for everybody.
    Entry("alerts/feed/<str:token>/", "GET", "/alerts/feed/{inbox.feed_token}/", PUBLIC),
    Entry("alerts/feed/<str:token>/", "GET", "/alerts/feed/wrong-token/", (404,) * 6, case="wrong"),
    Entry("admin/^(?P<app_label>…)/$", "GET", "/admin/claims/", DESK, case="claims"),
    Entry("admin/^(?P<app_label>…)/$", "GET", "/admin/auth/", (LOGIN, LOGIN, 404, 404, 404, 200), case="auth"),
    Entry("admin/password_change/", "GET", "/admin/password_change/", staff(200)),
    Entry("admin/password_change/done/", "GET", "/admin/password_change/done/", staff(200)),
    Entry("admin/jsi18n/", "GET", "/admin/jsi18n/", staff(200)),
    # Viewers pick sources too when they look; the admin of the field's model (Source) decides.
    Entry("admin/autocomplete/", "GET",
          "/admin/autocomplete/?app_label=sources&model_name=citation&field_name=source&term=nyt", DESK),
    # No model has get_absolute_url: "view on site" finds nothing, but only staff may ask.
    Entry("admin/r/<path:content_type_id>/<path:object_id>/", "GET", "/admin/r/{claim_type}/{claim.pk}/",
          staff(404)),
    Entry("admin/(?P<url>.*)$", "GET", "/admin/no-such-page/", staff(404)),

    # --- Articles ---------------------------------------------------------------------------------------------
    *model_pages("claims/article", "{article.pk}", view=DESK, add=EDITORS, delete=ROOT, history=True),
    Entry("admin/claims/article/add/", "POST", "/admin/claims/article/add/", admin_edit(302),
          data=lambda w: article_form(None, title="Neu"), done=exists(Article, title="Neu")),
    Entry("admin/claims/article/<path:object_id>/change/", "POST", "/admin/claims/article/{article.pk}/change/",
          admin_edit(302), data=lambda w: article_form(w["article"], title="Neu"),
          done=field_is(Article, "article", title="Neu")),
    # Ticking "delete" on a claim with a verdict in the article's inline would erase the verdict: for an editor
    # the form comes back with the reason (200) and nothing is deleted.
    Entry("admin/claims/article/<path:object_id>/change/", "POST", "/admin/claims/article/{article.pk}/change/",
          (LOGIN, LOGIN, 403, Refused(200), 302, 302), case="inline-delete-judged",
          data=lambda w: claim_rows(w["article"], w["judged"], DELETE="on"), done=gone(Claim, "judged")),
    # Only a superuser deletes a conflict (see Figures below), and so a claim a decided conflict rests on.
    Entry("admin/claims/article/<path:object_id>/change/", "POST", "/admin/claims/article/{article.pk}/change/",
          (LOGIN, LOGIN, 403, Refused(200), Refused(200), 302), case="inline-delete-decided-conflict",
          data=lambda w: claim_rows(w["article"], w["decided"].figure_a.claim, DELETE="on"),
          done=lambda w: not Conflict.objects.filter(pk=w["decided"].pk).exists()),
    Entry("admin/claims/article/<path:object_id>/change/", "POST", "/admin/claims/article/{article.pk}/change/",
          (LOGIN, LOGIN, 403, Refused(200), 302, 302), case="inline-move-judged",
          data=lambda w: claim_rows(w["article"], w["judged"], end=w["judged"].end - 1),
          done=lambda w: Claim.objects.get(pk=w["judged"].pk).end != w["judged"].end),
    # The article page's own views: a claim from the selected passage (or a claim's span moved to it), and
    # extraction run again. Both answer with a redirect and a message, refusals included.
    Entry("admin/claims/article/<path:object_id>/claims/from-selection/", "POST",
          "/admin/claims/article/{article.pk}/claims/from-selection/", (LOGIN, LOGIN, Refused(302), 302, 302, 302),
          case="create", data=lambda w: {"start": 0, "end": 10, "speaker": "Neu"}, done=exists(Claim, speaker="Neu")),
    Entry("admin/claims/article/<path:object_id>/claims/from-selection/", "POST",
          "/admin/claims/article/{article.pk}/claims/from-selection/",
          (LOGIN, LOGIN, Refused(302), Refused(302), 302, 302), case="adjust-judged",
          data=lambda w: {"action": "adjust", "claim": w["judged"].number, "version": w["judged"].version,
                          "start": w["judged"].start, "end": w["judged"].end - 1},
          done=lambda w: Claim.objects.get(pk=w["judged"].pk).end != w["judged"].end),
    Entry("admin/claims/article/<path:object_id>/claims/from-selection/", "GET",
          "/admin/claims/article/{article.pk}/claims/from-selection/", staff(405)),
    Entry("admin/claims/article/<path:object_id>/extract-again/", "POST",
          "/admin/claims/article/{bare.pk}/extract-again/", admin_edit(302), data=lambda w: {},
          done=lambda w: w["bare"].claims.exists()),
    Entry("admin/claims/article/<path:object_id>/extract-again/", "GET",
          "/admin/claims/article/{bare.pk}/extract-again/", staff(405)),
    Entry("admin/claims/article/", "POST", "/admin/claims/article/", (LOGIN, LOGIN, Refused(200), 302, 302, 302),
          case="extract_again",
          data=lambda w: action("extract_again", w["bare"]), done=lambda w: w["bare"].claims.exists()),

    # --- Claims -----------------------------------------------------------------------------------------------
    *model_pages("claims/claim", "{plain.pk}", view=DESK, add=EDITORS, delete=EDITORS, history=True),
    Entry("admin/claims/claim/add/", "POST", "/admin/claims/claim/add/", admin_edit(302),
          data=lambda w: {"article": w["article"].pk, "start": 0, "end": 10, "speaker": "Neu",
                          **inline_management(Claim)},
          done=exists(Claim, speaker="Neu")),
    Entry("admin/claims/claim/<path:object_id>/change/", "POST", "/admin/claims/claim/{claim.pk}/change/",
          admin_edit(302), case="speaker", data=lambda w: claim_form(w["claim"], speaker="Neu"),
          done=field_is(Claim, "claim", speaker="Neu")),
    Entry("admin/claims/claim/<path:object_id>/change/", "POST", "/admin/claims/claim/{reviewing.pk}/change/",
          (LOGIN, LOGIN, 403, Refused(200), 302, 302), case="verdict",
          data=lambda w: claim_form(w["reviewing"], status="supported", verdict_note="Belegt."),
          done=field_is(Claim, "reviewing", status="supported")),
    Entry("admin/claims/claim/<path:object_id>/delete/", "POST", "/admin/claims/claim/{plain.pk}/delete/",
          admin_edit(302), data=lambda w: {"post": "yes"}, done=gone(Claim, "plain")),
    # A verdict is the reviewers' to change: deleting the claim erases it (and its published ClaimReview).
    Entry("admin/claims/claim/<path:object_id>/delete/", "POST", "/admin/claims/claim/{judged.pk}/delete/",
          (LOGIN, LOGIN, 403, 403, 302, 302), case="judged", data=lambda w: {"post": "yes"},
          done=gone(Claim, "judged")),
    Entry("admin/claims/claim/<path:object_id>/delete/", "POST",
          "/admin/claims/claim/{decided.figure_a.claim_id}/delete/",
          (LOGIN, LOGIN, 403, 403, 403, 302), case="decided-conflict", data=lambda w: {"post": "yes"},
          done=lambda w: not Conflict.objects.filter(pk=w["decided"].pk).exists()),
    # A viewer is offered the CSV export only: the changelist refuses an action it did not offer (302, message).
    Entry("admin/claims/claim/", "POST", "/admin/claims/claim/", (LOGIN, LOGIN, Refused(302), 302, 302, 302),
          case="delete_selected", data=lambda w: action("delete_selected", w["plain"]), done=gone(Claim, "plain")),
    Entry("admin/claims/claim/", "POST", "/admin/claims/claim/",
          (LOGIN, LOGIN, Refused(302), Refused(403), 302, 302), case="delete_selected-judged",
          data=lambda w: action("delete_selected", w["judged"]), done=gone(Claim, "judged")),
    Entry("admin/claims/claim/", "POST", "/admin/claims/claim/", (LOGIN, LOGIN, 403, 302, 302, 302),
          case="list-edit-speaker", data=lambda w: list_edit(w["claim"], speaker="Neu"),
          done=field_is(Claim, "claim", speaker="Neu")),
    Entry("admin/claims/claim/", "POST", "/admin/claims/claim/", (LOGIN, LOGIN, 403, Refused(200), 302, 302),
          case="list-edit-verdict", data=lambda w: list_edit(w["judged"], status="disputed"),
          done=field_is(Claim, "judged", status="disputed")),

    # Only a superuser deletes a conflict, so only a superuser deletes the figure a decided conflict rests on
    # (Django's delete page checks the cascade); the claim page's figure inline must not do it either.
    Entry("admin/claims/claim/<path:object_id>/change/", "POST", "/admin/claims/claim/{claim.pk}/change/",
          (LOGIN, LOGIN, 403, Refused(200), Refused(200), 302), case="inline-delete-decided-figure",
          data=lambda w: figure_rows(w["claim"], w["decided"].figure_a, DELETE="on"),
          done=lambda w: not Conflict.objects.filter(pk=w["decided"].pk).exists()),

    # A figure added at a selection in the claim's text (or a selected figure corrected): editors' work.
    Entry("admin/claims/claim/<path:object_id>/figures/from-selection/", "POST",
          "/admin/claims/claim/{claim.pk}/figures/from-selection/", admin_edit(302),
          data=lambda w: figure_selected(w, unit="Neu"), done=exists(Figure, unit="Neu")),
    Entry("admin/claims/claim/<path:object_id>/figures/from-selection/", "GET",
          "/admin/claims/claim/{claim.pk}/figures/from-selection/", staff(405)),

    # Deleted claims, from history, and restoring one with its number. Restoring a claim that had a verdict
    # gives the verdict back: the reviewers' to do, like deleting it.
    Entry("admin/claims/claim/deleted/", "GET", "/admin/claims/claim/deleted/", DESK),
    # The list's "Export as CSV", with the list's filters: whoever may see the list.
    Entry("admin/claims/claim/export/", "GET", "/admin/claims/claim/export/?status__exact=unreviewed", DESK),
    # The bare address leads to the desk (which then asks for a login), the icon is anyone's, and an API address
    # no route takes is a JSON 404 for everyone, a write too.
    Entry("", "GET", "/", (302,) * 6),
    Entry("favicon.ico", "GET", "/favicon.ico", (301,) * 6),
    Entry("^api/.*/$", "GET", "/api/claims/3-x/", (404,) * 6),
    Entry("^api/.*/$", "POST", "/api/claims/3-x/figures/", (404,) * 6, data=lambda w: {"start": 0},
          done=lambda w: False),
    Entry("admin/claims/claim/deleted/<int:claim_id>/restore/", "POST",
          "/admin/claims/claim/deleted/{deleted}/restore/", admin_edit(302), data=lambda w: {},
          done=lambda w: Claim.objects.filter(pk=w["deleted"]).exists()),
    Entry("admin/claims/claim/deleted/<int:claim_id>/restore/", "POST",
          "/admin/claims/claim/deleted/{deleted_judged}/restore/", (LOGIN, LOGIN, 403, Refused(302), 302, 302),
          case="judged", data=lambda w: {}, done=lambda w: Claim.objects.filter(pk=w["deleted_judged"]).exists()),
    Entry("admin/claims/claim/deleted/<int:claim_id>/restore/", "GET",
          "/admin/claims/claim/deleted/{deleted}/restore/", staff(405)),

    # --- Figures ----------------------------------------------------------------------------------------------
    *model_pages("claims/figure", "{figure.pk}", view=DESK, add=EDITORS, delete=EDITORS, history=True),
    Entry("admin/claims/figure/<path:object_id>/delete/", "POST", "/admin/claims/figure/{figure.pk}/delete/",
          admin_edit(302), data=lambda w: {"post": "yes"}, done=gone(Figure, "figure")),
    Entry("admin/claims/figure/<path:object_id>/delete/", "POST",
          "/admin/claims/figure/{decided.figure_a_id}/delete/", (LOGIN, LOGIN, 403, 403, 403, 302),
          case="decided", data=lambda w: {"post": "yes"},
          done=lambda w: not Conflict.objects.filter(pk=w["decided"].pk).exists()),

    # --- Conflicts --------------------------------------------------------------------------------------------
    *model_pages("claims/conflict", "{conflict.pk}", view=DESK, add=EDITORS, delete=ROOT, history=True),
    Entry("admin/claims/conflict/queue/", "GET", "/admin/claims/conflict/queue/", DESK),
    # The decide view answers everyone on the staff with a redirect and a message; only reviewers' count.
    Entry("admin/claims/conflict/<int:object_id>/decide/", "POST", "/admin/claims/conflict/{conflict.pk}/decide/",
          (LOGIN, LOGIN, Refused(302), Refused(302), 302, 302), data=lambda w: {"decision": "confirmed"},
          done=field_is(Conflict, "conflict", status="confirmed")),
    Entry("admin/claims/conflict/<int:object_id>/decide/", "GET", "/admin/claims/conflict/{conflict.pk}/decide/",
          staff(405)),
    # Decisions in bulk from the queue: as the decide view, every decision through the service, reviewers' only.
    Entry("admin/claims/conflict/queue/decide/", "POST", "/admin/claims/conflict/queue/decide/",
          (LOGIN, LOGIN, Refused(302), Refused(302), 302, 302),
          data=lambda w: {"decision": "confirmed", "selected": [w["conflict"].pk]},
          done=field_is(Conflict, "conflict", status="confirmed")),
    Entry("admin/claims/conflict/queue/decide/", "GET", "/admin/claims/conflict/queue/decide/", staff(405)),
    # Picking a figure for a conflict added by hand: whoever may look at figures may search them.
    Entry("admin/claims/conflict/figures/", "GET", "/admin/claims/conflict/figures/?term=Container", DESK),
    Entry("admin/claims/conflict/", "POST", "/admin/claims/conflict/",
          (LOGIN, LOGIN, Refused(200), Refused(200), 302, 302), case="confirm",
          data=lambda w: action("confirm", w["conflict"]), done=field_is(Conflict, "conflict", status="confirmed")),
    # Reviewers have the decisions but not delete_selected: the changelist refuses an action it did not offer.
    Entry("admin/claims/conflict/", "POST", "/admin/claims/conflict/",
          (LOGIN, LOGIN, Refused(200), Refused(200), Refused(302), 302), case="delete_selected",
          data=lambda w: action("delete_selected", w["conflict"]), done=gone(Conflict, "conflict")),
    # A decided conflict is the reviewers' record: an editor's save leaves it as it was.
    Entry("admin/claims/conflict/<path:object_id>/change/", "POST", "/admin/claims/conflict/{decided.pk}/change/",
          (LOGIN, LOGIN, 403, Refused(302), 302, 302), case="decided",
          data=lambda w: {"figure_a": w["decided"].figure_a_id, "figure_b": w["decided"].figure_b_id,
                          "kind": w["decided"].kind, "explanation": "", "note": "Neu"},
          done=field_is(Conflict, "decided", note="Neu")),

    # --- Sources and citations --------------------------------------------------------------------------------
    *model_pages("sources/source", "{source.pk}", view=DESK, add=EDITORS, delete=ROOT),
    Entry("admin/sources/source/add/", "POST", "/admin/sources/source/add/", admin_edit(302),
          data=lambda w: {"url": "https://wire.example/neu", "title": "", "publisher": ""},
          done=exists(Source, url="https://wire.example/neu")),
    Entry("admin/sources/source/", "POST", "/admin/sources/source/", (LOGIN, LOGIN, Refused(200), 302, 302, 302),
          case="recheck_now", data=lambda w: action("recheck_now", w["source"]),
          done=lambda w: Source.objects.filter(pk=w["source"].pk, lease__isnull=False).exists()),
    # The Re-check button of a source's page: the action's rights (editors and up), the same service.
    Entry("admin/sources/source/<int:object_id>/recheck/", "POST", "/admin/sources/source/{source.pk}/recheck/",
          admin_edit(302), data=lambda w: {},
          done=lambda w: Source.objects.filter(pk=w["source"].pk, lease__isnull=False).exists()),
    Entry("admin/sources/source/<int:object_id>/recheck/", "GET", "/admin/sources/source/{source.pk}/recheck/",
          staff(405)),
    # The source's WARC file: whoever may look at the source's page.
    Entry("admin/sources/source/<int:object_id>/warc/", "GET", "/admin/sources/source/{source.pk}/warc/", DESK),
    # One version of a source's text: whoever may see the source may read what it said.
    Entry("admin/sources/source/<int:object_id>/versions/<int:version_id>/", "GET",
          "/admin/sources/source/{source.pk}/versions/{source_version.pk}/", DESK),
    *model_pages("sources/citation", "{citation.pk}", view=DESK, add=EDITORS, delete=EDITORS, history=True),

    # --- Articles from the web and the sources they name -------------------------------------------------------
    Entry("admin/claims/article/from-web/", "GET", "/admin/claims/article/from-web/", EDITORS),
    Entry("admin/claims/article/from-web/", "POST", "/admin/claims/article/from-web/", admin_edit(302),
          data=lambda w: {"url": "https://www.weser-kurier.example/politik/container.html",
                          "page": SimpleUploadedFile("seite.html", WEB_PAGE.encode(), content_type="text/html")},
          done=exists(Article, title="Container für Moskau")),
    # Named sources come from the text: nobody adds one by hand; deleting one is a superuser's.
    *model_pages("claims/namedsource", "{namedsource.pk}", view=DESK, add=staff(403), delete=ROOT),
    Entry("admin/claims/namedsource/<path:object_id>/change/", "POST",
          "/admin/claims/namedsource/{namedsource.pk}/change/", admin_edit(302),
          data=lambda w: {"name": "Yonhap", "kind": "agency", "url": "https://en.yna.co.kr/"},
          done=lambda w: NamedSource.objects.filter(pk=w["namedsource"].pk, source__url="https://en.yna.co.kr/")
          .exists()),

    # --- Django's, DRF's, axes' and Celery beat's own models: only a superuser --------------------------------
    # (checked by test_other_projects_admin_pages_are_the_superusers, not case by case)
    *superusers_only("auth/group", "{group.pk}"),
    *superusers_only("auth/user", "{someone.pk}"),
    Entry("admin/auth/user/<id>/password/", "GET", "/admin/auth/user/{someone.pk}/password/", ROOT),
    *superusers_only("authtoken/tokenproxy", "{token.user_id}"),
    *superusers_only("django_celery_beat/periodictask", "{periodictask.pk}"),
    *superusers_only("django_celery_beat/intervalschedule", "{interval.pk}"),
    *superusers_only("django_celery_beat/crontabschedule", "{crontab.pk}"),
    *superusers_only("django_celery_beat/solarschedule", "{solar.pk}"),
    *superusers_only("django_celery_beat/clockedschedule", "{clocked.pk}"),
    # Login throttling's records (django-axes): nobody adds them by hand.
    *superusers_only("axes/accessattempt", "{attempt.pk}", add=staff(403)),
    *superusers_only("axes/accesslog", "{accesslog.pk}", add=staff(403)),
    *superusers_only("axes/accessfailurelog", "{failurelog.pk}", add=staff(403)),

    # --- API: root, schema, docs ------------------------------------------------------------------------------
    Entry("api/", "GET", "/api/", READERS),
    # The schema and its docs page are read like the API (public only with FACTCHECK_PUBLIC_API).
    Entry("api/schema/", "GET", "/api/schema/", READERS),
    Entry("api/docs/", "GET", "/api/docs/", READERS),

    # --- API: articles ----------------------------------------------------------------------------------------
    Entry("api/^articles/$", "GET", "/api/articles/", READERS),
    Entry("api/^articles/$", "POST", "/api/articles/", api_edit(201),
          data=lambda w: {"title": "Neu", "text": "Fast 7.000 Container.", "extract": False},
          done=exists(Article, title="Neu")),
    Entry("api/^articles/(?P<pk>[0-9]{1,18})/$", "GET", "/api/articles/{article.pk}/", READERS),
    Entry("api/^articles/(?P<pk>[0-9]{1,18})/claims/$", "GET", "/api/articles/{article.pk}/claims/", READERS),
    Entry("api/^articles/(?P<pk>[0-9]{1,18})/claims/$", "POST", "/api/articles/{article.pk}/claims/", api_edit(201),
          data=lambda w: {"start": 0, "end": 10, "speaker": "Neu"}, done=exists(Claim, speaker="Neu")),

    # --- API: claims ------------------------------------------------------------------------------------------
    Entry("api/^claims/$", "GET", "/api/claims/", READERS),
    Entry("api/^claims/claimreviews/$", "GET", "/api/claims/claimreviews/?since=2000-01-01", READERS),
    Entry("api/^claims/export/$", "GET", "/api/claims/export/", READERS),
    Entry("api/^claims/(?P<ref>[0-9]{1,18}-[0-9]{1,9})/$", "GET", "/api/claims/{claim.ref}/", READERS),
    Entry("api/^claims/(?P<ref>[0-9]{1,18}-[0-9]{1,9})/$", "GET", "/api/claims/{judged.ref}/", READERS, case="judged"),
    Entry("api/^claims/(?P<ref>[0-9]{1,18}-[0-9]{1,9})/$", "PATCH", "/api/claims/{claim.ref}/", api_edit(200),
          case="speaker", data=lambda w: {"speaker": "Neu", "version": w["claim"].version},
          done=field_is(Claim, "claim", speaker="Neu")),
    Entry("api/^claims/(?P<ref>[0-9]{1,18}-[0-9]{1,9})/$", "PATCH", "/api/claims/{reviewing.ref}/", api_review(200),
          case="verdict", data=lambda w: {"status": "supported", "verdict_note": "Belegt.",
                                          "version": w["reviewing"].version},
          done=field_is(Claim, "reviewing", status="supported")),
    Entry("api/^claims/(?P<ref>[0-9]{1,18}-[0-9]{1,9})/claimreview/$", "GET", "/api/claims/{judged.ref}/claimreview/",
          READERS),
    Entry("api/^claims/(?P<ref>[0-9]{1,18}-[0-9]{1,9})/citations/$", "POST", "/api/claims/{claim.ref}/citations/",
          api_edit(201), data=lambda w: {"url": "https://wire.example/neu", "expected": "7.000"},
          done=exists(Citation, source__url="https://wire.example/neu")),
    Entry("api/^claims/(?P<ref>[0-9]{1,18}-[0-9]{1,9})/figures/$", "POST", "/api/claims/{claim.ref}/figures/",
          api_edit(201), data=figure_in_claim, done=exists(Figure, text="7.000")),
    Entry("api/^claims/(?P<ref>[0-9]{1,18}-[0-9]{1,9})/conflicts/$", "GET", "/api/claims/{claim.ref}/conflicts/",
          READERS),
    Entry("api/^claims/(?P<ref>[0-9]{1,18}-[0-9]{1,9})/conflicts/$", "POST", "/api/claims/{claim.ref}/conflicts/",
          api_review(200), data=lambda w: {"conflict": w["conflict"].pk, "status": "confirmed"},
          done=field_is(Conflict, "conflict", status="confirmed")),

    # --- API: sources -----------------------------------------------------------------------------------------
    Entry("api/^sources/$", "GET", "/api/sources/", READERS),
    Entry("api/^sources/$", "POST", "/api/sources/", api_edit(201), data=lambda w: {"url": "https://wire.example/neu"},
          done=exists(Source, url="https://wire.example/neu")),
    Entry("api/^sources/(?P<pk>[0-9]{1,18})/$", "GET", "/api/sources/{source.pk}/", READERS),
    Entry("api/^sources/(?P<pk>[0-9]{1,18})/checks/$", "GET", "/api/sources/{check.source_id}/checks/", READERS),
    Entry("api/^sources/(?P<pk>[0-9]{1,18})/warc/$", "GET", "/api/sources/{source.pk}/warc/", READERS),
    Entry("api/^sources/(?P<pk>[0-9]{1,18})/recheck/$", "POST", "/api/sources/{source.pk}/recheck/", api_edit(202),
          data=lambda w: {}, done=lambda w: Source.objects.filter(pk=w["source"].pk, lease__isnull=False).exists()),

    # --- API: conflicts ---------------------------------------------------------------------------------------
    Entry("api/^named-sources/$", "GET", "/api/named-sources/", READERS),
    Entry("api/^named-sources/(?P<pk>[0-9]{1,18})/$", "GET", "/api/named-sources/{namedsource.pk}/", READERS),
    Entry("api/^named-sources/(?P<pk>[0-9]{1,18})/resolve/$", "POST",
          "/api/named-sources/{namedsource.pk}/resolve/", api_edit(200), data=lambda w: {"url": "https://en.yna.co.kr/"},
          done=lambda w: NamedSource.objects.filter(pk=w["namedsource"].pk, source__isnull=False).exists()),
    Entry("api/^conflicts/$", "GET", "/api/conflicts/", READERS),
    Entry("api/^conflicts/$", "POST", "/api/conflicts/", api_edit(201),
          data=lambda w: {"figure_a": w["figure"].pk, "figure_b": w["loose_figure"].pk, "kind": "contradiction"},
          done=exists(Conflict, kind="contradiction")),
    Entry("api/^conflicts/(?P<pk>[0-9]{1,18})/$", "GET", "/api/conflicts/{conflict.pk}/", READERS),
    Entry("api/^conflicts/(?P<pk>[0-9]{1,18})/decide/$", "POST", "/api/conflicts/{conflict.pk}/decide/",
          api_review(200), data=lambda w: {"status": "confirmed"},
          done=field_is(Conflict, "conflict", status="confirmed")),
]

# Routes that control no access, so a matrix row would say nothing.
EXEMPT = {
    "admin/login/": "the way in; every persona gets the form",
    "admin/logout/": "logging out asks for nothing",
    "api/auth/login/": "DRF's browsable-API login page",
    "api/auth/logout/": "DRF's browsable-API logout",
    "i18n/setlang/": "Django's set_language: keeps the chosen language in a cookie, for anyone (the login page too)",
}

# Cells where the code does not do what it should (the matrix holds the SHOULD value). Each xfails strictly:
# when the code is fixed the case passes, fails as XPASS, and its line here must go.
KNOWN_GAPS: dict[str, str] = {
    # None open. Closed: editors deleting or restoring claims with a verdict, and inline deletes taking
    # decided conflicts with them (claims.services.review.deletion_refusal).
}


# With FACTCHECK_PUBLIC_API=true, what an anonymous client gets from each API read the matrix closes to it
# (anonymous 401). The public reads the public projection (claims.public): claims with a verdict and their
# ClaimReviews. Everything else stays behind the login, and so does every write.
ANONYMOUS_WHEN_PUBLIC: dict[str, int] = {
    "api/claims-GET": 200,
    "api/claims/:ref-GET:judged": 200,
    "api/claims/:ref-GET": 404,  # no verdict yet: to the public the claim does not exist
    "api/claims/:ref/claimreview-GET": 200,
    "api/claims/claimreviews-GET": 200,
    "api/claims/export-GET": 401,  # the desk's spreadsheet: reviewers' names, notes of claims in review, admin links
    "api/claims/:ref/conflicts-GET": 401,  # suggestions, notes and deciders; confirmed ones are in the ClaimReview
    "api-GET": 401,  # the root lists the collections, most of them closed
    "api/articles-GET": 401,  # third parties' texts stored verbatim, and the desk's reading list
    "api/articles/:pk-GET": 401,
    "api/articles/:pk/claims-GET": 401,
    "api/sources-GET": 401,  # the desk's checks, including sources of claims not published
    "api/sources/:pk-GET": 401,
    "api/sources/:pk/checks-GET": 401,
    "api/sources/:pk/warc-GET": 401,  # raw pages as the desk fetched them, for sources of claims not published
    "api/conflicts-GET": 401,
    "api/named-sources-GET": 401,  # what the desk's articles cite, including articles not published
    "api/named-sources/:pk-GET": 401,
    "api/conflicts/:pk-GET": 401,
    "api/schema-GET": 200,  # endpoints only, no data: a public client needs it to find the public reads
    "api/docs-GET": 200,
}


# --- Routes -------------------------------------------------------------------------------------------------

# DRF's format-suffix twin of a route ("claims\.(?P<format>…)/?$") is checked like the route itself.
FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>\[a-z0-9\]\+\)/\?\$$")
# The app index lists the registered apps in its regex; which apps is not a matter of access.
APP_LABELS = re.compile(r"\(\?P<app_label>[^)]*\)")


def route_of(route: str) -> str:
    route = FORMAT_SUFFIX.sub("/$", route).replace("<drf_format_suffix:format>", "")
    return APP_LABELS.sub("(?P<app_label>…)", route)


def readable(route: str) -> str:
    """The route as a test id that `pytest -k` accepts: `api/^claims/(?P<ref>…)/$` becomes `api/claims/:ref`."""
    route = re.sub(r"\(\?P<(\w+)>[^()]*\)", r":\1", route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", r":\1", route)
    route = re.sub(r"\([^()]*\)", ":arg", route)
    return route.replace("^", "").replace("$", "").rstrip("/")


def walk(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        else:
            yield route_of(route), pattern


def project_routes() -> set[str]:
    return {route for route, _ in walk(get_resolver().url_patterns)}


# --- Personas and requests -----------------------------------------------------------------------------------


@pytest.fixture
def viewer(db):
    """Vera reads everything on the desk and changes nothing."""
    group = Group.objects.create(name="viewer")
    for name in roles.VIEW_ALL:
        app_label, codename = name.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return UserFactory(username="vera", roles=["viewer"])


def user_of(request, persona: str):
    return None if persona == "anonymous" else request.getfixturevalue(FIXTURES[persona])


def send(entry: Entry, url: str, data: dict | None, user):
    if entry.route.startswith("api/"):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        extra = {} if entry.method == "GET" else {"data": data, "format": "json"}
    else:
        client = Client()
        if user is not None:
            client.force_login(user)
        extra = {} if entry.method == "GET" else {"data": data or {}}
    return getattr(client, entry.method.lower())(url, **extra)


def is_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


def wrote(cell: Cell) -> bool:
    return isinstance(cell, int) and cell < 400


def expected_status(cell: Cell) -> int:
    return 302 if cell == LOGIN else cell.status if isinstance(cell, Refused) else cell


def case(entry: Entry, persona: str):
    case_id = f"{entry.name}-{persona}"
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[case_id])] if case_id in KNOWN_GAPS else []
    return pytest.param(entry, persona, id=case_id, marks=marks)


# The admin pages of other projects' models, and the app index that lists Django's auth.
OTHER_PROJECTS = ("/admin/auth/", "/admin/authtoken/", "/admin/axes/", "/admin/django_celery_beat/")


def other_projects(entry: Entry) -> bool:
    return entry.url.startswith(OTHER_PROJECTS)


def admin_page(entry: Entry) -> bool:
    return entry.route.startswith("admin/")


def by_a_rule(entry: Entry, persona: str) -> bool:
    """Whether a rule test checks the case: anonymous on any admin page, everyone else on other projects' pages."""
    return admin_page(entry) if persona == "anonymous" else other_projects(entry)


CASES = [case(entry, persona) for entry in MATRIX for persona in PERSONAS if not by_a_rule(entry, persona)]


def check(entry: Entry, persona: str, user) -> str | None:
    """What is wrong with the answer `persona` gets at the entry's URL, or None when it is what the cell says."""
    cell = entry.expect[PERSONAS.index(persona)]
    world = World()
    url = entry.url.format_map(world)
    data = entry.data(world) if entry.data else None
    response = send(entry, url, data, user)
    said = f"{entry.method} {url} as {persona}: {response.status_code} {response.get('Location', '')}"
    if response.status_code != expected_status(cell):
        return f"{said}, not {expected_status(cell)}"
    if is_login(response) != (cell == LOGIN):
        return f"{said}, {'not ' if cell == LOGIN else ''}the login page"
    if entry.done is not None and entry.done(world) != wrote(cell):
        return f"{said}: the write {'did not happen' if wrote(cell) else 'happened'}"
    return None


def check_all(request, cases: list[tuple[Entry, str]]) -> list[str]:
    """Every case in a savepoint rolled back after it, so each starts from the database a test of its own would
    (the personas are made before, outside them); all failures are collected, not just the first."""
    users = {persona: user_of(request, persona) for persona in PERSONAS}
    failures = []
    for entry, persona in cases:
        try:
            with transaction.atomic():
                problem = check(entry, persona, users[persona])
                transaction.set_rollback(True)
        except Exception as error:  # a crash is one more failure to list, not the end of the walk
            problem = repr(error)
        if problem:
            failures.append(f"{entry.name}-{persona}: {problem}")
    return failures


# --- The tests ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "persona"), CASES)
def test_access(request, entry: Entry, persona: str):
    problem = check(entry, persona, user_of(request, persona))
    assert problem is None, problem


@pytest.mark.django_db
def test_every_admin_page_sends_anonymous_visitors_to_the_login(request):
    entries = [entry for entry in MATRIX if admin_page(entry)]
    stated = [entry.name for entry in entries if entry.expect[0] != LOGIN]
    assert not stated, f"the rule is LOGIN for anonymous on every admin page; MATRIX says otherwise for {stated}"
    failures = check_all(request, [(entry, "anonymous") for entry in entries])
    assert not failures, f"{len(failures)} of {len(entries)} admin pages:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_other_projects_admin_pages_are_the_superusers(request):
    cases = [(entry, persona) for entry in MATRIX if other_projects(entry) for persona in PERSONAS[1:]]
    failures = check_all(request, cases)
    assert not failures, f"{len(failures)} of {len(cases)} cases:\n" + "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", [e for e in MATRIX if e.route.startswith("api/") and e.expect[0] == 401],
                         ids=lambda e: e.name)
def test_anonymous_access_when_the_api_is_public(entry: Entry):
    if entry.method == "GET":
        assert entry.name in ANONYMOUS_WHEN_PUBLIC, (
            f"say in ANONYMOUS_WHEN_PUBLIC whether anonymous clients read {entry.name} with FACTCHECK_PUBLIC_API")
    expected = ANONYMOUS_WHEN_PUBLIC.get(entry.name, 401)
    world = World()
    url = entry.url.format_map(world)
    data = entry.data(world) if entry.data else None
    with override_settings(FACTCHECK_PUBLIC_API=True):
        response = send(entry, url, data, None)
    assert response.status_code == expected, f"{entry.method} {url} as anonymous: {response.status_code}"
    if entry.done is not None:
        assert not entry.done(world), f"{entry.method} {url} as anonymous: the write happened"


def test_the_public_reads_name_only_matrix_entries():
    names = {entry.name for entry in MATRIX if entry.route.startswith("api/") and entry.expect[0] == 401}
    assert not ANONYMOUS_WHEN_PUBLIC.keys() - names, sorted(ANONYMOUS_WHEN_PUBLIC.keys() - names)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", [e for e in MATRIX if e.route.startswith("api/^") and e.method == "GET"],
                         ids=lambda e: e.name)
def test_a_format_suffix_is_guarded_like_its_route(entry: Entry):
    path, _, query = entry.url.format_map(World()).partition("?")
    response = APIClient().get(f"{path.rstrip('/')}.json" + (f"?{query}" if query else ""))
    assert response.status_code == 401


def test_every_route_is_in_the_matrix():
    missing = sorted(project_routes() - {entry.route for entry in MATRIX} - EXEMPT.keys())
    assert not missing, "routes with no entry in MATRIX (see the module docstring):\n" + "\n".join(
        f"  route={route!r}" for route in missing)


def test_the_matrix_names_no_route_that_is_gone():
    stale = sorted(({entry.route for entry in MATRIX} | EXEMPT.keys()) - project_routes())
    assert not stale, "MATRIX or EXEMPT names routes the project no longer has:\n" + "\n".join(stale)


def test_every_method_an_api_route_offers_is_in_the_matrix():
    listed = {(entry.route, entry.method) for entry in MATRIX}
    missing = []
    for route, pattern in walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "cls", None)
        for method in getattr(pattern.callback, "actions", {}) or {}:
            if method in view.http_method_names and method not in ("head", "options"):
                if (route, method.upper()) not in listed:
                    missing.append(f"{method.upper()} {route}")
    assert not missing, "API methods with no entry in MATRIX:\n" + "\n".join(sorted(set(missing)))


def test_entries_are_unique_and_complete():
    names = [entry.name for entry in MATRIX]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    assert all(len(entry.expect) == len(PERSONAS) for entry in MATRIX)
    unknown = set(KNOWN_GAPS) - {case.id for case in CASES}
    assert not unknown, f"KNOWN_GAPS names cases that do not exist or that a rule test checks: {sorted(unknown)}"


# --- Admin actions ------------------------------------------------------------------------------------------

EDITORS_UP = frozenset({"editor", "reviewer", "root"})
REVIEWERS_UP = frozenset({"reviewer", "root"})
ROOT_ONLY = frozenset({"root"})
STAFF = ("viewer", "editor", "reviewer", "root")

# For each registered model admin: each action and the personas offered it.
ACTIONS: dict[str, dict[str, frozenset[str]]] = {
    "claims.article": {"extract_again": EDITORS_UP, "delete_selected": ROOT_ONLY},
    "claims.claim": {"delete_selected": EDITORS_UP, "export_csv": frozenset(STAFF),
                     "export_csv_german": frozenset(STAFF)},
    "claims.figure": {"delete_selected": EDITORS_UP},
    "claims.conflict": {"confirm": REVIEWERS_UP, "dismiss": REVIEWERS_UP, "delete_selected": ROOT_ONLY},
    "sources.source": {"recheck_now": EDITORS_UP, "look_up_archived": EDITORS_UP, "delete_selected": ROOT_ONLY},
    "sources.citation": {"look_up_archived": EDITORS_UP, "delete_selected": EDITORS_UP},
    "claims.namedsource": {"delete_selected": ROOT_ONLY},
    "auth.group": {"delete_selected": ROOT_ONLY},
    "auth.user": {"delete_selected": ROOT_ONLY},
    "authtoken.tokenproxy": {},
    "django_celery_beat.periodictask": {
        name: ROOT_ONLY for name in ("delete_selected", "enable_tasks", "disable_tasks", "toggle_tasks", "run_tasks")
    },
    "django_celery_beat.intervalschedule": {"delete_selected": ROOT_ONLY},
    "django_celery_beat.crontabschedule": {"delete_selected": ROOT_ONLY},
    "django_celery_beat.solarschedule": {"delete_selected": ROOT_ONLY},
    "django_celery_beat.clockedschedule": {"delete_selected": ROOT_ONLY},
    "axes.accessattempt": {"delete_selected": ROOT_ONLY, "cleanup_expired_attempts": ROOT_ONLY},
    "axes.accesslog": {"delete_selected": ROOT_ONLY},
    "axes.accessfailurelog": {"delete_selected": ROOT_ONLY},
}
REGISTERED = {model._meta.label_lower: model_admin for model, model_admin in admin.site._registry.items()}


def usable_actions(model_admin, user) -> set[str]:
    """The actions the changelist runs for this user: none when the user may not open the changelist (Celery
    beat's task actions ask for no permission of their own, the changelist does)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    if not model_admin.has_view_or_change_permission(request):
        return set()
    return set(model_admin.get_actions(request))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", STAFF)
@pytest.mark.parametrize("label", sorted(REGISTERED.keys() | ACTIONS.keys()))
def test_admin_actions_offered(request, label: str, persona: str):
    assert label in REGISTERED, f"ACTIONS lists {label}, which has no model admin any more"
    assert label in ACTIONS, f"the admin of {label} is not in ACTIONS: say who may use its actions"
    expected = {name for name, who in ACTIONS[label].items() if persona in who}
    assert usable_actions(REGISTERED[label], user_of(request, persona)) == expected
