"""Servicetorg settings, read from the environment once, in this one module.

Every value comes from an environment variable with a safe development default.
The helpers below fail loudly on a value they cannot read, so a typo in a
deployment stops the process at start instead of running with a wrong setting.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SERVICETORG_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, or a development key made on first run.

    The development key lives in var/secret_key, which git ignores, so no secret
    is ever in the repository.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",  # the embedded task backend's table; harmless when Redis is the backend
    "django_rq",  # `rqworker` and the queue settings for the Redis backend
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN
    "servicetorg.core",
    "servicetorg.accounts",
    "servicetorg.organisation",
    "servicetorg.catalogue",
    "servicetorg.inquiries",
    "servicetorg.notifications",
    "servicetorg.forwarding",
    "servicetorg.analytics",
    "servicetorg.staffing",
    "servicetorg.transfers",
    "servicetorg.bookings",
    "servicetorg.queues",
    "servicetorg.conversations",
    "servicetorg.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "servicetorg.core.middleware.LanguageMiddleware",
    "servicetorg.core.middleware.HostileInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "servicetorg.urls"
WSGI_APPLICATION = "servicetorg.wsgi.application"
ASGI_APPLICATION = "servicetorg.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "servicetorg.nav.context",
                "servicetorg.organisation.theme.context",
            ],
        },
    },
]

# SQLite is the embedded default; PostgreSQL (psycopg 3) through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'servicetorg.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the quick-log write while a report reads; IMMEDIATE avoids
    # "database is locked" when two writers upgrade their locks at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Bokmål is the default language; nynorsk and English follow.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Product rules, read at call time through settings.X.
# How long after saving a clerk may still edit or undo an inquiry in the quick-log.
INQUIRY_EDIT_WINDOW_MINUTES = env_int("INQUIRY_EDIT_WINDOW_MINUTES", 30, minimum=0)
# Handling time longer than this is taken for a form left open, not a real inquiry.
INQUIRY_MAX_HANDLING_SECONDS = env_int("INQUIRY_MAX_HANDLING_SECONDS", 4 * 3600, minimum=60)
# A measured handling time below this is a clerk logging after the call: stored as unknown, never as a fact.
INQUIRY_MIN_MEASURED_SECONDS = env_int("INQUIRY_MIN_MEASURED_SECONDS", 15, minimum=0)
# Days contact details are kept after the inquiry that needed them.
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 90, minimum=1)
API_PAGE_SIZE_MAX = env_int("API_PAGE_SIZE_MAX", 200, minimum=1)
# A catalogue text not confirmed by its owner for this many days is due for review.
CATALOGUE_REVIEW_DAYS = env_int("CATALOGUE_REVIEW_DAYS", 365, minimum=1)


# Background tasks through Django's Tasks API (django-tasks). `database` is the
# embedded default (`manage.py worker` runs them); `redis` is for production (RQ);
# `immediate` runs each task inside the request, for tests and one-off scripts.
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "redis": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}")
TASKS = {"default": _TASK_BACKENDS[TASKS_BACKEND]}
# A job that runs longer than this is killed by RQ (providers time out well before).
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
# django-rq's admin dashboard is off: it answered 500 without Redis and shows task arguments (see core/admin.py).
RQ_SHOW_ADMIN_LINK = False

# E-mail through Django's backends: `file` writes each message to var/mail (the
# development default), `smtp` is for production, `console` prints them.
_EMAIL_BACKENDS = {
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env_str("EMAIL_BACKEND", "file")
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(f"EMAIL_BACKEND must be one of {', '.join(_EMAIL_BACKENDS)}, not {_email_backend!r}")
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "servicetorget@kommune.example")

# SMS through a small provider interface (servicetorg/notifications/sms.py):
# `file` appends each message to SMS_FILE_PATH (the development default),
# `console` logs them, `twilio` sends through Twilio's REST API.
SMS_PROVIDER = env_str("SMS_PROVIDER", "file")
if SMS_PROVIDER not in {"file", "console", "locmem", "twilio"}:
    raise ImproperlyConfigured(f"SMS_PROVIDER must be file, console, locmem or twilio, not {SMS_PROVIDER!r}")
SMS_FILE_PATH = env_str("SMS_FILE_PATH", str(VAR_DIR / "sms.jsonl"))
SMS_SENDER = env_str("SMS_SENDER", "Kommunen")
SMS_TWILIO_ACCOUNT_SID = env_str("SMS_TWILIO_ACCOUNT_SID", "")
SMS_TWILIO_AUTH_TOKEN = env_str("SMS_TWILIO_AUTH_TOKEN", "")
SMS_TWILIO_API_BASE = env_str("SMS_TWILIO_API_BASE", "https://api.twilio.com")
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 15, minimum=1)
if SMS_PROVIDER == "twilio" and not (SMS_TWILIO_ACCOUNT_SID and SMS_TWILIO_AUTH_TOKEN):
    raise ImproperlyConfigured("SMS_PROVIDER=twilio needs SMS_TWILIO_ACCOUNT_SID and SMS_TWILIO_AUTH_TOKEN")

# Delivery: a failed send is tried again after 1, 5, 25 ... minutes, this many times in all.
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 6, minimum=1)
# A worker that claimed a message and did not finish within this many seconds is
# taken for dead; the sweep then sends the message again.
NOTIFICATION_LEASE_SECONDS = env_int("NOTIFICATION_LEASE_SECONDS", 300, minimum=1)
# Days after sending that a message's recipient and text are erased from the outbox.
NOTIFICATION_RETENTION_DAYS = env_int("NOTIFICATION_RETENTION_DAYS", 30, minimum=1)
# Analytics and staffing (issue 7).
# The address citizens reach us at: survey links, move/cancel links in booking confirmations, calendar feeds.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
STAFFING_SERVICE_LEVEL_PERCENT = env_int("STAFFING_SERVICE_LEVEL_PERCENT", 80, minimum=1)
STAFFING_PHONE_TARGET_SECONDS = env_int("STAFFING_PHONE_TARGET_SECONDS", 20, minimum=1)
STAFFING_WALK_IN_TARGET_SECONDS = env_int("STAFFING_WALK_IN_TARGET_SECONDS", 300, minimum=1)
STAFFING_HISTORY_WEEKS = env_int("STAFFING_HISTORY_WEEKS", 8, minimum=1)
# Hours one full-time position works in a year (the FTE basis of the task-transfer register).
TRANSFER_FTE_HOURS = env_int("TRANSFER_FTE_HOURS", 1695, minimum=1)
# A working day in minutes, for volumes stated in days ("2 days a quarter").
TRANSFER_WORKDAY_MINUTES = env_int("TRANSFER_WORKDAY_MINUTES", 450, minimum=1)

# Appointments and rentals (servicetorg.bookings).
# Days a citizen's name, phone and e-mail are kept after the appointment.
BOOKING_RETENTION_DAYS = env_int("BOOKING_RETENTION_DAYS", 30, minimum=0)
# Days a renter's contact person is kept after the last use (invoicing needs them until then).
RENTAL_RETENTION_DAYS = env_int("RENTAL_RETENTION_DAYS", 180, minimum=0)
# How soon a citizen may book: no slot starts sooner than this many hours from now.
BOOKING_MIN_NOTICE_HOURS = env_int("BOOKING_MIN_NOTICE_HOURS", 2, minimum=0)
# How far ahead the public page offers free slots.
BOOKING_HORIZON_DAYS = env_int("BOOKING_HORIZON_DAYS", 30, minimum=1)

# Queues (walk-in tickets, the switchboard's call events)
QUEUE_WEBHOOK_MAX_AGE_SECONDS = env_int("QUEUE_WEBHOOK_MAX_AGE_SECONDS", 300, minimum=1)  # signed timestamp window
QUEUE_DEFAULT_SERVICE_SECONDS = env_int("QUEUE_DEFAULT_SERVICE_SECONDS", 300, minimum=1)  # wait estimate before data

# Security (issue 14): headers, sessions, lockout, rate limits (servicetorg.security).
INSTALLED_APPS += ["csp", "axes", "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static",
                   "servicetorg.security"]
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "servicetorg.security.middleware.SecondFactorMiddleware",
    "servicetorg.security.middleware.SecurityHeadersMiddleware",
    "servicetorg.security.middleware.SessionIdleMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]
# Scripts only from our own origin: no inline script, no eval. Inline style
# attributes stay allowed (they cannot run code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = env_str(
    "PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "publickey-credentials-get=(self), publickey-credentials-create=(self)",
)
# HTTPS: switched on from the environment where the site is served over TLS.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Off by default: the TLS proxy redirects http to https (see BEHIND_TLS_PROXY below).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# A session ends after this many minutes without a request (the cookie and the
# stored session expire together; SessionIdleMiddleware extends them while used).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 60, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after wrong passwords (django-axes): per account and, separately, per address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in our own audit log
AXES_LOCKOUT_CALLABLE = "servicetorg.security.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# What axes stores and locks on: the username as typed, cut to the column's length (a 10,000-character
# "username" must be refused as a wrong password, not break the insert).
AXES_USERNAME_CALLABLE = "servicetorg.security.views.axes_username"

# Rate limits (django-ratelimit on Django's cache): "count/period" per client address
# (and per token on the API). A client over the limit gets 429 with Retry-After.
RATELIMIT_PUBLIC_FORMS = env_str("RATELIMIT_PUBLIC_FORMS", "10/h")
RATELIMIT_API = env_str("RATELIMIT_API", "600/m")
RATELIMIT_ANONYMOUS_API = env_str("RATELIMIT_ANONYMOUS_API", "120/m")
# The counter tablet answers for every visitor from one address, so it gets more.
RATELIMIT_KIOSK = env_str("RATELIMIT_KIOSK", "240/h")
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# SMS-pumping: at most this many SMS a day to one number, and requested from one address.
SMS_DAILY_CAP_PER_RECIPIENT = env_int("SMS_DAILY_CAP_PER_RECIPIENT", 5, minimum=1)
SMS_DAILY_CAP_PER_ADDRESS = env_int("SMS_DAILY_CAP_PER_ADDRESS", 10, minimum=1)
# The cache holds the rate-limit counters: `locmem` for one process (development,
# tests), `redis` (REDIS_URL) when several workers must share them.
CACHE_BACKEND = env_str("CACHE_BACKEND", "locmem")
_CACHE_BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
}
if CACHE_BACKEND not in _CACHE_BACKENDS:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be one of {', '.join(_CACHE_BACKENDS)}, not {CACHE_BACKEND!r}")
CACHES = {"default": _CACHE_BACKENDS[CACHE_BACKEND]}
AXES_VERBOSE = False
# Messages forwarded to sensitive units are encrypted with a key per municipality derived
# from these secrets (newest first; keep an old one listed until `sensitive_messages_rotate` ran).
SENSITIVE_MESSAGE_KEYS = env_list("SENSITIVE_MESSAGE_KEYS", [])
# Days after the forwarding was closed that its sealed message is deleted.
SENSITIVE_MESSAGE_RETENTION_DAYS = env_int("SENSITIVE_MESSAGE_RETENTION_DAYS", CONTACT_RETENTION_DAYS, minimum=1)
# Days quick-log notes and survey comments are kept (then erased; the counts stay).
FREE_TEXT_RETENTION_DAYS = env_int("FREE_TEXT_RETENTION_DAYS", CONTACT_RETENTION_DAYS, minimum=1)

# Second factor (django-otp: TOTP and recovery codes) for local accounts. Required for
# these roles; on in production (DEBUG=false), off in development and tests unless set.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", [] if DEBUG else ["admin", "leader"])
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Servicetorg")

# Staff single sign-on with OpenID Connect (mozilla-django-oidc): on when OIDC_RP_CLIENT_ID
# is set. Entra ID: see the README's "Sign-in and security". Local accounts stay.
INSTALLED_APPS += ["mozilla_django_oidc"]
AUTHENTICATION_BACKENDS += ["servicetorg.security.oidc.StaffOIDCBackend"]
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
# The claim that lists the person's groups (Entra ID: "groups", object ids of the groups).
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_TOKEN_LEEWAY_SECONDS = env_int("OIDC_TOKEN_LEEWAY_SECONDS", 60, minimum=0)
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10, minimum=1)

# Production (issue 19): gunicorn behind a TLS proxy, see deploy/ and the README's *Production* section.
# With DEBUG off, WhiteNoise serves the collected static files with hashed names (cached for ever) and
# pre-compressed copies; `manage.py collectstatic` builds them at deployment.
if not DEBUG:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "servicetorg.core.storage.StaticStorage"},  # WhiteNoise, compressed + hashed
    }
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(STATIC_ROOT)))
# Uploaded files (attachments); the nightly backup (deploy/backup.sh) copies this folder beside the dump.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
# Behind the TLS proxy: trust its X-Forwarded-Proto (the proxy must set it, overwriting what a client sent).
if env_bool("BEHIND_TLS_PROXY", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Requests whose latency the metrics leave out (the probes and the scrape itself).
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# Addresses (or networks, e.g. 10.0.0.0/8) that may read /metrics without the token.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", [])
# /readyz answers 503 when more tasks than this wait in the queue.
READYZ_TASK_BACKLOG_MAX = env_int("READYZ_TASK_BACKLOG_MAX", 1000, minimum=1)
# A task row left RUNNING this many seconds after its worker stopped answering is failed or re-queued by the sweep.
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 900, minimum=60)

# Logs: one JSON object a line (python-json-logger) in production, with the request id and the staff
# member's id; never a citizen's data (no query strings, no form fields, no names).
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING["filters"] = {"request": {"()": "servicetorg.core.observability.RequestContextFilter"}}
LOGGING["formatters"] = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(staff_id)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
}
LOGGING["handlers"]["console"].update({"formatter": LOG_FORMAT, "filters": ["request"]})
# The access log is written by our middleware (path without query string, status, duration, staff id).
LOGGING["loggers"]["servicetorg.access"] = {"level": "INFO"}
MIDDLEWARE.insert(0, "servicetorg.core.observability.RequestMiddleware")

# Error reports to Sentry when SENTRY_DSN is set; never personal data (no cookies, bodies, user names or IPs).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# Read replicas: heavy reads (dashboard, exports, staffing) go to DATABASE_REPLICA_URL when it is set;
# writes and every read inside a transaction stay on the primary (servicetorg/core/db_router.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["servicetorg.core.db_router.ReplicaRouter"]
# A replica further behind than this (seconds) is not used: the page reads the primary and says so.
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 30, minimum=0)

# Uploads (imports): refused above these sizes before anything is parsed. An XLSX is a zip: its members'
# uncompressed sizes are checked before it is opened, so a small file cannot expand into gigabytes.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 20 * 1024 * 1024, minimum=1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(2_621_440, IMPORT_MAX_BYTES + 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE


# The inbox for e-mail, SMS and the web contact form (servicetorg.conversations).
# Messages from the same number within this many days join its open conversation.
CONVERSATION_THREAD_DAYS = env_int("CONVERSATION_THREAD_DAYS", 14, minimum=1)
# Bodies, sender addresses and attachments are erased this many days after closing.
CONVERSATION_RETENTION_DAYS = env_int("CONVERSATION_RETENTION_DAYS", 90, minimum=1)
# A whole incoming e-mail larger than this goes to quarantine; the SMTP receiver refuses it (552).
CONVERSATION_MAX_MESSAGE_BYTES = env_int("CONVERSATION_MAX_MESSAGE_BYTES", 25 * 1024 * 1024, minimum=1024)
CONVERSATION_MAX_ATTACHMENT_BYTES = env_int("CONVERSATION_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024, minimum=1024)
CONVERSATION_MAX_RECIPIENTS = env_int("CONVERSATION_MAX_RECIPIENTS", 100, minimum=1)
CONVERSATION_ATTACHMENT_TYPES = env_list("CONVERSATION_ATTACHMENT_TYPES", [
    "application/pdf", "image/jpeg", "image/png", "image/gif", "image/heic", "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/msword",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
])
# The demo's SMTP receiver (`manage.py mail_receive`, started by `make run`).
MAIL_RECEIVE_HOST = env_str("MAIL_RECEIVE_HOST", "127.0.0.1")
MAIL_RECEIVE_PORT = env_int("MAIL_RECEIVE_PORT", 2525, minimum=0)
# A shared mailbox polled over IMAP (`manage.py mail_fetch`, every few minutes by the worker when set).
MAIL_FETCH_HOST = env_str("MAIL_FETCH_HOST", "")
MAIL_FETCH_PORT = env_int("MAIL_FETCH_PORT", 993, minimum=1)
MAIL_FETCH_SSL = env_bool("MAIL_FETCH_SSL", True)
MAIL_FETCH_USER = env_str("MAIL_FETCH_USER", "")
MAIL_FETCH_PASSWORD = env_str("MAIL_FETCH_PASSWORD", "")
# With a token (Microsoft 365), XOAUTH2 is used instead of the password.
MAIL_FETCH_OAUTH2_TOKEN = env_str("MAIL_FETCH_OAUTH2_TOKEN", "")
MAIL_FETCH_FOLDER = env_str("MAIL_FETCH_FOLDER", "INBOX")
MAIL_FETCH_DONE_FOLDER = env_str("MAIL_FETCH_DONE_FOLDER", "")
# SMS webhooks: Twilio's auth token for X-Twilio-Signature, and the secret of the generic JSON variant.
SMS_WEBHOOK_TWILIO_TOKEN = env_str("SMS_WEBHOOK_TWILIO_TOKEN", "")
SMS_WEBHOOK_SECRET = env_str("SMS_WEBHOOK_SECRET", "")
# The web contact form: at least this many seconds between showing and sending, and per-address limits.
CONTACT_FORM_MIN_SECONDS = env_int("CONTACT_FORM_MIN_SECONDS", 3, minimum=0)
CONTACT_FORM_RATE_PER_HOUR = env_int("CONTACT_FORM_RATE_PER_HOUR", 5, minimum=1)
# The centre's own answer target for written inquiries, in working days (stated in the receipt).
CONVERSATION_ANSWER_DAYS = env_int("CONVERSATION_ANSWER_DAYS", 2, minimum=1)

# The staff shell's counts of what needs you (servicetorg/nav.py): dotted paths of
# callables f(user) -> {nav entry key: count}. Apps append their own (inbox, queue).
NAV_COUNTS = ["servicetorg.forwarding.selectors.nav_overdue_counts"]

# API tokens (issue 14): days a new token lives when none is given, and the longest allowed.
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90, minimum=1)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 730, minimum=1)
