"""Admin views that change something answer POST only, so a link, a prefetch or a reload cannot run them.

Outside claims/admin so the sources admin can use it too: claims/admin imports the sources admin's badges.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed


def post_only(view):
    """Anything but POST is refused (405) before the view runs. For views called as (admin, request, …): a model
    admin's method, or a function given the model admin."""

    @functools.wraps(view)
    def refusing(owner, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(owner, request, *args, **kwargs)

    return refusing


def post_only_on_object(*permissions: str):
    """post_only for a view of one of the admin's objects: the view is given the object, not its id. An id that
    finds none is answered as the admin's own pages answer it (its list, with a message). The user must hold one
    of `permissions`, if any are given, checked before the object is looked up: a missing id and a forbidden one
    are then answered alike, so a refusal tells nothing of which ids exist."""

    def decorate(view):
        @post_only
        @functools.wraps(view)
        def with_object(model_admin, request, object_id: str):
            if permissions and not any(request.user.has_perm(name) for name in permissions):
                raise PermissionDenied
            obj = model_admin.get_object(request, object_id)
            if obj is None:
                return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
            return view(model_admin, request, obj)

        return with_object

    return decorate
