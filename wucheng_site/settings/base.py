"""Settings shared by every environment.

Everything that differs between machines is read from the environment (see the table in README.md);
with nothing set, the site runs on SQLite, database search, local media and a local-memory cache.
"""

from datetime import timedelta
from pathlib import Path

import environ

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "wucheng_site.apps.WuchengSiteConfig",
    "accounts",
    "home",
    "disclosures",
    "stories",
    "awards",
    "policies",
    "oversight",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.UsersConfig",  # wagtail.users with our account model (accounts/permissions.py)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Staff sign-in: a second factor (TOTP, recovery codes) and login throttling (docs/staff-sign-in.md).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so that it times everything and sees every answer: one JSON line per request on logger
    # "wucheng.requests", quiet unless a settings module turns it on (wucheng_site/request_log.py).
    "wucheng_site.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Refuses oversized bodies before anything reads them (wucheng_site/request_limits.py).
    "wucheng_site.request_limits.RequestBodyLimitMiddleware",
    # What the caching proxy may keep (wucheng_site/http_cache.py): outside sessions and CSRF, so it
    # sees every cookie they set.
    "wucheng_site.http_cache.CacheControlMiddleware",
    # Content-Security-Policy, Permissions-Policy, no storing of form answers (wucheng_site/security_headers.py).
    "wucheng_site.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # On the English site, Chinese pages not yet translated have /en/ addresses (wucheng_site/language_fallback.py).
    "wucheng_site.language_fallback.LanguageFallbackMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which refuses hosts not in ALLOWED_HOSTS. The request's Site and site
    # settings in one query, not two (home/chrome.py, docs/page-cost.md).
    "home.chrome.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # In the admin, pages the user may not edit are named by their published title only.
    "wucheng_site.admin_guards.AdminTitlesMiddleware",
    # request.user.is_verified(), then: staff who need a second factor are sent to it in the admin and
    # count as anonymous everywhere else until they have given it (accounts/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a sign-in refused for too many failures into the lockout page (last, as django-axes asks).
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "wucheng_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "wucheng_site.context_processors.display_preferences",
            ],
        },
    },
]

WSGI_APPLICATION = "wucheng_site.wsgi.application"

# Database: DATABASE_URL (postgres://user:pass@host:port/name in production), SQLite by default.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: readers never wait for a writer, and a commit (a page save, a search-statistics
    # hit) appends to the log without an fsync of the database each time — the usual production
    # settings for SQLite. Wait for a busy database instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: CACHE_URL (redis://host:6379/1 in production), local memory by default.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Chinese first (served at /), English second (served at /en/).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Our own strings first (`make messages` rewrites that catalogue), then our Chinese for strings of Wagtail
# and wagtail-localize that their zh_Hans catalogues lack (kept apart so makemessages never drops them;
# docs/admin-translation.md). An earlier entry wins over a later one, and both over the apps' catalogues.
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "locale_upstream"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# /.well-known/security.txt (RFC 9116): how to report a vulnerability, e.g. "mailto:security@example.gov.cn";
# empty: the site's contact email (Settings → 网站设置).
SECURITY_CONTACT = env.list("SECURITY_CONTACT", default=[])

# Sites a story's video block may frame (Content-Security-Policy frame-src), e.g. "https://player.bilibili.com".
CSP_FRAME_SRC = env.list("CSP_FRAME_SRC", default=[])

# Complex page models can exceed Django's default of 1000 fields in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies (wucheng_site/request_limits.py): a public form takes at most 5 evidence files of
# 10 MB; the admin one document (20 MB) or image (10 MB) per request. No form takes more than 5 files.
PUBLIC_REQUEST_MAX_BYTES = 55 * 1024 * 1024
ADMIN_REQUEST_MAX_BYTES = 25 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# Search statistics (Reports → Search terms): queries that look like personal data are never kept
# (search/query_log.py); the rest for this many days, then `manage.py searchpromotions_garbage_collect`
# (run daily) deletes them.
WAGTAILSEARCH_HITS_MAX_AGE = env.int("SEARCH_QUERY_RETENTION_DAYS", default=30)
# Search hits are counted in each process and written in one transaction every this many hits or
# seconds (search/query_log.py): a killed process loses at most that many.
SEARCH_STATS_FLUSH_HITS = env.int("SEARCH_STATS_FLUSH_HITS", default=100)
SEARCH_STATS_FLUSH_SECONDS = env.int("SEARCH_STATS_FLUSH_SECONDS", default=60)

