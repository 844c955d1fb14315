"""The directory summary follows deletions: deleting a disclosure refreshes its organisation's summary,
and deleting an organisation (disclosures and all) leaves no summary behind that would break the
transaction's foreign keys when it commits (``check_constraints`` checks them at once, as the commit
would)."""

import pytest
from django.db import connection

from disclosures.models import OrganisationSummary
from tests.disclosures.factories import add_annual_reports
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def test_deleting_a_disclosure_refreshes_the_summary():
    org = make_organisation("删除测试组织甲")
    reports = add_annual_reports(org, years=[2023, 2024])
    before = OrganisationSummary.objects.get(organisation=org).disclosure_count
    reports[2023].delete()
    assert OrganisationSummary.objects.get(organisation=org).disclosure_count == before - 1
    connection.check_constraints()


def test_deleting_an_organisation_with_disclosures_leaves_no_summary_behind():
    org = make_organisation("删除测试组织乙")
    add_annual_reports(org, years=[2023, 2024])
    assert OrganisationSummary.objects.filter(organisation=org).exists()
    pk = org.pk
    type(org).objects.get(pk=pk).delete()
    assert not OrganisationSummary.objects.filter(organisation_id=pk).exists()
    connection.check_constraints()  # what the commit would find: no summary points at a deleted page


def test_an_organisation_deleted_through_the_base_page_leaves_no_summary_behind():
    """Wagtail's admin and the tree operations delete the base ``Page``."""
    from wagtail.models import Page

    org = make_organisation("删除测试组织丙")
    add_annual_reports(org, years=[2024])
    pk = org.pk
    Page.objects.get(pk=pk).delete()
    assert not OrganisationSummary.objects.filter(organisation_id=pk).exists()
    connection.check_constraints()
    # and the next organisation's disclosures still refresh its summary
    other = make_organisation("删除测试组织丁")
    reports = add_annual_reports(other, years=[2023, 2024])
    before = OrganisationSummary.objects.get(organisation=other).disclosure_count
    reports[2024].delete()
    assert OrganisationSummary.objects.get(organisation=other).disclosure_count == before - 1
