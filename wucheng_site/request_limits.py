"""A ceiling on request bodies, checked before Django reads them.

Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) and the number of files
(DATA_UPLOAD_MAX_NUMBER_FILES), but streams file uploads to disk whatever their size: a visitor could
send gigabytes to any URL that takes a POST. The largest legitimate bodies are known — a public form
with its evidence files, a document uploaded in the admin — so anything larger is refused with 413 from
the Content-Length header. The reverse proxy should refuse the same sizes earlier (README:
``client_max_body_size``). See docs/security.md.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def body_limit(path):
    """The largest body accepted for ``path``."""
    if path.startswith("/admin/"):
        return settings.ADMIN_REQUEST_MAX_BYTES
    return settings.PUBLIC_REQUEST_MAX_BYTES


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request.path)
        if length > limit:
            message = _(
                "What you sent is too large (%(size)s); the limit is %(limit)s. Nothing was saved."
            ) % {
                "size": filesizeformat(length),
                "limit": filesizeformat(limit),
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
