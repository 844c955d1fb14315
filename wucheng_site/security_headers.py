"""Security headers on every response: a Content-Security-Policy, a Permissions-Policy, and no storing
of answers to forms.

- **Content-Security-Policy**: the public site has no inline scripts or styles (docs/design.md), so
  its policy allows scripts, styles and fonts from the site only; video embeds may frame the providers
  in ``CSP_FRAME_SRC``. Wagtail 8.0.1's admin writes inline scripts (date inputs, chooser widgets,
  inline panels; upstream: wagtail/wagtail#1288 and the list in #7053) and inline styles
  (Draftail), which nonces and hashes cannot cover, so ``/admin/`` allows inline scripts and styles —
  but still nothing from other origins.
  ``tests/browser/test_content_security_policy.py`` runs both in Chromium.
- **Permissions-Policy**: the site uses no camera, microphone, location, payment or USB; nothing it
  embeds may ask for them either.
- **Cache-Control**: the answer to a public POST (a thanks page with a reference, a status page, a
  form shown again with what someone typed) holds personal data: ``private, no-store``.

Django 5.2 has no CSP of its own (6.0 will); see docs/security.md.
"""

from django.conf import settings
from django.utils.cache import patch_vary_headers


def _policy(directives):
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def content_security_policy(admin=False):
    frames = list(getattr(settings, "CSP_FRAME_SRC", ()))
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"] if admin else ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"] if admin else ["'self'"],
        "img-src": ["'self'", "data:", "blob:"] if admin else ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *frames],
        "frame-ancestors": ["'self'"] if admin else ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return _policy(directives)


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = content_security_policy(admin=False)
        self.admin_policy = content_security_policy(admin=True)

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        response.headers.setdefault(
            "Content-Security-Policy", self.admin_policy if admin else self.public_policy
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.method == "POST" and not admin:
            response.headers["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ["Cookie"])
        return response
