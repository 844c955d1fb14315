"""Wagtail's ``SENDFILE_BACKEND`` for nginx: Django decides whether a document may be served (the
``before_serve_document`` hook in wagtail_hooks.py), nginx sends the bytes.

The answer carries ``X-Accel-Redirect: MEDIA_ACCEL_REDIRECT_PREFIX + path under MEDIA_ROOT``; nginx
maps that prefix to MEDIA_ROOT in an ``internal`` location, so the same path requested from outside is
refused (deploy/nginx/wucheng.conf, docs/media.md).
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse


def sendfile(request, filename, **kwargs):
    media_root = Path(settings.MEDIA_ROOT).resolve()
    path = Path(filename).resolve()
    if not path.is_relative_to(media_root):
        # Only files under MEDIA_ROOT have an internal location; anything else is a bug, not a file.
        raise SuspiciousFileOperation(f"{path} is outside MEDIA_ROOT")
    response = HttpResponse()
    response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT_PREFIX + quote(
        path.relative_to(media_root).as_posix()
    )
    return response
