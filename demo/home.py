"""Demo content for ``load_demo``, built on the real site's skeleton (``home.site_setup``).

``setup_site`` makes the home page, sections, placeholder about pages, navigation and roles; the demo
writes demo texts into the about pages it left as placeholders, demo contact details into the site
settings, and adds demo organisations, policies, awards, stories, oversight content and accounts.
Every text is given in Chinese and English; the Chinese pages are created first and the English ones
are real wagtail-localize translations of them. Running it again changes nothing that exists.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Site

from accounts import roles
from demo import awards as awards_demo
from demo import disclosures as disclosures_demo
from demo import oversight as oversight_demo
from demo import policies as policies_demo
from demo import stories as stories_demo
from home import site_setup
from home.models import SiteSettings, StandardPage
from home.translation import stream_with_pairs, translate_page

# The Site's address when there is none yet: where `make run` serves.
DEFAULT_ADDRESS = ("127.0.0.1", 8000)

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

# The demo's texts for the pages setup_site leaves as placeholders.
STANDARD_PAGES = [
    {
        "slug": "about",
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


def _fill_placeholders(home):
    """Give the about pages the demo's texts where they still show ``setup_site``'s placeholders."""
    filled = []
    english = Locale.objects.get(language_code="en")
    for spec in STANDARD_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None or not site_setup.is_placeholder(page):
            continue
        body, pairs = stream_with_pairs(spec["body"])
        page.title, page.intro, page.body = spec["title"][0], spec["intro"][0], body
        page.save_revision().publish()
        filled.append(page.title)
        strings = dict([spec["title"], spec["intro"]]) | pairs
        if page.get_translation_or_none(english) is not None:
            translate_page(page, "en", strings)  # refreshes the English page from the new source
    return filled


def load(create_users=True, stdout=None):
    """Build the demo on top of ``setup_site``'s skeleton, keeping the default Site's address
    (``make run`` sets it to 127.0.0.1:8000 first; without a Site, that is the default too)."""
    site = Site.objects.filter(is_default_site=True).first()
    hostname, port = (site.hostname, site.port) if site is not None else DEFAULT_ADDRESS
    report = site_setup.setup_site(hostname, port)
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    created = list(report.created)
    if report.home_filled:
        created.insert(0, home.title)
    created += [title for title in _fill_placeholders(home) if title not in created]

    users = _users() if create_users else []
    created += disclosures_demo.load(create_users=create_users, password=DEMO_PASSWORD)
    created += policies_demo.load()
    created += awards_demo.load()  # before stories: some stories are about award winners
    created += stories_demo.load()
    created += oversight_demo.load(home)  # finds setup_site's 公众监督 page and fills it
    policies_demo.link_evidence()  # after the award and oversight demos: it links the plan's tasks to them
    _settings(site)
    return {"created": created, "users": users}


def _settings(site):
    """Demo contact details in the footer (setup_site leaves them blank for the operator)."""
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
