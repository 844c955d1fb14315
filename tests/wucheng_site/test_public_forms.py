"""The guards every public form shares (wucheng_site/public_forms.py)."""

import re

import pytest
from django import forms
from django.core.cache import cache
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict

from tests.factories import HTML_BYTES, PDF_BYTES, PNG_BYTES, upload
from wucheng_site.public_forms import (
    EvidenceFilesField,
    PublicForm,
    hash_secret,
    new_reference,
    normalise_contact,
    rate_limited,
    secret_matches,
)


class ExampleForm(PublicForm):
    message = forms.CharField()
    files = EvidenceFilesField(max_files=2, max_size=1000)


def bound(data, files=None):
    return ExampleForm(data=data, files=MultiValueDict({"files": files or []}))


def test_consent_is_required_with_a_clear_message():
    form = bound({"message": "你好"})
    assert not form.is_valid()
    assert "consent" in form.errors
    assert bound({"message": "你好", "consent": "on"}).is_valid()


def test_honeypot_marks_the_submission_as_spam_and_is_not_a_visible_field():
    form = bound({"message": "buy", "consent": "on", "website": "http://spam.example"})
    assert form.is_spam
    assert "website" not in [f.name for f in form.visible_fields()]
    assert not bound({"message": "你好", "consent": "on"}).is_spam


def test_html_renamed_pdf_is_refused_and_named_in_the_error():
    form = bound({"message": "x", "consent": "on"}, [upload("证据.pdf", HTML_BYTES)])
    assert not form.is_valid()
    assert "证据.pdf" in form.errors["files"][0]


def test_oversized_image_is_refused():
    form = bound({"message": "x", "consent": "on"}, [upload("photo.png", PNG_BYTES + b"\x00" * 2000)])
    assert not form.is_valid()
    assert "files" in form.errors


def test_real_files_are_accepted_and_too_many_refused():
    ok = bound({"message": "x", "consent": "on"}, [upload("a.pdf", PDF_BYTES), upload("b.png", PNG_BYTES)])
    assert ok.is_valid(), ok.errors
    assert len(ok.cleaned_data["files"]) == 2
    many = bound({"message": "x", "consent": "on"}, [upload(f"{n}.pdf", PDF_BYTES) for n in range(3)])
    assert not many.is_valid()


def test_errors_are_tied_to_their_inputs_for_screen_readers():
    form = bound({"consent": "on"})
    form.is_valid()
    html = str(form["message"])
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_message-error-1"' in html


def test_rate_limit_counts_per_visitor_and_scope():
    cache.clear()
    factory = RequestFactory()
    first = factory.post("/", REMOTE_ADDR="10.0.0.1")
    other = factory.post("/", REMOTE_ADDR="10.0.0.2")
    assert [rate_limited(first, "test", limit=2) for _ in range(3)] == [False, False, True]
    assert rate_limited(other, "test", limit=2) is False
    assert rate_limited(first, "another-form", limit=2) is False


@pytest.mark.parametrize("prefix", ["JB", "TM"])
def test_reference_is_dated_and_unambiguous(prefix):
    reference = new_reference(prefix)
    assert re.fullmatch(rf"{prefix}-\d{{8}}-[2-9A-HJKMNP-Z]{{6}}", reference)


def test_secret_is_checked_against_its_hash_only():
    stored = hash_secret("s3cret-token")
    assert "s3cret" not in stored
    assert secret_matches("s3cret-token", stored)
    assert secret_matches(" s3cret-token ", stored)
    assert not secret_matches("wrong", stored)
    assert not secret_matches("", "")


def test_a_token_hashed_before_a_key_rotation_still_matches_while_the_old_key_is_a_fallback(settings):
    stored = hash_secret("s3cret-token")
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-after-rotation-" + "x" * 40
    assert not secret_matches("s3cret-token", stored)
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert secret_matches("s3cret-token", stored)
    assert not secret_matches("wrong", stored)
    assert normalise_contact("138 0000-1234") == "13800001234"
    assert normalise_contact("Li@Example.com ") == "li@example.com"


def test_screening_counts_every_submission_valid_or_not_and_says_why_it_refuses(settings):
    """Invalid submissions count too: otherwise a script could post invalid forms without end (the
    attacker's review probed the forms this way)."""
    from wucheng_site import public_forms

    cache.clear()
    settings.PUBLIC_FORM_RATE_LIMIT = (2, 3600)
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
    screen = public_forms.screen_submission
    assert screen(request, bound({"consent": "on"}), "t") == public_forms.Outcome.INVALID
    assert screen(request, bound({"message": "x", "consent": "on"}), "t") == public_forms.Outcome.ACCEPTED
    limited = bound({"message": "y", "consent": "on"})
    assert screen(request, limited, "t") == public_forms.Outcome.LIMITED
    assert public_forms.RATE_LIMIT_MESSAGE in limited.non_field_errors()
    assert limited["message"].value() == "y"  # what was typed stays in the form
    spam = bound({"message": "z", "consent": "on", "website": "x"})
    assert screen(request, spam, "other") == public_forms.Outcome.SPAM
