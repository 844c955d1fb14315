"""The permission matrix of issue 11 (item 8): every role × every private object × every surface.

``World`` builds the private objects through the site's own code paths (the award decisions, the
report store, the admin's document upload, page revisions and workflows), each with unique marker
strings ("needles") in every private field. ``SURFACES`` lists every output that could show one of
them: the public site (pages, feeds, sitemap, search, suggest, API, open data, document serving) and
every admin listing, chooser, history, usage, report, API and download found in the URL
configuration (see ``NOT_SURFACES``). ``check_cell`` says whether one role's response on
one surface keeps one object's needles to those allowed to see it.

Needles are the Han (or e-mail, phone, reference) part of each value; searches use a separate Latin
token stored next to it, so a page that echoes the query never contains a needle by itself.
"""

import contextlib
import datetime
import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts import roles

# --- roles --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    key: str  # pytest id
    label: str  # for messages
    groups: tuple = ()
    superuser: bool = False
    organisation: str = ""  # "a" or "b": an organisation account of ORG_A / ORG_B


ANONYMOUS = "anonymous"
SUPERUSER = "superuser"
SITE_ADMIN = "site-admin"
REVIEWER = "civil-affairs-reviewer"
EDITOR = "propaganda-editor"
APPROVER = "propaganda-approver"
MEMBER = "committee-member-assigned"
OTHER_MEMBER = "committee-member-unassigned"
CHAIR = "committee-chair"
ORG_A = "org-a"
ORG_B = "org-b"

ROLES = [
    Role(ANONYMOUS, "anonymous visitor"),
    Role(SUPERUSER, "superuser", superuser=True),
    Role(SITE_ADMIN, roles.SITE_ADMINS, (roles.SITE_ADMINS,)),
    Role(REVIEWER, roles.CIVIL_AFFAIRS_REVIEWERS, (roles.CIVIL_AFFAIRS_REVIEWERS,)),
    Role(EDITOR, roles.PROPAGANDA_EDITORS, (roles.PROPAGANDA_EDITORS,)),
    Role(APPROVER, roles.PROPAGANDA_APPROVERS, (roles.PROPAGANDA_APPROVERS,)),
    Role(MEMBER, f"{roles.AWARD_COMMITTEE_MEMBERS} (assigned)", (roles.AWARD_COMMITTEE_MEMBERS,)),
    Role(OTHER_MEMBER, f"{roles.AWARD_COMMITTEE_MEMBERS} (not assigned)", (roles.AWARD_COMMITTEE_MEMBERS,)),
    Role(CHAIR, roles.AWARD_COMMITTEE_CHAIR, (roles.AWARD_COMMITTEE_CHAIR,)),
    Role(ORG_A, "organisation account of A", organisation="a"),
    Role(ORG_B, "organisation account of B", organisation="b"),
]

# --- private objects ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrivateObject:
    key: str
    label: str
    allowed: frozenset  # role keys that may see it
    needles: dict  # field → marker text that must stay private (references are added by World)
    personal: tuple = ()  # fields that are personal data: never in any log label, for anyone
    stored: dict = field(default_factory=dict)  # field → the value stored (needle + search token)
    search_term: str = ""  # a Latin token stored next to a needle: typed into the public searches


COMMITTEE = frozenset({SUPERUSER, CHAIR, MEMBER})
DECIDERS = frozenset({SUPERUSER, CHAIR})
CIVIL_AFFAIRS = frozenset({SUPERUSER, REVIEWER})
ORG_B_AND_STAFF = frozenset({SUPERUSER, SITE_ADMIN, REVIEWER, ORG_B})
SEARCH_PROMOTERS = frozenset({SUPERUSER, SITE_ADMIN})
NOBODY = frozenset()


def _pdf(marker):
    """A file that passes the upload checks (PDF signature), with a marker in its bytes."""
    return f"%PDF-1.4\n% {marker}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()


