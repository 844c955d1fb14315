"""Every kind of page the site serves, as the accessibility and validity checks visit them
(test_accessibility.py with axe-core, test_html_validity.py with the Nu Html Checker).

``PAGE_TYPES`` are checked at phone and desktop width in both display modes, and photographed;
``MORE_PAGES`` (other languages and states of those types, the smaller pages) at desktop width in both
modes. ``ADMIN_ROLES``: the admin dashboard of each staff role (the admin has no display modes).
A page is a path or a function of the browser world (tests/browser/world.py) giving one.
"""

from django.test import Client

from accounts import roles
from tests.factories import login, make_user

PAGE_TYPES = {
    "home page": "/",
    "directory of organisations": "/disclosures/",
    "organisation profile with chart": lambda world: world.federation.url,
    # Has an attachment and a related disclosure.
    "disclosure": lambda world: world.progress_report.url,
    "compliance overview": "/disclosures/compliance/",
    "open data": "/open-data/",
    "search results": "/search/?q=慈善",
    "stories": "/stories/",
    "story page with a gallery": lambda world: world.gallery_story.url,
    "policies": "/policies/",
    "policy progress tracker": lambda world: world.plan.url + "progress/",
    "award edition": lambda world: world.open_edition.url,
    "award winner": lambda world: world.winner.url,
    "oversight report form": "/oversight/report/",
    "standard page": "/about/",
}

MORE_PAGES = {
    "English home page": "/en/",
    "English accessibility statement": "/en/accessibility/",
    "English directory of organisations": "/en/disclosures/",
    "English story page with a quote and an image": lambda world: world.english_quote_story.url,
    "campaign page with figures": lambda world: world.campaign.url,
    "award nomination form": lambda world: world.open_edition.url + "nominate/",
    "award shortlist notice": lambda world: world.notice.url,
    "announced award edition": lambda world: world.announced_edition.url,
    "all award winners": lambda world: world.english_awards.url + "winners/",
    "policy document": lambda world: world.plan.url,
    "policy comment form": lambda world: world.plan.url + "comment/",
    "oversight page": "/oversight/",
    "oversight report status": "/oversight/report/status/",
    "oversight inspection round": lambda world: world.inspection_round.url,
    "English oversight inspection round": lambda world: world.english_inspection_round.url,
    "oversight on a listed organisation's profile": lambda world: world.mutual_aid.url,
    "page not found": "/this-page-does-not-exist/",
}
NOT_FOUND = {"/this-page-does-not-exist/"}

MODES = {"standard mode": "standard", "elderly-friendly mode": "large"}
WIDTHS = ("desktop", "phone")


def path_of(page, world):
    return page if isinstance(page, str) else page(world)


def _organisation_account(world):
    from disclosures.accounts import create_organisation_account

    user, _password = create_organisation_account(world.federation, "a11y-organisation")
    return user


# Role → a user of it (made in the calling test's transaction). Superusers, reviewers and the award
# committee are signed in with their second factor given (tests.factories.login).
ADMIN_ROLES = {
    "superuser": lambda world: make_user("a11y-superuser", superuser=True),
    "site administrator": lambda world: make_user("a11y-siteadmin", roles.SITE_ADMINS),
    "civil affairs reviewer": lambda world: make_user("a11y-reviewer", roles.CIVIL_AFFAIRS_REVIEWERS),
    "propaganda editor": lambda world: make_user("a11y-editor", roles.PROPAGANDA_EDITORS),
    "propaganda approver": lambda world: make_user("a11y-approver", roles.PROPAGANDA_APPROVERS),
    "award committee chair": lambda world: make_user("a11y-chair", roles.AWARD_COMMITTEE_CHAIR),
    "award committee member": lambda world: make_user("a11y-member", roles.AWARD_COMMITTEE_MEMBERS),
    "organisation account": _organisation_account,
}
DASHBOARD = "/admin/"


def signed_in_client(role, world):
    """A test client signed in as a new user of ``role`` (password and, where needed, second factor)."""
    client = Client()
    login(client, ADMIN_ROLES[role](world))
    return client
