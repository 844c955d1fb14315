"""Charity-culture stories (慈善文化), written by propaganda editors and approved before publishing.

The section page exists from the start because the editorial approval workflow hangs off it;
StoryPage and campaign pages come with the stories issue.
"""

from django.utils.translation import gettext_lazy as _

from wucheng_site.pages import SectionIndexPage


class StoryIndexPage(SectionIndexPage):
    """慈善文化: stories about people, enterprises, volunteering and campaigns."""

    subpage_types = []
    page_description = _("Landing page of the story section: charity stories and campaigns.")

    class Meta:
        verbose_name = _("Story section")
        verbose_name_plural = _("Story section")
