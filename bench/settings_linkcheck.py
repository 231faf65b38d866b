"""Just enough Django for django-linkcheck's own tables, used by bench/linkcheck.py in a separate process.

The SQLite file lives in a temporary folder the benchmark makes (LINKCHECK_BENCH_DB); nothing here touches
the workbench's database or settings.
"""

from __future__ import annotations

import os

SECRET_KEY = "bench-only-not-a-secret"
DEBUG = False
INSTALLED_APPS = ["django.contrib.contenttypes", "linkcheck"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["LINKCHECK_BENCH_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True

# django-linkcheck names its user agent after the site and treats URLs on it as internal; ours are all external.
SITE_DOMAIN = "bench-site.invalid"
# No models of ours are registered with linkcheck, so its save listeners have nothing to do.
LINKCHECK_DISABLE_LISTENERS = True
