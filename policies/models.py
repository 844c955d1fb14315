"""Policy documents (政策文件), drafted and signed off by the civil-affairs bureau.

The section page exists from the start because the civil-affairs review workflow hangs off it;
PolicyDocumentPage, public comment and the implementation tracker come with the policies issue.
"""

from django.utils.translation import gettext_lazy as _

from wucheng_site.pages import SectionIndexPage


class PolicyIndexPage(SectionIndexPage):
    """政策文件: policy documents and their implementation."""

    subpage_types = []
    page_description = _(
        "Landing page of the policy section: policy documents, public comment and implementation."
    )

    class Meta:
        verbose_name = _("Policy section")
        verbose_name_plural = _("Policy section")
