from django.conf import settings


def display_preferences(request):
    """The visitor's display mode (标准 / 适老化 large text), read from its cookie on every page."""
    mode = request.COOKIES.get(settings.DISPLAY_MODE_COOKIE, "standard")
    return {"display_mode": mode if mode in settings.DISPLAY_MODES else "standard"}
