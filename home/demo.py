"""Demo content for ``load_demo``: the page tree, site settings, navigation and demo accounts.

Every text is given in Chinese and English; the Chinese pages are created first and the English ones
are real wagtail-localize translations of them. Running it again changes nothing that exists.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Site

from awards import demo as awards_demo
from awards.models import AwardIndexPage
from disclosures import demo as disclosures_demo
from disclosures.models import DisclosureIndexPage
from home import roles
from home.models import NavigationItem, NavigationSettings, SiteSettings, StandardPage
from home.translation import stream_with_pairs, translate_page
from oversight import demo as oversight_demo
from policies import demo as policies_demo
from policies.models import PolicyIndexPage
from stories import demo as stories_demo
from stories.models import StoryIndexPage

DEMO_PASSWORD = "wucheng-demo"
# The demo accounts that need a second factor (admin, reviewer, chair, member) share this authenticator
# secret, published here like the password: add it to an authenticator app, or run
# `python manage.py demo_code` for the current code (docs/staff-sign-in.md). Base32, 20 bytes.
DEMO_TOTP_SECRET = "WUCHENGDEMOTOTPSECRETFORLOCALDEV"

# username → (group, full name); the superuser "admin" is created besides these.
DEMO_USERS = {
    "siteadmin": (roles.SITE_ADMINS, "周", "站点管理员"),
    "reviewer": (roles.CIVIL_AFFAIRS_REVIEWERS, "陈", "审核员"),
    "editor": (roles.PROPAGANDA_EDITORS, "王", "编辑"),
    "approver": (roles.PROPAGANDA_APPROVERS, "李", "审批人"),
    "chair": (roles.AWARD_COMMITTEE_CHAIR, "张", "主任"),
    "member": (roles.AWARD_COMMITTEE_MEMBERS, "赵", "委员"),
}

HOME = {
    "title": ("善行婺里", "Shanxing Wuli"),
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
]

STANDARD_PAGES = [
    {
        "slug": "about",
        "in_menu": True,
        "title": ("关于我们", "About us"),
        "intro": (
            "“善行婺里”是婺城区慈善事业的一站式公共服务平台，由婺城区民政局主办。",
            "Shanxing Wuli is the one-stop public platform for charity in Wucheng District, run by the "
            "Wucheng District Civil Affairs Bureau.",
        ),
        "body": [
            ("heading", ("平台的由来", "Why the portal exists")),
            (
                "paragraph",
                (
                    "《关于加快推进婺城区慈善事业高质量发展的实施方案》提出全面推行“阳光慈善”，"
                    "打造“一站式”慈善服务场景应用，实现慈善领域全程追踪。本平台就是这一任务的落实。",
                    "The district's plan for the high-quality development of charity calls for open "
                    "charity throughout and a one-stop digital service that makes charity traceable "
                    "from end to end. This portal carries out that task.",
                ),
            ),
            ("heading", ("谁在这里工作", "Who works here")),
            (
                "paragraph",
                (
                    "慈善组织上传本组织的信息公开内容；区民政局审核发布信息公开和政策文件；"
                    "区委宣传部编辑发布慈善文化内容；婺城慈善奖评审委员会负责评选工作。",
                    "Charity organisations upload their own disclosures; the District Civil Affairs "
                    "Bureau reviews and publishes disclosures and policies; the District Propaganda "
                    "Department publishes charity-culture stories; and the award committee runs the "
                    "Wucheng Charity Award.",
                ),
            ),
        ],
    },
    {
        "slug": "contact",
        "in_menu": False,
        "title": ("联系我们", "Contact us"),
        "intro": (
            "对平台内容有疑问或建议，欢迎通过以下方式与我们联系。",
            "If you have a question or a suggestion about the portal, please contact us.",
        ),
        "body": [
            (
                "callout",
                (
                    ("婺城区民政局", "Wucheng District Civil Affairs Bureau"),
                    (
                        "地址：浙江省金华市婺城区丹溪路1000号（示例地址）；工作时间：工作日 8:30–12:00，14:30–17:30。",
                        "Address: 1000 Danxi Road, Wucheng District, Jinhua, Zhejiang (demo address). "
                        "Office hours: weekdays 8:30–12:00 and 14:30–17:30.",
                    ),
                ),
            ),
            (
                "paragraph",
                (
                    "投诉举报慈善组织的违法违规行为，请拨打页脚所列的投诉举报电话。",
                    "To report misconduct by a charity organisation, call the complaint hotline shown at "
                    "the foot of every page.",
                ),
            ),
        ],
    },
    {
        "slug": "privacy",
        "in_menu": False,
        "title": ("隐私政策", "Privacy policy"),
        "intro": (
            "我们依据《中华人民共和国个人信息保护法》处理您在本平台提交的个人信息。",
            "We process the personal information you give this portal under the Personal Information "
            "Protection Law of the People's Republic of China.",
        ),
        "body": [
            ("heading", ("我们收集哪些信息", "What we collect")),
            (
                "paragraph",
                (
                    "只有在您主动提交慈善奖提名、投诉举报或政策意见时，我们才会收集您填写的姓名和联系方式。"
                    "浏览网站不需要注册，也不收集个人信息；适老化模式的选择只保存在您自己的浏览器中。",
                    "We collect your name and contact details only when you choose to submit an award "
                    "nomination, a report or a comment on a policy. Reading the site needs no account "
                    "and collects no personal information; your elderly-friendly display choice is kept "
                    "only in your own browser.",
                ),
            ),
            ("heading", ("我们如何使用和保护", "How we use and protect it")),
            (
                "paragraph",
                (
                    "提名人、举报人和意见提交人的个人信息只供负责处理的工作人员查看，绝不在公开页面、"
                    "搜索结果、订阅源或开放数据中出现。",
                    "The personal information of nominators, reporters and commenters is seen only by "
                    "the staff who handle it, and never appears on a public page, in search results, "
                    "in feeds or in open data.",
                ),
            ),
        ],
    },
    {
        "slug": "accessibility",
        "in_menu": False,
        "title": ("无障碍声明", "Accessibility statement"),
        "intro": (
            "我们希望每个人都能使用本平台，包括老年人和残障人士。",
            "We want everyone to be able to use this portal, including older people and people with "
            "disabilities.",
        ),
        "body": [
            ("heading", ("我们的目标", "Our aim")),
            (
                "paragraph",
                (
                    "本平台以《信息技术 互联网内容无障碍可访问性技术要求与测试方法》和 WCAG 2.1 AA 级为目标："
                    "可以只用键盘操作，支持屏幕阅读器，不依赖 JavaScript，并提供适老化模式（更大字号、更高对比度）。",
                    "The portal aims at WCAG 2.1 level AA and the Chinese national standard for web "
                    "accessibility: it can be used with a keyboard alone, works with screen readers, "
                    "does not depend on JavaScript, and offers an elderly-friendly mode with larger "
                    "text and higher contrast.",
                ),
            ),
            ("heading", ("已知问题", "Known limitations")),
            (
                "paragraph",
                (
                    "慈善组织上传的部分 PDF 附件可能不是无障碍文档。如需其他格式，请与我们联系。",
                    "Some PDF attachments uploaded by charity organisations may not be accessible. If "
                    "you need one in another format, please contact us.",
                ),
            ),
        ],
    },
]


def _publish(page):
    page.save_revision().publish()


def _child(parent, model, slug, **fields):
    """The child of ``parent`` with ``slug``, created and published if missing; and whether it was new."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    _publish(page)
    return page, True


