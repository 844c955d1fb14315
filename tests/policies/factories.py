"""Policy factories."""

import datetime

from django.utils import timezone


def set_comment_period(page, opens_offset, closes_offset):
    """Open/close the comment period relative to today, so tests do not depend on the calendar."""
    today = timezone.localdate()
    page.comment_opens_on = today + datetime.timedelta(days=opens_offset)
    page.comment_closes_on = today + datetime.timedelta(days=closes_offset)
    page.save_revision().publish()
    return page
