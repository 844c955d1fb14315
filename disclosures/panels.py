"""The editor's "record" panel on a disclosure: what the reviewer must see before approving.

Platform date and declared date side by side (with the confirm button for those who may publish),
what changed since the published version (with Wagtail's own comparison view), and any other
disclosure of the same organisation that fills the same obligation. Read-only: it adds no fields.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from . import integrity

_LABELS = {
    "attachments": _("attachments"),
}


def field_label(name):
    """The editor's label of a content field (integrity.CONTENT_FIELDS)."""
    from .models import DisclosurePage

    if name in _LABELS:
        return _LABELS[name]
    try:
        return DisclosurePage._meta.get_field(name).verbose_name
    except Exception:  # noqa: BLE001 - a field name recorded by an older version
        return name


def may_confirm(user, page):
    """Confirming a declared date is the reviewer's call: whoever may publish the disclosure (the
    civil-affairs bureau), never the filing organisation (its accounts cannot publish)."""
    return bool(page.pk) and page.permissions_for_user(user).can_publish()


def record_summary(page, user):
    """What the panel and the review listing show about ``page`` (the version being edited)."""
    from .models import DisclosurePage
    from .record import content_values

    live = DisclosurePage.objects.filter(pk=page.pk, live=True).first() if page.pk else None
    platform_on = live.platform_published_on if live else None
    summary = {
        "page": page,
        "platform_on": platform_on,
        "declared_on": page.declared_on,
        "declared_where": page.declared_where,
        "declared_url": page.declared_url,
        "gap_days": integrity.declared_gap_days(platform_on, page.declared_on),
        "confirmation": None,
        "may_confirm": False,
        "changed": [],
        "compare_url": None,
        "duplicates": [],
        # Reviewers see which colleague confirmed; the filing organisation sees only that the bureau did.
        "show_confirmer": may_confirm(user, page),
    }
    if page.pk and page.declared_on:
        summary["confirmation"] = (
            page.declared_date_confirmations.filter(declared_on=page.declared_on)
            .select_related("confirmed_by")
            .first()
        )
        summary["may_confirm"] = summary["confirmation"] is None and may_confirm(user, page)
    if live is not None:
        changed = integrity.changed_fields(content_values(live), content_values(page))
        summary["changed"] = [field_label(name) for name in changed]
        if changed and page.latest_revision_id:
            summary["compare_url"] = reverse(
                "wagtailadmin_pages:revisions_compare", args=(page.pk, "live", page.latest_revision_id)
            )
    parent = page.get_parent() if page.path else None
    if parent is not None:
        from .record import find_duplicates

        summary["duplicates"] = list(
            find_duplicates(
                parent, page.disclosure_type, page.year, page.period_start, page.period_end, exclude=page
            )
        )
    return summary


class RecordPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "disclosures/admin/record_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(record_summary(self.instance, self.request.user))
            return context
