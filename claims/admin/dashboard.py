"""The desk dashboard: claim and source health at a glance, the review queue and the latest conflicts.

Served at /admin/desk/ (factcheck/urls.py wraps it in `admin.site.admin_view`, which sends anyone who is not
active staff to the admin login); inside, a staff user also needs claims.view_claim, or gets a 403.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from common.palette import GREEN, HEALTH_COLOURS, NEVER_CHECKED, RED, STATUS_COLOURS
from sources import selectors as source_selectors

from .. import charts, desk
from ..models import RecomputeRun
from .conflicts import kind_badge

DAYS = 30


# django.contrib.admin comes before claims in INSTALLED_APPS, so an admin/index.html in claims/templates would
# never be found; a template under its own name that extends the admin's index adds the link without
# shadowing (or extending) itself.
admin.site.index_template = "admin/desk/index.html"


def desk_dashboard(request: HttpRequest) -> TemplateResponse:
    if not request.user.has_perm("claims.view_claim"):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Desk dashboard"),
        **_charts(),
        "queue": desk.review_queue(),
        "queue_size": desk.QUEUE_SIZE,
        "conflicts": [(conflict, kind_badge(conflict)) for conflict in desk.recent_conflicts()],
        "silent_edits": desk.silent_edits(),
        "last_recompute": RecomputeRun.objects.first(),
    }
    return TemplateResponse(request, "admin/desk/dashboard.html", context)


def _charts() -> dict:
    claims = desk.claims_by_status()
    sources = source_selectors.sources_by_health()
    checks = source_selectors.checks_per_day(DAYS)
    read, failed = _("Read"), _("Failed")
    return {
        "claims_chart": charts.bars(_("Claims by status"), [(label, n, STATUS_COLOURS[s]) for s, label, n in claims]),
        "claim_total": sum(n for _, _, n in claims),
        "sources_chart": charts.bars(_("Sources by health (last check)"), [
            (label, n, HEALTH_COLOURS.get(s, NEVER_CHECKED)) for s, label, n in sources]),
        "source_total": sum(n for _, _, n in sources),
        "checks_chart": charts.daily(_("Checks per day, last {days} days").format(days=DAYS),
                                     [row.day for row in checks], {
            read: [row.checks - row.failures for row in checks],
            failed: [row.failures for row in checks],
        }, {read: GREEN, failed: RED}),
        "check_total": sum(row.checks for row in checks),
        "failure_total": sum(row.failures for row in checks),
    }
