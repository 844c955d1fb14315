"""Public comment on drafts: the window, the form's guards, and privacy until moderation."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts import roles
from policies.models import PolicyComment
from tests.factories import login, make_user
from tests.policies.factories import make_comment, make_policy_in_force, set_comment_period
from tests.privacy import leaks, public_outputs

SECRET_BODY = "建议设立独角兽慈善观察员岗位"
SECRET_NAME = "隐私测试人甲"
SECRET_CONTACT = "13912345678"


def comment_data(**overrides):
    data = {
        "section": "任务清单第3项",
        "body": SECRET_BODY,
        "name": SECRET_NAME,
        "contact": SECRET_CONTACT,
        "consent": "on",
    }
    return data | overrides


@pytest.fixture
def open_plan(plan):
    cache.clear()
    return set_comment_period(plan, -3, 10)


@pytest.mark.django_db
def test_open_draft_takes_a_comment_and_gives_a_reference(client, open_plan):
    response = client.post(open_plan.url + "comment/", comment_data(), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(open_plan.url + "comment/thanks/", 303)]
    comment = PolicyComment.objects.get(body=SECRET_BODY)
    assert comment.reference in response.content.decode()
    assert (comment.name, comment.contact, comment.moderation) == (
        SECRET_NAME,
        SECRET_CONTACT,
        PolicyComment.Moderation.PENDING,
    )


@pytest.mark.django_db
def test_anonymous_comment_is_accepted(client, open_plan):
    client.post(open_plan.url + "comment/", comment_data(name="", contact=""))
    assert PolicyComment.objects.filter(body=SECRET_BODY, name="", contact="").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("opens, closes", [(1, 10), (-10, -1)])
def test_outside_the_period_the_form_is_closed_and_keeps_nothing(client, plan, opens, closes):
    set_comment_period(plan, opens, closes)
    response = client.get(plan.url + "comment/")
    assert response.status_code == 200
    assert 'name="body"' not in response.content.decode()
    client.post(plan.url + "comment/", comment_data())
    assert not PolicyComment.objects.filter(body=SECRET_BODY).exists()


@pytest.mark.django_db
def test_policy_in_force_takes_no_comment(client):
    today = timezone.localdate()
    page = make_policy_in_force(
        comment_opens_on=today - datetime.timedelta(days=3),
        comment_closes_on=today + datetime.timedelta(days=10),
    )
    response = client.get(page.url + "comment/")
    assert response.status_code == 200 and 'name="body"' not in response.content.decode()
    client.post(page.url + "comment/", comment_data())
    assert not PolicyComment.objects.filter(body=SECRET_BODY).exists()


@pytest.mark.django_db
def test_invalid_comment_shows_each_error_and_keeps_what_was_typed(client, open_plan):
    response = client.post(open_plan.url + "comment/", comment_data(body="", consent=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写您的意见" in html and "请勾选同意" in html
    assert SECRET_NAME in html and SECRET_CONTACT in html  # kept in the form, not lost
    assert not PolicyComment.objects.filter(name=SECRET_NAME).exists()


@pytest.mark.django_db
def test_honeypot_submission_is_answered_but_not_kept(client, open_plan):
    response = client.post(
        open_plan.url + "comment/", comment_data(website="http://spam.example"), follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain == [(open_plan.url + "comment/thanks/", 303)]
    assert not PolicyComment.objects.filter(body=SECRET_BODY).exists()
    # Indistinguishable from an accepted comment: the same page with a reference of the same form.
    reference = response.context["reference"]
    assert reference.startswith("YJ-") and reference in response.content.decode()


@pytest.mark.django_db
def test_rate_limit_refuses_a_flood_without_losing_the_text(client, open_plan, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = (2, 3600)
    for n in range(2):
        assert (
            client.post(open_plan.url + "comment/", comment_data(body=f"第{n}条意见内容")).status_code == 303
        )
    response = client.post(open_plan.url + "comment/", comment_data(body="第三条意见内容"))
    assert response.status_code == 429
    assert "第三条意见内容" in response.content.decode()
    assert PolicyComment.objects.filter(body__startswith="第").count() == 2


@pytest.mark.django_db
def test_unmoderated_comment_appears_in_no_public_output(client, open_plan, translated_plan):
    client.post(open_plan.url + "comment/", comment_data())
    outputs = public_outputs(
        client,
        search_terms=["独角兽慈善观察员", SECRET_CONTACT],
        extra_urls=[
            open_plan.url,
            open_plan.url + "progress/",
            open_plan.get_parent().url,
            translated_plan.url,
        ],
    )
    assert leaks(outputs, [SECRET_BODY, "独角兽慈善观察员", SECRET_NAME, SECRET_CONTACT]) == []


@pytest.mark.django_db
def test_published_comment_shows_its_text_but_never_name_or_contact(client, open_plan):
    client.post(open_plan.url + "comment/", comment_data())
    PolicyComment.objects.filter(body=SECRET_BODY).update(
        moderation=PolicyComment.Moderation.PUBLISHED, response="已研究。"
    )
    html = client.get(open_plan.url).content.decode()
    assert SECRET_BODY in html and "已研究。" in html
    assert SECRET_NAME not in html and SECRET_CONTACT not in html


@pytest.mark.django_db
def test_feedback_summary_is_shown_only_after_the_period(client, plan):
    plan.feedback_summary = "<p>共收到意见12条，采纳8条。</p>"
    set_comment_period(plan, -3, 10)
    assert "共收到意见12条" not in client.get(plan.url).content.decode()
    set_comment_period(plan, -10, -1)
    assert "共收到意见12条" in client.get(plan.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "group, can_see",
    [
        (roles.CIVIL_AFFAIRS_REVIEWERS, True),
        (roles.SITE_ADMINS, False),
        (roles.PROPAGANDA_EDITORS, False),
        (roles.PROPAGANDA_APPROVERS, False),
        (roles.AWARD_COMMITTEE_MEMBERS, False),
        (roles.AWARD_COMMITTEE_CHAIR, False),
    ],
)
def test_only_civil_affairs_staff_see_comments_in_the_admin(client, plan, group, can_see):
    comment = make_comment(plan, "希望增加对老年志愿者的保险保障。", name="测试居民", contact="13900000000")
    login(client, make_user("staff", group))
    listing = client.get("/admin/snippets/policies/policycomment/")
    edit = client.get(f"/admin/snippets/policies/policycomment/edit/{comment.pk}/")
    if can_see:
        assert listing.status_code == 200 and comment.contact in edit.content.decode()
    else:
        assert listing.status_code in (302, 403) and edit.status_code in (302, 403)
        assert comment.contact not in edit.content.decode()
