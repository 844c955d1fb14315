"""Each organisation edits only its own pages and documents, and never publishes — enforced by the
server for every action, checked organisation A against organisation B."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import WorkflowState

from accounts import roles
from disclosures.accounts import create_organisation_account, organisation_collection
from disclosures.models import DisclosurePage
from tests.disclosures.factories import add_disclosure
from tests.factories import PASSWORD, login, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login_as_org(client, org, username):
    user, _ = create_organisation_account(org, username)
    user.set_password(PASSWORD)
    user.save()
    login(client, user)
    return user


def edit_post(page, action):
    return {
        "title": page.title + "（修改）",
        "slug": page.slug,
        "disclosure_type": page.disclosure_type,
        "year": page.year,
        "body": '{"blocks":[{"key":"a","text":"改动","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        action: action,
    }


@pytest.fixture
def drafts(org_a, org_b):
    return {
        "a": add_disclosure(org_a, "A的草稿", publish=False),
        "b": add_disclosure(org_b, "B的草稿", publish=False),
    }


@pytest.mark.django_db
def test_org_user_sees_and_edits_own_draft_but_not_anothers(client, org_a, drafts):
    login_as_org(client, org_a, "org-a")
    own, other = drafts["a"], drafts["b"]
    for name, url_name in (
        ("view draft", "wagtailadmin_pages:view_draft"),
        ("edit", "wagtailadmin_pages:edit"),
    ):
        assert client.get(reverse(url_name, args=[own.pk])).status_code == 200, name
        assert client.get(reverse(url_name, args=[other.pk])).status_code in (302, 403), name


@pytest.mark.django_db
def test_org_user_cannot_add_pages_under_another_organisation(client, org_a, org_b):
    login_as_org(client, org_a, "org-a")
    own = reverse("wagtailadmin_pages:add", args=["disclosures", "disclosurepage", org_a.pk])
    other = reverse("wagtailadmin_pages:add", args=["disclosures", "disclosurepage", org_b.pk])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code in (302, 403)


@pytest.mark.django_db
def test_org_user_cannot_submit_another_organisations_draft(client, org_a, drafts):
    login_as_org(client, org_a, "org-a")
    other = drafts["b"]
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[other.pk]), edit_post(other, "action-submit")
    )
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert not WorkflowState.objects.filter(base_content_type__isnull=False, object_id=str(other.pk)).exists()
    assert other.draft_title == "B的草稿"


@pytest.mark.django_db
def test_org_user_submits_own_draft_into_civil_affairs_review(client, org_a, drafts):
    login_as_org(client, org_a, "org-a")
    own = drafts["a"]
    client.post(reverse("wagtailadmin_pages:edit", args=[own.pk]), edit_post(own, "action-submit"))
    own.refresh_from_db()
    state = own.current_workflow_state
    assert state is not None and state.workflow.name == roles.CIVIL_AFFAIRS_REVIEW
    assert not own.live


@pytest.mark.django_db
def test_org_user_cannot_publish_even_own_disclosure(client, org_a, drafts):
    login_as_org(client, org_a, "org-a")
    own = drafts["a"]
    client.post(reverse("wagtailadmin_pages:edit", args=[own.pk]), edit_post(own, "action-publish"))
    own.refresh_from_db()
    assert not own.live
    assert own.live_revision_id is None


@pytest.mark.django_db
def test_org_user_cannot_unpublish_or_delete_another_organisations_page(client, org_a, org_b):
    login_as_org(client, org_a, "org-a")
    other = add_disclosure(org_b, "B已发布")
    for url_name in ("wagtailadmin_pages:unpublish", "wagtailadmin_pages:delete"):
        response = client.post(reverse(url_name, args=[other.pk]))
        assert response.status_code in (302, 403), url_name
    other.refresh_from_db()
    assert other.live


@pytest.mark.django_db
def test_civil_affairs_reviewer_approves_and_the_disclosure_is_published(client, org_a, drafts):
    login_as_org(client, org_a, "org-a")
    own = drafts["a"]
    client.post(reverse("wagtailadmin_pages:edit", args=[own.pk]), edit_post(own, "action-submit"))
    client.logout()
    reviewer = make_user("reviewer-1", roles.CIVIL_AFFAIRS_REVIEWERS)
    own.refresh_from_db()
    state = own.current_workflow_state
    state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "approve")
    own.refresh_from_db()
    assert own.live
    assert own.title == "A的草稿（修改）"


def upload(client, collection):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": "上传测试", "collection": collection.pk, "file": SimpleUploadedFile("x.pdf", PDF)},
    )


@pytest.mark.django_db
def test_org_user_uploads_into_own_collection_only(client, org_a, org_b):
    login_as_org(client, org_a, "org-a")
    Document = get_document_model()
    own, other = organisation_collection(org_a), organisation_collection(org_b)
    upload(client, other)
    assert not Document.objects.filter(collection=other, title="上传测试").exists()
    upload(client, own)
    assert Document.objects.filter(collection=own, title="上传测试").exists()


@pytest.mark.django_db
def test_org_user_cannot_see_or_choose_another_organisations_documents(client, org_a, org_b):
    Document = get_document_model()
    secret = Document.objects.create(
        title="B的内部文件", collection=organisation_collection(org_b), file=SimpleUploadedFile("b.pdf", PDF)
    )
    login_as_org(client, org_a, "org-a")
    assert "B的内部文件" not in client.get(reverse("wagtaildocs:index")).content.decode()
    assert "B的内部文件" not in client.get(reverse("wagtaildocs_chooser:choose")).content.decode()
    assert client.get(reverse("wagtaildocs:edit", args=[secret.pk])).status_code in (302, 403)


@pytest.mark.django_db
def test_create_org_account_is_idempotent_and_keeps_one_organisation_per_user(org_a, org_b):
    user, password = create_organisation_account(org_a, "org-x")
    assert password
    again, second_password = create_organisation_account(org_a, "org-x")
    assert again == user and second_password is None
    assert user.groups.count() == 1
    with pytest.raises(ValueError):
        create_organisation_account(org_b, "org-x")


@pytest.mark.django_db
def test_staff_accounts_cannot_become_organisation_accounts(org_a):
    make_user("staffer", roles.CIVIL_AFFAIRS_REVIEWERS)
    with pytest.raises(ValueError):
        create_organisation_account(org_a, "staffer")


@pytest.mark.django_db
def test_create_org_account_command(org_a):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("create_org_account", org_a.credit_code.lower(), "org-cmd", stdout=out)
    assert "org-cmd" in out.getvalue() and "password" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("create_org_account", "53330702MJ73PWQ39E", "nobody", stdout=StringIO())


@pytest.mark.django_db
def test_draft_attachment_is_not_served_until_its_disclosure_is_published(client, org_a):
    from disclosures.models import DisclosureAttachment

    Document = get_document_model()
    document = Document.objects.create(
        title="附件", collection=organisation_collection(org_a), file=SimpleUploadedFile("att.pdf", PDF)
    )
    draft = add_disclosure(org_a, "带附件的草稿", publish=False)
    draft.attachments = [DisclosureAttachment(document=document)]
    draft.save()
    assert client.get(document.url).status_code == 404
    draft.save_revision().publish(skip_permission_checks=True)
    assert client.get(document.url).status_code == 200


@pytest.mark.django_db
def test_disclosure_pages_only_go_below_organisations():
    assert DisclosurePage.parent_page_types == ["disclosures.OrganisationPage"]
