#!/usr/bin/env python
"""Generate the honest relevance set: bench/relevance/generated/ (disclosures.jsonl, attachments/, queries.json).

    .venv/bin/python bench/relevance/generate.py        # rewrites bench/relevance/generated/

Deterministic (``random.Random(SEED)``; the traditional-character queries use OpenCC from the venv), so
the committed output is what this script writes. The corpus is invented but written as Wucheng's filers
write: 38 organisations of every kind in the district's real 镇街, yearly work / financial / audit
reports, public fundraising plans, progress and results, projects with their plan, progress and
closing report, 冠名基金 and 乡贤爱心基金 yearly reports, 慈善信托 reports, corrections, and PDFs whose
text is partly found nowhere else.

Queries are written from what the generator knows of the corpus (which project, fund, campaign or
organisation each disclosure belongs to), never from running a search, and graded 3 (exactly what is
sought), 2 (highly relevant: siblings of the same project, fund or campaign; the organisation when the
query names it), 1 (relevant). For queries built on a literal term, every disclosure whose text
contains the term is judged at least 1 (a containment check on the generated text, ``_cover``). Each
query is assigned to the "tune" or the "test" half here, stratified by kind, before any tuning: tune on
"tune", report "test". Do not edit queries after seeing scores; change this script and regenerate.
"""

import datetime
import json
import random
import re
import shutil
import zlib
from collections import defaultdict
from pathlib import Path

SEED = 20261207
OUT = Path(__file__).resolve().parent / "generated"
LAST_DAY = datetime.date(2026, 11, 30)  # nothing published after it (the importer refuses future dates)

CODE_SET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(rng, prefix):
    """A valid GB 32100 code: ``prefix`` (51 社会团体, 52 社会服务机构, 53 基金会, 13 群团), 330702 (婺城区)."""
    body = prefix + "330702" + "MJ" + "".join(rng.choice(CODE_SET) for _ in range(7))
    total = sum(CODE_SET.index(ch) * w for ch, w in zip(body, WEIGHTS, strict=True))
    return body + CODE_SET[(31 - total % 31) % 31]


# --- organisations -----------------------------------------------------------------------------------
# (name, short forms people type, kind, credit-code prefix, place, themes, public fundraising, registered)
ORGS = [
    (
        "金华市婺城区红十字会",
        ["婺城红十字会", "区红十字会"],
        "social_group",
        "13",
        "城中街道",
        ["红十字"],
        True,
        "1993-05-08",
    ),
    (
        "婺城区慈善总会罗店分会",
        ["罗店慈善分会", "罗店镇慈善分会"],
        "social_group",
        "51",
        "罗店镇",
        ["助老", "助学"],
        False,
        "2012-03-16",
    ),
    (
        "婺城区慈善总会汤溪分会",
        ["汤溪慈善分会", "汤溪镇慈善分会"],
        "social_group",
        "51",
        "汤溪镇",
        ["助学", "医疗"],
        False,
        "2011-11-02",
    ),
    (
        "婺城区慈善总会白龙桥分会",
        ["白龙桥慈善分会"],
        "social_group",
        "51",
        "白龙桥镇",
        ["助老", "乡村"],
        False,
        "2013-06-20",
    ),
    (
        "婺城区慈善总会琅琊分会",
        ["琅琊慈善分会"],
        "social_group",
        "51",
        "琅琊镇",
        ["乡村", "医疗"],
        False,
        "2014-04-11",
    ),
    (
        "婺城区慈善总会江南分会",
        ["江南慈善分会", "江南街道慈善分会"],
        "social_group",
        "51",
        "江南街道",
        ["社区", "助残"],
        False,
        "2015-09-01",
    ),
    (
        "金华市婺城区雅畈镇慈善分会",
        ["雅畈慈善分会"],
        "social_group",
        "51",
        "雅畈镇",
        ["乡村", "助老"],
        False,
        "2016-02-25",
    ),
    (
        "金华市婺城区婺州公益基金会",
        ["婺州公益基金会", "婺州基金会"],
        "foundation",
        "53",
        "城西街道",
        ["助学", "医疗", "儿童"],
        True,
        "2009-07-30",
    ),
    (
        "金华市婺城区仁和慈善基金会",
        ["仁和慈善基金会", "仁和基金会"],
        "foundation",
        "53",
        "西关街道",
        ["助老", "助残"],
        True,
        "2015-12-10",
    ),
    (
        "婺城区三江社区发展基金会",
        ["三江社区基金会", "三江社区发展基金会"],
        "foundation",
        "53",
        "三江街道",
        ["社区", "儿童"],
        False,
        "2021-03-18",
    ),
    (
        "婺城区秋滨社区基金会",
        ["秋滨社区基金会"],
        "foundation",
        "53",
        "秋滨街道",
        ["社区", "环保"],
        False,
        "2022-06-06",
    ),
    (
        "金华市婺城区浙中建工慈善基金会",
        ["浙中建工慈善基金会", "浙中建工基金会"],
        "foundation",
        "53",
        "城北街道",
        ["助学", "乡村"],
        False,
        "2018-08-08",
    ),
    (
        "婺城区金佛手农业慈善基金会",
        ["金佛手慈善基金会", "金佛手基金会"],
        "foundation",
        "53",
        "罗埠镇",
        ["乡村", "助学"],
        False,
        "2019-10-15",
    ),
    (
        "婺城区安地镇乡贤公益基金会",
        ["安地乡贤公益基金会", "安地乡贤基金会"],
        "foundation",
        "53",
        "安地镇",
        ["乡村", "助老"],
        False,
        "2017-01-20",
    ),
    (
        "婺城区蒋堂镇崇文教育基金会",
        ["蒋堂崇文教育基金会", "崇文教育基金会"],
        "foundation",
        "53",
        "蒋堂镇",
        ["助学"],
        False,
        "2016-05-04",
    ),
    (
        "婺城区江南街道启明社会工作服务中心",
        ["启明社会工作服务中心", "启明社工"],
        "social_service_org",
        "52",
        "江南街道",
        ["社区", "儿童"],
        False,
        "2017-04-12",
    ),
    (
        "婺城区城东街道康乐居家养老服务中心",
        ["康乐居家养老服务中心", "城东康乐养老"],
        "social_service_org",
        "52",
        "城东街道",
        ["助老"],
        False,
        "2016-09-27",
    ),
    (
        "婺城区新狮街道暖心社会工作服务社",
        ["暖心社会工作服务社", "新狮暖心社工"],
        "social_service_org",
        "52",
        "新狮街道",
        ["社区", "助老"],
        False,
        "2019-03-01",
    ),
    (
        "婺城区城北街道明眸助残服务中心",
        ["明眸助残服务中心", "城北明眸助残"],
        "social_service_org",
        "52",
        "城北街道",
        ["助残", "医疗"],
        False,
        "2018-11-19",
    ),
    (
        "婺城区白龙桥镇安康护理院",
        ["白龙桥安康护理院", "安康护理院"],
        "social_service_org",
        "52",
        "白龙桥镇",
        ["助老", "医疗"],
        False,
        "2015-07-07",
    ),
    (
        "婺城区西关街道童心成长服务中心",
        ["童心成长服务中心", "西关童心"],
        "social_service_org",
        "52",
        "西关街道",
        ["儿童"],
        False,
        "2020-05-22",
    ),
    (
        "婺城区汤溪镇博爱康复服务中心",
        ["汤溪博爱康复服务中心", "博爱康复"],
        "social_service_org",
        "52",
        "汤溪镇",
        ["助残"],
        False,
        "2017-10-30",
    ),
    (
        "婺城区城中街道和睦调解服务中心",
        ["和睦调解服务中心"],
        "social_service_org",
        "52",
        "城中街道",
        ["社区"],
        False,
        "2021-01-15",
    ),
    (
        "婺城区罗埠镇同心社会工作服务中心",
        ["罗埠同心社工", "同心社会工作服务中心"],
        "social_service_org",
        "52",
        "罗埠镇",
        ["社区", "儿童"],
        False,
        "2020-08-18",
    ),
    (
        "婺城区志愿者协会",
        ["婺城志愿者协会", "区志愿者协会"],
        "social_group",
        "51",
        "城中街道",
        ["社区", "环保"],
        True,
        "2008-12-05",
    ),
    (
        "婺城区老年人协会",
        ["婺城老年人协会", "区老年人协会"],
        "social_group",
        "51",
        "城西街道",
        ["助老"],
        False,
        "2005-10-09",
    ),
    (
        "婺城区义警救援服务队协会",
        ["义警救援协会", "义警救援队"],
        "social_group",
        "51",
        "秋滨街道",
        ["应急"],
        False,
        "2016-06-16",
    ),
    (
        "婺城区山水户外救援协会",
        ["山水救援协会", "山水救援队"],
        "social_group",
        "51",
        "箬阳乡",
        ["应急"],
        False,
        "2018-03-28",
    ),
    (
        "婺城区乡贤联谊会",
        ["婺城乡贤联谊会", "乡贤联谊会"],
        "social_group",
        "51",
        "城东街道",
        ["乡村", "助学"],
        False,
        "2019-12-12",
    ),
    (
        "婺城区婺剧传承发展促进会",
        ["婺剧促进会", "婺剧传承发展促进会"],
        "social_group",
        "51",
        "汤溪镇",
        ["文化"],
        False,
        "2014-08-08",
    ),
    (
        "婺城区妇女儿童发展促进会",
        ["妇女儿童发展促进会"],
        "social_group",
        "51",
        "城北街道",
        ["妇女", "儿童"],
        False,
        "2016-03-08",
    ),
    (
        "婺城区残疾人福利基金会",
        ["残疾人福利基金会", "区残疾人福利基金会"],
        "foundation",
        "53",
        "城东街道",
        ["助残"],
        True,
        "2010-04-20",
    ),
    (
        "婺城区关爱下一代公益协会",
        ["关爱下一代公益协会"],
        "social_group",
        "51",
        "江南街道",
        ["儿童", "助学"],
        False,
        "2013-05-31",
    ),
    (
        "婺城区绿水青山环保公益协会",
        ["绿水青山环保协会", "绿水青山协会"],
        "social_group",
        "51",
        "雅畈镇",
        ["环保"],
        False,
        "2017-06-05",
    ),
    (
        "婺城区竹马乡长者关爱服务中心",
        ["竹马长者关爱服务中心", "竹马长者关爱"],
        "social_service_org",
        "52",
        "竹马乡",
        ["助老"],
        False,
        "2021-09-09",
    ),
    (
        "婺城区莘畈乡茶农互助会",
        ["莘畈茶农互助会", "茶农互助会"],
        "social_group",
        "51",
        "莘畈乡",
        ["乡村"],
        False,
        "2018-04-26",
    ),
    (
        "婺城区沙畈乡水库移民帮扶协会",
        ["沙畈移民帮扶协会", "移民帮扶协会"],
        "social_group",
        "51",
        "沙畈乡",
        ["乡村"],
        False,
        "2015-11-11",
    ),
    (
        "婺城区洋埠镇邻里守望服务中心",
        ["洋埠邻里守望服务中心", "邻里守望服务中心"],
        "social_service_org",
        "52",
        "洋埠镇",
        ["社区", "助老"],
        False,
        "2020-10-10",
    ),
]

