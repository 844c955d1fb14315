"""Story factories."""

import datetime
import itertools

from stories.models import StoryPage, StorySubject

_numbers = itertools.count()


def add_story(index, title, publish=True, subjects=(), tags=(), **fields):
    """A story below ``index``; published unless ``publish`` is False (then a never-published draft)."""
    values = {
        "date": datetime.date(2026, 11, 1),
        "category": "people",
        "intro": f"{title}的摘要。",
        "body": [("paragraph", f"<p>{title}的正文。</p>")],
    }
    values.update(fields)
    story = StoryPage(title=title, slug=f"test-story-{next(_numbers)}", live=False, **values)
    story.tags.add(*tags)
    for subject in subjects:
        story.subjects.add(StorySubject(subject=subject))
    index.add_child(instance=story)
    revision = story.save_revision()
    if publish:
        revision.publish(skip_permission_checks=True)
    story.refresh_from_db()
    return story
