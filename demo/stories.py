"""Demo stories and campaigns, in Chinese with wagtail-localize English translations.

A dozen stories about the demo organisations, their projects and two campaigns (9·5 中华慈善日,
慈善一日捐), with small illustrations drawn here with Pillow (no download) and alt text that says
what they show. Idempotent: a story or campaign whose slug exists is left alone.
"""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page

from awards.models import AwardWinnerPage
from disclosures.models import DisclosurePage, OrganisationPage
from home.translation import stream_with_pairs, translate_page
from stories.models import CampaignPage, StoryIndexPage, StoryPage, StorySubject

CHARITY_FEDERATION = "51330702MJ1A2B3C4M"  # 婺城区慈善总会
CHUNHUI = "53330702MJ5D6E7F8T"  # 春晖助学基金会
LELING = "52330702MJ9G0H1J24"  # 乐龄社会工作服务中心
LANTIAN = "51330702MJ3K4L5M6L"  # 蓝天应急救援协会

# Illustrations: name → (background, foreground, shape, (alt zh, alt en)).
ILLUSTRATIONS = {
    "heart": (
        "#fde8e6",
        "#a8231b",
        "heart",
        ("插图：浅粉色背景上的一颗红色爱心", "Illustration: a red heart on a light pink background"),
    ),
    "sun": (
        "#fff4e0",
        "#e08a3c",
        "sun",
        (
            "插图：淡黄色天空中的橙色太阳和绿色山丘",
            "Illustration: an orange sun over green hills in a pale yellow sky",
        ),
    ),
    "books": (
        "#e6f0f8",
        "#1d5c8c",
        "books",
        (
            "插图：浅蓝色背景上并排立着的三本蓝色书",
            "Illustration: three blue books standing side by side on a light blue background",
        ),
    ),
    "hands": (
        "#e6f4ea",
        "#145c2e",
        "circles",
        (
            "插图：浅绿色背景上相互交叠的三个绿色圆环，象征携手",
            "Illustration: three overlapping green rings on a light green background, a sign of joined hands",
        ),
    ),
    "cross": (
        "#f3f3f3",
        "#8c1c15",
        "cross",
        ("插图：灰白背景上的红色十字救援标志", "Illustration: a red rescue cross on an off-white background"),
    ),
    "house": (
        "#fff7e6",
        "#7a4a00",
        "house",
        (
            "插图：米色背景上一座亮着窗灯的小房子",
            "Illustration: a small house with a lit window on a cream background",
        ),
    ),
}


def _draw(shape, background, foreground, size=(800, 500)):
    picture = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    w, h = size
    if shape == "heart":
        draw.ellipse((w / 2 - 150, h / 2 - 140, w / 2 + 10, h / 2 + 20), fill=foreground)
        draw.ellipse((w / 2 - 10, h / 2 - 140, w / 2 + 150, h / 2 + 20), fill=foreground)
        draw.polygon(
            [(w / 2 - 146, h / 2 - 40), (w / 2 + 146, h / 2 - 40), (w / 2, h / 2 + 170)], fill=foreground
        )
    elif shape == "sun":
        draw.ellipse((w / 2 - 90, 60, w / 2 + 90, 240), fill=foreground)
        draw.ellipse((-200, h - 170, w / 2 + 100, h + 200), fill="#4f8a3c")
        draw.ellipse((w / 2 - 150, h - 140, w + 200, h + 220), fill="#2f6b2a")
    elif shape == "books":
        for i in range(3):
            x = w / 2 - 160 + i * 110
            draw.rectangle((x, 120, x + 90, 400), fill=foreground, outline="#ffffff", width=4)
    elif shape == "circles":
        for i in range(3):
            x = w / 2 - 200 + i * 130
            draw.ellipse((x, 150, x + 200, 350), outline=foreground, width=18)
    elif shape == "cross":
        draw.rectangle((w / 2 - 50, 90, w / 2 + 50, 410), fill=foreground)
        draw.rectangle((w / 2 - 160, h / 2 - 50, w / 2 + 160, h / 2 + 50), fill=foreground)
    elif shape == "house":
        draw.polygon([(w / 2 - 200, 240), (w / 2, 80), (w / 2 + 200, 240)], fill=foreground)
        draw.rectangle((w / 2 - 160, 240, w / 2 + 160, 430), fill="#c98a3a")
        draw.rectangle((w / 2 - 40, 290, w / 2 + 40, 360), fill="#ffd966")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer


