"""The HTML of every page type is valid, by the Nu Html Checker (the W3C's validator, ``vnu.jar``).

The pages are those of the accessibility checks (tests/browser/page_types.py) in the browser world,
as served (Django's test client: the HTML the server sends, before any script), plus the home page in
elderly-friendly mode and a public page with Wagtail's userbar. All of them go to ONE run of the
checker, since starting Java takes seconds; each page is then its own test, named after it.

vnu-jar is pinned in tools/a11y/package-lock.json and installed with Java by tools/a11y/install.sh.
"""

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.browser.page_types import (
    ADMIN_ROLES,
    DASHBOARD,
    MORE_PAGES,
    NOT_FOUND,
    PAGE_TYPES,
    path_of,
    signed_in_client,
)

VNU_JAR = (
    Path(__file__).resolve().parents[2]
    / "tools"
    / "a11y"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)

# Page name → how to fetch it: (page, display mode, signed in as).
DOCUMENTS = {name: (page, "standard", None) for name, page in {**PAGE_TYPES, **MORE_PAGES}.items()}
DOCUMENTS["home page in elderly-friendly mode"] = ("/", "large", None)
DOCUMENTS["story page with Wagtail's userbar"] = (
    lambda world: world.gallery_story.url,
    "standard",
    "superuser",
)
DOCUMENTS.update({f"admin dashboard ({role})": (DASHBOARD, None, role) for role in ADMIN_ROLES})

# Errors that are not ours to fix, on every page: (pattern of the message, why it is allowed).
ALLOWED = []

# Errors known on this branch and fixed on another: page → [(pattern of the message, reason)]. When
# the fix arrives the test fails until the entry is removed (it names it).
KNOWN: dict[str, list[tuple[str, str]]] = {}


def _fetch(world, page, mode, client):
    if mode:
        client.cookies[settings.DISPLAY_MODE_COOKIE] = mode
    path = path_of(page, world)
    response = client.get(path)
    assert response.status_code == (404 if path in NOT_FOUND else 200), f"{path}: {response.status_code}"
    return path, response.content


def _check(files):
    """The checker's messages by file name, for all ``files`` in one run."""
    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        pytest.fail(f"java or {VNU_JAR} is missing: run tools/a11y/install.sh (or `make test-browser`).")
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    by_file = {file.name: [] for file in files}
    for message in json.loads(run.stdout)["messages"]:
        by_file[Path(message["url"].removeprefix("file:")).name].append(message)
    return by_file


@pytest.fixture(scope="module")
def checked(world, django_db_blocker):
    """Every document of DOCUMENTS fetched (users made for it rolled back) and checked: name → (path,
    the checker's messages)."""
    folder = Path(tempfile.mkdtemp(prefix="wucheng-vnu-"))
    paths, files, clients = {}, {}, {}
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            for number, (name, (page, mode, role)) in enumerate(DOCUMENTS.items()):
                if role not in clients:
                    clients[role] = signed_in_client(role, world) if role else Client()
                paths[name], html = _fetch(world, page, mode, clients[role])
                files[name] = folder / f"{number:03d}.html"
                files[name].write_bytes(html)
            transaction.set_rollback(True)
        # A document with a known error: proves the checker ran and its messages reach their pages.
        canary = folder / "canary.html"
        canary.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p id="a"></p><p id="a"></p>')
        by_file = _check([*files.values(), canary])
        assert any("Duplicate ID" in m["message"] for m in by_file[canary.name]), by_file[canary.name]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {name: (paths[name], by_file[files[name].name]) for name in DOCUMENTS}


def describe(messages):
    return "\n".join(
        f"- line {m.get('lastLine', '?')}: {m['message']}\n    {(m.get('extract') or '').strip()[:200]}"
        for m in messages
    )


@pytest.mark.browser
@pytest.mark.parametrize("name", DOCUMENTS)
def test_page_is_valid_html(checked, name):
    path, messages = checked[name]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    errors = [m for m in errors if not any(re.search(pattern, m["message"]) for pattern, _why in ALLOWED)]
    known = KNOWN.get(name, [])
    expected = [m for m in errors if any(re.search(pattern, m["message"]) for pattern, _why in known)]
    unexpected = [m for m in errors if m not in expected]

    assert not unexpected, (
        f"The Nu Html Checker found {len(unexpected)} error(s) in {name} ({path}):\n" + describe(unexpected)
    )
    fixed = [
        pattern for pattern, _why in known if not any(re.search(pattern, m["message"]) for m in expected)
    ]
    assert not fixed, f"{name}: no longer reported, remove from KNOWN: {fixed}"
    if expected:
        pytest.xfail(f"{'; '.join(sorted({why for _pattern, why in known}))}:\n{describe(expected)}")
