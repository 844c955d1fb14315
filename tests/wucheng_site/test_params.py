"""The one way a request value becomes an int (wucheng_site/params.py), and the ``<id:…>`` route."""

import pytest
from django.urls import Resolver404, path, resolve

from wucheng_site.params import MAX_ID, IdConverter, parse_id, parse_int


@pytest.mark.parametrize("value", ["²", "①", "１２", "١٢", "৩"])
def test_digits_that_isdigit_accepts_but_are_not_ascii_are_no_number(value):
    assert value.isdigit() or value.isdecimal()  # what the old checks let through
    assert parse_int(value) is None


def test_numbers_a_64_bit_id_column_cannot_hold_are_no_number():
    assert parse_int(str(MAX_ID)) == MAX_ID == 9223372036854775807
    assert parse_int(str(MAX_ID + 1)) is None
    assert parse_int("99999999999999999999999") is None
    assert parse_int("0" * 30 + "1") is None  # longer than any 64-bit number is written


@pytest.mark.parametrize(
    "value", ["-1", "+1", " 1", "1 ", "1\n", "1.0", "1e3", "0x10", "", "a\x00b", None, True, 1.0]
)
def test_signs_spaces_decimals_and_other_types_are_no_number(value):
    assert parse_int(value) is None
    assert parse_int(value, default=7) == 7


def test_bounds_and_ints_are_kept():
    assert parse_int("12") == 12
    assert parse_int(12) == 12
    assert parse_int("12", maximum=10) is None
    assert parse_int("2", minimum=3, default=3) == 3


def test_an_id_is_at_least_1():
    assert parse_id("0") is None
    assert parse_id("1") == 1
    assert parse_id("²") is None


def _view(request, pk):
    return pk


def test_the_id_route_matches_only_ids_a_64_bit_column_holds():
    urlconf = type("urls", (), {"urlpatterns": [path("thing/<id:pk>/", _view)]})
    assert resolve("/thing/9223372036854775807/", urlconf).kwargs == {"pk": MAX_ID}
    for bad in ("9223372036854775808", "99999999999999999999999", "²", "-1"):
        with pytest.raises(Resolver404):
            resolve(f"/thing/{bad}/", urlconf)
    assert IdConverter().to_url(12) == "12"
