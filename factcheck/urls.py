from __future__ import annotations

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.admin.alerts import follow_view, my_alerts
from claims.admin.dashboard import desk_dashboard
from claims.api_errors import not_found
from claims.feeds import alerts_feed
from claims.views import ArticleViewSet, ClaimViewSet, ConflictViewSet, NamedSourceViewSet
from sources.views import SourceViewSet

# An API address that matches no route gets a JSON 404 like the API's own.
handler404 = "claims.api_errors.page_not_found"

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("claims", ClaimViewSet, basename="claim")
router.register("sources", SourceViewSet, basename="source")
router.register("conflicts", ConflictViewSet, basename="conflict")
router.register("named-sources", NamedSourceViewSet, basename="named-source")

urlpatterns = [
    # The admin's "View site" and the bare address lead to the desk; browsers ask for /favicon.ico on every page
    # that names no icon (the API's, a download).
    path("", RedirectView.as_view(pattern_name="desk-dashboard"), name="home"),
    path("favicon.ico", RedirectView.as_view(url=static("claims/favicon.svg"), permanent=True)),
    # Before the admin's own patterns, whose catch-all would answer /admin/desk/ with a 404.
    path("admin/desk/", admin.site.admin_view(desk_dashboard), name="desk-dashboard"),
    path("admin/alerts/", admin.site.admin_view(my_alerts), name="my-alerts"),
    path("admin/alerts/follow/", admin.site.admin_view(follow_view), name="alerts-follow"),
    # No login: the token is the secret (feed readers cannot log in); a wrong one is a 404.
    path("alerts/feed/<str:token>/", alerts_feed, name="alerts-feed"),
    path("admin/", admin.site.urls),
    # Django's set_language: the admin's language switch posts here (templates/admin/base_site.html).
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves the page's script from the same URL (?script) instead of inline, for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api_docs/swagger_ui.html"),
         name="api-docs"),
    path("api/auth/", include("rest_framework.urls")),
    path("api/", include(router.urls)),
    # Only addresses ending in a slash: without one, Django's APPEND_SLASH first redirects to the slashed one.
    re_path(r"^api/.*/$", not_found),
]
