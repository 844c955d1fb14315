"""What a story is about, both ways: a story's subjects, and the stories about a page.

Stories and their subjects live in language trees of their own. A story's translation keeps the
same ``StorySubject`` rows (they point at the pages chosen in the source language), so both
directions match pages by ``translation_key``: an English organisation profile finds the English
translation of a story whose subject is the Chinese profile, and vice versa.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Subquery
from wagtail.models import Page

from wucheng_site.page_queries import is_public, public


def stories_about(page, request=None):
    """Live, public stories about ``page`` (any translation of it), in ``page``'s language, newest first.

    One query (the subjects are matched in a subquery).
    """
    from .models import StoryPage, StorySubject

    story_keys = StorySubject.objects.filter(subject__translation_key=page.translation_key).values(
        "page__translation_key"
    )
    return public(
        StoryPage.objects.live()
        .filter(locale_id=page.locale_id, translation_key__in=Subquery(story_keys))
        .defer_streamfields()
        .order_by("-date", "-first_published_at", "-pk"),
        request,
    )


def localised_subjects(story, request=None):
    """The live, public pages ``story`` is about, in its language where a live translation exists,
    else in the language chosen; in the order editors gave. Two queries whatever their number.

    Works on previews too (``subjects`` then holds unsaved rows), hence the ids first.
    """
    ids = [subject.subject_id for subject in story.subjects.all() if subject.subject_id]
    if not ids:
        return []
    # Every translation of every subject in one query: the subjects themselves give the order (by
    # their ids), the live and public ones are the candidates.
    chosen = Page.objects.filter(pk__in=ids).values("translation_key")
    rows = list(Page.objects.filter(translation_key__in=Subquery(chosen)))
    keys_by_id = {page.pk: page.translation_key for page in rows}
    keys = [keys_by_id[pk] for pk in ids if pk in keys_by_id]
    best = {}
    for candidate in rows:
        if not (candidate.live and is_public(candidate, request)):
            continue
        current = best.get(candidate.translation_key)
        if current is None or candidate.locale_id == story.locale_id:
            best[candidate.translation_key] = candidate
    pages = [best[key] for key in dict.fromkeys(keys) if key in best]
    for subject in pages:
        model = ContentType.objects.get_for_id(subject.content_type_id).model_class()
        subject.kind_label = model._meta.verbose_name
    return pages
