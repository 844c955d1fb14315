"""Keep organisation summaries current when disclosures are published, unpublished or deleted."""

import threading
from contextlib import contextmanager

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, pre_delete
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from .models import DisclosurePage, OrganisationPage


def _organisation_of(page):
    if isinstance(page, OrganisationPage):
        return page
    return OrganisationPage.objects.filter(path=page.path[: -page.steplen]).first()


_state = threading.local()


@contextmanager
def summaries_suspended():
    """Bulk operations (the importer) refresh each organisation once at the end instead."""
    _state.suspended = getattr(_state, "suspended", 0) + 1
    try:
        yield
    finally:
        _state.suspended -= 1


def refresh_organisation_of(page):
    """Recompute the directory summary of the organisation of ``page`` (unless a bulk operation
    refreshes it at the end)."""
    from .standing import refresh_summary

    if getattr(_state, "suspended", 0):
        return
    organisation = _organisation_of(page)
    if organisation is not None and organisation.pk not in _being_deleted():
        refresh_summary(organisation)


def _refresh(sender, instance, **kwargs):
    refresh_organisation_of(instance)


def _being_deleted():
    """The organisations whose deletion is under way in this thread.

    Deleting an organisation deletes its disclosures first; their ``post_delete`` would write a new
    summary for an organisation that is deleted a moment later, and the transaction would then fail on
    the summary's foreign key at commit (Django sends every ``pre_delete`` of a deletion before it
    deletes anything, so the organisation is marked in time)."""
    if not hasattr(_state, "deleting"):
        _state.deleting = set()
    return _state.deleting


def _organisation_deleting(sender, instance, **kwargs):
    _being_deleted().add(instance.pk)


def _organisation_deleted(sender, instance, **kwargs):
    _being_deleted().discard(instance.pk)


def _record_correction(sender, instance, revision=None, **kwargs):
    """Every publication of changed content is recorded as a correction (record.py)."""
    from .record import record_correction

    if revision is not None:
        record_correction(instance, revision)


def _reindex_with_attachments(sender, instance, **kwargs):
    """Index the disclosure again once its attachments are saved.

    Wagtail indexes a page in ``post_save``, which modelcluster sends before it writes the page's
    child objects; new attachments (and their extracted text) would be missing from the index until
    the next save. ``page_published`` comes after the children are written. (``ClusterableModel.save``
    in https://github.com/wagtail/django-modelcluster/blob/main/modelcluster/models.py; index signals:
    https://docs.wagtail.org/en/stable/topics/search/indexing.html)
    """
    index.insert_or_update_object(instance)


def _reindex_disclosures_when_renamed(sender, instance, revision=None, **kwargs):
    """A renamed organisation's disclosures are indexed again: its name is indexed with each of them
    (``DisclosurePage.organisation_name``)."""
    if revision is None:
        return
    try:
        previous = revision.get_previous()
    except ObjectDoesNotExist:  # the first publication
        return
    if previous.content.get("title") == instance.title:
        return
    for disclosure in DisclosurePage.get_indexed_objects().child_of(instance):
        index.insert_or_update_object(disclosure)


page_published.connect(
    _reindex_disclosures_when_renamed, sender=OrganisationPage, dispatch_uid="reindex-renamed-organisation"
)
page_published.connect(_record_correction, sender=DisclosurePage, dispatch_uid="record-correction")
page_published.connect(_reindex_with_attachments, sender=DisclosurePage, dispatch_uid="reindex-attachments")

for _model in (DisclosurePage, OrganisationPage):
    page_published.connect(_refresh, sender=_model, dispatch_uid=f"summary-published-{_model.__name__}")
    page_unpublished.connect(_refresh, sender=_model, dispatch_uid=f"summary-unpublished-{_model.__name__}")
post_delete.connect(_refresh, sender=DisclosurePage, dispatch_uid="summary-deleted")
pre_delete.connect(
    _organisation_deleting, sender=OrganisationPage, dispatch_uid="summary-organisation-deleting"
)
post_delete.connect(
    _organisation_deleted, sender=OrganisationPage, dispatch_uid="summary-organisation-deleted"
)
