"""ASGI entry point, for servers that speak ASGI (e.g. uvicorn)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wucheng_site.settings.production")

application = get_asgi_application()
