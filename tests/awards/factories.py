"""Award factories: editions in a chosen phase today, nominations, winners, English translations.

Winners come through the product's own process (a shortlisted nomination confirmed by
``awards.decisions.decide``, which publishes the winner page), as the demo's 2023 edition does.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from awards import decisions, phases
from awards.models import (
    AwardCategory,
    AwardEditionPage,
    AwardIndexPage,
    Nomination,
    NominationStatus,
    RubricCriterion,
)
from wucheng_site.public_forms import normalise_contact

# Offsets (in days from today) of each date, so that today falls in the phase named.
OFFSETS = {
    phases.Phase.UPCOMING: (5, 30, 40, 60, 66, 80),
    phases.Phase.NOMINATION: (-10, 30, 40, 60, 66, 80),
    phases.Phase.SCREENING: (-40, -5, 10, 30, 36, 50),
    phases.Phase.REVIEW: (-60, -30, -10, 20, 26, 40),
    phases.Phase.NOTICE: (-80, -60, -40, -3, 3, 20),
    phases.Phase.CONFIRMATION: (-90, -70, -50, -20, -10, 10),
    phases.Phase.ANNOUNCED: (-120, -100, -80, -50, -40, -20),
}


def dates_for(phase):
    today = timezone.localdate()
    return [today + datetime.timedelta(days=n) for n in OFFSETS[phase]]


def make_edition(phase, slug=None, **fields):
    """A published edition whose dates put today in ``phase``, with two categories (爱心企业, quota 1;
    慈善个人, quota 2) and a two-criterion rubric; ``fields`` (e.g. ``year``) change the defaults."""
    index = AwardIndexPage.objects.get(locale=Locale.get_default())
    d = dates_for(phase)
    values = {"title": f"测试届 {phase}", "number": 9, "year": 2029}
    values.update(fields)
    edition = AwardEditionPage(
        slug=slug or f"test-{phase}",
        **values,
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


def make_nomination(
    edition,
    name="测试被提名人",
    status=NominationStatus.IN_REVIEW,
    contact="13800001111",
    kind="individual",
    **fields,
):
    """A nomination of ``edition`` as the public form leaves it; ``fields`` (e.g. ``organisation``,
    ``deeds``) change the defaults."""
    values = {
        "locality": "城中街道",
        "deeds": "二十年来坚持资助困难学生，组织志愿者开展助老服务。",
        "nominator_name": "李提名",
    }
    values.update(fields)
    nomination = Nomination.objects.create(
        edition=edition,
        category=edition.categories.get(nominee_kind=kind),
        reference=f"TM-TEST-{Nomination.objects.count() + 1:04d}",
        nominee_name=name,
        nominee_kind=kind,
        nominator_contact=contact,
        contact_key=normalise_contact(contact),
        status=status,
        **values,
    )
    nomination.save_revision(log_action=False)
    return nomination


# English names of what make_edition builds, for translate_edition (other text stays in Chinese).
ENGLISH = {"爱心企业": "Caring enterprises", "慈善个人": "Charitable individuals"}


def make_winner(
    edition, name="测试获奖者", kind="individual", citation="二十年来坚持资助困难学生。", by=None, **fields
):
    """A winner of ``edition`` (which must be past its public notice: CONFIRMATION or ANNOUNCED), the
    way the committee makes one: a shortlisted nomination the chair confirms with ``citation``; the
    product publishes its AwardWinnerPage, which is returned. ``fields`` go to the nomination (e.g.
    ``organisation``, which the winner page links to)."""
    nomination = make_nomination(edition, name=name, status=NominationStatus.SHORTLISTED, kind=kind, **fields)
    decisions.decide(nomination, "winner", by, citation=citation)
    page = nomination.winner_page
    page.refresh_from_db()
    return page


def make_announced_edition(slug=None, organisation=None, **fields):
    """An edition whose winners are announced, with one winner in each of its categories (the
    enterprise winner linked to ``organisation`` if given), like the demo's 2023 edition; ``fields``
    go to make_edition."""
    edition = make_edition(phases.Phase.ANNOUNCED, slug=slug, **fields)
    make_winner(
        edition,
        name="测试爱心企业",
        kind="enterprise",
        citation="连续十年设立助学基金。",
        organisation=organisation,
    )
    make_winner(edition, name="测试慈善个人", kind="individual", citation="二十年如一日义务辅导留守儿童。")
    return edition


def translate_edition(edition, strings=None):
    """The published English translation of ``edition`` (its categories named in English: ENGLISH)."""
    from home.translation import translate_page

    return translate_page(
        edition, "en", {**ENGLISH, edition.title: f"Test edition {edition.slug}", **(strings or {})}
    )


def translate_winner(winner, title, citation, strings=None):
    """The published English translation of ``winner`` (its edition translated first if need be):
    ``title`` and ``citation`` are the English of the page's title and its citation's text."""
    from django.utils.html import strip_tags
    from wagtail.models import Locale

    from home.translation import translate_page

    edition = winner.get_parent().specific
    if edition.get_translation_or_none(Locale.objects.get(language_code="en")) is None:
        translate_edition(edition)
    pairs = {winner.title: title, strip_tags(winner.citation): citation, **(strings or {})}
    return translate_page(winner, "en", pairs)
