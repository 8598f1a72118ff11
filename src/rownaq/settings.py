"""Rownaq settings. Everything that differs between the demo and production comes from the environment.

The defaults run the demo: SQLite under ./var, DEBUG on, e-mail printed to the console.
Production sets SECRET_KEY, DEBUG=0, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("ROWNAQ_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# The demo key is only for a machine nobody else reaches; production must set SECRET_KEY (sessions, password-reset
# links and CSRF tokens are signed with it), so without DEBUG a missing or published key stops the start-up.
DEMO_SECRET_KEY = "rownaq-demo-only-insecure-key-change-me-0123456789"
PLACEHOLDER_SECRET_KEYS = {DEMO_SECRET_KEY, "change-me-to-a-long-random-secret"}  # the demo's and deploy/env.example's
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY or SECRET_KEY in PLACEHOLDER_SECRET_KEYS:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY is not set (or is the published demo/example key) while DEBUG=0: Rownaq will not start in "
            "production on a key anyone can read. Set SECRET_KEY in the environment (deploy/env.example) to a long "
            "random secret, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'. | "
            "کلید محرمانهٔ SECRET_KEY تنظیم نشده است (یا همان کلید نمونهٔ منتشرشده است) و سامانه در حالت عملیاتی "
            "بدون آن راه‌اندازی نمی‌شود."
        )
    SECRET_KEY = DEMO_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # First, so that its registration/ templates win over the admin's.
    "rownaq.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rownaq.web.staticfiles.RownaqStaticFilesConfig",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "rownaq.core",
    "rownaq.places",
    "rownaq.registry",
    "rownaq.reporting",
    "rownaq.cases",
    "rownaq.events",
    "rownaq.sourcing",
    "rownaq.shifts",
    "rownaq.notify",
    # Last: the form renderer finds Django's widget templates here, after the project's own overrides.
    "django.forms",
]
# Templates of forms (widgets, error lists) are looked up like any template, so the project can override them;
# plain <input> widgets are written in Python while their templates are Django's own (core.forms.FormRenderer).
FORM_RENDERER = "rownaq.core.forms.FormRenderer"

MIDDLEWARE = [
    "rownaq.core.middleware.ServerTimingMiddleware",  # only with SERVER_TIMING=1 (make bench-load)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rownaq.core.middleware.CurrentActorMiddleware",
    "rownaq.core.security.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "rownaq.urls"
WSGI_APPLICATION = "rownaq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rownaq.web.context_processors.navigation",
                "rownaq.notify.context_processors.unread_notifications",
            ],
            "builtins": ["rownaq.core.templatetags.persian"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'rownaq.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Several demo users and the task worker at once: wait for the write lock rather than fail; take it at the start
    # of every transaction (IMMEDIATE), since a transaction that reads and then writes cannot wait for it and fails
    # at once with "database is locked"; and let pages read while the worker writes (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each worker keeps its connection (CONN_MAX_AGE) and checks it before reuse (CONN_HEALTH_CHECKS), so after a
    # PostgreSQL restart the next request reconnects by itself. While the server is unreachable a connection
    # attempt gives up after this many seconds and the request gets a 503 (core/errors.py) instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    )
    # Connection pool (psycopg_pool, Django >= 5.1), one per process, when DB_POOL_SIZE > 0: that many connections,
    # opened once and lent to each request, checked before lending (CONN_HEALTH_CHECKS); a request waits at most
    # DB_POOL_TIMEOUT for one, then gets a 503. Off by default, measured: after a PostgreSQL outage the pool retries
    # its lost connections with a delay that doubles from 1 s (psycopg_pool's reconnect backoff), so requests kept
    # failing for seconds after the database was back (tests/test_faults.py failed with it on); with gunicorn's
    # threads each keeping its own persistent connection (CONN_MAX_AGE, checked before reuse) the server holds the
    # same workers x threads connections and the first request after the outage reconnects and succeeds.
    pool_size = int(os.environ.get("DB_POOL_SIZE", "0"))
    if pool_size > 0:
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": pool_size,
            "max_size": pool_size,
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "2")),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django refuses both
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# Argon2id with OWASP's m=46 MiB, t=1, p=1 (core/hashers.py says why; README, Security). It replaces Django's own
# Argon2 hasher, which has the same algorithm name: the two cannot both be listed.
PASSWORD_HASHERS = [
    "rownaq.core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The one authentication backend checks the login lockout before any password (rownaq.core.auth).
AUTHENTICATION_BACKENDS = ["rownaq.core.auth.ThrottledModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True
# Numbers are formatted by the project's own filters (Persian digits, Persian separators).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# The press kit's fonts, decompressed once (rownaq.events.services): a folder of the app's own, never the shared
# temporary directory, and the only place the PDF renderer reads from.
PDF_FONT_DIR = Path(os.environ.get("PDF_FONT_DIR", VAR_DIR / "pdf-fonts"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Source maps are for developers' tools; compressing them only slows collectstatic down.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "swf",
    "flv",
    "woff",
    "woff2",
    "3gp",
    "3gpp",
    "asf",
    "avi",
    "m4v",
    "mov",
    "mp4",
    "mpeg",
    "mpg",
    "webm",
    "wmv",
    "map",
]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "rownaq@localhost")

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Login throttling (rownaq.core.throttle).
LOGIN_MAX_FAILURES_PER_USER = int(os.environ.get("LOGIN_MAX_FAILURES_PER_USER", "5"))
LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "30"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
# Behind a reverse proxy that sets X-Forwarded-For / X-Forwarded-Proto.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = False
# The HSTS preload list is for public sites; an intranet host name must not be submitted to it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Long work (roster solves, imports, press kits, daily jobs, backups) runs as tasks of Django's tasks framework
# (django-tasks, the backport of Django 6's django.tasks) in `manage.py run_worker`, never in a request. The database
# backend keeps the queue in the same database (SQLite in the demo, PostgreSQL with SKIP LOCKED in production); an
# RQ or Celery backend can take its place here when one machine is outgrown (see README, "Background work").
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A worker writes that it is alive this often; a task whose worker has not been seen for TASKS_WORKER_LOST_S seconds
# was lost with it: it runs again (up to its job's attempts) or is marked failed, never left "running".
TASKS_HEARTBEAT_S = float(os.environ.get("TASKS_HEARTBEAT_S", "5"))
TASKS_WORKER_LOST_S = float(os.environ.get("TASKS_WORKER_LOST_S", "60"))
# The worker schedules the daily jobs (reminders, digests, backup) once this hour (Tehran time) has come; a day's
# run missed while no worker was up is run when one comes back.
WORKER_RUN_HOUR = int(os.environ.get("WORKER_RUN_HOUR", "7"))
# The longest a request may work: gunicorn's timeout (deploy/gunicorn.conf.py) is above it, and every solver that
# runs inside a request (the tour itinerary) stays below it; roster solves run as tasks, limited by
# SHIFTS_SOLVER_MAX_TIME_LIMIT_S (tests/core/test_request_limits.py checks that they agree).
REQUEST_WORK_LIMIT_S = 2.0
# Each response's CPU in a Server-Timing header (core.middleware.ServerTimingMiddleware), for the load benchmark.
SERVER_TIMING = env_bool("SERVER_TIMING", False)
# A stage's itinerary is planned in the request (a handful of visits: milliseconds); its routing search may take
# this long twice (a quick search, then guided local search when the quick one finds nothing).
ITINERARY_TIME_LIMIT_S = 1.0
# Backups written by the daily job and the health page's button (`manage.py backup --output` elsewhere).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
DAILY_BACKUP = os.environ.get("DAILY_BACKUP", "1") == "1"
SHIFTS_SOLVER_MAX_TIME_LIMIT_S = 120

# Monthly reports are due by this day of the next Jalali month (the national registry's rule).
REPORT_DUE_DAY = int(os.environ.get("REPORT_DUE_DAY", "10"))
# A month is published (the default month of the statistics pages, the press kit) once this share of the units
# expected to report it have accepted reports: one early report must not stand for a whole estate.
PUBLISH_MIN_SHARE = float(os.environ.get("PUBLISH_MIN_SHARE", "0.6"))

# Disclosure control of published statistics (README, "Published statistics"): a cell needs this many units,
# no p% dominance, and every hidden sensitive figure keeps a +-q% interval against an attacker with the totals.
DISCLOSURE_MIN_UNITS = int(os.environ.get("DISCLOSURE_MIN_UNITS", "3"))
DISCLOSURE_P_PERCENT = float(os.environ.get("DISCLOSURE_P_PERCENT", "10"))
DISCLOSURE_PROTECTION_PERCENT = float(os.environ.get("DISCLOSURE_PROTECTION_PERCENT", "15"))
# A month with at most this many accepted reports has its disclosure pattern computed in the request that first
# needs it (well under a second); a larger one in the task worker (reporting/publication.py).
DISCLOSURE_INLINE_REPORTS = int(os.environ.get("DISCLOSURE_INLINE_REPORTS", "150"))
# The health page warns when a month's figures have been withheld this long for its pattern to be computed.
DISCLOSURE_LATE_MINUTES = int(os.environ.get("DISCLOSURE_LATE_MINUTES", "15"))
# Reminder e-mails: this many days before the due day, and again after it.
REPORT_REMINDER_DAYS_BEFORE = int(os.environ.get("REPORT_REMINDER_DAYS_BEFORE", "3"))

# Notifications (rownaq.notify): the outbox is sent by `send_notifications` / deliver_due(); a failed message is
# tried again after base * 2^(n-1) seconds (capped), at most NOTIFY_MAX_ATTEMPTS times; digests leave at this hour.
NOTIFY_SITE_URL = os.environ.get("NOTIFY_SITE_URL", "http://127.0.0.1:8000")
NOTIFY_RETRY_BASE_SECONDS = int(os.environ.get("NOTIFY_RETRY_BASE_SECONDS", "60"))
NOTIFY_RETRY_MAX_SECONDS = int(os.environ.get("NOTIFY_RETRY_MAX_SECONDS", str(6 * 3600)))
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "8"))
NOTIFY_DIGEST_HOUR = int(os.environ.get("NOTIFY_DIGEST_HOUR", "18"))
# The health page warns when a message has waited this long past its time (the sender is not running).
NOTIFY_LATE_MINUTES = int(os.environ.get("NOTIFY_LATE_MINUTES", "30"))
# SMS: the console backend prints messages (the demo); production uses Kavenegar's REST API.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "rownaq.notify.sms.ConsoleSmsBackend")
KAVENEGAR_URL = os.environ.get("KAVENEGAR_URL", "https://api.kavenegar.com")
KAVENEGAR_API_KEY = os.environ.get("KAVENEGAR_API_KEY", "")
KAVENEGAR_SENDER = os.environ.get("KAVENEGAR_SENDER", "")
SMS_TIMEOUT_SECONDS = float(os.environ.get("SMS_TIMEOUT_SECONDS", "10"))

# Cases: a reminder this many working days before a referral's due date; escalation after it.
# How long a link inviting someone to join an organisation stays valid.
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "7"))
CASE_REMINDER_WORKING_DAYS = int(os.environ.get("CASE_REMINDER_WORKING_DAYS", "2"))
# The largest attachment a case, need or tour accepts.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))

# The largest Excel file an import accepts.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# What an uploaded workbook may unfold into (rownaq.core.importing): all its parts together, how much more one part
# may be than its compressed size, and how many rows a sheet may have.
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024)))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", "100"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "rownaq.core.openapi.AutoSchema",  # documents the error answers too
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rownaq API",
    "DESCRIPTION": "API of Rownaq: places, reference codes and the registry of organisations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Organisation.usual_shifts and MonthlyReport.shifts_worked share one choice set: give it one name.
    "ENUM_NAME_OVERRIDES": {"ShiftCountEnum": [(1, "۱ نوبت"), (2, "۲ نوبت"), (3, "۳ نوبت")]},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
