"""Settings, all from the environment (see README "Configuration").

Defaults give the embedded demo: a SQLite file and no Redis (tasks run eagerly).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# FileAwareEnv also reads NAME_FILE, so secrets can come from mounted files.
env = environ.FileAwareEnv()


def env_bool(name: str, default: bool) -> bool:
    # Strict on purpose: "yes", "on" or a typo must not silently mean False. Read through env, so NAME_FILE
    # works for booleans as for every other setting.
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int, unit: str) -> int:
    # Strict too: "500M", "512 MB" or "-1" must stop start-up naming the variable, not with a bare ValueError.
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of {unit}, {minimum} or more, not {raw!r}")
    return int(raw)


DEBUG = env_bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-demo-only-never-in-production")
elif env.str("SECRET_KEY", default=""):
    SECRET_KEY = env.str("SECRET_KEY")
else:
    raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Behind a TLS-terminating proxy set FACTCHECK_HTTPS=true: secure cookies, HSTS, the proxy's scheme header.
# Off by default because the compose file serves plain HTTP on a private port.
if env_bool("FACTCHECK_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=3600)

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, nothing inline, no
# plugins, no framing, forms post only here. Our templates have no inline script, style or event handler.
# Third-party pages served as they are keep a few inline bits; each is allowed by the hash of its exact text
# ('unsafe-hashes' lets hashes cover attributes), so nothing else inline runs. tests/browser/test_security.py
# visits every page and fails on anything the policy blocks, so an upgrade that changes one is noticed.
def csp_hash(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


THIRD_PARTY_STYLE_ATTRIBUTES = [
    "border-top: 0",  # django-simple-history: the history page's paginator
    "float: right; margin-right: 10px",  # DRF's browsable API: the extra actions and filters buttons
    # DRF's browsable-API login page
    "margin-top: 30px", "width: 320px; margin-left: auto; margin-right: auto", "margin: 0 0 20px;", "border: none",
]
THIRD_PARTY_EVENT_HANDLERS = [
    'document.getElementById("logoutForm").submit()',  # DRF's browsable API: the "Log out" link
]
# django-celery-beat's periodic task form: the script that explains a crontab (a hash of its rendered text).
THIRD_PARTY_SCRIPTS = ["'sha256-QE3U2xYF7B4J2ro1/9oxiKhaWCGW39gB7ocQ/xlD0bE='"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "script-src-elem": [SELF, *THIRD_PARTY_SCRIPTS],
        "script-src-attr": [UNSAFE_HASHES, *map(csp_hash, THIRD_PARTY_EVENT_HANDLERS)],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_HASHES, *map(csp_hash, THIRD_PARTY_STYLE_ATTRIBUTES)],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

INSTALLED_APPS = [
    # Before the admin: claims/templates/admin/base_site.html extends the admin's own (the desk's icon).
    "claims",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "sources",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session (it may read the language from there), before CommonMiddleware (which may redirect):
    # picks the language from the language cookie set by the desk's switch, else the browser's Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change kept in history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a refused login into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project templates come before the apps': admin/base_site.html adds the language switch to the admin.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web server and management commands share one file: wait, don't fail.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The API's busiest lookups are prepared on the server once per connection (common/prepared.py); off for a
# connection pooler that does not keep prepared statements (PgBouncer in transaction mode).
FACTCHECK_SERVER_PREPARE = env_bool("DB_SERVER_PREPARE", True)
# How long an admin list may count its rows on PostgreSQL before it shows the planner's estimate instead
# (common/counting.py).
FACTCHECK_ADMIN_COUNT_MS = env.int("FACTCHECK_ADMIN_COUNT_MS", default=200)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Logins ---------------------------------------------------------------

# After a login whose `next` is missing or points off-site (refused by Django), land on the desk, not on
# Django's default /accounts/profile/ (a 404 here).
LOGIN_REDIRECT_URL = "admin:index"

# Throttling (django-axes, see claims/logins.py): FACTCHECK_LOGIN_FAILURE_LIMIT failed logins for one
# user, or from one client address, lock that user or address out for FACTCHECK_LOGIN_COOLOFF_MINUTES after
# the last failure, whatever password comes next. Every login path goes through authenticate(), so the
# admin's and the browsable API's forms alike.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("FACTCHECK_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("FACTCHECK_LOGIN_COOLOFF_MINUTES", default=15))
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME < timedelta(minutes=1):
    raise ImproperlyConfigured("FACTCHECK_LOGIN_FAILURE_LIMIT and FACTCHECK_LOGIN_COOLOFF_MINUTES must be 1 or more")
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Attempts while locked out are refused without counting, so the lock ends when the message says it does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "claims.logins.LoginAttempts"
AXES_LOCKOUT_CALLABLE = "claims.logins.lockout_response"
# The client address is REMOTE_ADDR. Behind reverse proxies that would be the proxy's, so that one client's
# failures would lock out everybody: FACTCHECK_TRUSTED_PROXIES=N takes it from X-Forwarded-For instead.
FACTCHECK_TRUSTED_PROXIES = env.int("FACTCHECK_TRUSTED_PROXIES", default=0)
if FACTCHECK_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("FACTCHECK_TRUSTED_PROXIES must be 0 (no proxy) or the number of proxies")
AXES_CLIENT_IP_CALLABLE = "claims.logins.client_address"

# The interface speaks German and English: each user picks one (the switch in the admin's header, kept in a
# cookie) or gets the browser's; LANGUAGE_CODE is the language for anyone whose browser asks for neither.
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}, not {LANGUAGE_CODE!r}")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# History is for reading; restoring goes through the services (see common.history_admin.HistoryAdmin).
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- REST API -------------------------------------------------------------

FACTCHECK_PUBLIC_API = env_bool("FACTCHECK_PUBLIC_API", False)
# Where `make demo` keeps the demo logins' password, so that running it again keeps them (load_demo).
FACTCHECK_DEMO_PASSWORD_FILE = env.str("FACTCHECK_DEMO_PASSWORD_FILE", default=str(BASE_DIR / ".demo-password"))
FACTCHECK_API_PAGE_SIZE = env.int("FACTCHECK_API_PAGE_SIZE", default=50)
FACTCHECK_API_MAX_PAGE_SIZE = env.int("FACTCHECK_API_MAX_PAGE_SIZE", default=500)
# Who publishes the ClaimReview verdicts (the `author` of each review).
FACTCHECK_PUBLISHER_NAME = env.str("FACTCHECK_PUBLISHER_NAME", default="Fact-check desk")
FACTCHECK_PUBLISHER_URL = env.str("FACTCHECK_PUBLISHER_URL", default="")
# Articles: the longest text taken anywhere (API, admin, ingest), and the longest extracted within the request;
# a longer one is stored at once and a worker extracts its claims (POST /api/articles/ answers 202).
FACTCHECK_MAX_ARTICLE_CHARS = env.int("FACTCHECK_MAX_ARTICLE_CHARS", default=5_000_000)
# Claims per article: extraction holds an article's claims in memory while it stores them (about 4.5 kB each).
FACTCHECK_MAX_ARTICLE_CLAIMS = env.int("FACTCHECK_MAX_ARTICLE_CLAIMS", default=100_000)
FACTCHECK_EXTRACT_IN_REQUEST_CHARS = env.int("FACTCHECK_EXTRACT_IN_REQUEST_CHARS", default=50_000)
# Seconds a worker may spend extracting one article before it stops and records the failure.
FACTCHECK_EXTRACT_SECONDS = env.int("FACTCHECK_EXTRACT_SECONDS", default=900)
# Largest request body (the admin's forms and the API alike); a bigger one gets 413 from the API. By default room
# for the longest article allowed (form encoding takes three bytes for each byte of UTF-8 outside ASCII), so a
# form or a POST can be told its text is too long instead of a bare refusal.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("FACTCHECK_MAX_REQUEST_BYTES", FACTCHECK_MAX_ARTICLE_CHARS * 3, minimum=1,
                                      unit="bytes")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call gets 401 with a WWW-Authenticate header.
        "common.api.TokenAuth",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["common.api.FastJSONRenderer", "common.api.BrowsableAPI"],
    "DEFAULT_PERMISSION_CLASSES": ["common.api.ReadLoggedInWriteWithModelPerms"],
    "DEFAULT_PAGINATION_CLASS": "common.api.CursorPage",
    "DEFAULT_FILTER_BACKENDS": [
        "common.api_query.StrictFilterBackend",
        "common.api_query.StrictOrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "common.api_input.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "common.api.ContentNegotiation",
    "DEFAULT_SCHEMA_CLASS": "common.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api_errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check workbench API",
    "DESCRIPTION": "Articles, numbered claims, parsed figures, sources and conflicting figures.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page are read like the API: anonymously only with FACTCHECK_PUBLIC_API.
    "SERVE_PERMISSIONS": ["common.api.ReadLikeTheApi"],
    # Assets come from drf-spectacular-sidecar: the docs page loads nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every set of choices named here: drf-spectacular names the others after their field, and two fields of one
    # name with different choices become names like Status3f2Enum (tests/test_api_schema.py holds them to this).
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "claims.models.ReviewStatus",
        "ConflictStatusEnum": "claims.models.ConflictStatus",
        "ConflictOriginEnum": "claims.models.ConflictOrigin",
        "FigureKindEnum": "claims.models.FigureKind",
        "QualifierEnum": "claims.models.Qualifier",
        "ConflictKindEnum": "claims.models.ConflictKind",
        "ExtractionStatusEnum": "claims.models.ExtractionStatus",
        "AnchorStatusEnum": "claims.models.AnchorStatus",
        "NamedSourceKindEnum": "claims.models.SourceKind",
        "OutcomeEnum": "sources.models.Outcome",
        "FigureStatusEnum": "sources.models.FigureStatus",
        "CitationRoleEnum": "sources.models.CitationRole",
        "LanguageEnum": "claims.models.Language",
    },
}

# --- Source checks ---------------------------------------------------------

# Networks the fetcher may reach although they are not public (tests and benchmarks on loopback only).
# Production leaves this empty; system check factcheck.W002 warns when it is set with DEBUG off.
FACTCHECK_FETCH_ALLOW_NETWORKS = env.str("FACTCHECK_FETCH_ALLOW_NETWORKS", default="")
FACTCHECK_FETCH_PER_HOST = env.int("FACTCHECK_FETCH_PER_HOST", default=2)
FACTCHECK_FETCH_CONCURRENCY = env.int("FACTCHECK_FETCH_CONCURRENCY", default=100)
FACTCHECK_FETCH_DEADLINE = env.float("FACTCHECK_FETCH_DEADLINE", default=20.0)
FACTCHECK_FETCH_MAX_BYTES = env.int("FACTCHECK_FETCH_MAX_BYTES", default=5_000_000)
FACTCHECK_FETCH_MAX_REDIRECTS = env.int("FACTCHECK_FETCH_MAX_REDIRECTS", default=5)
FACTCHECK_RECHECK_HOURS = env.float("FACTCHECK_RECHECK_HOURS", default=168.0)
# WARC records of each fetch that found a page changed (README "WARC evidence"): at most this many compressed
# bytes per source, oldest first out but the first capture kept if it fits (0 records nothing); records older than
# FACTCHECK_WARC_KEEP_DAYS go, except each source's latest (0 keeps them all).
FACTCHECK_WARC_MAX_BYTES_PER_SOURCE = env_int("FACTCHECK_WARC_MAX_BYTES_PER_SOURCE", 10_000_000, minimum=0,
                                              unit="bytes")
FACTCHECK_WARC_KEEP_DAYS = env_int("FACTCHECK_WARC_KEEP_DAYS", 3650, minimum=0, unit="days")
# Sources per Celery task; the sweeper hands out at most FACTCHECK_SWEEP_LIMIT per run.
FACTCHECK_CHECK_BATCH = env.int("FACTCHECK_CHECK_BATCH", default=100)
FACTCHECK_SWEEP_LIMIT = env.int("FACTCHECK_SWEEP_LIMIT", default=5000)
FACTCHECK_SWEEP_SECONDS = env.int("FACTCHECK_SWEEP_SECONDS", default=60)
# A claim older than this is taken to be lost (worker killed, broker flushed) and the source is handed out again.
FACTCHECK_CHECK_LEASE_SECONDS = env.int("FACTCHECK_CHECK_LEASE_SECONDS", default=900)

# --- Archived captures (Memento, RFC 7089) ---------------------------------------------------------------

# Where archived copies of cited pages are looked up, "{url}" standing for the page's URL: a TimeMap (e.g.
# "https://web.archive.org/web/timemap/link/{url}") and/or a TimeGate ("https://web.archive.org/web/{url}").
# Both empty (the default) turns lookups off. Requests go through the link checks' safe fetcher.
FACTCHECK_MEMENTO_TIMEMAP = env.str("FACTCHECK_MEMENTO_TIMEMAP", default="")
FACTCHECK_MEMENTO_TIMEGATE = env.str("FACTCHECK_MEMENTO_TIMEGATE", default="")
FACTCHECK_MEMENTO_MAX_BYTES = env.int("FACTCHECK_MEMENTO_MAX_BYTES", default=2_000_000)
# A lookup that found no capture from before the citation is tried again after this long, not at every check.
FACTCHECK_MEMENTO_RETRY_HOURS = env.float("FACTCHECK_MEMENTO_RETRY_HOURS", default=24.0)
# Save Page Now: ask the archive to capture a page when it is first cited. Off unless turned on.
FACTCHECK_SAVE_PAGE_NOW = env_bool("FACTCHECK_SAVE_PAGE_NOW", False)
FACTCHECK_SAVE_PAGE_NOW_URL = env.str("FACTCHECK_SAVE_PAGE_NOW_URL", default="https://web.archive.org/save/{url}")

# --- Alerts (mail, feed, webhooks) ------------------------------------------

# Links in e-mails, feeds and webhooks point here: the address editors open the desk at.
FACTCHECK_SITE_URL = env.str("FACTCHECK_SITE_URL", default="http://localhost:8000")
# Webhook deliveries that fail for a while (timeout, 429, 5xx) are tried again this many times, backing off.
FACTCHECK_ALERT_RETRIES = env_int("FACTCHECK_ALERT_RETRIES", 6, minimum=0, unit="retries")
# The hour (server time) at which daily digests go out.
FACTCHECK_ALERT_DIGEST_HOUR = env_int("FACTCHECK_ALERT_DIGEST_HOUR", 7, minimum=0, unit="hours")
if FACTCHECK_ALERT_DIGEST_HOUR > 23:
    raise ImproperlyConfigured(f"FACTCHECK_ALERT_DIGEST_HOUR must be an hour from 0 to 23, "
                               f"not {FACTCHECK_ALERT_DIGEST_HOUR}")
# Mail: the console in the demo (DEBUG), SMTP otherwise, with Django's own setting names.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend" if DEBUG
                        else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="factcheck@localhost")

# --- Celery ---------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Without Redis the demo runs tasks inline, in the process that dispatches them.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="default")
CELERY_FETCH_QUEUE = env.str("CELERY_FETCH_QUEUE", default="fetch")
# Fetching runs on its own queue so a slow site cannot starve editors' tasks.
CELERY_TASK_ROUTES = {"sources.check_batch": {"queue": CELERY_FETCH_QUEUE},
                      "sources.find_captures": {"queue": CELERY_FETCH_QUEUE},
                      "sources.save_page_now": {"queue": CELERY_FETCH_QUEUE}}
# A message a killed worker held comes back after this long (Redis has no per-consumer acks).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=1800)}
# Detection keeps suggestions current as claims come and change; a periodic full pass also catches what a
# deleted figure leaves behind (0 turns it off).
FACTCHECK_CONFLICT_RECOMPUTE_HOURS = env.int("FACTCHECK_CONFLICT_RECOMPUTE_HOURS", default=24)
CELERY_BEAT_SCHEDULE = {
    "sweep-sources": {"task": "sources.sweep", "schedule": FACTCHECK_SWEEP_SECONDS},
}
if FACTCHECK_CONFLICT_RECOMPUTE_HOURS > 0:
    CELERY_BEAT_SCHEDULE["recompute-conflicts"] = {
        "task": "claims.recompute_conflicts", "schedule": FACTCHECK_CONFLICT_RECOMPUTE_HOURS * 3600,
    }
if FACTCHECK_WARC_KEEP_DAYS > 0:
    CELERY_BEAT_SCHEDULE["prune-fetch-records"] = {"task": "sources.prune_fetch_records", "schedule": 24 * 3600}
# Alerts are dispatched after the commit that raised them; beat runs the dispatch every minute too, in case that
# message was lost, so an alert goes out within two minutes of the check that found its change.
CELERY_BEAT_SCHEDULE["dispatch-alerts"] = {"task": "alerts.dispatch", "schedule": 60}
CELERY_BEAT_SCHEDULE["alert-digests"] = {"task": "alerts.digest", "schedule": crontab(hour=FACTCHECK_ALERT_DIGEST_HOUR,
                                                                                     minute=0)}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A prefork child whose peak resident memory passed this many KiB is replaced once its task is done: Python
# keeps what a batch of large pages made it allocate. 0 turns it off. See README "Running at scale" for sizing.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 512_000, minimum=0, unit="KiB")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
