import re

import pytest


@pytest.mark.django_db
def test_smoke(client, oversight, english_oversight, penalty_round, report_url, org_a):
    from disclosures.models import OrganisationPage
    lantian = OrganisationPage.objects.get(credit_code="51330702MJ3K4L5M6L")
    for url in [english_oversight.url, penalty_round.get_translation(english_oversight.locale).url, lantian.url, oversight.url]:
        r = client.get(url)
        text = re.sub(r"<[^>]+>", " ", r.content.decode())
        text = re.sub(r"\s+", " ", text)
        i = text.find("Inspection")
        print(url, r.status_code, text[text.find("<main") if False else 0:][:200])
        print(text[-2500:])
