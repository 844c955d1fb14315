"""Award factories: editions in a chosen phase today, nominations."""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from awards import phases
from awards.models import (
    IN_REVIEW,
    AwardCategory,
    AwardEditionPage,
    AwardIndexPage,
    Nomination,
    RubricCriterion,
)
from wucheng_site.public_forms import normalise_contact

# Offsets (in days from today) of each date, so that today falls in the phase named.
OFFSETS = {
    phases.UPCOMING: (5, 30, 40, 60, 66, 80),
    phases.NOMINATION: (-10, 30, 40, 60, 66, 80),
    phases.SCREENING: (-40, -5, 10, 30, 36, 50),
    phases.REVIEW: (-60, -30, -10, 20, 26, 40),
    phases.NOTICE: (-80, -60, -40, -3, 3, 20),
    phases.CONFIRMATION: (-90, -70, -50, -20, -10, 10),
    phases.ANNOUNCED: (-120, -100, -80, -50, -40, -20),
}


def dates_for(phase):
    today = timezone.localdate()
    return [today + datetime.timedelta(days=n) for n in OFFSETS[phase]]


def make_edition(phase, slug=None):
    index = AwardIndexPage.objects.get(locale=Locale.get_default())
    d = dates_for(phase)
    edition = AwardEditionPage(
        title=f"测试届 {phase}",
        slug=slug or f"test-{phase}",
        number=9,
        year=2029,
        nomination_opens=d[0],
        nomination_closes=d[1],
        review_starts=d[2],
        notice_starts=d[3],
        notice_ends=d[4],
        announcement_on=d[5],
        reviewers_per_nomination=2,
    )
    edition.categories.add(AwardCategory(name="爱心企业", nominee_kind="enterprise", quota=1, sort_order=0))
    edition.categories.add(AwardCategory(name="慈善个人", nominee_kind="individual", quota=2, sort_order=1))
    edition.criteria.add(RubricCriterion(name="影响力", weight=60, max_mark=10, sort_order=0))
    edition.criteria.add(RubricCriterion(name="持续性", weight=40, max_mark=10, sort_order=1))
    index.add_child(instance=edition)
    edition.save_revision().publish()
    assert edition.phase() == phase
    return edition


def set_phase(edition, phase):
    d = dates_for(phase)
    for name, value in zip(phases.FIELD_ORDER, d, strict=True):
        setattr(edition, name, value)
    edition.save()
    assert edition.phase() == phase


def make_nomination(edition, name="测试被提名人", status=IN_REVIEW, contact="13800001111", kind="individual"):
    nomination = Nomination.objects.create(
        edition=edition,
        category=edition.categories.get(nominee_kind=kind),
        reference=f"TM-TEST-{Nomination.objects.count() + 1:04d}",
        nominee_name=name,
        nominee_kind=kind,
        locality="城中街道",
        deeds="二十年来坚持资助困难学生，组织志愿者开展助老服务。",
        nominator_name="李提名",
        nominator_contact=contact,
        contact_key=normalise_contact(contact),
        status=status,
    )
    nomination.save_revision(log_action=False)
    return nomination