def _ensure_translation(page, strings):
    english = Locale.objects.get(language_code="en")
    if page.get_translation_or_none(english) is None:
        translate_page(page, "en", strings)


def load(create_users=True, stdout=None):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    home_body, home_pairs = stream_with_pairs(HOME["body"])
    created = []
    if not home.hero_title:
        home.title = HOME["title"][0]
        home.hero_title = HOME["hero_title"][0]
        home.hero_intro = HOME["hero_intro"][0]
        home.body = home_body
        home.seo_title = ""
        _publish(home)
        created.append(home.title)
    site.site_name = HOME["title"][0]
    site.save()
    _ensure_translation(
        home,
        dict((HOME["title"], HOME["hero_title"], HOME["hero_intro"])) | home_pairs,
    )

    for model, slug, title, intro, description in SECTIONS:
        page, new = _child(
            home,
            model,
            slug,
            title=title[0],
            intro=f"<p>{intro[0]}</p>",
            search_description=description[0],
            show_in_menus=True,
        )
        if new:
            created.append(page.title)
        _ensure_translation(page, dict([title, intro, description]))

    standard_pages = {}
    for spec in STANDARD_PAGES:
        body, pairs = stream_with_pairs(spec["body"])
        page, new = _child(
            home,
            StandardPage,
            spec["slug"],
            title=spec["title"][0],
            intro=spec["intro"][0],
            body=body,
            show_in_menus=spec["in_menu"],
        )
        if new:
            created.append(page.title)
        standard_pages[spec["slug"]] = page
        _ensure_translation(page, dict([spec["title"], spec["intro"]]) | pairs)

    roles.bootstrap()
    users = _users() if create_users else []
    created += disclosures_demo.load(create_users=create_users, password=DEMO_PASSWORD)
    created += policies_demo.load()
    created += awards_demo.load()  # before stories: some stories are about award winners
    created += stories_demo.load()
    created += oversight_demo.load(home)
    policies_demo.link_evidence()  # after the award and oversight demos: it links the plan's tasks to them
    _settings(site, home, standard_pages)  # last: the main navigation lists every section
    return {"created": created, "users": users}


