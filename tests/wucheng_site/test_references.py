"""Documents and pages stay inside their owner's reach (wucheng_site/references.py, SitePageForm).

The attacker's review: an organisation account put another organisation's unpublished document on its
own disclosure (attachment and rich-text link), which a normal approval then served to anyone; its
editor printed other documents' names by id; a related-disclosure link pointed at another
organisation's draft, whose title the public page then printed."""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import get_page_models

from accounts import roles
from disclosures.accounts import create_organisation_account, organisation_collection
from disclosures.models import DisclosureAttachment
from tests.disclosures.factories import add_disclosure
from tests.factories import PDF_BYTES, login, make_user, soup
from tests.privacy import shown
from wucheng_site.forms import SitePageForm

SECRET_DOC = "B机构未公开的审计底稿"
SECRET_FILE = "b-confidential-ledger"
SECRET_DRAFT = "B机构尚未发布的草稿标题"


def contentstate(text, entity=None):
    """Draftail's format for a rich-text field: one paragraph, optionally one linked word."""
    block = {
        "key": "a",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    state = {"blocks": [block], "entityMap": {}}
    if entity:
        block["entityRanges"] = [{"offset": 0, "length": len(text), "key": 0}]
        state["entityMap"]["0"] = entity
    return json.dumps(state)


def document_in(organisation, title, filename):
    Document = get_document_model()
    document = Document(title=title, collection=organisation_collection(organisation))
    document.file.save(f"{filename}.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


def edit_data(page, body=None, attachments=(), related=None):
    data = {
        "title": page.title,
        "slug": page.slug,
        "disclosure_type": page.disclosure_type,
        "year": page.year,
        "body": body or contentstate("正文"),
        "related_disclosure": related.pk if related else "",
        "attachments-TOTAL_FORMS": str(len(attachments)),
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "action-save": "save",  # wagtail's "save draft"
    }
    for index, document in enumerate(attachments):
        data[f"attachments-{index}-document"] = document.pk
        data[f"attachments-{index}-title"] = ""
        data[f"attachments-{index}-ORDER"] = str(index + 1)
        data[f"attachments-{index}-id"] = ""
        data[f"attachments-{index}-DELETE"] = ""
    return data


@pytest.fixture
def org_a_user(org_a):
    user, _password = create_organisation_account(org_a, "org-a")
    return user


@pytest.fixture
def b_secrets(org_b):
    """Organisation B's unpublished document (on its draft) and a draft disclosure."""
    document = document_in(org_b, SECRET_DOC, SECRET_FILE)
    draft = add_disclosure(org_b, SECRET_DRAFT, publish=False)
    DisclosureAttachment.objects.create(page=draft, document=document)
    return {"document": document, "draft": draft}


@pytest.fixture
def a_page(org_a):
    return add_disclosure(
        org_a, "A机构的重大事项公告", publish=False, disclosure_type="major_event", year=2025
    )


def assert_nothing_of_b(response):
    text = shown(response)
    for secret in (SECRET_DOC, SECRET_FILE, SECRET_DRAFT):
        assert secret not in text, secret


def post_edit(client, page, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


@pytest.mark.django_db
def test_org_cannot_attach_another_organisations_unpublished_document(client, org_a_user, a_page, b_secrets):
    login(client, org_a_user)
    response = post_edit(client, a_page, edit_data(a_page, attachments=[b_secrets["document"]]))
    assert response.status_code == 200  # the form again, with the error
    assert not DisclosureAttachment.objects.filter(page=a_page).exists()
    a_page.refresh_from_db()
    assert not a_page.get_latest_revision().content.get("attachments")
    assert_nothing_of_b(response)


@pytest.mark.django_db
def test_org_cannot_link_another_organisations_unpublished_document_in_text(
    client, org_a_user, a_page, b_secrets
):
    login(client, org_a_user)
    link = {"type": "DOCUMENT", "mutability": "MUTABLE", "data": {"id": b_secrets["document"].pk}}
    response = post_edit(client, a_page, edit_data(a_page, body=contentstate("附件", link)))
    assert response.status_code == 200
    a_page.refresh_from_db()
    revision = a_page.get_latest_revision()
    assert f'id="{b_secrets["document"].pk}"' not in json.dumps(revision.content)
    assert_nothing_of_b(response)
    assert "附件" in response.content.decode()  # the text is kept, only the link goes


@pytest.mark.django_db
def test_org_cannot_point_related_disclosure_at_another_organisations_draft(
    client, org_a_user, a_page, b_secrets
):
    login(client, org_a_user)
    response = post_edit(client, a_page, edit_data(a_page, related=b_secrets["draft"]))
    assert response.status_code == 200
    a_page.refresh_from_db()
    assert a_page.get_latest_revision().as_object().related_disclosure_id != b_secrets["draft"].pk
    assert_nothing_of_b(response)


@pytest.mark.django_db
def test_org_can_use_its_own_documents_and_published_pages(client, org_a, org_b, org_a_user, a_page):
    own = document_in(org_a, "A机构审计报告", "a-audit")
    published_b = add_disclosure(org_b, "B机构已公开的年度报告")
    link = {"type": "LINK", "mutability": "MUTABLE", "data": {"id": published_b.pk, "url": published_b.url}}
    login(client, org_a_user)
    response = post_edit(
        client,
        a_page,
        edit_data(a_page, body=contentstate("参见", link), attachments=[own], related=published_b),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    a_page.refresh_from_db()
    saved = a_page.get_latest_revision().as_object()
    assert saved.related_disclosure_id == published_b.pk
    assert [a.document_id for a in saved.attachments.all()] == [own.pk]


@pytest.mark.django_db
def test_a_reference_the_page_already_holds_can_stay(client, org_a, org_a_user, b_secrets):
    """A reviewer may have attached something the organisation cannot choose; the organisation can still
    edit the rest of the page."""
    reviewer_doc = document_in(org_a, "民政局补充材料", "bureau-note")
    reviewer_doc.collection = organisation_collection(org_a).get_parent()  # the section's collection
    reviewer_doc.save()
    page = add_disclosure(org_a, "A机构的项目公告", publish=False)
    DisclosureAttachment.objects.create(page=page, document=reviewer_doc)
    page.save_revision()
    login(client, org_a_user)
    response = post_edit(client, page, edit_data(page, attachments=[reviewer_doc]))
    assert response.status_code == 302


@pytest.mark.django_db
def test_editor_cannot_link_an_organisations_unpublished_document_in_a_story(client, b_secrets, home):
    from stories.models import StoryIndexPage

    editor = make_user("story-editor", roles.PROPAGANDA_EDITORS)
    index = StoryIndexPage.objects.child_of(home).get()
    login(client, editor)
    link = {"type": "DOCUMENT", "mutability": "MUTABLE", "data": {"id": b_secrets["document"].pk}}
    url = reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk])
    form = client.get(url).context["form"]
    data = {
        "title": "一个故事",
        "slug": "a-story",
        "summary": "摘要",
        "body-count": "1",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-type": "paragraph",
        "body-0-id": "",
        "body-0-value": contentstate("附件", link),
        "action-save": "save",
    }
    for name in form.formsets:
        data.update(
            {
                f"{name}-TOTAL_FORMS": "0",
                f"{name}-INITIAL_FORMS": "0",
                f"{name}-MIN_NUM_FORMS": "0",
                f"{name}-MAX_NUM_FORMS": "1000",
            }
        )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not index.get_children().filter(title="一个故事").exists()
    assert_nothing_of_b(response)


@pytest.mark.django_db
def test_public_page_names_a_related_disclosure_only_while_it_is_live(client, org_a, b_secrets):
    page = add_disclosure(
        org_a,
        "A机构的更正说明",
        disclosure_type="correction",
        year=2025,
        related_disclosure=b_secrets["draft"],
    )
    response = client.get(page.url)
    body = soup(response)
    assert SECRET_DRAFT not in body.get_text()


def test_every_page_type_of_the_site_checks_references():
    ours = [
        m
        for m in get_page_models()
        if m._meta.app_label in {"home", "disclosures", "stories", "awards", "policies", "oversight"}
    ]
    assert len(ours) >= 13
    for model in ours:
        assert issubclass(model.get_edit_handler().get_form_class(), SitePageForm), model


@pytest.mark.django_db
def test_page_chooser_never_shows_another_organisations_draft(client, org_a, org_b, org_a_user, b_secrets):
    login(client, org_a_user)
    draft = b_secrets["draft"]
    responses = {
        "browse the organisation": client.get(reverse("wagtailadmin_choose_page_child", args=[org_b.pk])),
        "browse into the draft": client.get(reverse("wagtailadmin_choose_page_child", args=[draft.pk])),
        "search": client.get(reverse("wagtailadmin_choose_page_search"), {"q": SECRET_DRAFT}),
        "chosen": client.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": draft.pk}),
    }
    for surface, response in responses.items():
        assert response.status_code in (200, 404), surface
        assert SECRET_DRAFT not in shown(response), surface
    # Positive control: the organisation still finds its own draft and others' published pages.
    own = add_disclosure(org_a, "A机构自己的草稿标题", publish=False)
    found = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "草稿标题"})
    assert own.title in shown(found)
    published = add_disclosure(org_b, "B机构已公开的年度报告")
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[org_b.pk]))
    assert published.title in shown(browse)
