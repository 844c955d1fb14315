"""Committee members see only the nominations assigned to them; the chair sees all and decides;
everyone else sees nothing of the review (awards/permissions.py, awards/admin_views.py)."""

import pytest
from django.urls import reverse

from accounts import roles
from awards.models import Assignment, Nomination, Score
from tests.awards.factories import make_nomination
from tests.factories import login, make_user

pytestmark = pytest.mark.django_db

OTHER_ROLES = [
    roles.SITE_ADMINS,
    roles.CIVIL_AFFAIRS_REVIEWERS,
    roles.PROPAGANDA_EDITORS,
    roles.PROPAGANDA_APPROVERS,
]


@pytest.fixture
def assigned(edition, member):
    nomination = make_nomination(edition, name="已分配的被提名人")
    Assignment.objects.create(nomination=nomination, member=member)
    return nomination


@pytest.fixture
def unassigned(edition):
    return make_nomination(edition, name="未分配的被提名人", contact="13700007777")


# role → (status opening an assigned nomination, status opening an unassigned one). The assigned
# nomination is assigned to the member the test logs in as (when that role reviews).
MATRIX = {
    "committee member": (roles.AWARD_COMMITTEE_MEMBERS, 200, 403),
    "committee chair": (roles.AWARD_COMMITTEE_CHAIR, 200, 200),
    **{role: (role, 403, 403) for role in OTHER_ROLES},
}


@pytest.mark.parametrize("role,assigned_status,unassigned_status", MATRIX.values(), ids=MATRIX.keys())
def test_who_may_open_a_nomination(client, edition, role, assigned_status, unassigned_status):
    user = make_user("someone", role)
    mine = make_nomination(edition, name="分配给我的")
    Assignment.objects.create(nomination=mine, member=user)
    other = make_nomination(edition, name="没分配给我的")
    login(client, user)
    assert client.get(reverse("award_review:nomination", args=[mine.pk])).status_code == assigned_status
    assert client.get(reverse("award_review:nomination", args=[other.pk])).status_code == unassigned_status


