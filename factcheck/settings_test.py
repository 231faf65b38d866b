"""Test settings: the real settings with a few values fixed for a repeatable run."""

from __future__ import annotations

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .settings import *  # noqa: E402,F403

# English unless a test asks for German, whatever the developer's environment says.
LANGUAGE_CODE = "en"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run inline unless a test starts a real worker and turns this off.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Own queue names, so a developer's running worker never takes a test's message.
CELERY_TASK_DEFAULT_QUEUE = "factcheck-test"
CELERY_FETCH_QUEUE = "factcheck-test-fetch"
# Every task the real settings route to the fetch queue goes to the tests' fetch queue.
CELERY_TASK_ROUTES = {name: {"queue": CELERY_FETCH_QUEUE} for name in CELERY_TASK_ROUTES}  # noqa: F405
# Tests own Redis database 15, so a test that flushes it cannot touch anyone's data in database 0.
# FACTCHECK_TEST_REDIS_DB picks another one, so two checkouts can run their suites side by side.
TEST_REDIS_DB = int(os.environ.get("FACTCHECK_TEST_REDIS_DB", "15"))
if REDIS_URL:  # noqa: F405
    CELERY_BROKER_URL = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{TEST_REDIS_DB}"))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# load_demo keeps the demo password in a file: never the checkout's own .demo-password.
FACTCHECK_DEMO_PASSWORD_FILE = os.path.join(tempfile.mkdtemp(prefix="factcheck-test-demo-"), "password")
