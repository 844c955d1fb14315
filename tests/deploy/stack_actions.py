"""What the deploy checks (and bench/proxy_bench.py) do on the stack's own Django: build content, publish a
change, render the 500 page. Not a test module: a small worker run with the stack's environment
(production settings, its PostgreSQL, OpenSearch, Redis, media folders and purge URL), which answers one
JSON request per line, so Django starts once per test session instead of once per action.

    python tests/deploy/stack_actions.py      # reads {"action": "...", ...} lines, writes one JSON line each

Content is built as the product builds it (the test factories, which publish through revisions), so a
publish here purges the proxy exactly as an editor's publish in the admin does.
"""

import hashlib
import json
import os
import secrets
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build():
    """A story with a picture (and one more story), an organisation with a disclosure with a published document, a document no
    published page uses, and a private file; the addresses the checks need."""
    import itertools

    from django.core.files.base import ContentFile
    from wagtail.models import Locale, Page

    import tests.factories
    import tests.stories.factories
    from disclosures.models import DisclosureIndexPage
    from stories.models import StoryIndexPage
    from tests.disclosures.factories import AUDIT_PDF, PROGRESS_PDF, add_disclosure, add_document
    from tests.factories import make_organisation, section
    from tests.stories.factories import add_story, image_block, make_image
    from wucheng_site.storage import private_storage

    # The factories number slugs and credit codes from 1 in each process; the stack's database outlives
    # one process (a second test run against `--serve`), so start somewhere else each time.
    start = 1_000_000 + secrets.randbelow(8_000_000)
    tests.factories._serial = itertools.count(start)
    tests.stories.factories._numbers = itertools.count(start)
    token = secrets.token_hex(4)
    image = make_image(title=f"部署检查插图{token}")
    story = add_story(
        section(StoryIndexPage),
        f"部署检查故事{token}",
        body=[("paragraph", "<p>部署检查的正文。</p>"), image_block(image)],
    )
    # A second story, for the unpublish check.
    spare = add_story(section(StoryIndexPage), f"部署检查撤下的故事{token}")
    organisation = make_organisation(title=f"部署检查慈善会{token}")
    published = add_document(organisation, AUDIT_PDF, title=f"部署检查审计报告{token}")
    add_disclosure(organisation, f"部署检查公开{token}", attachments=[published])
    unpublished = add_document(organisation, PROGRESS_PDF, title=f"部署检查未公开{token}")
    secret = f"private-evidence-{token}".encode()
    private_name = private_storage.save(f"evidence/deploy-check-{token}.txt", ContentFile(secret))

    pages = []
    for locale in Locale.objects.all():
        home = Page.objects.get(depth=2, locale=locale)
        pages.append(home.url)
        pages.extend(child.url for child in home.get_children().live().public())
    return {
        "pages": [url for url in pages if url],
        "story": {"id": story.pk, "url": story.url, "title": story.title},
        "spare_story": {"id": spare.pk, "url": spare.url, "title": spare.title},
        "story_index": section(StoryIndexPage).url,
        "disclosure_index": section(DisclosureIndexPage).url,
        "organisation": organisation.url,
        "original_image": "/media/" + image.file.name,
        "published_document": _document(published),
        "unpublished_document": _document(unpublished),
        "private_file": {"name": private_name, "secret": secret.decode()},
    }


def _document(document):
    document.file.open("rb")
    try:
        digest = hashlib.sha256(document.file.read()).hexdigest()
    finally:
        document.file.close()
    return {"url": document.url, "media": "/media/" + document.file.name, "sha256": digest}


def publish(page, title):
    """Publish a new revision of ``page`` with ``title``, as an editor's publish does (the purge is part
    of it: sent when the transaction commits, before publish() returns)."""
    from wagtail.models import Page

    page = Page.objects.get(pk=page).specific
    page.title = title
    started = time.time()
    page.save_revision().publish(skip_permission_checks=True)
    return {"publish_seconds": time.time() - started, "published_at": time.time()}


def unpublish(page):
    from wagtail.models import Page

    Page.objects.get(pk=page).specific.unpublish()
    return {"unpublished_at": time.time()}


def render_500():
    """The 500 page as production renders it: a request to a view that raises, through the whole
    middleware stack (a URL configuration of this worker only; no public URL raises on purpose)."""
    import types

    from django.test import Client, override_settings
    from django.urls import path

    def broken(request):
        raise RuntimeError("deploy check: a deliberate error")

    urls = types.ModuleType("deploy_check_urls")
    urls.urlpatterns = [path("deploy-check-error/", broken)]
    sys.modules[urls.__name__] = urls
    with override_settings(ROOT_URLCONF=urls.__name__):
        response = Client(raise_request_exception=False).get("/deploy-check-error/", HTTP_HOST="localhost")
    return {
        "status": response.status_code,
        "body": response.content.decode(errors="replace"),
        "cache_control": response.get("Cache-Control", ""),
    }


ACTIONS = {"build": build, "publish": publish, "unpublish": unpublish, "render_500": render_500}


def serve(requests, replies):
    import django
    from django.db import close_old_connections

    django.setup()
    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        close_old_connections()
        try:
            answer = {"ok": True, "result": ACTIONS[request.pop("action")](**request)}
        except Exception:
            answer = {"ok": False, "error": traceback.format_exc()}
        replies.write(json.dumps(answer, ensure_ascii=False) + "\n")
        replies.flush()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wucheng_site.settings.production")
    # Django's request log and anything else printed go to stderr: stdout carries only the answers.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin, replies)