def test_anonymous_visitors_are_sent_to_the_login_page(client, assigned):
    response = client.get(reverse("award_review:nomination", args=[assigned.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_member_cannot_score_decide_or_recuse_on_an_unassigned_nomination_and_nothing_changes(
    client, edition, unassigned, member
):
    login(client, member)
    url = reverse("award_review:nomination", args=[unassigned.pk])
    marks = {f"mark_{c.pk}": "9" for c in edition.criteria.all()}
    before = Nomination.objects.get(pk=unassigned.pk).status
    for action, extra in (
        ("score", marks),
        ("declare", {"conflict_reason": "x"}),
        ("decide", {"decision": "shortlist"}),
        ("assign", {"member": member.pk}),
    ):
        assert client.post(url, {"action": action, **extra}).status_code == 403, action
    assert not Score.objects.filter(nomination=unassigned).exists()
    assert not Assignment.objects.filter(nomination=unassigned).exists()
    assert Nomination.objects.get(pk=unassigned.pk).status == before


def test_a_member_cannot_take_the_chairs_decisions_on_an_assigned_nomination(client, assigned, member):
    login(client, member)
    url = reverse("award_review:nomination", args=[assigned.pk])
    assert client.post(url, {"action": "decide", "decision": "shortlist"}).status_code == 403
    assert Nomination.objects.get(pk=assigned.pk).status == assigned.status
    assert client.get(reverse("award_review:edition", args=[assigned.edition_id])).status_code == 403


def test_the_list_shows_a_member_only_their_nominations_and_the_chair_all(
    client, assigned, unassigned, member, chair
):
    login(client, member)
    html = client.get(reverse("award_review:index")).content.decode()
    assert assigned.reference in html and unassigned.reference not in html
    client.logout()
    login(client, chair)
    html = client.get(reverse("award_review:index")).content.decode()
    assert assigned.reference in html and unassigned.reference in html


def test_members_do_not_see_the_nominators_contact_the_chair_does(client, assigned, member, chair):
    url = reverse("award_review:nomination", args=[assigned.pk])
    login(client, member)
    assert assigned.nominator_contact not in client.get(url).content.decode()
    client.logout()
    login(client, chair)
    assert assigned.nominator_contact in client.get(url).content.decode()


def test_a_member_scores_through_the_review_page(client, edition, assigned, member):
    login(client, member)
    url = reverse("award_review:nomination", args=[assigned.pk])
    marks = {f"mark_{c.pk}": "10" for c in edition.criteria.all()}
    response = client.post(url, {"action": "score", "comment": "事迹突出", **marks})
    assert response.status_code == 302
    assert str(Score.objects.get(nomination=assigned, member=member).total) == "100.00"


def test_an_out_of_range_mark_is_explained_and_saves_nothing(client, edition, assigned, member):
    login(client, member)
    url = reverse("award_review:nomination", args=[assigned.pk])
    marks = {f"mark_{c.pk}": "11" for c in edition.criteria.all()}
    response = client.post(url, {"action": "score", **marks})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    assert not Score.objects.filter(nomination=assigned).exists()


def test_a_recused_member_sees_no_other_scores_on_the_review_page(
    client, edition, assigned, member, other_member
):
    Assignment.objects.create(nomination=assigned, member=other_member)
    Score.objects.create(nomination=assigned, member=other_member, total="77.77", comment="另一位委员的评语")
    login(client, member)
    url = reverse("award_review:nomination", args=[assigned.pk])
    client.post(url, {"action": "declare", "conflict_reason": "我是提名人的同事"})
    html = client.get(url).content.decode()
    assert "77.77" not in html and "另一位委员的评语" not in html


def test_a_member_sees_the_others_scores_only_after_giving_their_own(
    client, edition, assigned, member, other_member
):
    Assignment.objects.create(nomination=assigned, member=other_member)
    Score.objects.create(nomination=assigned, member=other_member, total="77.77", comment="另一位委员的评语")
    login(client, member)
    url = reverse("award_review:nomination", args=[assigned.pk])
    assert "77.77" not in client.get(url).content.decode()
    marks = {f"mark_{c.pk}": "5" for c in edition.criteria.all()}
    client.post(url, {"action": "score", **marks})
    assert "77.77" in client.get(url).content.decode()


def test_the_chairs_overview_shows_progress_and_the_leaderboard(client, edition, assigned, chair, member):
    Score.objects.create(nomination=assigned, member=member, total="80.00")
    login(client, chair)
    html = client.get(reverse("award_review:edition", args=[edition.pk])).content.decode()
    assert assigned.reference in html and "80.00" in html


def test_supporting_files_are_downloaded_only_by_those_who_may_open_the_nomination(
    client, assigned, unassigned, member
):
    from django.core.files.base import ContentFile

    from awards.models import NominationFile
    from tests.factories import PDF_BYTES

    files = {}
    for nomination in (assigned, unassigned):
        f = NominationFile(nomination=nomination, original_name="证明.pdf")
        f.file.save("proof.pdf", ContentFile(PDF_BYTES), save=True)
        files[nomination.pk] = f
    login(client, member)
    ok = client.get(reverse("award_review:file", args=[assigned.pk, files[assigned.pk].pk]))
    assert ok.status_code == 200 and "attachment" in ok["Content-Disposition"]
    denied = client.get(reverse("award_review:file", args=[unassigned.pk, files[unassigned.pk].pk]))
    assert denied.status_code == 403


def test_the_chair_is_offered_only_the_decisions_the_status_allows():
    from awards.forms import DecisionForm

    offered = lambda status: [key for key, _ in DecisionForm(status=status).fields["decision"].choices]  # noqa: E731
    assert offered("received") == ["admit", "reject"]
    assert offered("in_review") == ["shortlist", "reject"]
    assert offered("shortlisted") == ["reject", "winner", "revoke"]
    assert offered("winner") == ["revoke"]
    assert offered("rejected") == []


def test_the_chair_decides_through_the_review_page_and_a_missing_reason_is_explained(
    client, edition, assigned, chair
):
    login(client, chair)
    url = reverse("award_review:nomination", args=[assigned.pk])
    response = client.post(url, {"action": "decide", "decision": "reject", "reason": ""}, follow=True)
    assert Nomination.objects.get(pk=assigned.pk).status == "in_review"
    assert response.status_code == 200
    response = client.post(url, {"action": "decide", "decision": "shortlist", "public_summary": "长期助学。"})
    assert response.status_code == 302
    nomination = Nomination.objects.get(pk=assigned.pk)
    assert nomination.status == "shortlisted" and nomination.public_summary == "长期助学。"
