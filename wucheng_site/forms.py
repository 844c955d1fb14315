"""The admin form every page type of the site uses (``SitePage.base_form_class``)."""

import json

from django.forms import ModelChoiceField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .references import may_choose, references_in_instance, references_in_values, refusal_message

# Draftail entity types that carry the id of a page (internal link) or a document.
_ENTITY_KINDS = {"LINK": Page, "DOCUMENT": "document"}


class SitePageForm(WagtailAdminPageForm):
    """Refuses references the editing user may not choose (wucheng_site/references.py).

    A refused reference is also taken out of what the form shows again — the chooser is emptied and
    the rich-text link becomes plain text — so the re-displayed form cannot print another
    organisation's document name or draft title either. Nothing is saved until it is fixed.
    """

    def __init__(self, data=None, files=None, *args, **kwargs):
        if data is not None and not getattr(data, "_mutable", True):
            data = data.copy()  # one mutable copy, shared with the child formsets
        super().__init__(data, files, *args, **kwargs)
        self._held_references = None
        self._references_checked = None

    def held_references(self):
        """References the page held before this submission (allowed to stay whoever edits)."""
        if self._held_references is None:
            instance = self.instance
            self._held_references = (
                {reference.key for reference in references_in_instance(instance)} if instance.pk else set()
            )
        return self._held_references

    def is_valid(self):
        if self.is_bound and self._held_references is None:
            self.held_references()  # before cleaning copies the submitted values onto the instance
        valid = super().is_valid()
        if self._references_checked is None:
            self._references_checked = self._check_references()
        return valid and self._references_checked

    def _submitted(self, form, model):
        """(form, field name, Reference) for the cleaned data of ``form`` and its child formsets."""
        for name, reference in references_in_values(model, getattr(form, "cleaned_data", {})):
            yield form, name, reference
        for formset in getattr(form, "formsets", {}).values():
            for child in formset.forms:
                data = getattr(child, "cleaned_data", {})
                if formset.can_delete and data.get("DELETE"):
                    continue
                yield from self._submitted(child, formset.model)

    def _check_references(self):
        user = self.for_user
        if user is None or user.is_superuser:
            return True
        held = self.held_references()
        refused = []
        for form, name, reference in list(self._submitted(self, self._meta.model)):
            if reference.key in held or may_choose(user, reference):
                continue
            refused.append(reference)
            field = form.fields.get(name)
            if isinstance(field, ModelChoiceField):
                form.add_error(name, refusal_message(reference))
                self.data[form.add_prefix(name)] = ""  # the chooser shows nothing of it again
            elif field is not None and not hasattr(field, "block"):
                form.add_error(name, refusal_message(reference))  # rich text
            else:
                form.add_error(
                    None, refusal_message(reference)
                )  # StreamField: its widget renders block errors only
        if refused:
            self._strip_rich_text_links({reference.key for reference in refused})
        return not refused

    def _strip_rich_text_links(self, refused_keys):
        """Remove Draftail entities (page and document links) pointing at refused references from the
        submitted rich text, keeping their text."""
        from wagtail.documents import get_document_model

        kinds = {
            entity: (get_document_model() if kind == "document" else kind)
            for entity, kind in _ENTITY_KINDS.items()
        }
        for key in list(self.data.keys()):
            values = self.data.getlist(key)
            changed = False
            for index, value in enumerate(values):
                if not (isinstance(value, str) and value.startswith("{") and '"entityMap"' in value):
                    continue
                try:
                    state = json.loads(value)
                except ValueError:
                    continue
                dropped = {
                    entity_key
                    for entity_key, entity in state.get("entityMap", {}).items()
                    if entity.get("type") in kinds
                    and (kinds[entity["type"]], _int(entity.get("data", {}).get("id"))) in refused_keys
                }
                if not dropped:
                    continue
                for entity_key in dropped:
                    del state["entityMap"][entity_key]
                for block in state.get("blocks", []):
                    block["entityRanges"] = [
                        r for r in block.get("entityRanges", []) if str(r.get("key")) not in dropped
                    ]
                values[index] = json.dumps(state)
                changed = True
            if changed:
                self.data.setlist(key, values)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
