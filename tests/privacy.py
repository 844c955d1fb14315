"""Every public output of the site, fetched as text, for the tests that private data never leaks
(policy comments, nominations and objections, reports of concern)."""

import json
import re

from bs4 import BeautifulSoup

OPEN_DATA = [
    f"/open-data/{name}.{ext}" for name in ("organisations", "disclosures") for ext in ("csv", "json")
]
FEEDS = [f"{prefix}/stories/feed/{kind}/" for prefix in ("", "/en") for kind in ("rss", "atom")]


def shown(response):
    """The text of a response, with JSON (the admin's modal and chooser responses) decoded, so
    Chinese needles are found whatever the escaping."""
    text = response.content.decode()
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


def public_outputs(client, search_terms=(), extra_urls=(), sitemap_pages=False):
    """[(url, text)] as an anonymous visitor sees them: the home pages, the story feeds, sitemap,
    robots.txt, open data, ``extra_urls``, every page the sitemap lists when ``sitemap_pages``, the
    pages API (every page with every field, and its search for each term) and the site search's
    results (HTML in both languages, and JSON) for each of ``search_terms``.

    Search pages repeat the query itself (box, title, JSON "query"): only their results are kept."""
    client.logout()
    urls = ["/", "/en/", "/sitemap.xml", "/robots.txt", *FEEDS, *OPEN_DATA, *extra_urls]
    if sitemap_pages:
        sitemap = client.get("/sitemap.xml").content.decode()
        urls += [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    urls += [f"/api/v2/pages/?search={term}" for term in search_terms]
    outputs = [(url, _fetch(client, url)) for url in dict.fromkeys(urls)]
    for term in search_terms:
        for prefix in ("/search/", "/en/search/"):
            response = client.get(prefix, {"q": term})
            assert response.status_code == 200
            results = BeautifulSoup(response.content, "html.parser").select(".search-results")
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


def _fetch(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        # JSON escapes non-ASCII; compare on the decoded form too.
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def leaks(outputs, secrets):
    """[(url, secret)] for every secret string found in any output."""
    return [(url, secret) for url, text in outputs for secret in secrets if secret and secret in text]
