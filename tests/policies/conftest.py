import datetime

import pytest
from django.core.cache import cache

from awards import phases
from home.translation import translate_page
from policies.models import PolicyDocumentPage
from tests.awards.factories import make_edition
from tests.factories import make_organisation
from tests.oversight.factories import make_inspection_round
from tests.policies.factories import (
    TASK_IDLE,
    TASK_UNDER_WAY,
    TRACKED_PLAN_EN,
    add_evidence,
    import_district_plan,
    make_tracked_plan,
)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits of the comment form live in the cache, which outlives the rolled-back database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def plan(db):
    """A published draft plan with seven tasks and tracker records (tests/policies/factories.py,
    ``make_tracked_plan``); Chinese only: ask for ``translated_plan`` for its English version."""
    return make_tracked_plan()


@pytest.fixture
def translated_plan(plan):
    """The English translation of ``plan`` (wagtail-localize, as staff translate it), published."""
    return translate_page(PolicyDocumentPage.objects.get(pk=plan.pk), "en", TRACKED_PLAN_EN)


@pytest.fixture
def district_plan(db):
    """The district's real plan, imported from its text: for tests of its structure only (slower)."""
    return import_district_plan()


LIVE_EDITION_EN = "Second Test Charity Award"


@pytest.fixture
def live_edition(db):
    """An award edition taking nominations today."""
    edition = make_edition(phases.Phase.NOMINATION, slug="evidence-live")
    edition.title = "第二届测试慈善奖"
    edition.save_revision().publish()
    return edition


@pytest.fixture
def translated_live_edition(live_edition):
    """The English translation of ``live_edition``, titled ``LIVE_EDITION_EN``."""
    return translate_page(live_edition, "en", {live_edition.title: LIVE_EDITION_EN})


@pytest.fixture
def past_edition(db):
    """An award edition whose winners were announced."""
    return make_edition(phases.Phase.ANNOUNCED, slug="evidence-past")


@pytest.fixture
def inspection_rounds(db):
    """Two published inspection rounds of a published organisation."""
    organisation = make_organisation()
    return [
        make_inspection_round(results=[(organisation, "compliant")], inspected_on=date)
        for date in (datetime.date(2025, 10, 15), datetime.date(2026, 6, 20))
    ]


@pytest.fixture
def linked_plan(plan, live_edition, inspection_rounds):
    """``plan`` with evidence linked as a reviewer would: the live award edition evidences the idle task
    (which contradicts its 未启动), both inspection rounds the task under way (consistent)."""
    page = add_evidence(plan, TASK_IDLE, live_edition, note="第二届评选正在接受提名")
    for round_ in inspection_rounds:
        page = add_evidence(page, TASK_UNDER_WAY, round_)
    return page