# Villages / communities by 镇街 (for bodies).
VILLAGES = {
    "城中街道": ["天宁社区", "八咏社区", "飘萍社区"],
    "城西街道": ["环城社区", "清风社区", "白沙社区"],
    "城北街道": ["五一社区", "人民社区", "北苑社区"],
    "城东街道": ["丹溪社区", "龙腾社区", "凤凰社区"],
    "江南街道": ["三江村", "回溪社区", "李渔社区"],
    "西关街道": ["金中社区", "黄宅市社区", "站前社区"],
    "新狮街道": ["狮山社区", "新狮村", "古方社区"],
    "三江街道": ["三江口社区", "燕尾洲社区", "孔村"],
    "秋滨街道": ["秋滨社区", "九峰社区", "吕街村"],
    "罗店镇": ["鹿田村", "盘前村", "后溪村"],
    "汤溪镇": ["寺平村", "厚大村", "上镜村"],
    "白龙桥镇": ["古方村", "临江村", "雅宅村"],
    "琅琊镇": ["琅琊村", "白沙溪村", "冷水村"],
    "雅畈镇": ["七一村", "雅畈一村", "汪宅村"],
    "罗埠镇": ["山口村", "罗埠村", "红星村"],
    "安地镇": ["岩头村", "喻斯村", "安地村"],
    "蒋堂镇": ["蒋堂村", "长湖村", "后新塘村"],
    "箬阳乡": ["箬阳村", "高坪村", "大坪村"],
    "竹马乡": ["竹马馆村", "下张家村", "徐宅村"],
    "莘畈乡": ["莘畈村", "陈村", "东坑村"],
    "沙畈乡": ["沙畈村", "寺坞村", "大青村"],
    "洋埠镇": ["洋埠村", "下潘村", "水阁村"],
}

# Project pool per theme: (project name, the two words of its distinctive term, beneficiaries, unit).
PROJECTS = {
    "助学": [
        ("圆梦助学金", ("圆梦", "助学金"), "家庭困难学生", "名"),
        ("书香伴读", ("书香", "伴读"), "乡村小学学生", "名"),
        ("寒门学子资助", ("寒门", "学子"), "新入学大学生", "名"),
        ("乡村教师奖励", ("乡村", "教师"), "乡村教师", "名"),
        ("营养午餐", ("营养", "午餐"), "山区学校学生", "名"),
    ],
    "助老": [
        ("银龄助餐", ("银龄", "助餐"), "高龄老人", "人"),
        ("居家助浴", ("居家", "助浴"), "失能老人", "人"),
        ("适老化改造", ("适老化", "改造"), "困难老年家庭", "户"),
        ("孤寡老人结对", ("孤寡老人", "结对"), "孤寡老人", "人"),
        ("老年食堂", ("老年", "食堂"), "独居老人", "人"),
    ],
    "助残": [
        ("残疾人辅具适配", ("辅具", "适配"), "残疾人", "人"),
        ("孤独症儿童康复", ("孤独症", "康复"), "孤独症儿童", "名"),
        ("助残就业", ("助残", "就业"), "残疾人", "人"),
        ("盲人按摩培训", ("盲人", "按摩"), "视障人士", "人"),
    ],
    "医疗": [
        ("白内障复明", ("白内障", "复明"), "白内障患者", "人"),
        ("大病救助", ("大病", "救助"), "大病患者", "人"),
        ("两癌筛查", ("两癌", "筛查"), "农村妇女", "人"),
        ("乡村义诊", ("乡村", "义诊"), "山区群众", "人次"),
    ],
    "儿童": [
        ("四点半课堂", ("四点半", "课堂"), "双职工家庭儿童", "名"),
        ("防溺水宣传", ("防溺水", "宣传"), "中小学生", "名"),
        ("困境儿童关爱", ("困境", "儿童"), "困境儿童", "名"),
        ("留守儿童陪伴", ("留守儿童", "陪伴"), "留守儿童", "名"),
    ],
    "乡村": [
        ("茶苗补植", ("茶苗", "补植"), "茶农", "户"),
        ("共富工坊", ("共富", "工坊"), "低收入农户", "户"),
        ("农房安全改造", ("农房", "改造"), "低收入农户", "户"),
        ("乡村道路亮灯", ("路灯", "亮化"), "山区村民", "户"),
        ("移民后扶", ("移民", "后扶"), "水库移民", "户"),
    ],
    "社区": [
        ("邻里互助", ("邻里", "互助"), "社区居民", "户"),
        ("社区微更新", ("社区", "微更新"), "老旧小区居民", "户"),
        ("矛盾纠纷调解", ("纠纷", "调解"), "社区居民", "件"),
        ("新市民融入", ("新市民", "融入"), "外来务工人员", "人"),
    ],
    "应急": [
        ("防汛抗台救援", ("防汛", "救援"), "受灾群众", "人"),
        ("山地搜救", ("山地", "搜救"), "走失登山者", "人"),
        ("应急救护培训", ("救护", "培训"), "学员", "人"),
        ("水域救援装备", ("水域", "装备"), "救援队员", "人"),
    ],
    "红十字": [
        ("AED设备配置", ("AED", "配置"), "公共场所", "处"),
        ("无偿献血宣传", ("献血", "宣传"), "献血者", "人次"),
        ("博爱家园", ("博爱", "家园"), "社区居民", "户"),
        ("造血干细胞捐献", ("造血干细胞", "捐献"), "志愿者", "人"),
    ],
    "环保": [
        ("护河志愿", ("护河", "志愿"), "沿河村民", "人次"),
        ("垃圾分类督导", ("垃圾分类", "督导"), "小区居民", "户"),
        ("植树护绿", ("植树", "护绿"), "志愿者", "人次"),
    ],
    "文化": [
        ("婺剧进校园", ("婺剧", "校园"), "中小学生", "名"),
        ("文化礼堂送戏", ("文化礼堂", "送戏"), "农村群众", "人次"),
        ("非遗传承人扶持", ("非遗", "传承人"), "非遗传承人", "人"),
    ],
    "妇女": [
        ("春蕾女童助学", ("春蕾", "女童"), "困难女童", "名"),
        ("巾帼创业帮扶", ("巾帼", "创业"), "创业妇女", "人"),
        ("单亲母亲关爱", ("单亲", "母亲"), "单亲母亲", "人"),
    ],
}

