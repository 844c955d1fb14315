"""Editions in a chosen phase today, nominations, and committee users."""

import pytest

from accounts import roles
from awards import phases
from tests.awards.factories import OFFSETS, dates_for, make_edition, make_nomination, set_phase  # noqa: F401
from tests.factories import make_user


@pytest.fixture
def edition(db):
    return make_edition(phases.Phase.REVIEW)


@pytest.fixture
def member(db):
    return make_user("member1", roles.AWARD_COMMITTEE_MEMBERS)


@pytest.fixture
def other_member(db):
    return make_user("member2", roles.AWARD_COMMITTEE_MEMBERS)


@pytest.fixture
def chair(db):
    return make_user("chair1", roles.AWARD_COMMITTEE_CHAIR)