def _images():
    """The illustrations as Wagtail images in the 慈善文化 collection (made once)."""
    Image = get_image_model()
    collection = Collection.objects.filter(name="慈善文化").first() or Collection.get_first_root_node()
    images = {}
    for name, (background, foreground, shape, _alt) in ILLUSTRATIONS.items():
        title = f"慈善文化示例插图：{name}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(title=title, collection=collection)
            image.file = ImageFile(_draw(shape, background, foreground), name=f"story-{name}.png")
            image.save()
        images[name] = image
    return images


# Chinese tag → English tag, for the English translations of the stories.
TAGS = {
    "爱心超市": "charity shop",
    "志愿服务": "volunteering",
    "助学": "school grants",
    "乡村教育": "rural education",
    "助老": "care for older people",
    "应急救援": "emergency rescue",
    "爱心企业": "caring companies",
    "慈善一日捐": "One Day's Donation",
    "阳光慈善": "open charity",
    "中华慈善日": "China Charity Day",
    "慈善义集": "charity fair",
    "慈善信托": "charity trust",
}

CAMPAIGNS = [
    {
        "slug": "charity-day-2025",
        "title": ("2025年“9·5中华慈善日”婺城主题活动", "China Charity Day 2025 in Wucheng"),
        "intro": (
            "9月5日是“中华慈善日”。全区围绕“慈善让生活更美好”开展集中宣传、慈善义集和志愿服务。",
            "5 September is China Charity Day. Across the district, people marked it with information "
            "stands, a charity fair and volunteer services under the theme “Charity makes life better”.",
        ),
        "start_date": datetime.date(2025, 9, 1),
        "end_date": datetime.date(2025, 9, 7),
        "figures_note": (
            "数据截至2025年9月30日，来源：婺城区慈善总会。",
            "Figures as of 30 September 2025; source: Wucheng Charity Federation.",
        ),
        "figures": [
            (("参与活动的志愿者", "Volunteers taking part"), "1,260", ("人", "people"), None),
            (("慈善义集募集善款", "Raised at the charity fair"), "28.6", ("万元", "10,000 yuan"), None),
            (
                ("开展志愿服务", "Volunteer services held"),
                "86",
                ("场", "events"),
                ("覆盖全区27个乡镇街道", "in all 27 towns and streets"),
            ),
        ],
        "body": [
            ("heading", ("活动安排", "What happened")),
            (
                "paragraph",
                (
                    "9月5日上午，主题活动在婺城区文化广场启动，慈善组织、爱心企业和志愿服务队设立咨询展台，"
                    "现场发布年度慈善项目，开展慈善义集。",
                    "On the morning of 5 September the day opened on Wucheng's Culture Square, where charities, "
                    "companies and volunteer teams set up stands, presented this year's charity projects and "
                    "held a charity fair.",
                ),
            ),
            ("image", ("heart", ("活动海报中的爱心标志", "The heart emblem of the day's poster"))),
        ],
    },
    {
        "slug": "one-day-donation-2025",
        "title": ("2025年“慈善一日捐”", "One Day's Donation 2025"),
        "intro": (
            "“慈善一日捐”倡议全区干部职工和社会各界捐出一天收入，善款用于困难群众救助、助学和助医。",
            "The One Day's Donation asks the district's public servants and everyone who can to give one "
            "day's income, for relief, school grants and medical help for people in hardship.",
        ),
        "start_date": datetime.date(2025, 3, 1),
        "end_date": datetime.date(2025, 12, 31),
        "figures_note": (
            "数据来源：婺城区慈善总会2025年募捐结果公开。",
            "Source: the Wucheng Charity Federation's published fundraising result for 2025.",
        ),
        "figures": [
            (("募集善款", "Donations raised"), "386.2", ("万元", "10,000 yuan"), None),
            (("参与单位", "Participating units"), "412", ("个", "units"), None),
            (
                ("干部职工参与率", "Participation of public servants"),
                "96.3",
                ("%", "%"),
                ("目标为95%以上", "target: at least 95%"),
            ),
        ],
        "body": [
            (
                "paragraph",
                (
                    "募捐所得全部纳入婺城区慈善总会“慈善一日捐”专项，按公开募捐方案使用，"
                    "使用情况在本平台信息公开栏目逐季度公开。",
                    "Everything raised goes to the Wucheng Charity Federation's One Day's Donation fund and is "
                    "spent as its published fundraising plan says; how it is used is disclosed on this portal "
                    "every quarter.",
                ),
            ),
        ],
    },
]

