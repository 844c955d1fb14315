"""Organisation transparency (阳光慈善).

The section page exists from the start because the civil-affairs review workflow and the
organisation groups hang off it; OrganisationPage and DisclosurePage come with the disclosures issue.
"""

from django.utils.translation import gettext_lazy as _

from wucheng_site.pages import SectionIndexPage


class DisclosureIndexPage(SectionIndexPage):
    """信息公开: the directory of charity organisations and their disclosures."""

    subpage_types = []
    page_description = _(
        "Landing page of the disclosure section: the directory of charity organisations and their disclosures."
    )

    class Meta:
        verbose_name = _("Disclosure section")
        verbose_name_plural = _("Disclosure section")
