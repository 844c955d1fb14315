"""What a story is about, both ways: a story's subjects, and the stories about a page.

Stories and their subjects live in language trees of their own. A story's translation keeps the
same ``StorySubject`` rows (they point at the pages chosen in the source language), so both
directions match pages by ``translation_key``: an English organisation profile finds the English
translation of a story whose subject is the Chinese profile, and vice versa.
"""

from django.db.models import Subquery
from wagtail.models import Page


def stories_about(page):
    """Live, public stories about ``page`` (any translation of it), in ``page``'s language, newest first.

    One query (the subjects are matched in a subquery).
    """
    from .models import StoryPage, StorySubject

    story_keys = StorySubject.objects.filter(subject__translation_key=page.translation_key).values(
        "page__translation_key"
    )
    return (
        StoryPage.objects.live()
        .public()
        .filter(locale_id=page.locale_id, translation_key__in=Subquery(story_keys))
        .defer_streamfields()
        .order_by("-date", "-first_published_at", "-pk")
    )


def localised_subjects(story):
    """The live, public pages ``story`` is about, in its language where a live translation exists,
    else in the language chosen; in the order editors gave. A fixed handful of queries.

    Works on previews too (``subjects`` then holds unsaved rows), hence the ids first.
    """
    ids = [subject.subject_id for subject in story.subjects.all() if subject.subject_id]
    if not ids:
        return []
    keys_by_id = dict(Page.objects.filter(pk__in=ids).values_list("pk", "translation_key"))
    keys = [keys_by_id[pk] for pk in ids if pk in keys_by_id]
    candidates = Page.objects.live().public().filter(translation_key__in=keys).select_related("content_type")
    best = {}
    for candidate in candidates:
        current = best.get(candidate.translation_key)
        if current is None or candidate.locale_id == story.locale_id:
            best[candidate.translation_key] = candidate
    pages = [best[key] for key in dict.fromkeys(keys) if key in best]
    for subject in pages:
        subject.kind_label = subject.content_type.model_class()._meta.verbose_name
    return pages