STORIES = [
    {
        "slug": "old-hu-and-the-charity-supermarket",
        "title": ("胡师傅的“爱心超市”", "Master Hu's charity shop"),
        "intro": (
            "退休工人胡师傅在社区“爱心超市”当了八年志愿者，帮困难家庭用积分兑换生活用品。",
            "Retired worker Master Hu has volunteered for eight years at his community's charity shop, where "
            "families in hardship exchange points for everyday goods.",
        ),
        "category": "people",
        "tags": ["爱心超市", "志愿服务"],
        "date": datetime.date(2026, 10, 18),
        "author": ("王晓", "Wang Xiao"),
        "source": ("婺城新闻网", "Wucheng News"),
        "body": [
            (
                "paragraph",
                (
                    "每周二和周五上午，胡师傅都会早早来到城中街道的“爱心超市”，整理货架、登记捐赠物资。",
                    "Every Tuesday and Friday morning Master Hu is first at the charity shop in Chengzhong "
                    "Street, tidying the shelves and recording donated goods.",
                ),
            ),
            (
                "quote",
                (
                    (
                        "能帮一点是一点，大家的心意不能浪费。",
                        "Every little helps, and people's kindness must not go to waste.",
                    ),
                    ("胡师傅", "Master Hu"),
                ),
            ),
            (
                "image",
                (
                    "house",
                    (
                        "“爱心超市”为困难家庭送去温暖",
                        "The charity shop brings warmth to families in hardship",
                    ),
                ),
            ),
        ],
        "subjects": [(CHARITY_FEDERATION, None)],
    },
    {
        "slug": "chunhui-grants-reach-mountain-schools",
        "title": ("春晖助学金走进山区学校", "Chunhui school grants reach mountain schools"),
        "intro": (
            "春晖助学基金会今年资助了箬阳、塔石等山区乡镇的学生，并为乡村学校建起图书角。",
            "This year the Chunhui Education Foundation supported pupils in the mountain townships of "
            "Ruoyang and Tashi and set up reading corners in village schools.",
        ),
        "category": "organisations",
        "tags": ["助学", "乡村教育"],
        "date": datetime.date(2026, 9, 28),
        "author": ("李静", "Li Jing"),
        "source": ("金华日报", "Jinhua Daily"),
        "body": [
            (
                "paragraph",
                (
                    "助学金按学期发放，受助学生名单经学校公示后确定，资金使用情况在基金会年度报告中公开。",
                    "Grants are paid each term; the list of pupils is settled after the schools display it, "
                    "and how the money is used is set out in the foundation's annual report.",
                ),
            ),
            (
                "gallery",
                (
                    ("乡村学校图书角", "Village school reading corners"),
                    [
                        ("books", ("新建的图书角", "A new reading corner")),
                        ("sun", ("山区学校的清晨", "Morning at a mountain school")),
                    ],
                ),
            ),
        ],
        "subjects": [(CHUNHUI, None), (CHUNHUI, "2025-projects")],
    },
    {
        "slug": "meals-for-elders-in-tangxi",
        "title": ("汤溪镇的“银龄助餐”", "Meals for older people in Tangxi"),
        "intro": (
            "乐龄社会工作服务中心在汤溪镇开设助餐点，为独居和空巢老人送餐上门。",
            "The Leling Social Work Centre runs a meal service in Tangxi, bringing lunch to older people "
            "who live alone.",
        ),
        "category": "volunteering",
        "tags": ["助老", "志愿服务"],
        "date": datetime.date(2026, 8, 12),
        "author": ("徐敏", "Xu Min"),
        "source": ("", ""),
        "body": [
            (
                "paragraph",
                (
                    "社工和志愿者每天中午把热饭菜送到老人家中，顺便问问身体情况，帮忙打扫卫生。",
                    "Every noon social workers and volunteers bring hot meals to older people's homes, ask how "
                    "they are and help with the cleaning.",
                ),
            ),
            (
                "callout",
                (
                    ("想当助餐志愿者？", "Want to help deliver meals?"),
                    (
                        "请联系乐龄社会工作服务中心，电话0579-82000303。",
                        "Call the Leling Social Work Centre on 0579-82000303.",
                    ),
                ),
            ),
        ],
        "subjects": [(LELING, None), (LELING, "2024-projects")],
    },
    {
        "slug": "blue-sky-rescue-flood-season",
        "title": ("蓝天救援队的汛期守护", "Blue Sky Rescue through the flood season"),
        "intro": (
            "汛期里，蓝天应急救援协会的队员日夜值守，参与转移受困群众和排查隐患。",
            "Through the flood season, members of the Blue Sky Rescue Association stood watch day and night, "
            "helping to move stranded residents to safety.",
        ),
        "category": "volunteering",
        "tags": ["应急救援", "志愿服务"],
        "date": datetime.date(2026, 7, 3),
        "author": ("方磊", "Fang Lei"),
        "source": ("婺城新闻网", "Wucheng News"),
        "body": [
            (
                "paragraph",
                (
                    "今年汛期，协会先后出动队员二百余人次，协助转移群众六十余人，没有发生人员伤亡。",
                    "This flood season the association turned out more than two hundred times and helped move "
                    "over sixty residents, with no one hurt.",
                ),
            ),
            ("image", ("cross", ("蓝天救援队的救援标志", "The Blue Sky Rescue emblem"))),
        ],
        "subjects": [(LANTIAN, None), ("winner", ("2023", "winner-collective"))],
    },
    {
        "slug": "enterprise-gives-for-school-meals",
        "title": ("爱心企业捐资改善乡村学校午餐", "A company funds better lunches in village schools"),
        "intro": (
            "一家婺城本地企业通过慈善总会定向捐赠，改善了五所乡村学校的午餐条件。",
            "A local Wucheng company gave through the Charity Federation to improve lunches at five village schools.",
        ),
        "category": "enterprises",
        "tags": ["爱心企业", "助学"],
        "date": datetime.date(2026, 6, 1),
        "author": ("王晓", "Wang Xiao"),
        "source": ("", ""),
        "body": [
            (
                "paragraph",
                (
                    "捐赠资金用于更新厨房设备和补贴午餐费用，慈善总会按协议跟踪使用情况并向企业反馈。",
                    "The gift pays for new kitchen equipment and part of the lunch costs; the Federation follows "
                    "how it is spent and reports back to the company, as agreed.",
                ),
            ),
        ],
        "subjects": [(CHARITY_FEDERATION, None)],
    },
    {
        "slug": "one-day-donation-at-the-bus-company",
        "title": ("公交公司职工的“一日捐”", "Bus company staff give a day's pay"),
        "intro": (
            "公交公司全体职工参加“慈善一日捐”，司机们说，这是“把方向盘上的辛苦变成别人的希望”。",
            "All the staff of the bus company took part in the One Day's Donation; the drivers call it "
            "turning a day at the wheel into hope for someone else.",
        ),
        "category": "campaigns",
        "tags": ["慈善一日捐", "爱心企业"],
        "date": datetime.date(2025, 5, 20),
        "author": ("李静", "Li Jing"),
        "source": ("", ""),
        "body": [
            (
                "paragraph",
                (
                    "公司工会组织捐款，善款统一汇入婺城区慈善总会“慈善一日捐”专项。",
                    "The company's union collected the gifts and paid them into the Wucheng Charity Federation's "
                    "One Day's Donation fund.",
                ),
            ),
            ("image", ("hands", ("携手参与“一日捐”", "Joining hands for the One Day's Donation"))),
        ],
        "subjects": [
            ("campaign", "one-day-donation-2025"),
            (CHARITY_FEDERATION, "2025-fundraising-plan"),
            ("winner", ("2023", "winner-project")),
        ],
    },
    {
        "slug": "where-the-one-day-donation-went",
        "title": ("一日捐善款去了哪里", "Where the One Day's Donation went"),
        "intro": (
            "2025年“慈善一日捐”募集善款386.2万元，全部按方案使用。每一笔去向都可以在平台上查到。",
            "The 2025 One Day's Donation raised 3.862 million yuan, all spent as planned. Every use can be "
            "traced on this portal.",
        ),
        "category": "campaigns",
        "tags": ["慈善一日捐", "阳光慈善"],
        "date": datetime.date(2026, 4, 15),
        "author": ("王晓", "Wang Xiao"),
        "source": ("", ""),
        "body": [
            (
                "paragraph",
                (
                    "善款主要用于困难群众救助、助学和助医三类项目，慈善总会按季度公开募捐进展，并在募捐结束后三个月内公开了结果。",
                    "The money went to three kinds of project: relief, school grants and medical help. The "
                    "Federation published progress every quarter and the result within three months of the end.",
                ),
            ),
        ],
        "subjects": [
            ("campaign", "one-day-donation-2025"),
            (CHARITY_FEDERATION, "2025-fundraising-result"),
        ],
    },
    {
        "slug": "charity-fair-on-culture-square",
        "title": ("文化广场上的慈善义集", "A charity fair on Culture Square"),
        "intro": (
            "“9·5中华慈善日”当天，文化广场的慈善义集吸引了上千名市民，义卖所得全部捐给慈善项目。",
            "On China Charity Day, the charity fair on Culture Square drew more than a thousand people; "
            "every yuan from the sales went to charity projects.",
        ),
        "category": "campaigns",
        "tags": ["中华慈善日", "慈善义集"],
        "date": datetime.date(2025, 9, 5),
        "author": ("徐敏", "Xu Min"),
        "source": ("婺城新闻网", "Wucheng News"),
        "body": [
            (
                "paragraph",
                (
                    "义集上有学生的书画、社区的手工艺品，也有爱心企业捐出的农产品。",
                    "Pupils' paintings, crafts from the communities and farm produce given by local companies "
                    "were on sale.",
                ),
            ),
            ("image", ("heart", ("慈善义集的爱心标志", "The heart emblem of the charity fair"))),
        ],
        "subjects": [("campaign", "charity-day-2025"), (CHARITY_FEDERATION, None)],
    },
    {
        "slug": "a-teacher-who-stayed",
        "title": ("留在山里的老师", "The teacher who stayed in the mountains"),
        "intro": (
            "在沙畈乡任教二十六年的周老师获得春晖奖教金。她说，最大的心愿是孩子们都能走出大山再回来。",
            "Ms Zhou, who has taught in Shafan for twenty-six years, received a Chunhui teaching award. Her "
            "wish is for the children to see the world and come back.",
        ),
        "category": "people",
        "tags": ["乡村教育", "助学"],
        "date": datetime.date(2026, 9, 10),
        "author": ("李静", "Li Jing"),
        "source": ("", ""),
        "body": [
            (
                "quote",
                (
                    (
                        "孩子们都能走出大山，也愿意回来。",
                        "That the children can leave the mountains, and want to come back.",
                    ),
                    ("周老师", "Ms Zhou"),
                ),
            ),
            (
                "paragraph",
                (
                    "奖教金每年评选一次，候选人由学校推荐、基金会理事会审定，名单在基金会网站公示。",
                    "The awards are made once a year: schools propose teachers, the foundation's board decides, "
                    "and the list is displayed publicly.",
                ),
            ),
        ],
        "subjects": [(CHUNHUI, None)],
    },
    {
        "slug": "young-volunteers-in-sanjiang",
        "title": ("三江街道的青年志愿者", "Young volunteers in Sanjiang"),
        "intro": (
            "三江街道的青年志愿者每周末为社区老人测血压、教用智能手机。",
            "Every weekend young volunteers in Sanjiang Street take older residents' blood pressure and show "
            "them how to use smartphones.",
        ),
        "category": "volunteering",
        "tags": ["志愿服务", "助老"],
        "date": datetime.date(2026, 5, 9),
        "author": ("方磊", "Fang Lei"),
        "source": ("", ""),
        "body": [
            (
                "paragraph",
                (
                    "志愿服务时长记录在志愿者平台上，可以兑换社区服务。",
                    "Volunteering hours are recorded on the volunteer platform and can be exchanged for "
                    "community services.",
                ),
            ),
            ("image", ("sun", ("周末清晨的社区", "A community on a weekend morning"))),
        ],
        "subjects": [(LELING, None)],
    },
    {
        "slug": "family-firm-sets-up-a-charity-trust",
        "title": ("一家家族企业的慈善信托", "A family firm's charity trust"),
        "intro": (
            "一家婺城家族企业以慈善信托的方式长期支持助老项目，受益人和资金使用情况每年公开。",
            "A Wucheng family business supports care for older people through a charity trust; who benefits "
            "and how the money is used are published every year.",
        ),
        "category": "enterprises",
        "tags": ["慈善信托", "爱心企业"],
        "date": datetime.date(2026, 3, 22),
        "author": ("王晓", "Wang Xiao"),
        "source": ("", ""),
        "body": [
            (
                "paragraph",
                (
                    "慈善信托由慈善组织担任受托人，按照信托文件确定的用途使用，接受民政部门监督。",
                    "A charity organisation acts as trustee and spends the money only as the trust deed says, "
                    "under the civil-affairs bureau's supervision.",
                ),
            ),
        ],
        "subjects": [],
    },
    {
        "slug": "charity-day-volunteer-services",
        "title": ("慈善日里的八十六场志愿服务", "Eighty-six volunteer services on Charity Day"),
        "intro": (
            "“9·5中华慈善日”前后，全区27个乡镇街道开展了86场志愿服务，从义诊到家电维修。",
            "Around China Charity Day, volunteers held 86 services in all 27 towns and streets of the "
            "district, from free clinics to appliance repairs.",
        ),
        "category": "campaigns",
        "tags": ["中华慈善日", "志愿服务"],
        "date": datetime.date(2025, 9, 8),
        "author": ("徐敏", "Xu Min"),
        "source": ("", ""),
        "body": [
            (
                "paragraph",
                (
                    "蓝天应急救援协会在多个社区开展了防灾减灾演练，教居民如何应对火灾和洪水。",
                    "The Blue Sky Rescue Association ran disaster drills in several communities, teaching "
                    "residents what to do in a fire or a flood.",
                ),
            ),
        ],
        "subjects": [("campaign", "charity-day-2025"), (LANTIAN, None)],
    },
]


