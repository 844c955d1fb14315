"""Whole numbers from requests and URLs: the one way a visitor's value becomes an int.

Why not ``value.isdigit()`` and ``int(value)``: ``isdigit()`` is true for ``²`` and ``①``, which
``int()`` then refuses (a 500); ``int()`` takes ``１２`` and ``١٢`` and numbers of any size, which
SQLite cannot bind beyond 64 bits and PostgreSQL refuses beyond its column types (another 500).
Here only ASCII digits count, and only values a 64-bit id column can hold; anything else is the
caller's default (for ids: "no such object", so a 404 or an ignored filter, never an error).

Routes use the ``<id:…>`` path converter registered below (bounded the same way: a huge id does not
match, so the visitor gets a 404). The routes of page models are compiled when their class is
defined, so a module whose routes use the converter imports this module first.
"""

import re

from django import forms
from django.urls import register_converter

# The largest value of a signed 64-bit column (BigAutoField, and what SQLite binds at most).
MAX_ID = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_int(value, default=None, *, minimum=0, maximum=MAX_ID):
    """``value`` (a request string, or already an int) as an int in [minimum, maximum], else
    ``default``. Only plain ASCII digits are read: no sign, no spaces, no other scripts' digits."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return default
    return number if minimum <= number <= maximum else default


def parse_id(value):
    """A primary key from a request (``?organisation=12``), or None when it cannot be one."""
    return parse_int(value, minimum=1)


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose submitted value must be an id (``parse_id``) before it is looked up.

    Django bounds a lookup on an integer column, but not one through a relation, and every page
    model's key is one (``page_ptr``): on SQLite a huge id raised OverflowError instead of "Select a
    valid choice"."""

    def to_python(self, value):
        if (
            self.to_field_name is None
            and value not in self.empty_values
            and not isinstance(value, self.queryset.model)
            and parse_id(str(value)) is None
        ):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdConverter:
    """``<id:pk>`` in a route: ASCII digits that fit a 64-bit id column; anything else is a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = parse_int(value)
        if number is None:
            raise ValueError(f"{value!r} is not an id")  # the resolver takes this as "no match"
        return number

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
