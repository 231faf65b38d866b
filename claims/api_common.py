"""API plumbing shared by both apps: permissions, paging and the browsable API's page."""

from __future__ import annotations

from django.conf import settings
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.renderers import BrowsableAPIRenderer


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


class CursorPage(CursorPagination):
    # A cursor, not OFFSET: deep pages of a large claims table stay cheap.
    ordering = "-id"
    page_size_query_param = "page_size"

    def __init__(self) -> None:
        self.page_size = settings.FACTCHECK_API_PAGE_SIZE
        self.max_page_size = settings.FACTCHECK_API_MAX_PAGE_SIZE


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