def _id_number(first17):
    """A Chinese resident ID number with a valid check digit (GB 11643)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


NOMINATION = PrivateObject(
    "nomination",
    "nomination",
    COMMITTEE,
    needles={
        "nominee name": "邵矩阵甲提名",
        "nominator name": "卢矩阵乙荐人",
        "nominator phone": "13907310001",
        "deeds": "矩阵丙事迹",
    },
    personal=("nominee name", "nominator name", "nominator phone"),
    stored={"deeds": "矩阵丙事迹 mxnomdeeds：二十年来坚持资助困难学生，组织志愿者开展助老服务。"},
    search_term="mxnomdeeds",
)
NOMINATION_FILE = PrivateObject(
    "nomination-file",
    "nomination's supporting file",
    COMMITTEE,
    needles={"file name": "矩阵丁附件", "file content": "mxnomfilebody"},
    stored={"file name": "矩阵丁附件mxnomfile.pdf"},
    search_term="mxnomfile",
)
OBJECTION = PrivateObject(
    "objection",
    "objection",
    DECIDERS,
    needles={
        "objector name": "何矩阵戊异议",
        "objector e-mail": "mx-objector@example.invalid",
        "grounds": "矩阵己理由",
    },
    personal=("objector name", "objector e-mail"),
    stored={"grounds": "矩阵己理由 mxobjection：捐赠金额与事实不符，请核实。"},
    search_term="mxobjection",
)
REPORT = PrivateObject(
    "report",
    "report of concern",
    CIVIL_AFFAIRS,
    needles={
        "reporter name": "吕矩阵庚举报",
        "reporter e-mail": "mx-reporter@example.invalid",
        "description": "矩阵辛举报",
    },
    personal=("reporter name", "reporter e-mail"),
    stored={"description": "矩阵辛举报 mxreport：善款去向不明，请调查核实。"},
    search_term="mxreport",
)
EVIDENCE = PrivateObject(
    "evidence",
    "report's evidence file",
    CIVIL_AFFAIRS,
    needles={"file name": "矩阵壬证据", "file content": "mxevidencebody"},
    stored={"file name": "矩阵壬证据mxevidence.pdf"},
    search_term="mxevidence",
)
COMMENT = PrivateObject(
    "policy-comment",
    "pending policy comment",
    CIVIL_AFFAIRS,
    needles={
        "commenter name": "冯矩阵癸意见",
        "commenter phone": "13907310003",
        "comment": "矩阵子意见",
        "section": "矩阵丑章节",
    },
    personal=("commenter name", "commenter phone"),
    stored={"comment": "矩阵子意见 mxcomment：建议增设社区慈善站点。"},
    search_term="mxcomment",
)
DRAFT_PAGE = PrivateObject(
    "draft-page",
    "org B's never-published disclosure",
    ORG_B_AND_STAFF,
    needles={"title": "矩阵寅草稿", "text": "矩阵卯正文", "attachment title": "矩阵辰附件"},
    stored={"title": "矩阵寅草稿 mxdraftpage", "text": "矩阵卯正文 mxdraftbody"},
    search_term="mxdraftpage",
)
DRAFT_REVISION = PrivateObject(
    "draft-revision",
    "org B's unpublished draft of a live disclosure",
    ORG_B_AND_STAFF,
    needles={"draft title": "矩阵巳新题", "draft text": "矩阵午新文"},
    stored={"draft title": "矩阵巳新题 mxdraftrev", "draft text": "矩阵午新文 mxdraftrevbody"},
    search_term="mxdraftrev",
)
DOCUMENT = PrivateObject(
    "document",
    "org B's unpublished document",
    ORG_B_AND_STAFF,
    needles={"title": "矩阵未文档", "file name": "矩阵申文件", "file content": "mxdocbody"},
    stored={"title": "矩阵未文档 mxdocument", "file name": "矩阵申文件mxdocfile.pdf"},
    search_term="mxdocument",
)
SEARCH_QUERY = PrivateObject(
    "search-query",
    "query typed into the public search",
    SEARCH_PROMOTERS,
    needles={"query": "矩阵酉公众查询"},
    search_term="酉公众查询",
)
PERSONAL_QUERY = PrivateObject(
    "personal-search-query",
    "personal data typed into the public search",
    NOBODY,
    needles={
        "phone": "13907319999",
        "e-mail": "mx-searcher@example.invalid",
        "ID number": _id_number("33070219900101123"),
    },
    personal=("phone", "e-mail", "ID number"),
    search_term="mx-searcher",
)

OBJECTS = [
    NOMINATION,
    NOMINATION_FILE,
    OBJECTION,
    REPORT,
    EVIDENCE,
    COMMENT,
    DRAFT_PAGE,
    DRAFT_REVISION,
    DOCUMENT,
    SEARCH_QUERY,
    PERSONAL_QUERY,
]

# Live text that search surfaces must find (the checks' own positive control).
LIVE_TITLE = "矩阵公开页 mxlivepage"
LIVE_NEEDLE = "矩阵公开页"

# --- the world ------------------------------------------------------------------------------------


def make_organisations():
    """Organisations A and B of the roles ORG_A and ORG_B (published, without accounts: World makes
    them), built on the bare site as tests/conftest.py's ``org_a`` and ``org_b`` are."""
    from tests import conftest
    from tests.factories import make_organisation

    org_a = make_organisation(
        "婺城区慈善总会",
        credit_code=conftest.ORG_A,
        public_fundraising=True,
        public_fundraising_since=datetime.date(2017, 3, 20),
        rating="5A",
        rating_year=2023,
    )
    org_b = make_organisation(
        "金华市婺城区春晖助学基金会", credit_code=conftest.ORG_B, kind="foundation", town="西关街道"
    )
    return org_a, org_b


