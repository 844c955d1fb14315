"""Keep roles and workflows attached to section pages created after ``bootstrap_roles`` ran.

This covers a section page added by an editor, by ``load_demo``, or as a translation by
wagtail-localize (which creates a new page in the other language tree).
"""

from django.db.models.signals import post_save

from accounts.roles import apply_section_roles, section_models


def _on_section_page_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        apply_section_roles(instance)


for _model in section_models():
    post_save.connect(_on_section_page_saved, sender=_model, dispatch_uid=f"roles-{_model._meta.label}")