def _body(spec, images):
    """Chinese StreamField data and the zh→en pairs it contains (images and galleries added here)."""

    def pictures(kind, value):
        if kind == "image":
            name, (caption_zh, caption_en) = value
            alt_zh, alt_en = ILLUSTRATIONS[name][3]
            block = ("image", {"image": images[name], "alt_text": alt_zh, "caption": caption_zh})
            return block, {alt_zh: alt_en, caption_zh: caption_en}
        (title_zh, title_en), items = value  # a gallery
        gallery, pairs = [], {title_zh: title_en}
        for name, (caption_zh, caption_en) in items:
            alt_zh, alt_en = ILLUSTRATIONS[name][3]
            gallery.append({"image": images[name], "alt_text": alt_zh, "caption": caption_zh})
            pairs |= {alt_zh: alt_en, caption_zh: caption_en}
        return ("gallery", {"title": title_zh, "images": gallery}), pairs

    return stream_with_pairs(spec, extra=pictures)


def _subject_page(reference, index):
    owner, slug = reference
    if owner == "campaign":
        return CampaignPage.objects.child_of(index).filter(slug=slug).first()
    if owner == "winner":  # (edition slug, winner slug), from awards/demo.py
        edition, winner = slug
        return AwardWinnerPage.objects.filter(
            locale=index.locale, slug=winner, url_path__contains=f"/{edition}/"
        ).first()
    organisation = OrganisationPage.objects.filter(credit_code=owner, locale=index.locale).first()
    if organisation is None or slug is None:
        return organisation
    return DisclosurePage.objects.child_of(organisation).filter(slug=slug).first()


