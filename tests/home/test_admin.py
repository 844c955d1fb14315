"""Every staff role can work in the admin without errors, and sees only what its role allows."""

import pytest
from django.urls import reverse

from accounts import roles
from home.models import NavigationSettings, SiteSettings
from tests.factories import login, make_user


@pytest.mark.django_db
def test_every_role_reaches_the_admin_dashboard_and_page_explorer(client, home):
    for number, group in enumerate(roles.MANAGED_GROUPS):
        user = make_user(f"staff{number}", group)
        login(client, user)
        assert client.get(reverse("wagtailadmin_home")).status_code == 200, group
        explorer = client.get(reverse("wagtailadmin_explore_root")).status_code
        # Committee members hold no page rights (they review nominations, not pages).
        assert explorer == (302 if group == roles.AWARD_COMMITTEE_MEMBERS else 200), group
        client.logout()


@pytest.mark.django_db
def test_editors_can_edit_navigation_but_not_site_settings(client, site):
    editor = make_user("navigator", roles.PROPAGANDA_EDITORS)
    login(client, editor)
    navigation_url = reverse("wagtailsettings:edit", args=["home", "navigationsettings", site.pk])
    settings_url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    assert client.get(navigation_url).status_code == 200
    assert client.get(settings_url).status_code in (302, 403)
    assert NavigationSettings.for_site(site).items.exists()
    assert SiteSettings.for_site(site).pk


@pytest.mark.django_db
def test_site_administrator_edits_site_settings(client, site):
    admin = make_user("siteadmin1", roles.SITE_ADMINS)
    login(client, admin)
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_admin_speaks_chinese_by_default(client):
    login(client, make_user("root", superuser=True))
    assert "控制面板" in client.get(reverse("wagtailadmin_home")).content.decode()
