import datetime

from disclosures.models import DisclosurePage


def add_disclosure(org, title, publish=True, user=None, **fields):
    """A disclosure below ``org``; published unless ``publish`` is False (then a never-published draft)."""
    values = {
        "disclosure_type": "major_event",
        "year": 2025,
        "published_on": datetime.date(2025, 6, 1),
        "body": "<p>测试内容</p>",
    }
    values.update(fields)
    page = DisclosurePage(title=title, slug=f"test-{DisclosurePage.objects.count()}", live=False, **values)
    org.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    return page
