"""Settings for CPEG Portal, read from the environment (see the README's table).

Two profiles, chosen by ``PORTAL_PROFILE``:

- ``production`` (the default, so nothing insecure happens by omission): HTTPS only,
  secure cookies, HSTS; ``SECRET_KEY`` must be set.
- ``demo``: what ``make run`` and ``make test`` use on a developer's machine, served
  over plain HTTP on 127.0.0.1. The demo data may only be loaded under this profile.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# `make run` writes the demo's profile and key to var/demo.env, so that the README's
# `manage.py` commands work as printed after it. The file is read only when the environment
# chooses no profile, and never overrides a variable the environment sets.
DEMO_ENV_FILE = Path(env.str("PORTAL_ENV_FILE", default=str(VAR_DIR / "demo.env")))
if "PORTAL_PROFILE" not in os.environ and DEMO_ENV_FILE.is_file():
    environ.Env.read_env(DEMO_ENV_FILE)

PORTAL_PROFILE = env.str("PORTAL_PROFILE", default="production")
if PORTAL_PROFILE not in {"production", "demo"}:
    raise environ.ImproperlyConfigured(
        f"PORTAL_PROFILE must be 'production' or 'demo', not {PORTAL_PROFILE!r}."
    )
IS_PRODUCTION = PORTAL_PROFILE == "production"

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-never-used-in-production")
else:
    # Required: a missing key is a configuration error, never a silent default.
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "cpeg_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "accounts",
    "audit",
    "workflows",
    "boroughs",
    "grants",
    "slas",
    "diversity",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cpeg_portal.middleware.SignedInPagesNotStored",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cpeg_portal.urls"
WSGI_APPLICATION = "cpeg_portal.wsgi.application"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

VAR_DIR.mkdir(exist_ok=True)  # the SQLite file, the embedded broker's queue, collected static

# Database: a SQLite file unless DATABASE_URL says otherwise. PostgreSQL connections
# are kept open and health-checked: a new connection costs about 4 ms here.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite: wait for a lock rather than fail when web and worker write at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.RolePermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk/assets", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded files are never served from MEDIA_URL: a view checks who may see each one.
MEDIA_URL = "/media-is-not-served-directly/"

# Published diversity counts from 1 up to this number less one are shown as "fewer than N".
DISCLOSURE_THRESHOLD = env.int("DISCLOSURE_THRESHOLD", default=5)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# E-mail: printed to the console unless EMAIL_URL names a server (smtp+tls://…).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="CPEG Portal <no-reply@cpeg-portal.invalid>"
)

# Who people contact for help, accessibility problems and other formats (the accessibility
# and privacy statements give these).
SUPPORT_TEAM = env.str("SUPPORT_TEAM", default="Engagement and Partnerships Team")
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="engagement-team@cpeg-portal.example.org")
SUPPORT_PHONE = env.str("SUPPORT_PHONE", default="020 7202 0202")

# Redis, when REDIS_URL is set, is the Celery broker and result store and the cache.
# Without it Celery uses kombu's filesystem transport, which needs no server: a real
# worker process still runs the tasks. A 10 ms polling interval gives a round trip of
# about 12 ms (ENVIRONMENT.md); the default of 1 s would make every task feel slow.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_TASK_DEFAULT_QUEUE = "cpeg-portal"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_RESULT_EXTENDED = True  # results record which worker ran the task, and its arguments
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CELERY_QUEUE_DIR = Path(env.str("CELERY_FILESYSTEM_DIR", default=str(VAR_DIR / "celery")))
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.01,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_QUEUE_DIR / 'results'}"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery beat (run by the deployment): periodic checks, such as outlines past their deadline.
CELERY_BEAT_SCHEDULE = {
    "dispute-overdue-outlines": {
        "task": "grants.outlines_dispute_overdue",
        "schedule": 60 * 60,  # hourly: an outline is disputed within the hour its deadline passes
    },
    # Daily at 7am London time (Celery takes Django's TIME_ZONE): quarterly returns' time
    # states, then their reminders and escalation (each sent once; a day missed is caught
    # up the next: slas.reminders).
    "remind-quarterly-returns": {
        "task": "slas.returns_remind",
        "schedule": crontab(hour=7, minute=0),
    },
}

# The address e-mails link to.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Funding: supporting documents and the 360Giving identifier prefix (register one at
# https://www.threesixtygiving.org/; the default is a placeholder for the demo).
GRANTS_UPLOAD_MAX_BYTES = env.int("GRANTS_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
GRANTS_360GIVING_PREFIX = env.str("GRANTS_360GIVING_PREFIX", default="360G-mpa-cpeg")
GRANTS_FUNDER_NAME = env.str("GRANTS_FUNDER_NAME", default="Metropolitan Police Authority")
GRANTS_FUNDER_ID = env.str("GRANTS_FUNDER_ID", default="XI-EXAMPLE-mpa")
# The authority's name, spelt out in letters to groups, and where a group sends an appeal
# against a committee decision (the decision letter gives both).
AUTHORITY_NAME = env.str("AUTHORITY_NAME", default="Metropolitan Police Authority")
APPEALS_CONTACT_NAME = env.str(
    "APPEALS_CONTACT_NAME", default="The Funding Manager, Engagement and Partnerships Team"
)
APPEALS_CONTACT_EMAIL = env.str("APPEALS_CONTACT_EMAIL", default="cpeg.appeals@example.org")
APPEALS_CONTACT_ADDRESS = env.str(
    "APPEALS_CONTACT_ADDRESS",
    default="Metropolitan Police Authority, 10 Dean Farrar Street, London SW1H 0NY",
)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP inside the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