CAMPAIGNS = [
    "慈善一日捐",
    "暖冬行动",
    "爱心助学",
    "博爱送万家",
    "99公益日",
    "情暖夕阳",
    "点亮微心愿",
    "山区孩子新书包",
    "防汛救灾",
]
FUNDS = [  # (fund name, managing organisation index, kind of fund, donor phrase)
    ("汤溪镇乡贤爱心基金", 2, "乡贤", "汤溪籍在外乡贤"),
    ("罗店镇乡贤爱心基金", 1, "乡贤", "罗店籍乡贤"),
    ("白龙桥镇乡贤爱心基金", 3, "乡贤", "白龙桥镇乡贤联谊会会员"),
    ("“金鼎建材”冠名慈善基金", 1, "冠名", "金华金鼎建材有限公司"),
    ("“兰溪门老字号”冠名慈善基金", 5, "冠名", "兰溪门老字号商户"),
    ("“恒信电器”冠名慈善基金", 2, "冠名", "浙江恒信电器有限公司"),
    ("琅琊镇乡贤爱心基金", 4, "乡贤", "琅琊镇在外乡贤"),
    ("“婺商回归”冠名慈善基金", 28, "冠名", "婺城籍在外商会"),
]
TRUSTS = [  # (trust name, trustee organisation index, purpose, settlor)
    ("“幸福婺城·助学”慈善信托", 7, "资助家庭困难学生完成学业", "金华某实业集团"),
    ("“仁和·安养”慈善信托", 8, "资助困难失能老人护理", "两位本地企业家"),
    ("“残健同行”慈善信托", 31, "资助残疾人康复与就业", "浙江恒信电器有限公司"),
]
FIRMS = [  # accounting firms: their names appear only in audit PDFs
    ("金华信衡会计师事务所有限公司", "金信衡审"),
    ("浙江婺江联合会计师事务所", "婺江审"),
    ("金华正则会计师事务所（普通合伙）", "正则审"),
    ("浙江八咏会计师事务所有限公司", "八咏审"),
]
# Schools and sites named only in PDF attachments (beneficiary lists): the pdf-only queries' words.
PDF_ONLY_NAMES = [
    "洞源小学",
    "塔石中心小学",
    "岭上希望小学",
    "苏孟初级中学",
    "长湖完全小学",
    "莘畈九年一贯制学校",
    "沙畈中心幼儿园",
    "鹿田书院",
    "九峰敬老院",
    "上镜村居家养老照料中心",
    "寺坞文化礼堂",
    "高坪村卫生室",
    "喻斯村共富工坊",
    "雅宅颐养之家",
]

THEME_PHRASE = {
    "助学": "助学帮困",
    "助老": "养老助老",
    "助残": "扶残助残",
    "医疗": "医疗救助",
    "儿童": "儿童关爱",
    "乡村": "乡村振兴",
    "社区": "社区服务",
    "应急": "应急救援",
    "红十字": "应急救护和人道救助",
    "环保": "生态环保",
    "文化": "传统文化传承",
    "妇女": "妇女发展",
}
DONATE = ["捐赠", "捐款", "捐助"]
MONEY = ["善款", "慈善款物", "慈善资金", "捐赠资金"]
BENEFIT = ["受益", "受助", "惠及", "帮扶"]
AUDIT_WORDS = ["财务报告", "财务收支情况", "账目", "财务报表"]


class Corpus:
    def __init__(self, rng):
        self.rng = rng
        self.lines = []  # import lines
        self.docs = {}  # title -> info (org, type, year, group, text)
        self.groups = defaultdict(list)  # ("project"|"campaign"|"fund"|"trust", id) -> [titles]
        self.pdfs = {}  # file name -> text
        self.used_amounts = set()

    def amount(self, low, high, decimals=2):
        """A 万元 amount not used before in the corpus (amount queries must find one disclosure)."""
        while True:
            value = round(self.rng.uniform(low, high), decimals)
            text = f"{value:.{decimals}f}万元"
            if text not in self.used_amounts:
                self.used_amounts.add(text)
                return text

    def add(
        self, org, type_, title, year, published, body, group=None, figures=None, attachments=(), **extra
    ):
        assert title not in self.docs and title not in NAMES, title
        line = {
            "organization": org["line"],
            "type": type_,
            "title": title,
            "year": year,
            "published_on": published.isoformat(),
            "body": body,
            "figures": figures or {},
            "attachments": [{"file": f"attachments/{f}", "title": t} for f, t in attachments],
        }
        line.update(extra)
        self.lines.append(line)
        pdf_text = " ".join(self.pdfs[f] for f, _ in attachments)
        self.docs[title] = {
            "org": org["name"],
            "type": type_,
            "year": year,
            "group": group,
            "text": title + "\n" + body,
            "pdf": pdf_text,
        }
        org["titles"].append(title)
        if group:
            self.groups[group].append(title)
        return title


NAMES = {entry[0] for entry in ORGS}


def date_in(rng, year, month_from, month_to):
    month = rng.randint(month_from, month_to)
    return min(datetime.date(year, month, rng.randint(1, 28)), LAST_DAY)


# --- PDFs (stdlib: a Type0 font with the UniGB-UCS2-H CMap, text as UTF-16BE; pypdf extracts it) ------


