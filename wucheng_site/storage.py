"""Storage for files the public sends in (evidence, supporting documents).

They hold personal data, so they live outside MEDIA_ROOT (which a web server may serve) under
PRIVATE_MEDIA_ROOT, and have no URL: staff download them through views that check permissions.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    def url(self, name):
        raise NotImplementedError("Private files have no public URL; serve them through a checked view.")


class _LazyPrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateStorage()


private_storage = _LazyPrivateStorage()


def get_private_storage():
    """For FileField(storage=...): a callable keeps the location out of migrations."""
    return private_storage


def private_file_response(file_field, filename=None):
    """Stream a private file to staff as a download (never inline, so it cannot run as a page)."""
    from django.http import FileResponse

    handle = file_field.open("rb")
    response = FileResponse(
        handle, as_attachment=True, filename=filename or file_field.name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
