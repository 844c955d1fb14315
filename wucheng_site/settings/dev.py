"""Local development: `make run`. Debug on, emails to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
INTERNAL_IPS = ["127.0.0.1"]

# runserver serves static files itself; WhiteNoise is for production (it would warn that
# STATIC_ROOT is empty until collectstatic runs).
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# Demo content and `load_demo` (never installed by production settings).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
