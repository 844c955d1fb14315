"""The directory's name order is pinyin order, the same on SQLite and on PostgreSQL (docs/directory.md).

Run on both: ``pytest tests/disclosures/test_directory_order.py`` (SQLite) and
``tools/test-postgres.sh .venv/bin/pytest tests/disclosures/test_directory_order.py`` (PostgreSQL)."""

import pytest
from django.db import connection
from django.db.models.functions import Collate

from disclosures.models import DisclosureIndexPage, OrganisationPage
from disclosures.name_order import sort_key
from disclosures.presenters import by_name
from tests.factories import make_organisation, section, soup

# In the order a Chinese reader looks them up, as ICU's zh collation gives it: digits first, Chinese by
# pinyin syllable by syllable with the tone, then names in Latin letters (full-width read as ASCII).
# Polyphones read in their phrase: 长山 is cháng (a township here), 长者 zhǎng; 重阳 chóng, 重点
# zhòng; 乐龄 lè, 快乐 lè, 乐清 yuè.
PINYIN_ORDER = [
    "12345志愿服务队",
    "3A公益联盟",
    "爱心帮扶协会",
    "长山乡慈善协会",
    "重阳敬老协会",
    "慈善总会",
    "金华市助学会",
    "快乐助学会",
    "蓝天救援队",
    "乐龄社会工作服务中心",
    "示范社区服务中心",
    "婺城区义工联合会",
    "西关街道慈善分会",
    "乐清商会",
    "长者关爱协会",
    "重点帮扶中心",
    "ABC儿童关爱中心",
    "Ｂ座社区服务中心",
]


@pytest.fixture
def org_index(db):
    return section(DisclosureIndexPage)


def test_pinyin_order_of_names():
    by_code_point = sorted(PINYIN_ORDER)
    assert by_code_point != PINYIN_ORDER
    assert sorted(by_code_point, key=sort_key) == PINYIN_ORDER


def test_the_issues_example_sorts_by_pinyin_not_by_code_point():
    # By code point: 乐 < 慈 < 示 < 蓝 < 西 < 金 (the order the directory had).
    assert sorted("乐慈示蓝西金", key=sort_key) == list("慈金蓝乐示西")


def test_a_syllable_sorts_before_the_longer_ones_it_begins():
    # 西 xī before 先 xiān whatever follows; then 喜 xǐ (the tone after the syllable); 西安 before 西关.
    names = ["西关慈善会", "先锋志愿队", "喜乐会", "西安同乡会", "西"]
    assert sorted(names, key=sort_key) == ["西", "西安同乡会", "西关慈善会", "喜乐会", "先锋志愿队"]


def test_case_spaces_and_full_width_forms_do_not_change_the_order():
    assert sort_key("ABC 慈善") == sort_key("abc慈善") == sort_key("ＡＢＣ慈善")


def test_the_key_is_ascii_so_both_databases_compare_it_byte_by_byte():
    odd = ["（筹）慈善会", "𠀀字会", "㐀字会", "〇号公益", "﨧会", "⾌会", "e\u0301会", "😀会", "", " "]
    for name in [*PINYIN_ORDER, *odd]:
        assert sort_key(name).isascii(), name


@pytest.mark.django_db
def test_the_database_orders_organisations_by_pinyin(org_index):
    for name in reversed(PINYIN_ORDER):
        make_organisation(name)
    ordered = list(OrganisationPage.objects.live().order_by(*by_name()).values_list("title", flat=True))
    assert [name for name in ordered if name in PINYIN_ORDER] == PINYIN_ORDER


@pytest.mark.django_db
def test_the_directory_table_lists_names_in_pinyin_order_both_ways(client, org_index):
    names = PINYIN_ORDER[:10]
    for name in reversed(names):
        make_organisation(name)

    def listed(params):
        html = soup(client.get(org_index.url, params))
        return [
            a.get_text(strip=True)
            for a in html.select(".directory-table tbody th a")
            if a.get_text() in names
        ]

    assert listed({}) == names
    assert listed({"sort": "name", "dir": "desc"}) == names[::-1]


@pytest.mark.django_db
def test_renaming_an_organisation_moves_it(client, org_index):
    first = make_organisation("爱心帮扶协会")
    make_organisation("慈善总会")
    first.title = "重点帮扶中心"
    first.save_revision().publish(skip_permission_checks=True)
    ordered = list(OrganisationPage.objects.live().order_by(*by_name()).values_list("title", flat=True))
    assert ordered.index("慈善总会") < ordered.index("重点帮扶中心")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="ICU collations are PostgreSQL's")
def test_without_polyphones_the_order_is_postgresqls_icu_chinese_collation(org_index):
    """Where a character has one reading, the stored key gives what ICU's ``zh`` collation gives."""
    names = [
        name
        for name in PINYIN_ORDER
        if not any(char in name for char in "长重乐") and not name.startswith("Ｂ")  # one reading each
    ]
    for name in reversed(names):
        make_organisation(name)
    by_icu = list(
        OrganisationPage.objects.filter(title__in=names)
        .order_by(Collate("title", "zh-x-icu"))
        .values_list("title", flat=True)
    )
    by_key = list(
        OrganisationPage.objects.filter(title__in=names).order_by(*by_name()).values_list("title", flat=True)
    )
    assert by_key == by_icu == names


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="ICU collations are PostgreSQL's")
def test_icu_reads_a_polyphone_one_way_whatever_the_phrase(org_index):
    """Why the key and not ICU's collation: ICU gives 长 one reading, so 长者 (zhǎng) files beside 长山
    (cháng); the key reads it in its phrase."""
    names = ["长山乡慈善协会", "长者关爱协会", "重阳敬老协会"]
    for name in names:
        make_organisation(name)
    by_icu = list(
        OrganisationPage.objects.filter(title__in=names)
        .order_by(Collate("title", "zh-x-icu"))
        .values_list("title", flat=True)
    )
    by_key = list(
        OrganisationPage.objects.filter(title__in=names).order_by(*by_name()).values_list("title", flat=True)
    )
    assert by_icu == ["长山乡慈善协会", "长者关爱协会", "重阳敬老协会"]
    assert by_key == ["长山乡慈善协会", "重阳敬老协会", "长者关爱协会"]


@pytest.mark.django_db
def test_organisations_the_importer_creates_have_their_key():
    """The importer inserts new organisations in bulk (no save()); clean() computes the key."""
    from tests.disclosures.test_importing import SAMPLE_FILE, import_file

    assert import_file(SAMPLE_FILE).organisations_created
    for title, key in OrganisationPage.objects.values_list("title", "name_sort_key"):
        assert key and key == sort_key(title), title