def _settings(site, home, standard_pages):
    settings = SiteSettings.for_site(site)
    if not settings.phone:
        settings.organisation_name = "婺城区民政局"
        settings.organisation_name_en = "Wucheng District Civil Affairs Bureau"
        settings.address = "浙江省金华市婺城区丹溪路1000号（示例地址）"
        settings.address_en = "1000 Danxi Road, Wucheng District, Jinhua, Zhejiang (demo address)"
        settings.phone = "0579-82000000"
        settings.email = "mzj@wucheng-charity.example"
        settings.complaint_hotline = "0579-82000012"
        settings.icp_number = "浙ICP备00000000号-1"
        settings.police_number = "浙公网安备 33070202000000号"
        settings.save()

    navigation = NavigationSettings.for_site(site)
    if not navigation.items.exists():
        # Sections in the order they were made, then the about pages.
        menu_pages = sorted(
            home.get_children().in_menu().order_by("path"),
            key=lambda page: page.specific_class is StandardPage,
        )
        for order, page in enumerate(menu_pages):
            NavigationItem.objects.create(setting=navigation, page=page, sort_order=order)


def _users():
    User = get_user_model()
    made = []
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@wucheng-charity.example", DEMO_PASSWORD)
        made.append("admin")
    for username, (group_name, last_name, first_name) in DEMO_USERS.items():
        user, new = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@wucheng-charity.example",
                "last_name": last_name,
                "first_name": first_name,
            },
        )
        if new:
            user.set_password(DEMO_PASSWORD)
            user.save()
            made.append(username)
        user.groups.add(Group.objects.get(name=group_name))
    _second_factors(User.objects.filter(username__in=["admin", *DEMO_USERS]))
    return made


def demo_totp_key():
    """The demo secret as django-otp stores a TOTP key (hex)."""
    from base64 import b32decode

    return b32decode(DEMO_TOTP_SECRET).hex()


def _second_factors(users):
    """Demo accounts that need a second factor get an authenticator with the published demo secret
    (never touching one they have set up themselves)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.policy import requires_second_factor

    for user in users:
        if requires_second_factor(user) and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(
                user=user, name="demo authenticator", key=demo_totp_key(), confirmed=True
            )
