"""The admin as the desk's own: its name in the header and the browser's title instead of "Django
administration", and "View site" leading to the desk's dashboard (the project's / redirects there)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Fact-check desk")
admin.site.site_title = _("Fact-check desk")
admin.site.index_title = _("Articles, claims, sources and conflicts")
