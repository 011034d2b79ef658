"""Settings for CX Maturity, read from environment variables.

Development defaults work out of the box (SQLite, DEBUG on). With ``CXM_ENV=production`` the app refuses to
start without a secret key and allowed hosts, and turns on the settings ``manage.py check --deploy`` expects.
"""

import json
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envjson(name: str, default: str) -> dict:
    value = os.environ.get(name, default).strip()
    try:
        parsed = json.loads(value) if value else {}
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {value!r}") from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {value!r}")
    return parsed


_RATE_UNITS = {"s": 1, "m": 60, "h": 3600}


def envrate(name: str, default: str) -> tuple[int, int]:
    """A limit written ``COUNT/PERIOD`` (``5/15m``, ``3/1h``, ``10/30s``) as (count, seconds)."""
    value = os.environ.get(name, default).strip().lower()
    count, _slash, period = value.partition("/")
    try:
        number, unit = int(period[:-1]), _RATE_UNITS[period[-1:]]
        rate = (int(count), number * unit)
    except (ValueError, KeyError):
        raise ImproperlyConfigured(
            f"{name} must look like 5/15m (a count, then a period in s, m or h), not {value!r}"
        ) from None
    if rate[0] < 1 or rate[1] < 1:
        raise ImproperlyConfigured(f"{name} needs a count and a period of at least 1, not {value!r}")
    return rate


CXM_ENV = env("CXM_ENV", "development")
if CXM_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"CXM_ENV must be development or production, not {CXM_ENV!r}")
PRODUCTION = CXM_ENV == "production"

DEBUG = envbool("DEBUG", "false" if PRODUCTION else "true")
if PRODUCTION and DEBUG:
    # Debug pages show settings, queries and source code to anyone who makes an error happen.
    raise ImproperlyConfigured("DEBUG must be false when CXM_ENV=production")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when CXM_ENV=production")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when CXM_ENV=production")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "assessments",
    "reports",
    "cxmaturity.apps.AdminConfig",  # Django's admin, on the site that asks staff for a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    # Django REST framework itself is not an app here: its translations would replace Django's own for the
    # site's forms ("This field is required."); the API's messages are the project's (api/problems.py).
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files for /api/docs/, served like any static file
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cxmaturity.cache_control.NoStorePrivateMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): logged in with a TOTP code
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "assessments.sessions.SessionLifetimeMiddleware",  # after htmx's: it answers autosaves its own way
    "assessments.throttles.TooManyRequestsMiddleware",
]

ROOT_URLCONF = "cxmaturity.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cxmaturity.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Autosave sends overlapping writes: take the write lock at BEGIN and wait for it, rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    # The live server of the browser tests answers from several threads; a file lets them wait. One file per
    # test process, so that test runs side by side do not share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"cxmaturity-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "assessments.User"
AUTHENTICATION_BACKENDS = ["assessments.access.UserBackend"]
# Django's database sessions, read by a query compiled once per process.
SESSION_ENGINE = "cxmaturity.session_store"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("CXM_PASSWORD_MIN_LENGTH", "12")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A logged-in session ends after this long without a request (autosave and live pages count as requests),
# and at the latest this long after logging in; the user logs in again (assessments/sessions.py).
CXM_SESSION_IDLE_SECONDS = envint("CXM_SESSION_IDLE_SECONDS", str(2 * 3600))
CXM_SESSION_MAX_SECONDS = envint("CXM_SESSION_MAX_SECONDS", str(12 * 3600))

# Staff log in to the admin with their password and a code from an authenticator app (TOTP, django-otp;
# assessments/admin_site.py), enrolled with `manage.py enrol_totp EMAIL`. On by default in production only,
# so that the demo login of development opens the admin.
CXM_ADMIN_2FA = envbool("CXM_ADMIN_2FA", "true" if PRODUCTION else "false")
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "CX Maturity")

# Shared by every app server: the throttles' counters (assessments/throttles.py) and the sample PDF. The table
# is made by a migration (assessments 0010), so `migrate` is the only set-up step.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cxmaturity_cache",
        "OPTIONS": {"MAX_ENTRIES": envint("CXM_CACHE_MAX_ENTRIES", "100000")},
    }
}

# Anti-automation (assessments/throttles.py): COUNT/PERIOD per account or per client address. A workshop room
# of 50 phones shares one address behind its NAT, and some join twice (a second device, a lost tab).
CXM_THROTTLES = {
    "login_account": envrate("CXM_THROTTLE_LOGIN_ACCOUNT", "5/15m"),  # failed log-ins per e-mail address
    "login_address": envrate("CXM_THROTTLE_LOGIN_ADDRESS", "20/15m"),  # failed log-ins per client address
    "password_reset_address": envrate("CXM_THROTTLE_PASSWORD_RESET_ADDRESS", "10/1h"),  # reset requests
    "password_reset_mail": envrate("CXM_THROTTLE_PASSWORD_RESET_MAIL", "3/1h"),  # mails to one address
    "signup_address": envrate("CXM_THROTTLE_SIGNUP_ADDRESS", "10/1h"),  # sign-up attempts
    "workshop_join_address": envrate("CXM_THROTTLE_WORKSHOP_JOIN_ADDRESS", "120/10m"),  # participants joining
    "pdf_download_user": envrate("CXM_THROTTLE_PDF_DOWNLOAD_USER", "10/10m"),  # PDF reports per user
    "api_key": envrate("CXM_THROTTLE_API_KEY", "600/10m"),  # REST API requests per key (api/paging.py)
}
# How many proxies in front of the app servers append the address they saw to X-Forwarded-For. 0 (the
# default): the client address is REMOTE_ADDR and X-Forwarded-For, which anyone can write, is ignored.
CXM_PROXY_HOPS = envint("CXM_PROXY_HOPS", "0")
if CXM_PROXY_HOPS < 0:
    raise ImproperlyConfigured(f"CXM_PROXY_HOPS must be 0 or more, not {CXM_PROXY_HOPS}")

