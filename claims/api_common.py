"""API plumbing shared by both apps: permissions, paging, content negotiation."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadLoggedInWriteWithModelPerms(BasePermission):
    """Reads: any logged-in user, or anyone with FACTCHECK_PUBLIC_API.

    Writes: the permission (or all of the permissions) the view names for the action in `write_permissions`;
    an action it does not name is refused, so a new endpoint starts closed.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return settings.FACTCHECK_PUBLIC_API or request.user.is_authenticated
        if not request.user.is_authenticated:
            return False
        perms = getattr(view, "write_permissions", {}).get(view.action)
        if perms is None:
            return False
        return request.user.has_perms([perms] if isinstance(perms, str) else perms)


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
