"""Settings shared by every environment. Environment-specific modules import * from here."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("SECPANEL_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECPANEL_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("SECPANEL_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "csp",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    # secpanel bounded contexts, in dependency order (demo data loads in this order too)
    "secpanel.core",
    "secpanel.accounts",
    "secpanel.bodies",
    "secpanel.meetings",
    "secpanel.modifications",
    "secpanel.assurance",
    "secpanel.documents",
    "secpanel.programmes",
    "secpanel.smki",
    "secpanel.operations",
    "secpanel.reports",
    "secpanel.portal",
    "secpanel.api",
    "secpanel.feeds",
    "secpanel.exchange",
    "secpanel.backups",
    "secpanel.notifications",
    "secpanel.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "secpanel.accounts.middleware.RequireMfaMiddleware",
    "secpanel.core.text.LinkingScopeMiddleware",
    "secpanel.core.redreads.RedReadLogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "secpanel.config.urls"
WSGI_APPLICATION = "secpanel.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "secpanel.core.context_processors.shell",
                "secpanel.portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'secpanel.sqlite3'}",
        conn_max_age=int(os.environ.get("SECPANEL_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the two gunicorn workers read while one writes; a write transaction takes the
    # lock up front (IMMEDIATE) and a writer waits up to 20 s for it instead of failing with
    # "database is locked" at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: username or e-mail login, lockout after repeated failures, TOTP 2FA.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ALLOW_SIGNUPS = False  # accounts are created by administrators
ACCOUNT_ADAPTER = "secpanel.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,5/300s/key"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "secpanel"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "secpanel_cache",
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "secpanel <secretariat@secpanel.invalid>"

# -- notifications (secpanel.notifications, decisions/0017) ----------------------------------
# Background tasks: the database queue, run by `secpanel worker`; production may swap the
# backend here (any django-tasks backend).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Where links in e-mails point.
SECPANEL_SITE_URL = os.environ.get("SECPANEL_SITE_URL", "http://127.0.0.1:8000")

# The public site on which modifications live; papers link SECMP references here.
SECPANEL_PUBLIC_SITE = os.environ.get(
    "SECPANEL_PUBLIC_SITE", "https://smartenergycodecompany.co.uk"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# -- the REST API (secpanel.api) -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "secpanel.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["secpanel.api.auth.TokenScopeAllows"],
    "DEFAULT_THROTTLE_CLASSES": ["secpanel.api.auth.AnonRate", "secpanel.api.auth.UserRate"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "secpanel.api.schema.exception_handler",
}
#: requests per client: the public by address, a signed-in person or token by account
SECPANEL_API_RATES: dict[str, str | None] = {"anon": "120/minute", "user": "1200/minute"}
SPECTACULAR_SETTINGS = {
    "TITLE": "secpanel API",
    "DESCRIPTION": (
        "Every register of the SEC Panel and its sub-committees, as the reader may read it "
        "(hidden and missing records are both 404). Writes go through the same forms and "
        "services as the pages. Authenticate with a personal token: "
        "`Authorization: Bearer sp_…` (make one at /api/tokens/)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # each register's own states by its own name (several fields are called `status`)
    "ENUM_NAME_OVERRIDES": {
        "MeetingStatusEnum": "secpanel.meetings.models.MeetingStatus",
        "PaperActionEnum": "secpanel.meetings.models.PaperAction",
        "AttendanceStatusEnum": "secpanel.meetings.models.AttendanceStatus",
        "MinutesStatusEnum": "secpanel.meetings.models.MinutesStatus",
        "PaperStatusEnum": "secpanel.meetings.models.PaperStatus",  # a Panel report's too
        "ActionStatusEnum": "secpanel.meetings.models.ActionStatus",
        "AssessmentStatusEnum": "secpanel.assurance.models.AssessmentStatus",
        "LetterStatusEnum": "secpanel.assurance.models.LetterStatus",
        "VersionStatusEnum": "secpanel.documents.models.VersionStatus",
        "ConsultationStatusEnum": "secpanel.documents.models.ConsultationStatus",
        "PhaseStatusEnum": "secpanel.programmes.models.PhaseStatus",
        "CriterionStatusEnum": "secpanel.programmes.models.CriterionStatus",
        "DmcStatusEnum": "secpanel.programmes.models.DmcStatus",
        "ExerciseStatusEnum": "secpanel.smki.models.ExerciseStatus",
        "PerformanceStatusEnum": "secpanel.operations.models.PerformanceStatus",
        "ReturnStatusEnum": "secpanel.operations.models.ReturnStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "secpanel.api.schema.add_error_answers",
    ],
}
