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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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
