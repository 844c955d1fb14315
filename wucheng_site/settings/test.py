"""Tests: fast and isolated. The database comes from DATABASE_URL (the suite runs on SQLite and on
PostgreSQL), everything else is kept in memory or in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="wucheng-test-media-")))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Tests render templates without running collectstatic.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# Only the demo smoke test (tests/demo) uses it; installed here as in development.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

# Tests never run collectstatic; the live server of browser tests serves static files from finders.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# On OpenSearch/Elasticsearch, tests search right after writing: make every write visible at once,
# and keep test indexes apart from any others on the same node.
if SEARCH_BACKEND != "database":  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"].update(  # noqa: F405
        {
            "REFRESH_ON_WRITE": True,
            "INDEX_PREFIX": "wucheng_test_",
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": 0}}},
        }
    )
PRIVATE_MEDIA_ROOT = MEDIA_ROOT.parent / (MEDIA_ROOT.name + "-private")
