"""Wagtail API v2 at /api/v2/: read-only, published pages only, public fields only.

Only the pages endpoint is exposed (images and documents endpoints would list files whether or not a
published page uses them). Each page type lists what it exposes in ``api_fields``.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
