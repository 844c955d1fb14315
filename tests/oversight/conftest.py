import datetime

import pytest
from django.core.cache import cache

from oversight.models import OversightIndexPage
from tests.factories import make_organisation
from tests.oversight.factories import make_inspection_round


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits live in the cache, which outlives the rolled-back database between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def oversight(home):
    return OversightIndexPage.objects.child_of(home).get()


@pytest.fixture
def english_oversight(oversight, english):
    return oversight.get_translation(english)


@pytest.fixture
def penalised(db):
    """The organisation that gets the penalty of ``penalty_round`` (a small, little-known one)."""
    return make_organisation("西关街道邻里互助会", town="西关街道")


@pytest.fixture
def penalty_round(oversight, org_a, penalised):
    """A published round of 2026-06-20, in both languages: ``org_a`` and another organisation compliant,
    ``penalised`` fined (decision of 2026-07-10). No organisation has an English profile."""
    other = make_organisation("婺城区蓝天应急救援协会")
    penalty = {
        "organisation": penalised,
        "result": "penalty",
        "findings": "不具备公开募捐资格，以本组织名义开展公开募捐。",
        "penalty": "警告，责令退还违法募集的财产（婺民罚〔2026〕1号，测试）",
        "penalty_decided_on": datetime.date(2026, 7, 10),
        "outcome": "已退还捐款。",
    }
    return make_inspection_round(
        [(org_a, "compliant"), (other, "compliant"), penalty],
        title="2026年度慈善组织“双随机、一公开”抽查结果公示",
        slug="2026-random-inspection",
        inspected_on=datetime.date(2026, 6, 20),
        scope="2025年度公开募捐和慈善项目资金使用情况。",
        english={
            "2026年度慈善组织“双随机、一公开”抽查结果公示": "Results of the 2026 random inspection",
            "2025年度公开募捐和慈善项目资金使用情况。": "2025 public fundraising and the use of project funds.",
            "未发现问题。": "No problems found.",
            penalty["findings"]: "Raised funds from the public in its own name without qualification.",
            penalty["penalty"]: "Warning and order to return the funds raised (Wu Min Fa [2026] No. 1, test)",
            penalty["outcome"]: "The donations have been returned.",
        },
    )


@pytest.fixture
def report_url(oversight):
    return oversight.url + oversight.reverse_subpage("report")


@pytest.fixture
def status_url(oversight):
    return oversight.url + oversight.reverse_subpage("report_status")