def _publish_and_translate(page, pairs, english, tags=()):
    page.save_revision(log_action=True).publish(skip_permission_checks=True)
    if page.get_translation_or_none(english) is None:
        translated = translate_page(page, "en", pairs, publish=False)
        if tags:
            # Tags are not translatable strings: the English story gets English tags of its own.
            translated.tags.set([TAGS[name] for name in tags])
        translated.save_revision(log_action=True).publish(skip_permission_checks=True)


def load():
    index = StoryIndexPage.objects.filter(locale__language_code="zh-hans").order_by("path").first()
    if index is None:
        return []
    english = Locale.objects.get(language_code="en")
    images = _images()
    created = []
    for spec in CAMPAIGNS:
        if Page.objects.child_of(index).filter(slug=spec["slug"]).exists():
            continue
        body, pairs = _body(spec["body"], images)
        figures = []
        for (label_zh, label_en), value, (unit_zh, unit_en), note in spec["figures"]:
            figures.append(
                (
                    "figure",
                    {"label": label_zh, "value": value, "unit": unit_zh, "note": note[0] if note else ""},
                )
            )
            pairs |= {label_zh: label_en, unit_zh: unit_en}
            if note:
                pairs[note[0]] = note[1]
        campaign = CampaignPage(
            slug=spec["slug"],
            title=spec["title"][0],
            intro=spec["intro"][0],
            start_date=spec["start_date"],
            end_date=spec["end_date"],
            figures_note=spec["figures_note"][0],
            figures=figures,
            body=body,
        )
        index.add_child(instance=campaign)
        pairs |= dict([spec["title"], spec["intro"], spec["figures_note"]])
        _publish_and_translate(campaign, pairs, english)
        created.append(campaign.title)

    for spec in STORIES:
        if Page.objects.child_of(index).filter(slug=spec["slug"]).exists():
            continue
        body, pairs = _body(spec["body"], images)
        story = StoryPage(
            slug=spec["slug"],
            title=spec["title"][0],
            intro=spec["intro"][0],
            category=spec["category"],
            date=spec["date"],
            author=spec["author"][0],
            source=spec["source"][0],
            body=body,
        )
        story.tags.add(*spec["tags"])
        for reference in spec.get("subjects", []):
            subject = _subject_page(reference, index)
            if subject is not None:
                story.subjects.add(StorySubject(subject=subject))
        index.add_child(instance=story)
        pairs |= dict([spec["title"], spec["intro"], spec["author"]])
        if spec["source"][0]:
            pairs[spec["source"][0]] = spec["source"][1]
        _publish_and_translate(story, pairs, english, tags=spec["tags"])
        created.append(story.title)
    return created
