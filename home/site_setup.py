"""The real site's skeleton, built by ``setup_site`` on an empty, migrated database.

Product code, not demo content: the home page's texts, one landing page per section, the about,
contact, privacy and accessibility pages as placeholders the operator completes, their English
translations, the main navigation, site settings without contact details (the operator fills them in
under Settings), the staff roles on the new sections, and the default Wagtail Site for the host and
port the public reaches. Wagtail builds every absolute URL from that Site (``Page.get_full_url``:
search JSON, open data, the API, feeds, e-mails), so it must be the public address.

Every text is given in Chinese and English; the Chinese pages are created first and the English ones
are real wagtail-localize translations of them. Idempotent: what exists is left as it is (an editor's
or the demo's texts are never overwritten); only the Site follows the host name and port given.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from accounts import roles
from awards.models import AwardIndexPage
from disclosures.models import DisclosureIndexPage
from home.models import HomePage, NavigationItem, NavigationSettings, SiteSettings, StandardPage
from home.translation import stream_with_pairs, translate_page
from oversight.models import OversightIndexPage
from policies.models import PolicyIndexPage
from stories.models import StoryIndexPage

SITE_NAME = "善行婺里"

HOME = {
    "title": (SITE_NAME, "Shanxing Wuli"),
    "hero_title": ("阳光慈善 · 善行婺里", "Open charity in Wucheng"),
    "hero_intro": (
        "婺城区慈善信息公开平台汇集全区慈善组织的信息公开、慈善文化故事、婺城慈善奖评选和慈善政策，"
        "让每一笔善款都看得见、查得到。",
        "The Wucheng District charity portal brings together the disclosures of the district's charity "
        "organisations, stories of charity culture, the Wucheng Charity Award and charity policy, so "
        "that every donation can be seen and traced.",
    ),
    "body": [
        ("heading", ("平台能做什么", "What you can do here")),
        (
            "paragraph",
            (
                "查阅慈善组织的年度报告、财务会计报告和募捐项目进展；了解慈善政策和落实情况；"
                "阅读婺城慈善故事；参与婺城慈善奖提名；对慈善组织进行监督。",
                "Read charity organisations' annual reports, financial statements and fundraising "
                "progress; follow charity policy and how it is carried out; read Wucheng's charity "
                "stories; nominate for the Wucheng Charity Award; and hold charities to account.",
            ),
        ),
    ],
}

# (page model, slug, title, intro, search description), in menu order. Each model is one section:
# ``accounts.roles`` grants its groups their rights and assigns its workflow on this page.
SECTIONS = [
    (
        DisclosureIndexPage,
        "disclosures",
        ("信息公开", "Disclosures"),
        (
            "依据《慈善组织信息公开办法》（民政部令第81号），全区慈善组织在此公开年度工作报告、"
            "财务会计报告、募捐和项目进展等信息，接受社会监督。",
            "Under the Measures on Information Disclosure by Charitable Organisations (Ministry of Civil "
            "Affairs Order No. 81), the district's charity organisations publish their annual work "
            "reports, financial statements and fundraising and project progress here, open to public "
            "oversight.",
        ),
        (
            "慈善组织名录、年度报告、财务信息和募捐项目公开。",
            "Directory of charity organisations, annual reports, financial information and fundraising.",
        ),
    ),
    (
        StoryIndexPage,
        "stories",
        ("慈善文化", "Charity culture"),
        (
            "讲述婺城好人好事、爱心企业和志愿者的故事，记录“9·5中华慈善日”“慈善一日捐”等主题活动。",
            "Stories of good neighbours, caring enterprises and volunteers in Wucheng, and of campaigns "
            "such as China Charity Day on 5 September and the One Day's Donation.",
        ),
        (
            "婺城慈善人物、爱心企业、志愿服务和主题活动。",
            "People, enterprises, volunteering and campaigns in Wucheng charity.",
        ),
    ),
    (
        AwardIndexPage,
        "awards",
        ("婺城慈善奖", "Wucheng Charity Award"),
        (
            "“婺城慈善奖”每三年评选一次，表彰为全区慈善事业作出突出贡献的企业、个人、集体和慈善项目。",
            "The Wucheng Charity Award is given every three years to enterprises, individuals, "
            "collectives and charity projects that have made an outstanding contribution to charity "
            "in the district.",
        ),
        (
            "历届婺城慈善奖评选、提名和获奖名单。",
            "Editions, nominations and winners of the Wucheng Charity Award.",
        ),
    ),
    (
        PolicyIndexPage,
        "policies",
        ("政策文件", "Policies"),
        (
            "发布慈善领域的政策文件，公开征求意见，跟踪《关于加快推进婺城区慈善事业高质量发展的实施方案》"
            "各项任务的落实情况。",
            "Charity policy documents, public consultations, and progress on the tasks of the "
            "district's plan for the high-quality development of charity.",
        ),
        (
            "慈善政策文件、征求意见和任务落实进度。",
            "Charity policy documents, consultations and progress on their tasks.",
        ),
    ),
    (
        OversightIndexPage,
        "oversight",
        ("公众监督", "Public oversight"),
        (
            "畅通公众监督举报渠道：对慈善组织的违法违规行为进行投诉举报，查看“双随机、一公开”抽查结果和严重违法失信名单。",
            "Public oversight: report misconduct by a charity organisation, and see the results of random "
            "inspections and the serious-violation list.",
        ),
        (
            "投诉举报慈善组织、抽查结果公示和严重违法失信名单。",
            "Reports of concern, inspection results and the serious-violation list.",
        ),
    ),
]

PLACEHOLDER_TITLE = ("本页内容待网站运营单位填写", "This page is waiting for the site's operator")

# The pages the footer links to. Their texts depend on who runs the site and how, so they start as
# placeholders that say what the operator must write; published, so the footer's links work at once.
PLACEHOLDER_PAGES = [
    {
        "slug": "about",
        "in_menu": True,
        "title": ("关于我们", "About us"),
        "intro": (
            "本页介绍网站的主办单位和平台的用途，由网站运营单位在上线前填写。",
            "This page says who runs the site and what it is for; the site's operator completes it "
            "before launch.",
        ),
        "todo": (
            "请在管理后台编辑本页：写明主办单位和承办单位、平台的由来，以及各单位在平台上的职责。",
            "Edit this page in the admin: name the body that runs the site and the one that operates "
            "it, say why the portal exists, and what each office does on it.",
        ),
    },
    {
        "slug": "contact",
        "in_menu": False,
        "title": ("联系我们", "Contact us"),
        "intro": (
            "本页列出网站运营单位的联系方式，由网站运营单位在上线前填写。",
            "This page gives the contact details of the site's operator, who completes it before launch.",
        ),
        "todo": (
            "请在管理后台编辑本页：写明地址、工作时间、电话和电子邮箱。页脚的电话、投诉举报电话和备案号"
            "在“设置 → 网站设置”中填写。",
            "Edit this page in the admin: give the address, office hours, telephone and email. The "
            "telephone, complaint hotline and filing numbers in the page footer are set under "
            "Settings → Site settings.",
        ),
    },
    {
        "slug": "privacy",
        "in_menu": False,
        "title": ("隐私政策", "Privacy policy"),
        "intro": (
            "本页说明网站如何依据《中华人民共和国个人信息保护法》处理个人信息，由网站运营单位在上线前填写。",
            "This page explains how the site processes personal information under the Personal "
            "Information Protection Law of the People's Republic of China; the site's operator "
            "completes it before launch.",
        ),
        "todo": (
            "请在管理后台编辑本页：写明个人信息处理者及其联系方式；网站收集哪些个人信息（慈善奖提名、"
            "投诉举报和政策意见中填写的姓名和联系方式）及其用途；谁能查看、保存多久；"
            "以及查阅、更正和删除个人信息的途径。",
            "Edit this page in the admin: name who processes personal information and how to reach "
            "them; what the site collects (the names and contact details given in award nominations, "
            "reports of concern and comments on policies) and why; who sees it and how long it is "
            "kept; and how people can see, correct and delete their information.",
        ),
    },
    {
        "slug": "accessibility",
        "in_menu": False,
        "title": ("无障碍声明", "Accessibility statement"),
        "intro": (
            "本页说明网站的无障碍目标和已知问题，由网站运营单位在上线前填写。",
            "This page states the site's accessibility aims and known limitations; the site's operator "
            "completes it before launch.",
        ),
        "todo": (
            "请在管理后台编辑本页：写明网站遵循的标准（如 WCAG 2.1 AA 级和《信息技术 互联网内容无障碍"
            "可访问性技术要求与测试方法》）、已知问题，以及需要其他格式时的联系方式。",
            "Edit this page in the admin: state the standards the site follows (such as WCAG 2.1 "
            "level AA and the Chinese national standard for web accessibility), its known "
            "limitations, and whom to contact for content in another format.",
        ),
    },
]


class SetupError(Exception):
    """The database is not in a state ``setup_site`` can build on."""


@dataclass
class SetupReport:
    """What ``setup_site`` did; empty lists and ``None`` mean it found that part in place."""

    created: list[str] = field(default_factory=list)  # Chinese titles of the pages created
    translated: list[str] = field(default_factory=list)  # pages given an English translation
    home_filled: bool = False
    site_settings_created: bool = False
    navigation_items: int = 0  # created, when the navigation was empty
    site_before: str | None = None  # "host:port" before, when the Site changed
    site_after: str = ""
    roles: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.translated
            or self.home_filled
            or self.site_settings_created
            or self.navigation_items
            or self.site_before is not None
        )


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _ensure_translation(page: Page, strings: dict[str, str], report: SetupReport) -> None:
    english = Locale.objects.get(language_code="en")
    if page.get_translation_or_none(english) is None:
        translate_page(page, "en", strings)
        report.translated.append(page.title)


def _placeholder_stream(spec: dict) -> tuple[list, dict[str, str]]:
    return stream_with_pairs([("callout", (PLACEHOLDER_TITLE, spec["todo"]))])


def is_placeholder(page: StandardPage) -> bool:
    """Whether ``page`` still shows the placeholder ``setup_site`` gave it (nobody has written it yet)."""
    return any(page.intro == spec["intro"][0] for spec in PLACEHOLDER_PAGES)


def _home_page() -> HomePage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).order_by("path").first()
    if home is None:
        raise SetupError(_("There is no home page: run `python manage.py migrate` first."))
    return home


def _fill_home(home: HomePage, report: SetupReport) -> None:
    body, pairs = stream_with_pairs(HOME["body"])
    if not home.hero_title:
        home.title = HOME["title"][0]
        home.hero_title = HOME["hero_title"][0]
        home.hero_intro = HOME["hero_intro"][0]
        home.body = body
        _publish(home)
        report.home_filled = True
    _ensure_translation(home, dict((HOME["title"], HOME["hero_title"], HOME["hero_intro"])) | pairs, report)


def _sections(home: HomePage, report: SetupReport) -> None:
    for model, slug, title, intro, description in SECTIONS:
        # One landing page per section and language tree, whatever an editor has renamed it to.
        page = model.objects.child_of(home).first()
        if page is None:
            page = model(
                slug=slug,
                title=title[0],
                intro=f"<p>{intro[0]}</p>",
                search_description=description[0],
                show_in_menus=True,
            )
            home.add_child(instance=page)
            _publish(page)
            report.created.append(page.title)
        _ensure_translation(page, dict([title, intro, description]), report)


def _placeholder_pages(home: HomePage, report: SetupReport) -> None:
    for spec in PLACEHOLDER_PAGES:
        body, pairs = _placeholder_stream(spec)
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = StandardPage(
                slug=spec["slug"],
                title=spec["title"][0],
                intro=spec["intro"][0],
                body=body,
                show_in_menus=spec["in_menu"],
            )
            home.add_child(instance=page)
            _publish(page)
            report.created.append(page.title)
        _ensure_translation(page, dict([spec["title"], spec["intro"]]) | pairs, report)


def _site(home: HomePage, hostname: str, port: int, report: SetupReport) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    clash = Site.objects.filter(hostname=hostname, port=port)
    if site is not None:
        clash = clash.exclude(pk=site.pk)
    if clash.exists():
        raise SetupError(
            _("Another site already answers at %(address)s.") % {"address": f"{hostname}:{port}"}
        )
    if site is None:
        site = Site(is_default_site=True, root_page=home, site_name=SITE_NAME)
        report.site_before = ""
    elif (site.hostname, site.port) != (hostname, port):
        report.site_before = f"{site.hostname}:{site.port}"
    report.site_after = f"{hostname}:{port}"
    if report.site_before is not None or not site.site_name:
        site.hostname, site.port = hostname, port
        site.site_name = site.site_name or SITE_NAME
        # save(), not update(): Wagtail clears its cached site root paths on Site's post_save.
        site.save()
    return site


def _site_settings(site: Site, report: SetupReport) -> None:
    # The model's defaults name the owner (婺城区民政局); contact details and filing numbers are the
    # operator's to fill in under Settings → 网站设置.
    if not SiteSettings.objects.filter(site=site).exists():
        SiteSettings.for_site(site)
        report.site_settings_created = True


def _navigation(site: Site, home: HomePage, report: SetupReport) -> None:
    navigation = NavigationSettings.for_site(site)
    if navigation.items.exists():
        return
    # Sections in the order they were made, then the about pages.
    menu_pages = sorted(
        home.get_children().in_menu().order_by("path"),
        key=lambda page: page.specific_class is StandardPage,
    )
    for order, page in enumerate(menu_pages):
        NavigationItem.objects.create(setting=navigation, page=page, sort_order=order)
    report.navigation_items = len(menu_pages)


@transaction.atomic
def setup_site(hostname: str, port: int = 80) -> SetupReport:
    """Build what is missing of the site's skeleton and point the default Site at ``hostname:port``.

    Raises SetupError when there is no home page (the database is not migrated) or another Site
    already answers at that address.
    """
    report = SetupReport()
    home = _home_page()
    site = _site(home, hostname, port, report)
    _fill_home(home, report)
    _sections(home, report)
    _placeholder_pages(home, report)
    _site_settings(site, report)
    _navigation(site, home, report)
    # After the sections exist: groups, workflows and their assignment to every section page.
    report.roles = roles.bootstrap()
    return report