# Search: SEARCH_BACKEND picks the engine; SEARCH_URL points at OpenSearch/Elasticsearch.
SEARCH_BACKEND = env("SEARCH_BACKEND", default="database")
_SEARCH_BACKENDS = {
    # Wagtail's database backend with Chinese word segmentation (search/backends.py).
    "database": {"BACKEND": "search.backends"},
    # Wagtail's opensearch2 / elasticsearch8 backends with the same segmentation (search/backends/).
    "opensearch": {
        "BACKEND": "search.backends.opensearch.ChineseOpenSearchBackend",
        "URLS": [env("SEARCH_URL", default="http://127.0.0.1:9200")],
        "INDEX_PREFIX": env("SEARCH_INDEX", default="wucheng_"),
        "TIMEOUT": 10,
    },
    "elasticsearch": {
        "BACKEND": "search.backends.opensearch.ChineseElasticsearchBackend",
        "URLS": [env("SEARCH_URL", default="http://127.0.0.1:9200")],
        "INDEX_PREFIX": env("SEARCH_INDEX", default="wucheng_"),
        "TIMEOUT": 10,
    },
}
if SEARCH_BACKEND not in _SEARCH_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be one of {', '.join(_SEARCH_BACKENDS)}, not {SEARCH_BACKEND!r}"
    )
WAGTAILSEARCH_BACKENDS = {"default": _SEARCH_BACKENDS[SEARCH_BACKEND]}

# The caching proxy (deploy/nginx/, docs/caching.md): how long it keeps an anonymous public page, and
# a URL with a query string (which cannot be purged by name). Changes are purged at once when
# FRONTEND_CACHE_PURGE_URL names the proxy (e.g. http://127.0.0.1:8080); without it nothing is purged.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=900)
PAGE_CACHE_QUERY_SECONDS = env.int("PAGE_CACHE_QUERY_SECONDS", default=60)
FRONTEND_CACHE_PURGE_URL = env("FRONTEND_CACHE_PURGE_URL", default="")
WAGTAILFRONTENDCACHE = (
    {
        "proxy": {
            "BACKEND": "wucheng_site.frontend_cache.ProxyPurgeBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
    if FRONTEND_CACHE_PURGE_URL
    else {}
)

# Documents: the bytes of a published document are sent by the proxy (X-Accel-Redirect to this internal
# prefix, which maps to MEDIA_ROOT) after Django has checked it may be served; without it Django streams
# them itself. See docs/media.md.
MEDIA_ACCEL_REDIRECT_PREFIX = env("MEDIA_ACCEL_REDIRECT_PREFIX", default="")
if MEDIA_ACCEL_REDIRECT_PREFIX:
    SENDFILE_BACKEND = "wucheng_site.sendfile_accel"

# Wagtail
WAGTAIL_SITE_NAME = "善行婺里"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: the admin would send a hash of every staff e-mail address abroad, and
# the Content-Security-Policy allows images from the site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# Only documents the site publishes; uploads are further checked by content where they are used.
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "xlsx", "docx", "odt", "ods", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents are streamed through Django so that permissions and privacy are always checked.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_PASSWORD_RESET_ENABLED = True

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@wucheng-charity.example")

# The visitor's display preference (elderly-friendly large text / high contrast) lives in a cookie.
DISPLAY_MODE_COOKIE = "wucheng_display"
DISPLAY_MODES = ("standard", "large")

LOGIN_URL = "wagtailadmin_login"

# Staff sign-in (docs/staff-sign-in.md). Failed sign-ins are counted per account and per address
# (either one reaching the limit locks it out) in the database, so every worker sees the same count;
# a lockout ends by itself after LOGIN_LOCKOUT_MINUTES, or when an administrator lifts it (Settings →
# Login lockouts). Only this project's own admin is involved: django-axes' Django-admin pages are off.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not wipe the count: with "account or address" it would also wipe the address's
# count, so one valid account would let an attacker reset the counter for guessing at others.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"  # the same NUM_PROXIES rule as public forms
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_ENABLE_ADMIN = False
# The second factor: the issuer name authenticator apps show; wrong codes wait 1, 2, 4, 8 … seconds
# per device (django-otp's throttling, kept in the database).
OTP_TOTP_ISSUER = "善行婺里"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Documents: our model adds content validation and text extraction (wucheng_site/models.py).
WAGTAILDOCS_DOCUMENT_MODEL = "wucheng_site.SiteDocument"

# The read-only API (/api/v2/) serves the public: no sign-in of any kind (DRF's default Basic and
# session authentication would let it confirm passwords, outside the sign-in lockout's page).
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": []}

# Read-only API (/api/v2/): allow larger pages than Wagtail's default of 20.
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

# Public forms (nominations, policy comments, reports of concern): see docs/public-forms.md.
# At most this many submissions per visitor and form per period (seconds).
PUBLIC_FORM_RATE_LIMIT = (env.int("PUBLIC_FORM_RATE_LIMIT", default=5), 3600)
# Behind a reverse proxy, how many proxies add themselves to X-Forwarded-For (0: use REMOTE_ADDR).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
# Files the public sends (evidence, supporting documents) are private: kept outside MEDIA_ROOT and
# never served by any URL; staff open them through permission-checked admin views.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))

# Each translation is its own page and is purged as such (docs/caching.md).
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []
