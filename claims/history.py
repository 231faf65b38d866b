"""History as the desk reads it: who changed what and when, on the admin page of the thing changed."""

from __future__ import annotations

from django.http import HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """History to read, with who and when. Reverting is off: an old version saved as it was would skip the
    services (numbering, anchoring, the verdict rules); a deleted claim comes back through claim_restore."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)
