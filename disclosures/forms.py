"""The disclosure editor's form: the record's rules, checked when a filer saves or submits.

- A change to the content of a published disclosure needs a correction note (integrity.py).
- A second disclosure of the same obligation is stopped with the existing one named, unless the filer
  says it is a separate disclosure (or files it as a correction of the existing one).
- A correction names the disclosure it corrects (imports may leave that to staff: see importing.py).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wucheng_site.forms import SitePageForm

from . import integrity
from .compliance import DisclosureType
from .record import content_values, find_duplicates


class DisclosurePageForm(SitePageForm):
    not_a_duplicate = forms.BooleanField(
        label=_("This is a separate disclosure, not a duplicate"),
        required=False,
        help_text=_(
            "Tick only if another disclosure of the same type and period is a different one. To change "
            "a published disclosure, edit it (with a correction note) or file a correction of it."
        ),
    )

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        self._check_record()
        return not self.errors

    def _submitted_attachments(self):
        formset = self.formsets.get("attachments")
        if formset is None:
            return None
        kept = []
        for child in formset.forms:
            data = getattr(child, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("document"):
                continue
            kept.append((data.get("ORDER") or 0, data["document"].pk, data.get("title") or ""))
        return [(document, title) for _order, document, title in sorted(kept, key=lambda item: item[0])]

    def _check_record(self):
        from .models import DisclosurePage

        data = self.cleaned_data
        page = self.instance
        if data.get("disclosure_type") == DisclosureType.CORRECTION and not data.get("related_disclosure"):
            self.add_error("related_disclosure", _("Choose the disclosure this correction corrects."))

        live = DisclosurePage.objects.filter(pk=page.pk, live=True).first() if page.pk else None
        if live is not None:
            submitted = {name: data.get(name, getattr(page, name, None)) for name in integrity.CONTENT_FIELDS}
            submitted["attachments"] = self._submitted_attachments()
            if submitted["attachments"] is None:
                submitted["attachments"] = content_values(live)["attachments"]
            changed = integrity.changed_fields(content_values(live), submitted)
            if integrity.needs_correction_note(
                True, changed, live.correction_note, data.get("correction_note")
            ):
                self.add_error(
                    "correction_note",
                    _(
                        "This disclosure is published: say what changed and why (%(fields)s). The note is "
                        "published with the new version, and the earlier version stays readable."
                    )
                    % {"fields": "、".join(str(_label(name)) for name in changed)},
                )

        parent = (
            self.parent_page
            if getattr(self, "parent_page", None)
            else (page.get_parent() if page.path else None)
        )
        if parent is None or data.get("not_a_duplicate"):
            return
        duplicates = list(
            find_duplicates(
                parent,
                data.get("disclosure_type"),
                data.get("year"),
                data.get("period_start"),
                data.get("period_end"),
                exclude=page,
            )[:3]
        )
        if duplicates:
            self.add_error(
                "not_a_duplicate",
                _(
                    "%(organisation)s already has a disclosure of this type for this period: %(titles)s. "
                    "To change it, edit that disclosure (with a correction note) or choose the type "
                    "“Correction” and that disclosure as the related disclosure. If this really is a "
                    "separate disclosure, tick the box."
                )
                % {
                    "organisation": parent.title,
                    "titles": "、".join(
                        f"《{d.title}》" + ("" if d.live else str(_("(draft)"))) for d in duplicates
                    ),
                },
            )


def _label(name):
    from .panels import field_label

    return field_label(name)
