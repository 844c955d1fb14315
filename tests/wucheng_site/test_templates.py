"""Template hygiene: Django prints a ``{# … #}`` comment that spans lines as page text."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SINGLE_LINE_COMMENT = re.compile(r"\{#.*?#\}")


def project_templates():
    return [
        path
        for path in ROOT.rglob("*.html")
        if not {".venv", "node_modules", "static"} & set(path.relative_to(ROOT).parts)
    ]


def test_there_are_templates_to_check():
    assert len(project_templates()) > 50


@pytest.mark.parametrize("path", project_templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_comment_spans_lines(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert "{#" not in SINGLE_LINE_COMMENT.sub("", line), (
            f"{path.relative_to(ROOT)}:{number}: a {{# … #}} comment must end on its line (use {{% comment %}})"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/disclosures/", "/en/disclosures/", "/stories/", "/policies/"])
def test_listing_pages_print_no_template_comment(client, url, org_a):
    # An item in each listing, so that the templates of its rows are rendered too.
    from stories.models import StoryIndexPage
    from tests.disclosures.factories import add_disclosure
    from tests.factories import section
    from tests.policies.factories import make_policy
    from tests.stories.factories import add_story

    add_disclosure(org_a, "年度工作报告")
    add_story(section(StoryIndexPage), "助学故事")
    make_policy("慈善事业发展规划")
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "{#" not in text and "#}" not in text and "Parameters: form" not in text
    if not url.startswith("/en/"):
        assert any(title in text for title in ("婺城区慈善总会", "助学故事", "慈善事业发展规划")), url