# The REST API (api/): API keys only (no session, so no CSRF), JSON only, errors as problem documents.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.KeyAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["api.paging.ApiKeyThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.paging.Pages",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CX Maturity API",
    "DESCRIPTION": "Results, benchmarks, answers and history of an organization; a consultancy's clients and "
    "workshops; question banks. Authenticate with `Authorization: Bearer <API key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Japanese first: the first users are Japanese; a browser asking for English gets English.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap comes from npm (package.json); only its dist folder is served.
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # What background jobs make (ZIPs of reports, exports): never under a public URL; served by a view that
    # checks who asks (reports.views.jobs).
    "jobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("CXM_JOB_FILES_DIR", str(BASE_DIR / "var" / "jobs")), "base_url": None},
    },
    # Evidence files: a private directory that no URL serves (only a view that checks access hands them
    # out). EVIDENCE_STORAGE_BACKEND and EVIDENCE_STORAGE_OPTIONS (JSON) point it elsewhere, e.g. S3 through
    # django-storages: storages.backends.s3.S3Storage with {"bucket_name": ..., "endpoint_url": ...}.
    "evidence": {
        "BACKEND": env("EVIDENCE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": envjson("EVIDENCE_STORAGE_OPTIONS", "")
        or {"location": env("EVIDENCE_DIR", str(BASE_DIR / "var" / "evidence")), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# A request came over HTTPS when X-Forwarded-Proto says so, but only behind a proxy (CXM_PROXY_HOPS > 0),
# which sets that header itself: a client talking to the app server directly could write it.
if CXM_PROXY_HOPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Browsers remember for this long to use HTTPS only; start lower (3600) while trying a new domain.
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")

# Development prints e-mail (password resets, invitations) to the console; production sends it by SMTP.
EMAIL_BACKEND_PATH = env(
    "EMAIL_BACKEND",
    f"django.core.mail.backends.{'smtp' if PRODUCTION else 'console'}.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": envint("EMAIL_PORT", "587"),
        "username": env("EMAIL_HOST_USER"),
        "password": env("EMAIL_HOST_PASSWORD"),
        "use_tls": envbool("EMAIL_USE_TLS", "true"),
    }
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CX Maturity <noreply@localhost>")

# Benchmarks: the smallest peer group a comparison is shown for, and the smallest whose figures are exact
# (below it they are computed from each peer's level band, so that no peer's score can be read from them).
CXM_BENCHMARK_MIN_PEERS = envint("CXM_BENCHMARK_MIN_PEERS", "5")
CXM_BENCHMARK_EXACT_PEERS = envint("CXM_BENCHMARK_EXACT_PEERS", "10")

# Accounts: how long an invitation and the link that confirms an e-mail address stay valid.
CXM_INVITATION_DAYS = envint("CXM_INVITATION_DAYS", "7")
CXM_EMAIL_VERIFICATION_DAYS = envint("CXM_EMAIL_VERIFICATION_DAYS", "3")

# Question banks uploaded as Excel workbooks: the largest file, what its zip may unpack to, rows a sheet.
CXM_BANK_WORKBOOK_MAX_BYTES = envint("CXM_BANK_WORKBOOK_MAX_BYTES", str(5 * 1024 * 1024))
CXM_BANK_WORKBOOK_MAX_UNPACKED_BYTES = envint("CXM_BANK_WORKBOOK_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024))
CXM_BANK_WORKBOOK_MAX_ROWS = envint("CXM_BANK_WORKBOOK_MAX_ROWS", "5000")

# Background work (ZIPs of reports, exports, rebuilding peer scores) on Django's tasks framework, queued in
# the database (django-tasks-db); `manage.py db_worker` runs it; `make serve` starts one beside the server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Evidence files attached to answers: the largest file, all of an assessment's files together, and what an
# Office file (a zip) may declare it unpacks to.
CXM_EVIDENCE_MAX_BYTES = envint("CXM_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024))
CXM_EVIDENCE_MAX_ASSESSMENT_BYTES = envint("CXM_EVIDENCE_MAX_ASSESSMENT_BYTES", str(200 * 1024 * 1024))
CXM_EVIDENCE_MAX_UNPACKED_BYTES = envint("CXM_EVIDENCE_MAX_UNPACKED_BYTES", str(100 * 1024 * 1024))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
