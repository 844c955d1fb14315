"""Site-wide answers that read the site settings kept in this app."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .models import SiteSettings


@require_GET
def security_txt(request):
    """How to report a vulnerability (RFC 9116); the policy behind it is docs/security.md."""
    contacts = list(settings.SECURITY_CONTACT)
    if not contacts:
        email = SiteSettings.for_request(request).email
        contacts = [f"mailto:{email}"] if email else []
    expires = timezone.now().replace(microsecond=0) + datetime.timedelta(days=180)
    lines = [f"Contact: {contact}" for contact in contacts] + [
        f"Expires: {expires.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: zh, en",
        f"Canonical: {request.build_absolute_uri()}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
