"""Deployment checks of our own (``manage.py check --deploy``), next to Django's security checklist."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# Caches that every gunicorn worker (and every server) shares; anything else keeps one count per
# process, so a rate limit of 5 lets through 5 per worker.
SHARED_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django_redis.cache.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
)


@register(Tags.security, Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """The public forms' rate limit (wucheng_site/public_forms.py) lives in the default cache: in
    production it must be one store for all workers (docs/security.md)."""
    cache = settings.CACHES.get("default", {})
    backend = cache.get("BACKEND", "")
    if backend not in SHARED_CACHES:
        return [
            Error(
                f"The default cache ({backend}) is not shared between processes: every gunicorn worker "
                "would keep its own count and the public forms' rate limit would multiply by the number "
                "of workers.",
                hint="Set CACHE_URL=redis://… (or leave it unset in production to use the database cache).",
                id="wucheng.E001",
            )
        ]
    if backend == "django.core.cache.backends.db.DatabaseCache":
        from django.db import connections
        from django.db.utils import DatabaseError

        table = cache.get("LOCATION", "")
        try:
            with connections["default"].cursor() as cursor:
                tables = connections["default"].introspection.table_names(cursor)
        except DatabaseError:
            return [Warning("Could not reach the database to look for the cache table.", id="wucheng.W002")]
        if table not in tables:
            return [
                Error(
                    f"The database cache table “{table}” does not exist.",
                    hint="Run `python manage.py createcachetable`.",
                    id="wucheng.E002",
                )
            ]
    return []


@register(Tags.security, deploy=True)
def check_error_reports_reach_someone(app_configs, **kwargs):
    """A server error nobody hears of is a broken page nobody fixes (docs/operations.md)."""
    if settings.ADMINS or getattr(settings, "SENTRY_DSN", ""):
        return []
    return [
        Warning(
            "Server errors reach nobody: ADMINS is empty and no error tracker is configured.",
            hint='Set ADMINS="Name <address>, other@address" (and/or SENTRY_DSN) in the environment.',
            id="wucheng.W003",
        )
    ]