class World:
    """Users for every role and the private objects, made as the site makes them, on the bare site
    that setup_site built: everything else they need (organisations A and B, the award edition, the
    policy open for comments) comes from the test factories."""

    def __init__(self, org_a, org_b):
        from django.core.cache import cache
        from django.test import Client
        from wagtail.models import Page

        from awards import decisions, phases
        from awards.models import Nomination
        from disclosures.accounts import create_organisation_account
        from oversight.models import OversightIndexPage, Report
        from oversight.reports import receive_report
        from policies.models import PolicyComment
        from tests.awards.factories import make_edition, make_nomination, set_phase
        from tests.factories import login, make_user
        from tests.policies.factories import make_policy
        from wucheng_site.public_forms import unique_reference

        cache.clear()  # public-form rate limits live in the cache
        self.org_a, self.org_b = org_a, org_b
        self.users = {}
        for role in ROLES:
            username = f"mx-{role.key}"
            if role.key == ANONYMOUS:
                continue
            if role.organisation:
                org = org_a if role.organisation == "a" else org_b
                self.users[role.key], _ = create_organisation_account(org, username)
            else:
                self.users[role.key] = make_user(username, *role.groups, superuser=role.superuser)
        self.needles = {obj.key: dict(obj.needles) for obj in OBJECTS}

        # Nomination with a supporting file, received in the nomination phase; reviewed later.
        chair = self.users[CHAIR]
        edition = make_edition(phases.Phase.NOMINATION, slug="matrix")
        category = edition.categories.get(nominee_kind="individual")
        cleaned = {
            "nominee_name": NOMINATION.needles["nominee name"],
            "nominee_kind": "individual",
            "locality": "城中街道",
            "deeds": NOMINATION.stored["deeds"],
            "amount": None,
            "nominator_name": NOMINATION.needles["nominator name"],
            "nominator_contact": NOMINATION.needles["nominator phone"],
        }
        upload = SimpleUploadedFile(
            NOMINATION_FILE.stored["file name"], _pdf(NOMINATION_FILE.needles["file content"])
        )
        self.nomination = decisions.receive_nomination(edition, category, cleaned, [upload])
        self.nomination_file = self.nomination.files.get()
        self.needles[NOMINATION.key]["reference"] = self.nomination.reference
        # A shortlisted nomination (public once the notice is out) that receives the objection.
        shortlisted = make_nomination(edition, name="矩阵入围公开名", status="shortlisted")
        set_phase(edition, phases.Phase.NOTICE)
        self.notice = decisions.publish_shortlist(edition, chair)
        self.objection = decisions.receive_objection(
            self.notice,
            shortlisted,
            {
                "name": OBJECTION.needles["objector name"],
                "contact": OBJECTION.needles["objector e-mail"],
                "grounds": OBJECTION.stored["grounds"],
            },
        )
        self.needles[OBJECTION.key]["reference"] = self.objection.reference
        self.shortlisted = shortlisted
        decisions.assign(self.nomination, self.users[MEMBER], chair)
        self.edition = edition
        assert Nomination.objects.filter(
            pk=self.nomination.pk, assignments__member=self.users[MEMBER]
        ).exists()

        # Report of concern about org B, with an evidence file (as the public form stores it).
        evidence = SimpleUploadedFile(EVIDENCE.stored["file name"], _pdf(EVIDENCE.needles["file content"]))
        self.report, _token = receive_report(
            {
                "organisation": org_b,
                "description": REPORT.stored["description"],
                "reporter_name": REPORT.needles["reporter name"],
                "reporter_contact": REPORT.needles["reporter e-mail"],
                "evidence": [evidence],
            }
        )
        self.evidence = self.report.evidence.get()
        self.needles[REPORT.key]["reference"] = Report.objects.get(pk=self.report.pk).reference

        # A draft plan open for comments, with a pending comment (what policies.form_views.comment_form
        # stores).
        self.plan = make_policy(
            "婺城区慈善事业发展规划（矩阵测试稿）",
            comment_opens_on=timezone.localdate() - datetime.timedelta(days=3),
            comment_closes_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        self.comment = PolicyComment.objects.create(
            policy=self.plan,
            reference=unique_reference("YJ", PolicyComment),
            section=COMMENT.needles["section"],
            body=COMMENT.stored["comment"],
            name=COMMENT.needles["commenter name"],
            contact=COMMENT.needles["commenter phone"],
        )
        self.needles[COMMENT.key]["reference"] = self.comment.reference

        # Org B uploads a document through the admin into its own collection.
        self.document = self._upload_document(Client(), login)

        # Org B's never-published disclosure, with the document attached and linked in its text.
        self.draft = self._add_disclosure(
            org_b,
            DRAFT_PAGE.stored["title"],
            body=(
                f"<p>{DRAFT_PAGE.stored['text']}"
                f' <a linktype="document" id="{self.document.pk}">附件链接</a></p>'
            ),
            attachment=(self.document, DRAFT_PAGE.needles["attachment title"]),
            publish=False,
        )
        # A live disclosure of org B whose newer draft (submitted for review) has a private title.
        self.live = self._add_disclosure(org_b, LIVE_TITLE, body="<p>公开正文</p>", publish=True)
        self.live.title = DRAFT_REVISION.stored["draft title"]
        self.live.body = f"<p>{DRAFT_REVISION.stored['draft text']}</p>"
        self.live.save_revision(user=self.users[ORG_B])
        self.live.get_workflow().start(self.live, self.users[ORG_B])
        # Live pages of org B that refer (related disclosure) to its draft and to the live page.
        self.refers_to_draft = self._add_disclosure(
            org_b, "矩阵乙方引草稿", body="<p>引用</p>", publish=True, related_disclosure=self.draft
        )
        self.refers_to_live = self._add_disclosure(
            org_b, "矩阵乙方引公开", body="<p>引用</p>", publish=True, related_disclosure=self.live
        )
        # A live page of org A referring to org B's draft, as one could be saved before references were
        # validated (so model validation is skipped here): its editor and public page must not tell.
        self.legacy_reference = self._add_disclosure(
            org_a, "矩阵甲方旧引用", body="<p>引用</p>", publish=False
        )
        self.legacy_reference.related_disclosure = self.draft
        self.legacy_reference.save(clean=False)
        self.legacy_reference.save_revision(user=self.users[ORG_A], clean=False).publish(
            user=self.users[REVIEWER], skip_permission_checks=True
        )

        self.workflow_state = self.live.current_workflow_state
        self.task = self.workflow_state.current_task_state.task
        self.oversight = OversightIndexPage.objects.get(locale__language_code="zh-hans")
        self.api_page_count = Page.objects.live().public().count()

        # Queries typed by the public into the site search (stored for the search statistics).
        anonymous = Client()
        for query in (SEARCH_QUERY.needles["query"], *PERSONAL_QUERY.needles.values()):
            assert anonymous.get("/search/", {"q": query}).status_code == 200
        from search import query_log

        query_log.flush()  # hits are written in batches (search/query_log.py)
        cache.clear()

    def _upload_document(self, client, login):
        from wagtail.documents import get_document_model

        from disclosures.accounts import organisation_collection

        login(client, self.users[ORG_B])
        response = client.post(
            reverse("wagtaildocs:add"),
            {
                "title": DOCUMENT.stored["title"],
                "collection": organisation_collection(self.org_b).pk,
                "file": SimpleUploadedFile(
                    DOCUMENT.stored["file name"], _pdf(DOCUMENT.needles["file content"])
                ),
            },
        )
        assert response.status_code == 302, response.content[:500]
        return get_document_model().objects.get(title=DOCUMENT.stored["title"])

    def _add_disclosure(self, org, title, body, publish, attachment=None, related_disclosure=None):

        from disclosures.models import DisclosureAttachment, DisclosurePage

        page = DisclosurePage(
            title=title,
            slug=f"matrix-{DisclosurePage.objects.count()}",
            live=False,
            disclosure_type="major_event",
            year=2025,
            body=body,
            related_disclosure=related_disclosure,
            owner=self.users[ORG_B] if org.pk == self.org_b.pk else self.users[ORG_A],
        )
        if attachment:
            page.attachments.add(DisclosureAttachment(document=attachment[0], title=attachment[1]))
        org.add_child(instance=page)
        revision = page.save_revision(user=page.owner)
        if publish:
            revision.publish(user=self.users[REVIEWER])
        page.refresh_from_db()
        return page


# --- surfaces -------------------------------------------------------------------------------------

# PUBLIC: nobody, not even a superuser, sees a needle. ADMIN: only the object's allowed roles do.
# HISTORY: as ADMIN, and personal data never appears, for anyone (log labels). DOWNLOAD: as ADMIN,
# and roles not allowed to see the file's ``owner`` object get a refusal, whatever the body says.
PUBLIC, ADMIN, HISTORY, DOWNLOAD = "public", "admin", "history", "download"


@dataclass(frozen=True)
class Surface:
    key: str
    kind: str
    urls: object  # World → [url]; "@sitemap" stands for every page the sitemap lists
    # The admin URL names this surface stands for (see NOT_SURFACES): a listing and its results-only
    # twin (``…_results``) render the same rows, revisions_index redirects to history.
    url_names: tuple = ()
    owner: str = ""  # DOWNLOAD: the object whose file it serves
    signed_in_urls: object = None  # World → [url] for signed-in roles, when fewer suffice (see PUBLIC)


# One public query for everything: the site search takes "a OR b"; 矩阵 is in every Han needle, the
# Latin tokens in the stored text; mxlivepage finds the live page (the searches' positive control).
PUBLIC_QUERY = " OR ".join(["矩阵", *(obj.search_term for obj in OBJECTS if obj.search_term), "mxlivepage"])

# One character away from the drafts' titles (DRAFT_PAGE, DRAFT_REVISION): a "did you mean" built from
# every title would offer them.
NEAR_MISSES = ["矩阵寅草搞 mxdraftpage", "矩阵巳新提 mxdraftrev"]


def _u(name, *args, query=""):
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


def _comment(view, *args, query=""):
    return _u(f"wagtailsnippets_policies_policycomment:{view}", *args, query=query)


def _comment_chooser(view, *args, query=""):
    return _u(f"wagtailsnippetchoosers_policies_policycomment:{view}", *args, query=query)


def _pages_around_objects(w):
    """The public pages built from the objects' neighbours: where a leak would show first."""
    return [
        w.org_b.get_url(),
        f"{w.org_b.get_url()}{w.draft.slug}/",  # the never-published draft's would-be address: 404
        w.live.get_url(),
        w.refers_to_draft.get_url(),
        w.refers_to_live.get_url(),
        w.legacy_reference.get_url(),
        w.plan.get_url(),
        w.notice.get_url(),
    ]


def _public_pages(w):
    return [
        "/",
        "/en/",
        w.org_b.get_parent().get_url(),  # the directory
        w.org_a.get_url(),
        *_pages_around_objects(w),
        w.plan.get_url() + "comment/",
        w.edition.get_parent().get_url(),
        w.edition.get_url(),
        w.oversight.get_url(),
    ]


SURFACES = [
    # --- the public site ---
    # Public pages differ for signed-in users only by Wagtail's user bar (the other public views do not
    # look at the user): signed-in roles fetch the pages around the objects, anonymous visitors more.
    Surface(
        "public pages (home, directory, org A/B, disclosures, plan, awards, oversight)",
        PUBLIC,
        _public_pages,
        signed_in_urls=_pages_around_objects,
    ),
    # Anonymous visitors fetch every page the sitemap lists. Signed-in roles get the same pages plus
    # Wagtail's user bar: they fetch the pages around the objects ("public pages") but not the crawl,
    # which would double the matrix's time for no new code path.
    Surface("every page listed in the sitemap", PUBLIC, lambda w: ["@sitemap"]),
    Surface("sitemap.xml", PUBLIC, lambda w: ["/sitemap.xml"], ("sitemap",)),
    Surface(
        "story feeds (RSS/Atom, both languages)",
        PUBLIC,
        lambda w: [f"{p}/stories/feed/{k}/" for p in ("", "/en") for k in ("rss", "atom")],
    ),
    Surface(
        "open data (index, CSV, JSON)",
        PUBLIC,
        lambda w: (
            ["/open-data/"]
            + [f"/open-data/{n}.{e}" for n in ("organisations", "disclosures") for e in ("csv", "json")]
        ),
        ("open_data", "open_data_file"),
    ),
    Surface(
        "site search HTML (both languages)",
        PUBLIC,
        lambda w: [f"{p}/search/?q={quote(PUBLIC_QUERY)}" for p in ("", "/en")],
        ("search",),
    ),
    Surface("site search JSON", PUBLIC, lambda w: [f"/search/?format=json&q={quote(PUBLIC_QUERY)}"]),
    # Searches that find nothing get help (search/zero_results.py): organisations by partial name (矩阵),
    # "did you mean" for a near miss — here of the drafts' titles, which must never be offered — and
    # popular searches (never the public's rare or fruitless queries).
    Surface(
        "site search without results: help (both languages, JSON)",
        PUBLIC,
        lambda w: [
            f"{prefix}/search/?{fmt}q={quote(query)}"
            for query in NEAR_MISSES
            for prefix, fmt in (("", ""), ("/en", ""), ("", "format=json&"))
        ],
    ),
    Surface(
        "search suggest",
        PUBLIC,
        lambda w: [f"/search/suggest/?q={quote(t)}" for t in ("矩阵", "mx")],
        ("search_suggest",),
    ),
    Surface(
        "pages API search",
        PUBLIC,
        lambda w: [f"/api/v2/pages/?search={quote(PUBLIC_QUERY)}&search_operator=or"],
        ("wagtailapi_v2:pages:listing",),
    ),
    Surface(
        "pages API listing, every field",
        PUBLIC,
        lambda w: [f"/api/v2/pages/?fields=*&limit=100&offset={n}" for n in range(0, w.api_page_count, 100)],
    ),
    Surface(
        "pages API detail and find",
        PUBLIC,
        lambda w: (
            [
                f"/api/v2/pages/{p.pk}/"
                for p in (w.draft, w.live, w.refers_to_draft, w.refers_to_live, w.legacy_reference)
            ]
            + [f"/api/v2/pages/find/?html_path={quote(w.org_b.get_url() + w.draft.slug + '/')}"]
        ),
        ("wagtailapi_v2:pages:detail", "wagtailapi_v2:pages:find"),
    ),
    Surface(
        "document serving /documents/<id>/<name>",
        DOWNLOAD,
        lambda w: [_u("wagtaildocs_serve", w.document.pk, w.document.filename)],
        ("wagtaildocs_serve",),
        owner="document",
    ),
    # --- admin: dashboard and reports ---
    Surface("admin dashboard", ADMIN, lambda w: [_u("wagtailadmin_home")], ("wagtailadmin_home",)),
    Surface(
        "Reports → Site history",
        HISTORY,
        lambda w: [_u("wagtailadmin_reports:site_history")],
        ("wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"),
    ),
    Surface(
        "Reports → pages (aging, locked, page types, workflows, workflow tasks)",
        ADMIN,
        lambda w: [
            _u(f"wagtailadmin_reports:{name}")
            for name in ("aging_pages", "locked_pages", "page_types_usage", "workflow", "workflow_tasks")
        ],
        tuple(
            f"wagtailadmin_reports:{name}{suffix}"
            for name in ("aging_pages", "locked_pages", "page_types_usage", "workflow", "workflow_tasks")
            for suffix in ("", "_results")
        ),
    ),
    Surface(
        "Reports → translations",
        ADMIN,
        lambda w: [_u("wagtail_localize:translations_report")],
        ("wagtail_localize:translations_report", "wagtail_localize:translations_report_results"),
    ),
    Surface(
        "Reports → documents without searchable text",
        ADMIN,
        lambda w: [_u("unreadable_documents")],
        ("unreadable_documents", "unreadable_documents_results"),
    ),
    Surface(
        "Reports → declared dates to confirm, unlinked corrections",
        ADMIN,
        lambda w: [_u("disclosures_declared_dates"), _u("disclosures_unlinked_corrections")],
        (
            "disclosures_declared_dates",
            "disclosures_declared_dates_results",
            "disclosures_unlinked_corrections",
            "disclosures_unlinked_corrections_results",
        ),
    ),
    Surface(
        "Reports → tracker contradictions",
        ADMIN,
        lambda w: [_u("policy_tracker_contradictions")],
        ("policy_tracker_contradictions", "policy_tracker_contradictions_results"),
    ),
    Surface(
        "confirming a disclosure's declared date",
        ADMIN,
        lambda w: [_u("disclosures_confirm_declared_date", p.pk) for p in (w.draft, w.live)],
        ("disclosures_confirm_declared_date",),
    ),
    Surface(
        "Reports → search terms",
        ADMIN,
        lambda w: [_u("wagtailsearchpromotions:search_terms")],
        ("wagtailsearchpromotions:search_terms", "wagtailsearchpromotions:search_terms_results"),
    ),
    Surface(
        "Reports → searches without results",
        ADMIN,
        lambda w: [_u("search_zero_results"), _u("search_zero_results", query="export=csv")],
        ("search_zero_results", "search_zero_results_results"),
    ),
    # --- admin: award review ---
    Surface("award review: list", ADMIN, lambda w: [_u("award_review:index")], ("award_review:index",)),
    Surface(
        "award review: the nomination",
        ADMIN,
        lambda w: [_u("award_review:nomination", w.nomination.pk)],
        ("award_review:nomination",),
    ),
    Surface(
        "award review: supporting file download",
        DOWNLOAD,
        lambda w: [_u("award_review:file", w.nomination.pk, w.nomination_file.pk)],
        ("award_review:file",),
        owner="nomination-file",
    ),
    Surface(
        "award review: the objected nomination, with its objections",
        ADMIN,
        lambda w: [_u("award_review:nomination", w.shortlisted.pk)],
    ),
    Surface(
        "award review: edition overview",
        ADMIN,
        lambda w: [_u("award_review:edition", w.edition.pk)],
        ("award_review:edition",),
    ),
    # --- admin: reports of concern ---
    Surface(
        "reports of concern: listing and search",
        ADMIN,
        lambda w: [_u("oversight_reports:index_results", query=f"q={w.report.reference[-6:]}")],
        ("oversight_reports:index", "oversight_reports:index_results"),
    ),
    Surface(
        "reports of concern: inspect",
        ADMIN,
        lambda w: [_u("oversight_reports:inspect", w.report.pk)],
        ("oversight_reports:inspect",),
    ),
    Surface(
        "reports of concern: edit",
        ADMIN,
        lambda w: [_u("oversight_reports:edit", w.report.pk)],
        ("oversight_reports:edit",),
    ),
    Surface(
        "reports of concern: history",
        HISTORY,
        lambda w: [_u("oversight_reports:history", w.report.pk)],
        ("oversight_reports:history", "oversight_reports:history_results"),
    ),
    Surface(
        "reports of concern: usage and delete",
        ADMIN,
        lambda w: [_u("oversight_reports:usage", w.report.pk), _u("oversight_reports:delete", w.report.pk)],
        ("oversight_reports:usage", "oversight_reports:delete"),
    ),
    Surface(
        "reports of concern: evidence download",
        DOWNLOAD,
        lambda w: [_u("oversight_reports:evidence", w.report.pk, w.evidence.pk)],
        ("oversight_reports:evidence",),
        owner="evidence",
    ),
    # --- admin: policy comments (snippets) ---
    Surface(
        "policy comments: listing and search",
        ADMIN,
        lambda w: [_comment("list_results", query="q=mxcomment")],
        (
            "wagtailsnippets_policies_policycomment:list",
            "wagtailsnippets_policies_policycomment:list_results",
        ),
    ),
    Surface(
        "policy comments: inspect",
        ADMIN,
        lambda w: [_comment("inspect", w.comment.pk)],
        ("wagtailsnippets_policies_policycomment:inspect",),
    ),
    Surface(
        "policy comments: edit",
        ADMIN,
        lambda w: [_comment("edit", w.comment.pk)],
        ("wagtailsnippets_policies_policycomment:edit",),
    ),
    Surface(
        "policy comments: history",
        HISTORY,
        lambda w: [_comment("history", w.comment.pk)],
        (
            "wagtailsnippets_policies_policycomment:history",
            "wagtailsnippets_policies_policycomment:history_results",
        ),
    ),
    Surface(
        "policy comments: usage, delete, bulk delete",
        ADMIN,
        lambda w: [
            _comment("usage", w.comment.pk),
            _comment("delete", w.comment.pk),
            _u("wagtail_bulk_action", "policies", "policycomment", "delete", query=f"id={w.comment.pk}"),
        ],
        ("wagtailsnippets_policies_policycomment:usage", "wagtailsnippets_policies_policycomment:delete"),
    ),
    Surface(
        "snippet chooser: policy comments (browse, search, chosen)",
        ADMIN,
        lambda w: [
            _comment_chooser("choose"),
            _comment_chooser("choose_results", query="q=mxcomment"),
            _comment_chooser("chosen", w.comment.pk),
            _comment_chooser("chosen_multiple", query=f"id={w.comment.pk}"),
        ],
        tuple(
            f"wagtailsnippetchoosers_policies_policycomment:{v}"
            for v in ("choose", "choose_results", "chosen", "chosen_multiple")
        ),
    ),
    Surface(
        "wagtail-localize snippet API: policy comments",
        ADMIN,
        lambda w: [
            _u("wagtail_localize:snippets_api_listing", "policies", "policycomment"),
            _u("wagtail_localize:snippets_api_detail", "policies", "policycomment", w.comment.pk),
        ],
        ("wagtail_localize:snippets_api_listing", "wagtail_localize:snippets_api_detail"),
    ),
    # --- admin: pages ---
    Surface(
        "page explorer: org B",
        ADMIN,
        lambda w: [_u("wagtailadmin_explore_root"), _u("wagtailadmin_explore", w.org_b.pk)],
        ("wagtailadmin_explore", "wagtailadmin_explore_results", "wagtailadmin_explore_root"),
    ),
    Surface(
        "admin page search",
        ADMIN,
        lambda w: [_u("wagtailadmin_pages:search_results", query=f"q={quote('矩阵')}")],
        ("wagtailadmin_pages:search", "wagtailadmin_pages:search_results"),
    ),
    Surface(
        "page chooser: browse org B",
        ADMIN,
        lambda w: [_u("wagtailadmin_choose_page"), _u("wagtailadmin_choose_page_child", w.org_b.pk)],
        ("wagtailadmin_choose_page", "wagtailadmin_choose_page_child"),
    ),
    Surface(
        "page chooser: search and chosen",
        ADMIN,
        lambda w: [
            _u("wagtailadmin_choose_page_search", query=f"q={quote('矩阵')}"),
            _u("wagtailadmin_choose_page_chosen_multiple", query=f"id={w.draft.pk}&id={w.live.pk}"),
        ],
        ("wagtailadmin_choose_page_search", "wagtailadmin_choose_page_chosen_multiple"),
    ),
    Surface(
        "admin pages API (explorer menu, detail, find, search)",
        ADMIN,
        lambda w: [
            f"/admin/api/main/pages/?child_of={w.org_b.pk}&for_explorer=1",
            f"/admin/api/main/pages/{w.draft.pk}/",
            f"/admin/api/main/pages/{w.live.pk}/",
            f"/admin/api/main/pages/?search={quote('矩阵')}",
        ],
        ("wagtailadmin_api:pages:listing", "wagtailadmin_api:pages:detail", "wagtailadmin_api:pages:find"),
    ),
    Surface(
        "page editor and preview: the draft",
        ADMIN,
        lambda w: [
            _u("wagtailadmin_pages:edit", w.draft.pk),
            _u("wagtailadmin_pages:preview_on_edit", w.draft.pk),
        ],
        ("wagtailadmin_pages:edit", "wagtailadmin_pages:preview_on_edit"),
    ),
    Surface(
        "page draft view and revision view: the draft",
        ADMIN,
        lambda w: [
            _u("wagtailadmin_pages:view_draft", w.draft.pk),
            _u("wagtailadmin_pages:revisions_view", w.draft.pk, w.draft.latest_revision_id),
        ],
        ("wagtailadmin_pages:view_draft", "wagtailadmin_pages:revisions_view"),
    ),
    Surface(
        "page history: the draft",
        HISTORY,
        lambda w: [
            _u("wagtailadmin_pages:history", w.draft.pk),
        ],
        (
            "wagtailadmin_pages:history",
            "wagtailadmin_pages:history_results",
            "wagtailadmin_pages:revisions_index",
        ),
    ),
    Surface(
        "page usage: the draft",
        ADMIN,
        lambda w: [_u("wagtailadmin_pages:usage", w.draft.pk)],
        ("wagtailadmin_pages:usage",),
    ),
    Surface(
        "page actions on the draft (delete, unpublish, move, copy, privacy, add subpage, translate, bulk)",
        ADMIN,
        lambda w: [
            *(
                _u(f"wagtailadmin_pages:{view}", w.draft.pk)
                for view in ("delete", "unpublish", "move", "copy", "set_privacy", "add_subpage")
            ),
            _u("wagtail_localize:submit_page_translation", w.draft.pk),
            _u(
                "wagtail_bulk_action",
                "wagtailcore",
                "page",
                "delete",
                query=f"id={w.draft.pk}&id={w.live.pk}",
            ),
        ],
        tuple(
            f"wagtailadmin_pages:{view}"
            for view in ("delete", "unpublish", "move", "copy", "set_privacy", "add_subpage")
        )
        + ("wagtail_localize:submit_page_translation", "wagtail_bulk_action"),
    ),
    Surface(
        "page editor: the live page with a newer draft",
        ADMIN,
        lambda w: [_u("wagtailadmin_pages:edit", w.live.pk)],
    ),
    Surface(
        "page draft view, revision view, comparison, workflow preview: the live page with a newer draft",
        ADMIN,
        lambda w: [
            _u("wagtailadmin_pages:view_draft", w.live.pk),
            _u("wagtailadmin_pages:revisions_view", w.live.pk, w.live.latest_revision_id),
            _u("wagtailadmin_pages:revisions_compare", w.live.pk, "live", "latest"),
            _u("wagtailadmin_pages:workflow_preview", w.live.pk, w.task.pk),
            _u("wagtailadmin_pages:confirm_workflow_cancellation", w.live.pk),
        ],
        (
            "wagtailadmin_pages:revisions_compare",
            "wagtailadmin_pages:workflow_preview",
            "wagtailadmin_pages:confirm_workflow_cancellation",
        ),
    ),
    Surface(
        "page history and workflow history: the live page with a newer draft",
        HISTORY,
        lambda w: [
            _u("wagtailadmin_pages:history", w.live.pk),
            _u("wagtailadmin_pages:workflow_history", w.live.pk),
            _u("wagtailadmin_pages:workflow_history_detail", w.live.pk, w.workflow_state.pk),
        ],
        ("wagtailadmin_pages:workflow_history", "wagtailadmin_pages:workflow_history_detail"),
    ),
    Surface(
        "page editor: org A's live page that refers to B's draft",
        ADMIN,
        lambda w: [_u("wagtailadmin_pages:edit", w.legacy_reference.pk)],
    ),
    Surface(
        "page usage: org B, the policy plan, the award edition",
        ADMIN,
        lambda w: [_u("wagtailadmin_pages:usage", p.pk) for p in (w.org_b, w.plan, w.edition)],
    ),
    Surface(
        "page type usage: disclosures",
        ADMIN,
        lambda w: [_u("wagtailadmin_pages:type_use", "disclosures", "disclosurepage")],
        ("wagtailadmin_pages:type_use", "wagtailadmin_pages:type_use_results"),
    ),
    # --- admin: documents ---
    Surface(
        "documents: listing and search",
        ADMIN,
        lambda w: [_u("wagtaildocs:index")],
        ("wagtaildocs:index", "wagtaildocs:index_results"),
    ),
    Surface(
        "documents: edit", ADMIN, lambda w: [_u("wagtaildocs:edit", w.document.pk)], ("wagtaildocs:edit",)
    ),
    Surface(
        "documents: usage, delete, bulk delete",
        ADMIN,
        lambda w: [
            _u("wagtaildocs:document_usage", w.document.pk),
            _u("wagtaildocs:delete", w.document.pk),
            _u(
                "wagtail_bulk_action",
                w.document._meta.app_label,
                w.document._meta.model_name,
                "delete",
                query=f"id={w.document.pk}",
            ),
        ],
        ("wagtaildocs:document_usage", "wagtaildocs:delete"),
    ),
    Surface(
        "document chooser: browse and search",
        ADMIN,
        lambda w: [
            _u("wagtaildocs_chooser:choose"),
            _u("wagtaildocs_chooser:choose_results", query="q=mxdocument"),
        ],
        ("wagtaildocs_chooser:choose", "wagtaildocs_chooser:choose_results"),
    ),
    Surface(
        "document chooser: chosen",
        ADMIN,
        lambda w: [
            _u("wagtaildocs_chooser:chosen", w.document.pk),
            _u("wagtaildocs_chooser:chosen_multiple", query=f"id={w.document.pk}"),
        ],
        ("wagtaildocs_chooser:chosen", "wagtaildocs_chooser:chosen_multiple"),
    ),
    Surface(
        "admin documents API",
        ADMIN,
        lambda w: [
            "/admin/api/main/documents/",
            f"/admin/api/main/documents/{w.document.pk}/",
        ],
        (
            "wagtailadmin_api:documents:listing",
            "wagtailadmin_api:documents:detail",
            "wagtailadmin_api:documents:find",
        ),
    ),
    # --- admin: the queries people typed ---
    Surface(
        "search promotions: query chooser",
        ADMIN,
        lambda w: [
            _u("wagtailsearchpromotions:chooser"),
            _u("wagtailsearchpromotions:chooserresults", query=f"q={quote('酉公众查询')}"),
            _u("wagtailsearchpromotions:chooserresults", query="q=13907"),
            _u("wagtailsearchpromotions:chooserresults", query="q=mx-searcher"),
            _u("wagtailsearchpromotions:chooserresults", query="q=3307021990"),
        ],
        ("wagtailsearchpromotions:chooser", "wagtailsearchpromotions:chooserresults"),
    ),
    Surface(
        "search promotions: listing",
        ADMIN,
        lambda w: [_u("wagtailsearchpromotions:index")],
        ("wagtailsearchpromotions:index", "wagtailsearchpromotions:index_results"),
    ),
]

# Where each allowed role must see the object (the checks' positive control): object → [(surface,
# needle field)]. A check that could see nothing would fail here.
CONTROLS = {
    NOMINATION.key: [
        ("award review: the nomination", "nominee name"),
        ("award review: list", "nominee name"),
    ],
    NOMINATION_FILE.key: [("award review: supporting file download", "file content")],
    OBJECTION.key: [("award review: the objected nomination, with its objections", "grounds")],
    REPORT.key: [
        ("reports of concern: inspect", "reporter name"),
        ("reports of concern: listing and search", "reference"),
    ],
    EVIDENCE.key: [("reports of concern: evidence download", "file content")],
    COMMENT.key: [
        ("policy comments: inspect", "comment"),
        ("policy comments: listing and search", "reference"),
    ],
    DRAFT_PAGE.key: [
        ("page explorer: org B", "title"),
        ("admin page search", "title"),
        ("page chooser: search and chosen", "title"),
        ("admin pages API (explorer menu, detail, find, search)", "title"),
    ],
    DRAFT_REVISION.key: [
        ("page explorer: org B", "draft title"),
        ("page editor: the live page with a newer draft", "draft title"),
        ("page chooser: search and chosen", "draft title"),
    ],
    DOCUMENT.key: [
        ("documents: listing and search", "title"),
        ("document chooser: browse and search", "title"),
        ("document serving /documents/<id>/<name>", "file content"),
    ],
    SEARCH_QUERY.key: [
        ("search promotions: query chooser", "query"),
        ("Reports → searches without results", "query"),  # the World's query finds nothing
    ],
}

# Admin URLs that are not surfaces of this matrix, and why. A test asks every admin URL name to be
# either in a surface or matched here, so a new view gets a decision.
NOT_SURFACES = {
    r"^wagtailadmin_(login|logout|password_reset.*|account|sprite|javascript_catalog|error_test|dismissibles)$": (
        "sign-in, account and static admin resources: no content objects"
    ),
    r"^wagtail_localize:javascript_catalog$": "translations of the admin's own strings",
    r"^wagtailadmin_editing_sessions:": "POST-only editing-session pings",
    r"^wagtailadmin_block_preview$": "renders a StreamField block from its default value",
    r"^wagtailadmin_choose_page_(external|email|phone|anchor)_link$": "forms for links typed by hand",
    r"^wagtailadmin_tag(_model)?_autocomplete$": "tags only (the matrix's objects carry no tags)",
    r"^(wagtailadmin_collections|wagtailsites|wagtaillocales|wagtailusers_users|wagtailusers_groups|"
    r"wagtailredirects|wagtailsettings|wagtailadmin_workflows|wagtailembeds|wagtailforms):": (
        "collections, sites, locales, users, groups, redirects, settings, workflows and tasks, embeds, "
        "form submissions: none holds one of the matrix's objects"
    ),
    r"^(wagtailimages|wagtailimages_chooser|wagtailadmin_api:images):": "images: the matrix has no private image",
    r"^wagtailsnippet(s|choosers)_policies_(taskstatusupdate|policyindicator):": "public tracker records",
    r"^wagtailsnippets:index$": "lists snippet types and their counts only",
    r"^wagtailsnippet(s|choosers)_search_searchsynonym:": (
        "search synonyms: public vocabulary, no private records (who may edit them: "
        "tests/search/test_ranking.py)"
    ),
    r"^oversight_serious_violations:": "the serious-violation list is public",
    r"^(oversight_reports|wagtailsnippets_policies_policycomment|wagtailsnippetchoosers_policies_policycomment)"
    r":(add|create)$": "forms for a new record (refused: these come from the public only)",
    r"^wagtailadmin_pages:(add|preview_on_add|choose_parent|lock|unlock|set_page_position|move_confirm|"
    r"convert_alias|revisions_revert|revisions_unschedule|workflow_action|collect_workflow_action_data)$": (
        "POST-only page actions, or forms for a new page under a chosen parent"
    ),
    r"^wagtailadmin_api:pages:action$": "POST-only page actions",
    r"^wagtaildocs:(add|add_multiple|edit_multiple|delete_multiple|create_multiple_from_uploaded_document|"
    r"delete_upload_multiple)$": "upload forms and POST-only multiple-upload steps",
    r"^wagtaildocs_chooser:create$": "upload form in the chooser",
    r"^wagtaildocs_authenticate_with_password$": "password form of a restricted collection",
    r"^wagtail_localize:(submit_snippet_translation|update_translations|edit_string_translation|edit_override|"
    r"download_pofile|upload_pofile|machine_translate|preview_translation|stop_translation|convert_to_alias)$": (
        "need an existing translation (none of the matrix's objects is translated) or are POST-only"
    ),
    r"^wagtailsearchpromotions:(add|edit|delete)$": "forms for search promotions (pages chosen by staff)",
    r"^accounts_(second_factor_\w+|login_lockouts)$": (
        "staff sign-in security (second factor, login lockouts): user names and addresses, no content"
    ),
    r"^None$": "the admin's catch-all 404 and test404",
}


# --- fetching and judging -------------------------------------------------------------------------

REFUSALS = {301, 302, 303, 307, 401, 403, 404, 405}


@dataclass
class Fetched:
    url: str
    status: int
    text: str  # body (JSON also decoded) and the Location and Content-Disposition headers
    location: str
    body: str


def fetch(client, url):
    """A GET without following redirects."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        with contextlib.suppress(ValueError):  # JSON escapes non-ASCII: compare on the decoded form too
            text += json.dumps(json.loads(text), ensure_ascii=False)
    location = response.get("Location", "")
    headers = f"{location} {response.get('Content-Disposition', '')}"
    return Fetched(url, response.status_code, f"{headers}\n{text}", location, body.decode(errors="replace"))


def urls_for(surface, world, client, anonymous):
    """The surface's URLs for this role, "@sitemap" replaced by the pages the sitemap lists."""
    if surface.signed_in_urls and not anonymous:
        return surface.signed_in_urls(world)
    urls = surface.urls(world)
    if urls != ["@sitemap"]:
        return urls
    if not anonymous:
        return []
    sitemap = client.get("/sitemap.xml").content.decode()
    pages = [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    already = set(_public_pages(world))  # fetched by the "public pages" surface
    return [url for url in pages if url not in already]


def visible(needle, text):
    """The needle as written or percent-encoded (file names in URLs and Content-Disposition)."""
    encoded = quote(needle)
    return needle in text or encoded in text or encoded.lower() in text


def shown(needles, text):
    return [f"{name} “{needle}”" for name, needle in needles.items() if visible(needle, text)]


def check_cell(role, obj, needles, surface, responses):
    """What goes wrong in one cell (role × object × surface); [] when the object stays private.

    A response passes when it is a refusal (redirect to sign-in or the dashboard, 403, 404; a
    redirect's address must not carry a needle either) or shows none of the object's needles. For
    the object's allowed roles only HISTORY surfaces are checked: never personal data in log labels.
    On a DOWNLOAD surface, roles not allowed to see the file must be refused whatever the body says.
    """
    allowed = role.key in obj.allowed and surface.kind != PUBLIC
    problems = []
    for fetched in responses:
        where = f"{fetched.url} [{fetched.status}]"
        if fetched.status >= 500:
            problems.append(f"{where}: server error")
            continue
        refused = fetched.status in REFUSALS
        text = fetched.location if refused else fetched.text
        if allowed:
            if surface.kind == HISTORY:
                leaked = shown({k: v for k, v in needles.items() if k in obj.personal}, text)
                if leaked:
                    problems.append(f"{where}: personal data in log labels: {', '.join(leaked)}")
            continue
        if surface.kind == DOWNLOAD and surface.owner == obj.key and not refused:
            problems.append(f"{where}: serves the file instead of refusing")
            continue
        leaked = shown(needles, text)
        if leaked:
            problems.append(f"{where}: shows {', '.join(leaked)}")
    return problems


def check_controls(role, obj, needles, responses_by_surface):
    """The positive control: an allowed role sees the object where its job needs it."""
    if role.key not in obj.allowed:
        return []
    problems = []
    for surface_key, needle_name in CONTROLS.get(obj.key, ()):
        needle = needles[needle_name]
        responses = responses_by_surface[surface_key]
        if not any(f.status == 200 and visible(needle, f.text) for f in responses):
            statuses = ", ".join(f"{f.url} [{f.status}]" for f in responses)
            problems.append(f"{surface_key}: {needle_name} “{needle}” not shown ({statuses})")
    return problems


# The public searches must find the live page titled LIVE_TITLE (else they would find nothing at all).
PUBLIC_CONTROLS = [
    "site search HTML (both languages)",
    "site search JSON",
    "search suggest",
    "pages API search",
]


def check_public_controls(responses_by_surface):
    problems = []
    for surface_key in PUBLIC_CONTROLS:
        responses = responses_by_surface[surface_key]
        if not any(f.status == 200 and visible(LIVE_NEEDLE, f.text) for f in responses):
            statuses = ", ".join(f"{f.url} [{f.status}]" for f in responses)
            problems.append(f"{surface_key}: the live page “{LIVE_NEEDLE}” not found ({statuses})")
    (search_json,) = responses_by_surface["site search JSON"]
    total = json.loads(search_json.body).get("total", 0) if search_json.status == 200 else 0
    if total > 10:
        problems.append(f"site search JSON: {total} results, more than its first page shows")
    return problems
