"""``load_demo`` builds the whole tree once and is safe to run again."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page


def counts():
    return Page.objects.count(), get_user_model().objects.count()


@pytest.mark.django_db
def test_load_demo_twice_creates_nothing_the_second_time():
    call_command("load_demo", stdout=StringIO())
    first = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first


@pytest.mark.django_db
def test_load_demo_creates_demo_accounts_in_their_groups():
    call_command("load_demo", stdout=StringIO())
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="reviewer").groups.get().name == "民政局审核员"
    assert User.objects.get(username="editor").has_perm("wagtailadmin.access_admin")


@pytest.mark.django_db
def test_demo_tree_has_both_languages_with_matching_pages():
    # Organisation profiles and disclosures stay in Chinese (legal names, original documents).
    chinese = set(
        Page.objects.filter(locale__language_code="zh-hans", depth__gte=2, depth__lte=3).values_list(
            "translation_key", flat=True
        )
    )
    english = set(
        Page.objects.filter(locale__language_code="en", depth__gte=2).values_list(
            "translation_key", flat=True
        )
    )
    # Inspection rounds (below 公众监督) are translated too.
    rounds = set(
        Page.objects.filter(
            locale__language_code="zh-hans", content_type__model="inspectionroundpage"
        ).values_list("translation_key", flat=True)
    )
    assert len(chinese) == 10
    assert len(rounds) == 2
    assert english == chinese | rounds
    assert not Page.objects.filter(depth__gte=2, live=False).exists()
