"""Settings from one source: environment variables.

Development (the default) runs on an embedded SQLite database with a fixed,
clearly insecure key. Production (``EVIDENT_ENV=production``) refuses to start
without ``SECRET_KEY`` and ``ALLOWED_HOSTS``: a generated secret would silently
invalidate sessions and hide a misconfiguration.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("EVIDENT_DATA_DIR", Path.cwd() / "var"))

ENVIRONMENT = os.environ.get("EVIDENT_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when EVIDENT_ENV=production")
    return value


def _strong_secret(name: str) -> str:
    """A key that signs sessions and tokens: long and varied, as Django's own check asks."""
    value = _required(name)
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            f"{name} is too weak: use at least 50 random characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(64))")'
        )
    return value


if PRODUCTION:
    SECRET_KEY = _strong_secret("SECRET_KEY")
    ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-never-use-in-production")
    ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    DEBUG = os.environ.get("DEBUG", "1") == "1"

DOMAIN_APPS = [
    "evident.core",
    "evident.catalogue",
    "evident.governance",
    "evident.support",
    "evident.agreements",
    "evident.operations",
    "evident.assurance",
    "evident.audits",
    "evident.certification",
    "evident.interop",
    "evident.reports",
    "evident.web",
    # Builds every app's records and runs the engine for the ``demo`` command.
    "evident.demo",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "csp",
    "axes",
    *DOMAIN_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the application server, compressed and cached for good.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as its documentation asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "evident.urls"
WSGI_APPLICATION = "evident.wsgi.application"

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
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'evident.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the web server and a CLI command share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without ``collectstatic`` (the demo, the tests) WhiteNoise serves from the apps' folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Behind a TLS-terminating proxy (docs/operations.md): HTTPS only, cookies that never
# travel in clear and never reach scripts, and browsers told to keep to HTTPS.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("EVIDENT_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("EVIDENT_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if host != "*"]

# The pages run no inline script or style and load nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sign-in throttling (pages and admin): after repeated failures for one name from one
# address the sign-in is refused for a while; an administrator unlocks it at once
# (``evident axes_reset_username NAME`` or the admin's access attempts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("EVIDENT_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("EVIDENT_SIGNIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
# The same for API tokens (``core.token_auth``): wrong tokens counted per address.
EVIDENT_TOKEN_FAILURE_LIMIT = int(os.environ.get("EVIDENT_TOKEN_FAILURE_LIMIT", "20"))
EVIDENT_TOKEN_LOCKOUT_SECONDS = int(os.environ.get("EVIDENT_TOKEN_LOCKOUT_SECONDS", "900"))

# Uploaded exports wait here for their import job; a Celery worker on another host
# needs the same directory (a shared volume).
UPLOAD_DIR = Path(os.environ.get("EVIDENT_UPLOAD_DIR", DATA_DIR / "uploads"))
# An import with no heartbeat for this long lost its worker and is marked failed; uploads
# of finished jobs (kept for a re-run when they failed) are removed after the retention.
EVIDENT_JOB_STALE_MINUTES = int(os.environ.get("EVIDENT_JOB_STALE_MINUTES", "15"))
EVIDENT_UPLOAD_RETENTION_DAYS = int(os.environ.get("EVIDENT_UPLOAD_RETENTION_DAYS", "7"))
# The evidence ledger's key (``core.ledger_key``, docs/operations.md): the key itself or a
# file holding it, never kept in the database, so that an entry or a checkpoint written
# by someone with only database access shows as forged. Unset: the chain is plain SHA-256.
EVIDENT_LEDGER_KEY = os.environ.get("EVIDENT_LEDGER_KEY", "").strip()
EVIDENT_LEDGER_KEY_FILE = os.environ.get("EVIDENT_LEDGER_KEY_FILE", "").strip()

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # larger uploads spool to a temporary file

# Background jobs: a Celery worker on Redis when REDIS_URL is set; otherwise each job
# runs in the process that starts it, before the request answers.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Job progress is kept in the cache, not the ledger: it is a reading, not a record.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "evident.core.token_auth.GuardedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "evident.core.api_parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "evident.core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Evident API",
    "DESCRIPTION": "Records of an ISO/IEC 20000-1 service management system, and how an "
    "auditor judges them. Every path is scoped to one organisation.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from this server, not a CDN: the docs work without internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models share the same choice values; name the enums explicitly.
    "ENUM_NAME_OVERRIDES": {
        "ApprovalStatusEnum": "evident.support.models.DocumentVersion.Status",
        "LevelEnum": "evident.operations.models.Change.Risk",
        "IncidentLevelEnum": "evident.operations.models.Incident.Level",
        "IncidentStatusEnum": "evident.operations.models.Incident.Status",
        "EngagementKindEnum": "evident.certification.models.AuditEngagement.Kind",
        "EngagementFindingStatusEnum": "evident.certification.models.EngagementFinding.Status",
        "SampleVerdictEnum": "evident.certification.models.SampleJudgement.Verdict",
        "FindingGradeEnum": "evident.certification.models.Grade",
        "InternalOrExternalEnum": "evident.agreements.models.Customer.Kind",
        "CustomerStatusEnum": "evident.agreements.models.Customer.Status",
        "RelationshipReviewStatusEnum": "evident.agreements.models.RelationshipReview.Status",
        "ComplaintStatusEnum": "evident.agreements.models.Complaint.Status",
        "ContractKindEnum": "evident.agreements.models.Contract.Kind",
        "ContractStatusEnum": "evident.agreements.models.Contract.Status",
        "TargetDirectionEnum": "evident.agreements.models.SlaTarget.Direction",
        "ChangeOutcomeEnum": "evident.operations.models.Change.Outcome",
        "DeploymentOutcomeEnum": "evident.operations.models.Deployment.Outcome",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