def pdf_bytes(lines):
    ops = ["BT", "/F1 11 Tf", "16 TL", "56 790 Td"]
    for line in lines:
        for start in range(0, max(len(line), 1), 44):  # wrap at 44 characters a line
            ops.append(f"<{line[start : start + 44].encode('utf-16-be').hex().upper()}> Tj T*")
    ops.append("ET")
    content = zlib.compress("\n".join(ops).encode("ascii"), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< "
        b"/Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 2 >> /DW 1000 /FontDescriptor << /Type /FontDescriptor /FontName "
        b"/STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >> >>] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- the corpus --------------------------------------------------------------------------------------


def make_orgs(rng):
    orgs = []
    for index, (name, shorts, kind, prefix, place, themes, public, registered) in enumerate(ORGS):
        code = credit_code(rng, prefix)
        orgs.append(
            {
                "index": index,
                "name": name,
                "shorts": shorts,
                "kind": kind,
                "place": place,
                "themes": themes,
                "code": code,
                "public": public,
                "registered": int(registered[:4]),
                "titles": [],
                "projects": [],
                "line": {
                    "name": name,
                    "credit_code": code,
                    "kind": kind,
                    "registered_on": registered,
                    "public_fundraising": public,
                },
                # How this organisation titles its yearly reports (filers differ).
                "style": rng.choice(
                    ["{name}{year}年度工作报告", "{name}{year}年年度工作报告", "{year}年度{name}工作报告"]
                ),
                "fin_style": rng.choice(
                    [
                        "{name}{year}年度财务会计报告",
                        "{name}{year}年度财务报告",
                        "{year}年度{name}财务会计报告",
                    ]
                ),
            }
        )
    return orgs


def first_year(org):
    return max(2021, org["registered"] + 1)


def make_projects(rng, orgs):
    pool = {theme: list(items) for theme, items in PROJECTS.items()}
    for items in pool.values():
        rng.shuffle(items)
    projects = []
    for org in orgs:
        count = 3 if len(org["themes"]) > 1 else 2
        for n in range(count):
            theme = org["themes"][n % len(org["themes"])]
            if not pool[theme]:
                pool[theme] = list(PROJECTS[theme])  # a second organisation may run the same kind
                rng.shuffle(pool[theme])
            base, words, people, unit = pool[theme].pop()
            place = org["place"]
            village = rng.choice(VILLAGES.get(place, ["中心村"]))
            short_place = place[:-2] if place.endswith("街道") else place[:-1]
            name = f"{short_place}“{base}”" if rng.random() < 0.6 else f"{place}{base}"
            start = rng.randint(first_year(org), 2025)
            project = {
                "id": f"p{len(projects)}",
                "org": org,
                "theme": theme,
                "base": base,
                "words": words,
                "name": name,
                "people": people,
                "unit": unit,
                "place": place,
                "village": village,
                "start": start,
                "titles": {},
            }
            projects.append(project)
            org["projects"].append(project)
    # The same project name may not run twice.
    seen = set()
    for p in projects:
        while p["name"] in seen:
            p["name"] = p["name"] + "二期"
        seen.add(p["name"])
    return projects


def org_figures(rng, year, scale):
    income = round(scale * (1.06 ** (year - 2021)) * rng.uniform(0.85, 1.15))
    donations = round(income * rng.uniform(0.6, 0.9))
    spending = round(income * rng.uniform(0.8, 0.97))
    charitable = round(spending * rng.uniform(0.82, 0.93))
    management = round(spending * rng.uniform(0.04, 0.09))
    return {
        "total_income": income,
        "donation_income": donations,
        "government_grants": round(income * 0.05),
        "total_expenditure": spending,
        "charitable_expenditure": charitable,
        "management_expenses": management,
        "fundraising_costs": round(spending * 0.01),
        "net_assets": round(income * rng.uniform(0.8, 2.5)),
    }


def wan(yuan):
    return f"{yuan / 10000:.2f}万元"


def annual_body(rng, org, year, figures, projects):
    self_word = {"foundation": "本基金会", "social_group": "本会", "social_service_org": "本中心"}[
        org["kind"]
    ]
    if "服务社" in org["name"]:
        self_word = "本社"
    if "护理院" in org["name"]:
        self_word = "本院"
    paragraphs = [
        f"{year}年，{self_word}在区民政局的指导下，围绕{'、'.join(THEME_PHRASE[t] for t in org['themes'])}等工作开展慈善服务，"
        f"全年{rng.choice(['召开理事会', '召开理事会议', '召开会员代表大会和理事会'])}{rng.randint(2, 5)}次，"
        f"修订{rng.choice(['财务管理制度', '项目管理办法', '信息公开制度', '捐赠票据管理办法'])}。",
        f"全年{rng.choice(['接受社会', '收到各界'])}{rng.choice(DONATE)}{wan(figures['donation_income'])}，"
        f"总收入{wan(figures['total_income'])}；慈善活动支出{wan(figures['charitable_expenditure'])}，"
        f"管理费用{wan(figures['management_expenses'])}，年末净资产{wan(figures['net_assets'])}。",
    ]
    running = [p for p in projects if p["start"] <= year <= p["start"] + 1]
    if running:
        names = "、".join(f"{p['name']}项目" for p in running)
        people = sum(rng.randint(30, 400) for _ in running)
        paragraphs.append(f"全年实施{names}，{rng.choice(BENEFIT)}{running[0]['people']}等{people}人次。")
    else:
        paragraphs.append(
            f"{self_word}组织志愿者开展走访慰问{rng.randint(6, 40)}次，"
            f"{rng.choice(BENEFIT)}群众{rng.randint(120, 3000)}人次。"
        )
    village = rng.choice(VILLAGES[org["place"]])
    paragraphs.append(
        rng.choice(
            [
                f"春节前夕，{self_word}走访{org['place']}{village}等地困难家庭{rng.randint(20, 160)}户，"
                f"送去慰问金和米、油等物资。",
                f"全年登记志愿者{rng.randint(40, 900)}名，开展志愿服务{rng.randint(10, 120)}场，"
                f"服务时长{rng.randint(800, 12000)}小时。",
                f"{self_word}与{org['place']}社会工作站、{village}村（居）委会合作，建立困难群众需求台账，"
                f"做到一户一档、精准帮扶。",
                f"年内新增爱心企业{rng.randint(2, 15)}家，定向{rng.choice(DONATE)}"
                f"{rng.randint(2, 60)}万元，全部用于{THEME_PHRASE[rng.choice(org['themes'])]}。",
            ]
        )
    )
    paragraphs.append(
        rng.choice(
            [
                "本年度未发生重大资产变动和重大关联交易，无违反慈善法的情形。",
                f"{self_word}按规定在“善行婺里”平台公开年度工作报告和财务会计报告，接受社会监督。",
                "下一年度将继续规范内部治理，提高项目执行透明度，主动接受捐赠人和社会公众监督。",
            ]
        )
    )
    return "\n\n".join(paragraphs)


def build(rng):
    corpus = Corpus(rng)
    orgs = make_orgs(rng)
    projects = make_projects(rng, orgs)
    pdf_names = list(PDF_ONLY_NAMES)
    rng.shuffle(pdf_names)
    audit_numbers = {}

    # Yearly reports: every organisation's work report; financial reports of foundations and the larger
    # ones; audit reports (with the PDF for many).
    for org in orgs:
        scale = (
            rng.choice([300_000, 800_000, 1_500_000, 4_000_000])
            if org["kind"] == "foundation"
            else rng.choice([150_000, 400_000, 900_000])
        )
        for year in range(first_year(org), 2026):
            figures = org_figures(rng, year, scale)
            published = date_in(rng, year + 1, 3, 5)
            title = org["style"].format(name=org["name"], year=year)
            corpus.add(
                org,
                "annual_report",
                title,
                year,
                published,
                annual_body(rng, org, year, figures, org["projects"]),
                figures=figures,
            )
            if org["kind"] == "foundation" or org["public"] or rng.random() < 0.3:
                fin_title = org["fin_style"].format(name=org["name"], year=year)
                body = (
                    f"本报告反映{org['name']}{year}年12月31日的财务状况和{year}年度的业务活动情况。\n\n"
                    f"资产负债表：资产总计{wan(figures['net_assets'] * 1.1)}，净资产合计{wan(figures['net_assets'])}。"
                    f"业务活动表：收入合计{wan(figures['total_income'])}，其中{rng.choice(DONATE)}收入"
                    f"{wan(figures['donation_income'])}；费用合计{wan(figures['total_expenditure'])}。\n\n"
                    f"现金流量表及会计报表附注见{rng.choice(['本公告', '报告正文'])}，"
                    f"如对{rng.choice(AUDIT_WORDS[1:])}有疑问可向{org['shorts'][0]}秘书处咨询。"
                )
                corpus.add(org, "financial_report", fin_title, year, published, body, figures=figures)
            if year in (2023, 2024) or (org["kind"] == "foundation" and year == 2022):
                audit_title = f"{org['name']}{year}年度审计报告"
                firm, prefix = FIRMS[(org["index"] + year) % len(FIRMS)]
                attach = []
                body = f"{org['shorts'][0]}{year}年度财务报表已经会计师事务所审计，审计报告全文见附件。"
                if rng.random() < 0.5:
                    body += f"\n\n被审计单位：{org['name']}，统一社会信用代码：{org['code']}。"
                if len(corpus.pdfs) < 40 and rng.random() < 0.55:
                    number = f"{prefix}〔{year + 1}〕第{rng.randint(100, 999)}号"
                    while number in audit_numbers:
                        number = f"{prefix}〔{year + 1}〕第{rng.randint(100, 999)}号"
                    audit_numbers[number] = audit_title
                    file = f"audit-{org['index']:02d}-{year}.pdf"
                    corpus.pdfs[file] = "\n".join(
                        [
                            "审计报告",
                            f"{number}",
                            f"{org['name']}理事会：",
                            f"我们审计了{org['name']}财务报表，包括{year}年12月31日的资产负债表，{year}年度的业务活动表和现金流量表以及相关财务报表附注。",
                            "我们认为，后附的财务报表在所有重大方面按照《民间非营利组织会计制度》的规定编制，公允反映了被审计单位的财务状况。",
                            "审计意见类型：无保留意见。",
                            f"{firm}    中国注册会计师：{rng.choice(['王', '陈', '楼', '方', '倪'])}某某",
                        ]
                    )
                    attach = [(file, f"{year}年度审计报告全文")]
                corpus.add(
                    org,
                    "audit_report",
                    audit_title,
                    year,
                    date_in(rng, year + 1, 4, 6),
                    body,
                    attachments=attach,
                )

    # Projects: plan, one or two progress reports, closing report (some with a PDF list of beneficiaries).
    for p in projects:
        org, year = p["org"], p["start"]
        budget = corpus.amount(3, 80)
        people = rng.randint(20, 600)
        plan = f"{p['name']}项目实施方案" if rng.random() < 0.5 else f"{year}年{p['name']}项目计划"
        body = (
            f"为{rng.choice(['回应', '解决', '缓解'])}{p['place']}{p['people']}的实际困难，{org['name']}"
            f"{rng.choice(['启动', '设立', '实施'])}{p['name']}项目，在{p['village']}等地开展{p['words'][0]}{p['words'][1]}服务。\n\n"
            f"项目周期：{year}年{rng.randint(1, 6)}月至{year + 1}年{rng.randint(1, 12)}月；项目预算{budget}，"
            f"资金来源为社会{rng.choice(DONATE)}和{rng.choice(['政府购买服务', '区慈善总会配套', '公益创投资助'])}。"
            f"计划{rng.choice(BENEFIT)}{p['people']}{people}{p['unit']}。\n\n"
            f"项目负责人由{org['shorts'][0]}{rng.choice(['项目部', '秘书处', '社工部'])}指定，"
            f"{rng.choice(['接受捐赠人和受益人监督', '项目执行情况按季度公开', '项目资金专款专用'])}。"
        )
        group = ("project", p["id"])
        p["titles"]["plan"] = corpus.add(
            org, "project", plan, year, date_in(rng, year, 1, 6), body, group=group
        )
        progress_count = rng.choice([1, 1, 2])
        for n in range(progress_count):
            label = (
                ["上半年", "第三季度"][n] if progress_count == 2 else rng.choice(["中期", "阶段性", "上半年"])
            )
            title = f"{p['name']}项目{year}年{label}进展"
            body = (
                f"截至{year}年{[6, 9][n]}月底，{p['name']}项目已在{p['village']}等{rng.randint(2, 9)}个村（社区）开展服务，"
                f"累计{rng.choice(BENEFIT)}{p['people']}{rng.randint(10, people)}{p['unit']}，使用{rng.choice(MONEY)}"
                f"{corpus.amount(1, 30)}。\n\n下一步将{rng.choice(['扩大服务覆盖面', '加强志愿者培训', '完善回访机制'])}。"
            )
            p["titles"].setdefault("progress", []).append(
                corpus.add(org, "project_progress", title, year, date_in(rng, year, 7, 11), body, group=group)
            )
        if year <= 2024 or rng.random() < 0.5:
            result_year = year + 1
            title = rng.choice(
                [f"{p['name']}项目结项报告", f"{p['name']}项目实施结果公告", f"{p['name']}项目总结"]
            )
            spent = corpus.amount(3, 80)
            body = (
                f"{p['name']}项目已于{result_year}年{rng.randint(1, 6)}月完成，共{rng.choice(BENEFIT)}{p['people']}"
                f"{rng.randint(people // 2 + 1, people + 50)}{p['unit']}，实际支出{spent}。\n\n"
                f"项目经{rng.choice(['第三方评估', '理事会验收', '捐赠方回访'])}，服务对象满意度{rng.randint(90, 99)}.{rng.randint(0, 9)}%。"
            )
            attach = []
            if pdf_names and rng.random() < 0.5:
                site = pdf_names.pop()
                file = f"project-{p['id']}.pdf"
                corpus.pdfs[file] = "\n".join(
                    [
                        f"{p['name']}项目受益名单及验收意见",
                        f"服务点：{p['village']}、{site}",
                        f"{site}：{rng.randint(5, 60)}{p['unit']}，资金{rng.randint(2, 20)}千元。",
                        "验收意见：项目按计划完成，资金使用规范，同意结项。",
                    ]
                )
                p["pdf_site"] = site
                attach = [(file, "受益名单及验收意见")]
            p["titles"]["result"] = corpus.add(
                org,
                "project_progress",
                title,
                result_year,
                date_in(rng, result_year, 6, 12),
                body,
                group=group,
                attachments=attach,
            )
            p["spent"] = spent

    # Public fundraising campaigns (organisations with the right to raise publicly).
    campaigns = []
    for org in orgs:
        if not org["public"]:
            continue
        names = rng.sample(CAMPAIGNS, 3)
        for name in names:
            year = rng.randint(max(2021, first_year(org)), 2025)
            label = f"{org['shorts'][0]}{year}年“{name}”"
            donate = rng.choice(DONATE)
            group = ("campaign", label)
            c = {"label": label, "name": name, "org": org, "year": year, "donate": donate, "titles": {}}
            target = corpus.amount(20, 300)
            c["titles"]["plan"] = corpus.add(
                org,
                "fundraising_plan",
                f"{label}公开募捐方案",
                year,
                date_in(rng, year, 1, 3),
                f"募捐目的：{rng.choice(['筹集资金用于', '募集善款用于'])}{THEME_PHRASE[rng.choice(org['themes'])]}，帮扶{rng.choice(VILLAGES[org['place']])}等地的困难群众。\n\n"
                f"募捐时间：{year}年4月1日至{year}年12月31日；募捐方式：现场{donate}、银行转账和互联网公开募捐平台。"
                f"计划募集{target}。\n\n{org['name']}具备公开募捐资格，公开募捐备案编号{org['code'][-6:]}{year}。",
                group=group,
            )
            raised_mid = corpus.amount(5, 100)
            c["titles"]["progress"] = corpus.add(
                org,
                "fundraising_progress",
                f"{label}募捐进展（截至{year}年6月30日）",
                year,
                date_in(rng, year, 7, 8),
                f"截至6月30日，“{name}”活动共收到{rng.choice(['单位', '企业', '机关事业单位'])}和个人{donate}{raised_mid}，"
                f"已拨付{rng.choice(MONEY)}用于{THEME_PHRASE[rng.choice(org['themes'])]}项目。"
                f"{rng.choice(['募捐活动仍在进行中。', '欢迎社会各界继续参与。', '捐赠票据可向本单位申领。'])}",
                group=group,
            )
            raised = corpus.amount(20, 300)
            c["raised"] = raised
            c["titles"]["result"] = corpus.add(
                org,
                "fundraising_result",
                f"{label}募捐结果公告",
                year,
                date_in(rng, year + 1, 1, 2),
                f"“{name}”公开募捐活动已结束，共募集{rng.choice(MONEY)}{raised}，其中个人{donate}{rng.randint(800, 9000)}笔。\n\n"
                f"{rng.choice(MONEY)}已按方案用于{THEME_PHRASE[rng.choice(org['themes'])]}，{rng.choice(BENEFIT)}{rng.randint(100, 5000)}人次。"
                f"募捐成本{rng.randint(1, 9)}千余元，由本单位自有资金列支，未使用募得款物。",
                group=group,
            )
            campaigns.append(c)

    # 冠名基金 / 乡贤爱心基金: a yearly report of use by the managing organisation.
    funds = []
    for name, index, kind, donor in FUNDS:
        org = orgs[index]
        f = {"name": name, "org": org, "kind": kind, "titles": []}
        for year in range(max(2022, first_year(org)), 2026):
            title = f"{name}{year}年度使用情况报告"
            body = (
                f"{name}由{donor}{rng.choice(DONATE)}设立，{'在' + org['name'] + '设立专项基金' if kind == '冠名' else '用于家乡的助学、助老和乡村振兴'}。\n\n"
                f"{year}年基金收到{rng.choice(DONATE)}{corpus.amount(2, 60)}，支出{corpus.amount(2, 50)}，"
                f"{rng.choice(BENEFIT)}{rng.randint(20, 400)}人次；年末基金余额{corpus.amount(5, 200)}。"
            )
            f["titles"].append(
                corpus.add(
                    org,
                    "project_progress",
                    title,
                    year,
                    date_in(rng, year + 1, 1, 4),
                    body,
                    group=("fund", name),
                )
            )
        funds.append(f)

    # 慈善信托: the trustee's yearly 信托事务处理情况报告.
    trusts = []
    for name, index, purpose, settlor in TRUSTS:
        org = orgs[index]
        t = {"name": name, "org": org, "titles": []}
        for year in range(2022, 2026):
            title = f"{name}{year}年度信托事务处理情况报告"
            body = (
                f"{name}由{settlor}作为委托人设立，{org['name']}担任受托人，信托目的为{purpose}。\n\n"
                f"{year}年度信托财产收益{corpus.amount(1, 20)}，支出{corpus.amount(1, 40)}，"
                f"{rng.choice(BENEFIT)}{rng.randint(10, 200)}人。信托监察人对本年度信托事务处理无异议。"
            )
            t["titles"].append(
                corpus.add(
                    org, "trust", title, year, date_in(rng, year + 1, 1, 3), body, group=("trust", name)
                )
            )
        trusts.append(t)

    # Corrections of a few reports and results.
    corrections = []
    candidates = [
        title for title, doc in corpus.docs.items() if doc["type"] in ("annual_report", "fundraising_result")
    ]
    for target in rng.sample(sorted(candidates), 8):
        doc = corpus.docs[target]
        org = next(o for o in orgs if o["name"] == doc["org"])
        title = f"关于《{target}》的更正说明"
        body = (
            f"经核对，《{target}》中{rng.choice(['捐赠收入', '受益人数', '支出金额'])}一项数字有误，"
            f"现更正为{corpus.amount(1, 90)}，其余内容不变。特此更正。"
        )
        corpus.add(
            org,
            "correction",
            title,
            doc["year"],
            date_in(rng, min(doc["year"] + 1, 2026), 6, 10),
            body,
            group=doc["group"],
            corrects=target,
        )
        corrections.append((title, target))
    return corpus, orgs, projects, campaigns, funds, trusts, audit_numbers, corrections


# --- queries -----------------------------------------------------------------------------------------

PER_KIND = 14
GENERIC = {
    "乡村",
    "社区",
    "居家",
    "老年",
    "困境",
    "儿童",
    "留守",
    "金",
    "助学",
    "宣传",
    "培训",
    "改造",
    "配置",
    "志愿",
    "装备",
    "就业",
    "救助",
    "课堂",
    "陪伴",
    "结对",
    "创业",
    "母亲",
    "校园",
    "融入",
    "调解",
    "互助",
    "家园",
    "捐献",
    "督导",
    "护绿",
    "送戏",
    "传承人",
    "女童",
    "教师",
    "午餐",
    "学子",
    "救援",
    "搜救",
    "工坊",
    "后扶",
    "补植",
    "亮化",
    "复明",
    "康复",
    "按摩",
    "适配",
    "筛查",
    "义诊",
    "伴读",
    "助餐",
    "助浴",
    "食堂",
    "微更新",
} | set(
    PROJECTS
)  # theme names (助残, 助老 …) are in every annual report of their organisations: not one project's word
NO_HIT = [
    "核酸检测点",
    "宠物领养",
    "电竞比赛奖金",
    "杭州市西湖区慈善总会",
    "婺城区天使妈妈基金会",
    "新冠疫苗接种",
    "足球夏令营",
    "比特币捐赠",
    "房屋出租信息",
    "驾校报名",
    "义乌小商品城",
    "高考志愿填报",
    "股票分红",
    "婚纱摄影",
    "留学中介",
    "二手车交易",
]
ABBREVIATED = {  # organisation index -> abbreviation people use for it
    0: "红会",
    24: "志协",
    25: "老协",
    31: "残基会",
    30: "妇儿促进会",
}


class Queries:
    def __init__(self, rng, corpus, orgs):
        self.rng, self.corpus, self.orgs = rng, corpus, orgs
        self.items = []
        self.texts = set()

    def add(self, kind, text, judgements, cover=(), note=""):
        if text in self.texts:
            return False
        judgements = dict(judgements)
        for term in cover:
            self.cover(term, judgements)
        for title in judgements:
            assert title in self.corpus.docs or title in NAMES, (text, title)
        self.texts.add(text)
        item = {
            "query": text,
            "kind": kind,
            "judgements": dict(sorted(judgements.items(), key=lambda kv: (-kv[1], kv[0]))),
        }
        if note:
            item["note"] = note
        self.items.append(item)
        return True

    def cover(self, term, judgements):
        """Every disclosure (text or PDF) and organisation whose name contains ``term`` is at least relevant."""
        # A number matches where it starts (160.34万元 is not in 1160.34万元).
        needle = re.compile(("(?<![0-9.])" if term[:1].isdigit() else "") + re.escape(term.lower()))
        for title, doc in self.corpus.docs.items():
            if needle.search(doc["text"].lower()) or needle.search(doc["pdf"].lower()):
                judgements.setdefault(title, 1)
        for name in NAMES:
            if needle.search(name.lower()):
                judgements.setdefault(name, 1)

    def count(self, kind):
        return sum(1 for q in self.items if q["kind"] == kind)


def project_grades(p, focus="all"):
    """Grades of a project's disclosures: ``all`` — plan and result 3, progress 2; ``result`` — the
    result 3, plan and progress 2; ``plan`` — the plan 3, the rest 2. Corrections in the group 1."""
    t = p["titles"]
    grades = {}
    for title in t.get("progress", []):
        grades[title] = 2
    if "result" in t:
        grades[t["result"]] = 3 if focus in ("all", "result") else 2
    grades[t["plan"]] = 3 if focus in ("all", "plan") else 2
    return grades


def org_grades(corpus, org):
    """A query naming an organisation: its page 3, its yearly work reports 2, its other disclosures 1."""
    grades = {org["name"]: 3}
    for title in org["titles"]:
        grades[title] = 2 if corpus.docs[title]["type"] == "annual_report" else 1
    return grades


def doc_of(org, type_, year, corpus):
    for title in org["titles"]:
        doc = corpus.docs[title]
        if doc["type"] == type_ and doc["year"] == year:
            return title
    return None


def short_place(place):
    return place[:-2] if place.endswith("街道") else place[:-1]


def make_queries(rng, corpus, orgs, projects, campaigns, funds, trusts, audit_numbers):
    import opencc

    q = Queries(rng, corpus, orgs)
    pick = rng.sample
    with_result = [p for p in projects if "result" in p["titles"]]

    # word: a distinctive word of a project (several projects may share it).
    words = sorted({w for p in projects for w in p["words"] if w not in GENERIC})
    for word in pick(words, min(len(words), PER_KIND + 4)):
        if q.count("word") >= PER_KIND:
            break
        grades = {}
        for p in projects:
            if word in p["words"]:
                grades.update(project_grades(p))
        q.add("word", word, grades, cover=[word])

    # multi-word: 镇街 + the project's term split in two.
    for p in pick(projects, PER_KIND + 6):
        if q.count("multiword") >= PER_KIND:
            break
        place = rng.choice([p["place"], short_place(p["place"])])
        text = f"{place} {p['words'][0]} {p['words'][1]}"
        grades = project_grades(p)
        for other in projects:
            if other is not p and other["words"] == p["words"]:
                for title in project_grades(other):
                    grades.setdefault(title, 1)
        q.add("multiword", text, grades)

    order = list(orgs)
    rng.shuffle(order)
    # name: the full name; short-name: a short form (without the district, or a common shortening).
    for org in order[:PER_KIND]:
        q.add("name", org["name"], org_grades(corpus, org), cover=[org["name"]])
    for org in order[PER_KIND : 2 * PER_KIND]:
        short = rng.choice(org["shorts"])
        q.add("short-name", short, org_grades(corpus, org), cover=[short])

    # credit-code: as copied, lower case, with spaces, full-width.
    full_width = str.maketrans(
        "0123456789ABCDEFGHJKLMNPQRTUWXY", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"
    )
    forms = ["plain", "lower", "spaces", "fullwidth", "lower", "spaces", "fullwidth"]
    for n, org in enumerate(order[2 * PER_KIND :] + order[: 2 * PER_KIND]):
        if q.count("credit-code") >= PER_KIND:
            break
        code, form = org["code"], forms[n % len(forms)]
        text = {
            "plain": code,
            "lower": code.lower(),
            "spaces": f"{code[:6]} {code[6:12]} {code[12:]}",
            "fullwidth": code.translate(full_width),
        }[form]
        grades = {org["name"]: 3}
        q.cover(code, grades)
        q.add("credit-code", text, grades, note=form)

    # number-year: year + type of report, and amounts.
    for org in pick(orgs, 12):
        if q.count("number-year") >= 6:
            break
        year = rng.choice([2023, 2024])
        title = doc_of(org, "audit_report", year, corpus)
        if not title:
            continue
        grades = {title: 3, org["name"]: 1}
        for other in org["titles"]:
            if corpus.docs[other]["year"] == year and corpus.docs[other]["type"] in (
                "annual_report",
                "financial_report",
            ):
                grades[other] = 1
        q.add("number-year", f"{rng.choice(org['shorts'])} {year}年审计报告", grades)
    for c in pick(campaigns, 5):
        grades = {c["titles"]["result"]: 3, c["titles"]["plan"]: 2, c["titles"]["progress"]: 2}
        q.add("number-year", f"募集{c['raised']}", grades, cover=[c["raised"]])
    for f in pick(funds, 6):
        if q.count("number-year") >= PER_KIND:
            break
        title = rng.choice(f["titles"])
        year = corpus.docs[title]["year"]
        grades = dict.fromkeys(f["titles"], 1)
        grades[title] = 3
        q.add("number-year", f"{f['name'].strip('“”').replace('”', '')} {year}", grades)

    # traditional: project words, organisation names and fund reports in traditional characters.
    converters = [opencc.OpenCC("s2t"), opencc.OpenCC("s2tw"), opencc.OpenCC("s2hk")]
    sources = []
    for p in pick(projects, 5):
        sources.append((f"{p['place']}{p['words'][0]}{p['words'][1]}", project_grades(p)))
    for org in pick(orgs, 4):
        sources.append((org["name"], org_grades(corpus, org)))
    for org in pick(
        [o for o in orgs if any(corpus.docs[t]["type"] == "financial_report" for t in o["titles"])], 2
    ):
        grades = {org["name"]: 2}
        for title in org["titles"]:
            if corpus.docs[title]["type"] in ("financial_report", "audit_report"):
                grades[title] = 3 if corpus.docs[title]["type"] == "financial_report" else 2
        sources.append((f"怎么查{org['shorts'][0]}的账目", grades))
    for f in pick(funds, 3):
        title = rng.choice(f["titles"])
        grades = dict.fromkeys(f["titles"], 1)
        grades[title] = 3
        sources.append((title, grades))
    for n, (text, grades) in enumerate(sources):
        if "账目" in text:  # Taiwan writes 帳目 (OpenCC's s2tw keeps 賬)
            converted = converters[1].convert(text).replace("賬", "帳")
        else:
            converted = converters[n % 3].convert(text)
        if converted != text:
            q.add("traditional", converted, grades, note=text)

    # punctuation: 《title》, “name”, ·, 、, full-width colon and brackets.
    for title in pick(sorted(corpus.docs), 40):
        if q.count("punctuation") >= 4:
            break
        doc = corpus.docs[title]
        if doc["type"] == "correction":
            continue
        grades = {title: 3}
        if doc["group"]:
            for sibling in corpus.groups[doc["group"]]:
                grades.setdefault(sibling, 2)
        q.add("punctuation", f"《{title}》", grades)
    for c in pick(campaigns, 4):
        grades = {c["titles"]["plan"]: 3, c["titles"]["result"]: 3, c["titles"]["progress"]: 2}
        q.add("punctuation", f"“{c['name']}”（{c['org']['shorts'][0]}）", grades)
    for p in pick(projects, 3):
        q.add("punctuation", f"{short_place(p['place'])}·{p['base']}", project_grades(p))
    for p in pick(with_result, 3):
        q.add(
            "punctuation",
            f"项目：{p['base']}、{short_place(p['place'])}；结项？",
            project_grades(p, "result"),
        )

    # abbreviation: 红会, 志协, 老协, 残基会, 妇儿促进会; 年报, 财报, 公募, 乡贤基金, 信托年报.
    for index, abbreviation in ABBREVIATED.items():
        org = orgs[index]
        if org["projects"]:
            p = rng.choice(org["projects"])
            q.add("abbreviation", f"{abbreviation} {p['base']}", project_grades(p))
        year = rng.choice([2023, 2024, 2025])
        title = doc_of(org, "annual_report", year, corpus)
        q.add("abbreviation", f"{abbreviation}{year}年报", {title: 3, org["name"]: 2})
    for org in pick(
        [o for o in orgs if any(corpus.docs[t]["type"] == "financial_report" for t in o["titles"])], 1
    ):
        year = 2024
        title = doc_of(org, "financial_report", year, corpus)
        q.add("abbreviation", f"{org['shorts'][0]} {year} 财报", {title: 3, org["name"]: 1})
    for c in pick(campaigns, 1):
        grades = {c["titles"]["plan"]: 3, c["titles"]["progress"]: 2, c["titles"]["result"]: 2}
        q.add("abbreviation", f"{c['org']['shorts'][0]} {c['name']} 公募方案", grades)
    for f in pick([f for f in funds if f["kind"] == "乡贤"], 1):
        grades = dict.fromkeys(f["titles"], 3)
        q.add("abbreviation", f"{f['name'][:2]}乡贤基金", grades)
    for t in pick(trusts, 1):
        title = t["titles"][-2]
        grades = dict.fromkeys(t["titles"], 1)
        grades[title] = 3
        q.add(
            "abbreviation",
            f"{t['name'].strip('“').split('”')[0]}信托 {corpus.docs[title]['year']}年报",
            grades,
        )

    # question: how people ask.
    for org in pick(
        [o for o in orgs if any(corpus.docs[t]["type"] == "financial_report" for t in o["titles"])], 4
    ):
        grades = {org["name"]: 2}
        for title in org["titles"]:
            kind = corpus.docs[title]["type"]
            if kind == "financial_report":
                grades[title] = 3
            elif kind == "audit_report":
                grades[title] = 2
        q.add(
            "question",
            rng.choice([f"{org['shorts'][0]}的账目在哪里查", f"怎么查{org['shorts'][0]}的账目"]),
            grades,
        )
    for org in pick(orgs, 4):
        grades = {org["name"]: 2}
        for p in org["projects"]:
            grades.update(dict.fromkeys(project_grades(p), 1))
            grades[p["titles"]["plan"]] = 3
        q.add("question", f"{rng.choice(org['shorts'])}有哪些项目", grades)
    for p in pick(projects, 3):
        grades = dict.fromkeys(project_grades(p), 1)
        grades[p["titles"]["plan"]] = 2
        grades[p["org"]["name"]] = 3
        q.add("question", f"{p['name']}项目是谁负责的？", grades)
    for f in pick(funds, 3):
        q.add("question", f"怎么查{f['name']}的使用情况", dict.fromkeys(f["titles"], 3))

    # word-order: a project's two words reversed; a report's parts in another order.
    for p in pick(projects, 12):
        if q.count("word-order") >= 8:
            break
        q.add("word-order", f"{p['words'][1]} {p['words'][0]} {short_place(p['place'])}", project_grades(p))
    for org in pick(orgs, 10):
        if q.count("word-order") >= PER_KIND:
            break
        year = rng.choice([2023, 2024])
        title = doc_of(org, "audit_report", year, corpus)
        if title:
            q.add("word-order", f"审计报告 {year} {org['shorts'][0]}", {title: 3, org["name"]: 1})

    # synonym-variant: the query says what the disclosure says in other words.
    for c in pick(campaigns, 5):
        other = rng.choice([d for d in DONATE if d != c["donate"]])
        grades = {c["titles"]["progress"]: 3, c["titles"]["result"]: 3, c["titles"]["plan"]: 2}
        q.add(
            "synonym-variant",
            f"{c['org']['shorts'][0]} {c['name']} {other}",
            grades,
            note=f"the disclosures say {c['donate']}",
        )
    for org in pick(
        [o for o in orgs if any(corpus.docs[t]["type"] == "financial_report" for t in o["titles"])], 12
    ):
        if q.count("synonym-variant") >= 10:
            break
        year = rng.choice([2022, 2023, 2024])
        title = doc_of(org, "financial_report", year, corpus)
        if title:
            q.add(
                "synonym-variant",
                f"{org['shorts'][0]} {year}年账目",
                {title: 3, org["name"]: 1},
                note="the title says 财务（会计）报告",
            )
    for org in pick(orgs, 10):
        if q.count("synonym-variant") >= PER_KIND:
            break
        year = rng.choice([2022, 2023, 2024])
        title = doc_of(org, "annual_report", year, corpus)
        if title:
            q.add(
                "synonym-variant",
                f"{org['shorts'][0]}{year}年度工作总结",
                {title: 3, org["name"]: 1},
                note="the title says 工作报告",
            )

    # pdf-only: audit report numbers and beneficiary sites named only in a PDF.
    for number in pick(sorted(audit_numbers), 7):
        q.add("pdf-only", number, {audit_numbers[number]: 3}, cover=[number])
    for p in pick([p for p in projects if "pdf_site" in p], 7):
        grades = dict.fromkeys(project_grades(p), 1)
        grades[p["titles"]["result"]] = 3
        q.add("pdf-only", p["pdf_site"], grades, cover=[p["pdf_site"]])

    # project-siblings: the result of a project; its plan and progress are highly relevant.
    for p in pick(with_result, PER_KIND):
        text = rng.choice(
            [
                f"{p['name']}项目结项",
                f"{p['name']}完成情况",
                f"{p['base']} {short_place(p['place'])} 项目总结",
            ]
        )
        q.add("project-siblings", text, project_grades(p, "result"))

    # no-hit: nothing in the corpus is relevant.
    for text in NO_HIT[:PER_KIND]:
        q.add("no-hit", text, {})

    # Checks: PDF-only terms are in no title or body; no-hit terms nowhere.
    for item in q.items:
        if item["kind"] == "pdf-only":
            assert not any(item["query"] in doc["text"] for doc in corpus.docs.values()), item["query"]
        if item["kind"] == "no-hit":
            assert not any(item["query"] in doc["text"] + doc["pdf"] for doc in corpus.docs.values()), item[
                "query"
            ]
            assert not any(item["query"] in name for name in NAMES), item["query"]
    return q.items


def split(items, seed):
    """Half of each kind to "tune", half to "test" (an odd one out goes to "test"), with a fixed seed."""
    rng = random.Random(seed)
    by_kind = defaultdict(list)
    for item in items:
        by_kind[item["kind"]].append(item)
    for group in by_kind.values():
        order = list(range(len(group)))
        rng.shuffle(order)
        for rank, index in enumerate(order):
            group[index]["half"] = "tune" if rank < len(group) // 2 else "test"
    return items


def write(out=OUT):
    """Generate the set into the folder ``out`` (replaced); returns (corpus, organisations, queries)."""
    rng = random.Random(SEED)
    corpus, orgs, projects, campaigns, funds, trusts, audit_numbers, _corrections = build(rng)
    items = split(
        make_queries(rng, corpus, orgs, projects, campaigns, funds, trusts, audit_numbers), SEED + 1
    )
    if out.exists():
        shutil.rmtree(out)
    (out / "attachments").mkdir(parents=True)
    for file, text in corpus.pdfs.items():
        (out / "attachments" / file).write_bytes(pdf_bytes(text.split("\n")))
    with (out / "disclosures.jsonl").open("w", encoding="utf-8") as handle:
        for line in corpus.lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    (out / "queries.json").write_text(
        json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return corpus, orgs, items


def main():
    corpus, orgs, items = write()
    kinds = defaultdict(lambda: [0, 0])
    for item in items:
        kinds[item["kind"]][item["half"] == "test"] += 1
    print(
        f"{len(orgs)} organisations, {len(corpus.lines)} disclosures, {len(corpus.pdfs)} PDFs, {len(items)} queries"
    )
    for kind, (tune, test) in kinds.items():
        print(f"  {kind:<18} tune {tune:>3}  test {test:>3}")


if __name__ == "__main__":
    main()
