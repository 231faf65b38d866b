from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.admin.dashboard import desk_dashboard
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
    # Before the admin's own patterns, whose catch-all would answer /admin/desk/ with a 404.
    path("admin/desk/", admin.site.admin_view(desk_dashboard), name="desk-dashboard"),
    path("admin/", admin.site.urls),
    # Django's set_language: the admin's language switch posts here (templates/admin/base_site.html).
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves the page's script from the same URL (?script) instead of inline, for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api_docs/swagger_ui.html"),
         name="api-docs"),
    path("api/auth/", include("rest_framework.urls")),
    path("api/", include(router.urls)),
]
