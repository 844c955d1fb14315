"""The admin in Chinese for every role (issue 16, item 3; docs/admin-translation.md).

Each role signs in with the admin in zh-hans and walks the screens it uses: its dashboard, the page
explorer, a page's editor, history and workflow history, its snippets and viewsets, reports, account
settings, and every admin screen those link to (one per kind, see tests/accounts/admin_walk.py). No
screen may show a msgid of the source language of Django, Wagtail, wagtail-localize or our own
catalogues, except the few in ALLOWED.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts import roles
from awards import decisions, phases
from tests.accounts.admin_walk import WALK_LIMIT, Matcher, shape, visible_texts, walk
from tests.awards.factories import make_edition, make_nomination
from tests.disclosures.factories import add_disclosure
from tests.factories import login, make_user
from tests.oversight.factories import make_report
from tests.stories.factories import add_story
from wucheng_site.admin_messages import own_catalogues, source_messages

# The walk reads rendered text: the same on every database, and two minutes long, so once (on SQLite).
pytestmark = [pytest.mark.django_db, pytest.mark.once]

# Source strings a Chinese admin shows as they are, and why.
ALLOWED = {
    # Acronyms and names that Chinese text writes the same way (their zh catalogues say so too).
    "URL", "ID", "IPv4", "IPv6", "AM", "PM", "a.m.", "p.m.", "Wagtail API v2", "Wagtail API v3",
    "Wagtail", "Wagtail Localize",
    # The English locale's own name (settings.LANGUAGES), as every language switcher writes it.
    "English",
    # Python's None printed by Wagtail 8.0.1 into a hidden side-panel counter (no message involved).
    "None",
}  # fmt: skip

# Upstream strings that no catalogue can translate, on the one screen that shows them (site
# administrators' and superusers' only); docs/admin-translation.md lists them to report upstream.
ALLOWED_ON = {
    # wagtail-localize 1.14.5, wagtaillocales/index.html: "{{ num_pages }} pages + {{ num_others }} others"
    # written in the template without {% trans %}.
    ("/admin/locales/", "pages"),
    # wagtail-localize: LocaleSynchronization.enabled has no verbose_name (label from the field name) and
    # the locale form's subtitle is the class name.
    ("/admin/locales/new/", "Enabled"),
    ("/admin/locales/new/", "Locale"),
    ("/admin/locales/edit/N/", "Enabled"),
    ("/admin/locales/edit/N/", "Locale"),
    # Wagtail 8.0.1, WorkflowPagesFormSet: the page field's (screen-reader) label comes from its name.
    ("/admin/workflows/add/", "Page"),
    ("/admin/workflows/edit/N/", "Page"),
    # Wagtail 8.0.1, the group editor (superusers only): column headings of its page and locale
    # permission tables.
    ("/admin/groups/new/", "Page"),
    ("/admin/groups/new/", "Locale"),
    ("/admin/groups/edit/N/", "Page"),
    ("/admin/groups/edit/N/", "Locale"),
}

ROLES = {
    "superuser": (),
    "site-admin": (roles.SITE_ADMINS,),
    "reviewer": (roles.CIVIL_AFFAIRS_REVIEWERS,),
    "editor": (roles.PROPAGANDA_EDITORS,),
    "approver": (roles.PROPAGANDA_APPROVERS,),
    "member": (roles.AWARD_COMMITTEE_MEMBERS,),
    "chair": (roles.AWARD_COMMITTEE_CHAIR,),
    "organisation": None,  # the account of org_a, made by create_organisation_account
}


@pytest.fixture
def world(org_a, home):
    """What each role finds in the admin on a working day: an organisation's disclosure awaiting the
    civil-affairs review, an editor's story awaiting approval, a nomination assigned to a committee
    member, a report of concern; plus one user per role."""
    from django.contrib.auth import get_user_model

    from stories.models import StoryIndexPage

    users = {
        key: make_user(f"zh-{key}", *groups, superuser=key == "superuser")
        for key, groups in ROLES.items()
        if groups is not None
    }
    users["organisation"] = get_user_model().objects.get(username="org-a")

    disclosure = add_disclosure(org_a, "2025年度工作报告", publish=False, user=users["organisation"])
    disclosure.get_workflow().start(disclosure, users["organisation"])

    stories = StoryIndexPage.objects.get(locale__language_code="zh-hans")
    story = add_story(stories, "志愿者的一天", publish=False)
    story.save_revision(user=users["editor"])
    story.get_workflow().start(story, users["editor"])

    edition = make_edition(phases.Phase.REVIEW)
    nomination = make_nomination(edition)
    decisions.assign(nomination, users["member"], users["chair"])

    make_report(organisation=org_a)

    # Per role, the screens it uses that the walk must reach whatever the menus link to.
    explore = lambda page: reverse("wagtailadmin_explore", args=[page.pk])  # noqa: E731
    edit = lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk])  # noqa: E731
    history = lambda page: reverse("wagtailadmin_pages:history", args=[page.pk])  # noqa: E731
    workflow_history = lambda page: reverse("wagtailadmin_pages:workflow_history", args=[page.pk])  # noqa: E731
    common = [reverse("wagtailadmin_home"), reverse("wagtailadmin_account")]
    # (pages it edits, pages whose children it lists in the explorer)
    own = {
        "superuser": ([disclosure, story, org_a, edition], [home, org_a, stories]),
        "site-admin": ([story, org_a, home], [home, stories]),
        "reviewer": ([disclosure, org_a], [org_a, org_a.get_parent()]),
        "editor": ([story], [stories]),
        "approver": ([story], [stories]),
        "member": ([], []),
        "chair": ([edition], [edition.get_parent()]),
        "organisation": ([disclosure, org_a], [org_a]),
    }
    starts = {
        key: common
        + [explore(page) for page in listed]
        + [url for page in edited for url in (edit(page), history(page))]
        + [workflow_history(page) for page in edited if page in (disclosure, story)]
        for key, (edited, listed) in own.items()
    }
    return users, starts


def untranslated_screens(client, starts):
    from django.contrib.auth.models import Permission
    from wagtail.models import Page

    matcher = Matcher(ALLOWED)
    # Content, whatever English msgid it equals: the English pages' titles ("Disclosures"), and the
    # permissions' names, rows Wagtail's and Django's migrations write in English ("Publish any page",
    # shown by the group editor: see docs/admin-translation.md).
    content = frozenset(Page.objects.filter(locale__language_code="en").values_list("title", flat=True))
    content |= frozenset(Permission.objects.values_list("name", flat=True))
    screens, found = walk(client, starts), {}
    for url, response in screens:
        for msgid in matcher.find(visible_texts(response.content.decode()), content):
            if (shape(url).split("?")[0], msgid) not in ALLOWED_ON:
                found.setdefault(msgid, []).append(url)
    return screens, found


@pytest.mark.parametrize("role", list(ROLES))
def test_every_admin_screen_of_the_role_is_in_chinese(client, world, role):
    users, starts = world
    login(client, users[role])
    with translation.override("zh-hans"):
        screens, found = untranslated_screens(client, starts[role])
    visited = {url for url, _response in screens}
    print(f"{role}: {len(screens)} screens:", *sorted({shape(url) for url in visited}), sep="\n  ")
    assert set(starts[role]) <= visited, sorted(set(starts[role]) - visited)
    assert 5 <= len(screens) < WALK_LIMIT, [url for url, _ in screens]  # all its screens, not a part
    assert not found, "\n".join(f"{msgid!r} on {urls[:3]}" for msgid, urls in sorted(found.items()))


def test_the_check_sees_an_untranslated_wagtail_string(client, world, monkeypatch):
    """Positive control: take away one translation of ours and the walk reports the English."""
    from django.utils.translation import trans_real

    users, starts = world
    login(client, users["editor"])
    with translation.override("zh-hans"):
        catalog = trans_real.translation("zh-hans")._catalog
        for part in catalog._catalogs:
            if "Date updated" in part:
                monkeypatch.delitem(part, "Date updated")
        assert translation.gettext("Date updated") == "Date updated"
        _screens, found = untranslated_screens(client, starts["editor"])
    assert "Date updated" in found


def test_the_catalogues_searched_include_wagtail_localize_and_ours():
    catalogues = {message.catalogue for message in source_messages()}
    assert {"wagtail/admin", "wagtail_localize", "django/conf"} <= catalogues
    assert {str(path.parents[2].relative_to(path.parents[3])) for path in own_catalogues()} == {
        "locale",
        "locale_upstream",
    }


def test_the_upstream_catalogue_is_compiled():
    """The committed .mo files say what their .po files say (`make messages-upstream` after an edit)."""
    import polib
    from django.conf import settings

    directory = settings.LOCALE_PATHS[1] / "zh_Hans" / "LC_MESSAGES"
    for name in ("django", "djangojs"):
        po = polib.pofile(str(directory / f"{name}.po"))
        mo = polib.mofile(str(directory / f"{name}.mo"))

        def entries(catalogue):
            return {(e.msgid, e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in catalogue if e.msgid}

        assert entries(mo) == entries(po), name
