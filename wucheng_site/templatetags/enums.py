"""``{% enum %}``: bring an enumeration (a ``TextChoices``/``IntegerChoices`` class) into a template, so
templates compare against its named values instead of raw strings (docs/conventions.md, Enumerations):

    {% load enums %}{% enum "disclosures.compliance.DisclosureType" as DisclosureType %}
    {% if page.disclosure_type == DisclosureType.CORRECTION %}…{% endif %}

A tag rather than a context processor: it works in every rendering (pages, admin views, e-mails
rendered without a request), each template says which enumerations it uses, and this project package
imports no domain app (the class is found by its dotted path when the template renders).
"""

from functools import cache

from django import template
from django.db.models import Choices
from django.utils.module_loading import import_string

register = template.Library()


@cache
def _load(path):
    enumeration = import_string(path)
    if not (isinstance(enumeration, type) and issubclass(enumeration, Choices)):
        raise template.TemplateSyntaxError(f"{path} is not a TextChoices or IntegerChoices class.")
    return enumeration


@register.simple_tag
def enum(path):
    """The enumeration class at ``path`` (Django does not call it in templates: Choices sets
    ``do_not_call_in_templates``)."""
    return _load(path)
