"""Production: PostgreSQL, a real search engine, Redis cache, gunicorn behind an HTTPS proxy.

Every secret and host name comes from the environment; start-up fails loudly if one is missing.
"""

from ..error_reporting import init_error_tracker, parse_admins
from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
# Rotating the key (docs/operations.md): the new one in SECRET_KEY, the old one here until sessions and
# password-reset links signed with it have expired; then remove it.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS])

# HTTPS is terminated by the reverse proxy (nginx), which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# A monitor may ask gunicorn directly over plain HTTP (docs/operations.md); the answer holds nothing private.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# The public forms' rate limit and other counters need one store shared by every worker: Redis from
# CACHE_URL, else the database (`manage.py createcachetable`); `check --deploy` refuses a per-process
# cache (wucheng_site/checks.py).
if not env.str("CACHE_URL", default=""):
    CACHES = {  # noqa: F405
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "wucheng_cache"}
    }
elif CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":  # noqa: F405
    # A Redis that is down or hangs must not take the site down with it: every cache operation gives up
    # after a second and counts as a miss (logged; /healthz reports "cache": "down"). Wagtail keeps
    # the sites' root paths there, so without this every uncached page would answer 500.
    CACHES["default"].setdefault("OPTIONS", {}).update(  # noqa: F405
        {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True}
    )
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405

# Hashed, compressed static files served by WhiteNoise from gunicorn.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)

# --- Errors and logs (docs/operations.md) -------------------------------------------------------------
# Server errors are mailed to ADMINS ("Name <address>, other@address"), without what visitors sent
# (wucheng_site/error_reporting.py), from SERVER_EMAIL.
ADMINS = parse_admins(env("ADMINS", default=""))
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)  # noqa: F405
EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", default="[善行婺里] ")
DEFAULT_EXCEPTION_REPORTER_FILTER = "wucheng_site.error_reporting.PrivateExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "wucheng_site.error_reporting.PrivateExceptionReporter"
# The request log (wucheng_site/request_log.py) leaves the visitor's address to nginx's log unless asked.
REQUEST_LOG_CLIENT_IP = env.bool("REQUEST_LOG_CLIENT_IP", default=False)

_log_level = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s: %(message)s"},
        "message": {"format": "%(message)s"},
    },
    "handlers": {
        # Messages and errors to stderr, one JSON line per request to stdout: systemd's journal keeps
        # both, and the request lines can be read or shipped apart (`journalctl -o cat … | jq`).
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "requests": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "message"},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": _log_level},
    "loggers": {
        # Replaces Django's default for "django", which mails every error of every django.* logger
        # (a scanner's bad Host header included): to the console only …
        "django": {"handlers": [], "level": _log_level, "propagate": True},
        # … and a mail for each server error. Its "Not Found" warnings are left to the request log.
        "django.request": {"handlers": ["mail_admins"], "level": "ERROR", "propagate": True},
        "wucheng.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # The search clients log every request they make at INFO.
        "opensearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}

# An error tracker the district runs (self-hosted Sentry or GlitchTip), if any: personal data scrubbed.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_error_tracker(
        env.str("SENTRY_DSN"),
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
    )
