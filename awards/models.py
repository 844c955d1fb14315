"""The triennial Wucheng Charity Award (婺城慈善奖).

The section page exists from the start because the award committee's chair publishes below it;
editions, nominations and committee review come with the awards issue.
"""

from django.utils.translation import gettext_lazy as _

from wucheng_site.pages import SectionIndexPage


class AwardIndexPage(SectionIndexPage):
    """婺城慈善奖: the award's editions and past winners."""

    subpage_types = []
    page_description = _("Landing page of the award section: editions and winners.")

    class Meta:
        verbose_name = _("Award section")
        verbose_name_plural = _("Award section")
