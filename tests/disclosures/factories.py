"""Disclosure factories (build on tests.factories.make_organisation)."""

import datetime

from disclosures.models import DisclosurePage
from disclosures.record import DeclaredDateConfirmation


def add_disclosure(org, title, publish=True, user=None, published_on=datetime.date(2025, 6, 1), **fields):
    """A disclosure below ``org``; published unless ``publish`` is False (then a never-published draft).

    ``published_on`` stands for a first publication elsewhere that the bureau confirmed (as an import
    does), so it is the date that counts for the record; ``None`` leaves only the platform's date."""
    values = {"disclosure_type": "major_event", "year": 2025, "body": "<p>测试内容</p>"}
    if published_on:
        values.update(declared_on=published_on, declared_where="慈善中国")
    values.update(fields)
    page = DisclosurePage(title=title, slug=f"test-{DisclosurePage.objects.count()}", live=False, **values)
    org.add_child(instance=page)
    if published_on:
        DeclaredDateConfirmation.objects.get_or_create(
            page=page,
            declared_on=page.declared_on,
            defaults={"declared_where": page.declared_where, "basis": "test"},
        )
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    return page
