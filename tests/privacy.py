"""Every public output of the site, fetched as text, for tests that private data never leaks."""

import json

from bs4 import BeautifulSoup

OPEN_DATA = [
    f"/open-data/{name}.{ext}" for name in ("organisations", "disclosures") for ext in ("csv", "json")
]


def public_outputs(client, search_terms=(), extra_urls=()):
    """[(label, text)] of the home pages, search results (HTML and JSON) for each term, sitemap, the API's page
    listing with every field, open data and ``extra_urls`` (section pages, feeds …), as an anonymous
    visitor."""
    client.logout()
    urls = ["/", "/en/", "/sitemap.xml", "/robots.txt", *OPEN_DATA, *extra_urls]
    outputs = []
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        outputs.append((url, _text(response)))
    for term in search_terms:
        # Only the results count: the page naturally repeats the query itself.
        for prefix in ("/search/", "/en/search/"):
            response = client.get(prefix, {"q": term})
            assert response.status_code == 200
            results = BeautifulSoup(response.content, "html.parser").select(".search-results, .editors-picks")
            outputs.append((f"{prefix}?q={term}", " ".join(str(node) for node in results)))
        data = json.loads(client.get("/search/", {"q": term, "format": "json"}).content)
        outputs.append((f"/search/?q={term}&format=json", json.dumps(data["results"], ensure_ascii=False)))
    offset = 0
    while True:
        response = client.get("/api/v2/pages/", {"fields": "*", "limit": 100, "offset": offset})
        assert response.status_code == 200, response.content[:200]
        data = json.loads(response.content)
        outputs.append((f"/api/v2/pages/?offset={offset}", json.dumps(data, ensure_ascii=False)))
        offset += 100
        if offset >= data["meta"]["total_count"]:
            break
    return outputs


def _text(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        # JSON escapes non-ASCII; compare on the decoded form too.
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def leaks(outputs, secrets):
    """[(url, secret)] for every secret string found in any output."""
    return [(url, secret) for url, text in outputs for secret in secrets if secret and secret in text]
