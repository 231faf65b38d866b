"""API plumbing shared by both apps: permissions, paging, content negotiation, the browsable API's page."""

from __future__ import annotations

from collections.abc import Callable

import orjson
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from .prepared import Prepared, given


def _token_user():
    user = get_user_model()
    return user.objects.filter(auth_token__key=given()).values(
        *[field.attname for field in user._meta.concrete_fields])


class TokenAuth(TokenAuthentication):
    """DRF's token authentication, its query prepared (common.prepared): DRF compiles its select_related query
    anew for each request, about a millisecond, a third of the cheapest request at a million claims.
    `request.auth` is a Token holding the key and the user only (nothing here reads more of it)."""

    user_of_token = Prepared(_token_user)

    def authenticate_credentials(self, key):
        found = self.user_of_token.rows(key)
        if not found:
            raise AuthenticationFailed(_("Invalid token."))
        user = get_user_model().from_db(DEFAULT_DB_ALIAS, list(found[0]), list(found[0].values()))
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        return user, Token(key=key, user=user)


class ReadLoggedInWriteWithModelPerms(BasePermission):
    """Reads: any logged-in user; with FACTCHECK_PUBLIC_API also anyone, on the actions the view lists in
    `public_actions` (which then answer with the public projection, see claims.public).

    Writes: the permission (or all of the permissions) the view names for the action in `write_permissions`;
    an action it does not name is refused, so a new endpoint starts closed.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            if request.user.is_authenticated:
                return True
            # Like writes, public reads start closed: an action is public only where the view says so.
            return settings.FACTCHECK_PUBLIC_API and getattr(view, "action", None) in getattr(
                view, "public_actions", ())
        if not request.user.is_authenticated:
            return False
        perms = getattr(view, "write_permissions", {}).get(view.action)
        if perms is None:
            return False
        return request.user.has_perms([perms] if isinstance(perms, str) else perms)


class ReadLikeTheApi(BasePermission):
    """The schema and its docs page: whoever may read the API. They hold no data, only the endpoints, and with
    FACTCHECK_PUBLIC_API an anonymous client needs them to find the public ones."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS and (request.user.is_authenticated or settings.FACTCHECK_PUBLIC_API)


def one_value(query_params, name: str) -> str | None:
    """The value of a query parameter that takes one: `?page_size=5&page_size=9` is a 400, not a guess."""
    values = query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: [f"Give {name} once, not {len(values)} times."]})
    return values[0] if values else None


class ContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        # DRF reads an empty ?format= as none given and a repeated one as its last value.
        name = self.settings.URL_FORMAT_OVERRIDE
        if name and one_value(request.query_params, name) == "":
            raise NotFound(f"{name} is empty: leave it out or name a format.")
        return super().select_renderer(request, renderers, format_suffix)


class CursorPage(CursorPagination):
    # A cursor, not OFFSET: deep pages of a large claims table stay cheap.
    ordering = "-id"
    page_size_query_param = "page_size"

    def __init__(self) -> None:
        self.page_size = settings.FACTCHECK_API_PAGE_SIZE
        self.max_page_size = settings.FACTCHECK_API_MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        # DRF falls back to the default page size on a bad value, silently; the schema says a whole number from 1,
        # so anything else is refused. A bigger one than the maximum is cut down to it, as before.
        raw = one_value(request.query_params, self.page_size_query_param)
        if raw is None:
            return self.page_size
        digits = raw.lstrip("0")
        if not (raw.isascii() and raw.isdigit() and digits):
            raise ValidationError({self.page_size_query_param: ["Give a whole number from 1."]})
        # int() refuses thousands of digits; any number that long is over the maximum anyway.
        return self.max_page_size if len(digits) > 9 else min(int(digits), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        one_value(request.query_params, self.cursor_query_param)
        cursor = super().decode_cursor(request)
        # A cursor is only base64: a doctored position ("p=x" for an id) must not reach the database.
        if cursor is not None and cursor.position is not None:
            try:
                self.model._meta.get_field(self.ordering[0].lstrip("-")).to_python(cursor.position)
            except DjangoValidationError:
                raise NotFound(self.invalid_cursor_message) from None
        return cursor

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = (
                    f"Results per page, {self.page_size} unless given, at most {self.max_page_size}."
                )
        return parameters


class FirstPage:
    """A list's first page read by a function of its length (a prepared query), handed to CursorPage in place of
    the queryset it pages. CursorPage orders it and takes the page and one row more: all it asks of a queryset
    when no cursor is given, so the answer, its next link included, is the one the queryset would give."""

    def __init__(self, model, ordering: tuple[str, ...], read: Callable[[int], list[dict]]) -> None:
        self.model, self.ordering, self.read = model, ordering, read

    def order_by(self, *ordering: str) -> FirstPage:
        if ordering != self.ordering:
            raise ValueError(f"this page is read in the order {self.ordering}, not {ordering}")
        return self

    def __getitem__(self, window: slice) -> list[dict]:
        if window.start:
            raise ValueError("only a first page is read this way")
        return self.read(window.stop)


PAGING = frozenset({"cursor", "page_size"})


def asks_more(request) -> bool:
    """Whether a request to a detail built from rows has parameters beyond paging. Where DRF's get_object applies
    the list's filters and ordering to a detail (a 404 outside them, a 400 for a bad one), such a request is
    looked up through it first. (ClaimViewSet.get_object applies none.)"""
    return bool(set(request.query_params) - PAGING)


def public_read(view) -> bool:
    """Whether the view answers an anonymous client, who gets the public projection (claims.public).

    Schema generation asks as whoever fetches the schema; it describes the staff's view in either case."""
    return not view.request.user.is_authenticated and not getattr(view, "swagger_fake_view", False)


class BrowsableAPI(BrowsableAPIRenderer):
    """DRF's browsable API without the Pygments stylesheet it writes inline into each page when Pygments is
    installed: the Content-Security-Policy refuses inline style, and only Markdown descriptions (which need the
    markdown package, not installed) would use it."""

    def get_context(self, *args, **kwargs) -> dict:
        return {**super().get_context(*args, **kwargs), "code_style": None}


class FastJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, written by orjson: compact UTF-8 as DRF writes it, several times faster on a page of
    50 claims (bench/scale.py). What orjson does not write as DRF would (datetimes, Decimals, lazy text) goes
    through DRF's own encoder; what it cannot write at all (an integer past 64 bits) and an indented answer asked
    for in the Accept header are left to DRF's renderer."""

    OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None or self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            return orjson.dumps(data, default=self.encoder_class().default, option=self.OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)


class RowsList:
    """A list view whose page is found as plain rows (dicts of the cursor's fields and `fields`) and then built by
    a function of those rows (claims.api_rows, or a serializer over a query of the page's ids alone), instead of
    by model instances, prefetches and per-row subqueries over the whole filtered table."""

    def rows_page(self, queryset, build, fields=()):
        wanted = {"id", *getattr(self, "ordering_fields", ()), *fields}
        page = self.paginate_queryset(queryset.select_related(None).prefetch_related(None).values(*wanted))
        return self.get_paginated_response(build(page))
