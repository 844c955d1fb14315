"""The permission matrix (issue 11, item 8): each role sees each private object only where its job
needs it, on every surface of the site — public pages, feeds, sitemap, search, suggest, APIs, open
data, downloads and every admin listing, chooser, history, usage and report.

Size: 11 roles × 11 private objects × 65 surfaces = 7,865 cells (asserted below). Roles, objects and
surfaces are declared in tests/matrix.py; one test per role fetches every surface once and judges
every object on it, so a failure names each cell: role × object × surface, the URL and what leaked.
Allowed roles must see the object on its main admin surfaces (positive control), so the checks can
fail. ``MATRIX_REPORT=/tmp/matrix.txt pytest …`` also writes the failing cells to that file.
"""

import os
import time

import pytest
from django.db import transaction
from django.urls import get_resolver
from django.urls.resolvers import URLResolver

from tests import matrix
from tests.factories import login

# The matrix's size, for the closing note: roles × private objects × surfaces.
ROLE_COUNT, OBJECT_COUNT, SURFACE_COUNT = 11, 11, 65


def test_the_matrix_has_the_declared_size():
    """So the size quoted in the issue is the size tested (and a surface cannot go missing quietly)."""
    assert (len(matrix.ROLES), len(matrix.OBJECTS), len(matrix.SURFACES)) == (
        ROLE_COUNT,
        OBJECT_COUNT,
        SURFACE_COUNT,
    )
    assert len({s.key for s in matrix.SURFACES}) == SURFACE_COUNT
    print(
        f"permission matrix: {ROLE_COUNT} × {OBJECT_COUNT} × {SURFACE_COUNT} = "
        f"{ROLE_COUNT * OBJECT_COUNT * SURFACE_COUNT} cells"
    )


def test_needles_are_distinct_and_the_public_query_is_searched_whole():
    """Each leak is reported once under its own name (no needle inside another), and the site search
    keeps the whole combined query (it cuts queries at 200 characters)."""
    from search.views import MAX_QUERY_LENGTH

    needles = [needle for obj in matrix.OBJECTS for needle in obj.needles.values()]
    assert [(a, b) for a in needles for b in needles if a != b and a in b] == []
    assert len(matrix.PUBLIC_QUERY) <= MAX_QUERY_LENGTH
    assert not any(needle in matrix.PUBLIC_QUERY for needle in needles)


def _admin_url_names():
    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}"

    return {name for path, name in walk(get_resolver().url_patterns) if path.startswith("admin/")}


def test_every_admin_url_is_a_surface_or_excluded_with_a_reason():
    """Every admin view is either fetched by the matrix or listed in NOT_SURFACES with why it cannot
    show a private object; a new view (a new app, a new Wagtail feature) needs a decision."""
    import re

    covered = {name for surface in matrix.SURFACES for name in surface.url_names}
    undecided = sorted(
        name
        for name in _admin_url_names()
        if name not in covered and not any(re.search(p, name) for p in matrix.NOT_SURFACES)
    )
    assert undecided == [], "admin URLs neither in a surface nor in NOT_SURFACES: " + ", ".join(undecided)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The objects are made once for all roles, inside a transaction rolled back after the module
    (each test still runs in its own savepoint): building them takes longer than a role's checks."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield matrix.World(*matrix.make_organisations())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("role", matrix.ROLES, ids=[role.key for role in matrix.ROLES])
def test_role_sees_private_objects_only_where_allowed(client, world, role):
    if role.key != matrix.ANONYMOUS:
        login(client, world.users[role.key])
    started, cpu = time.monotonic(), time.process_time()
    urls = {s.key: matrix.urls_for(s, world, client, role.key == matrix.ANONYMOUS) for s in matrix.SURFACES}
    # Pages echo their address and query (search boxes): an address holding a needle would make the
    # check find itself. Downloads are exempt: their address is the file name, and they must refuse.
    needles = [n for obj in matrix.OBJECTS for n in world.needles[obj.key].values()]
    echoed = [
        (url, n)
        for s in matrix.SURFACES
        if s.kind != matrix.DOWNLOAD
        for url in urls[s.key]
        for n in needles
        if matrix.visible(n, url)
    ]
    assert echoed == [], "surface addresses must not contain a needle"
    responses = {key: [matrix.fetch(client, url) for url in key_urls] for key, key_urls in urls.items()}
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    failures = []
    for obj in matrix.OBJECTS:
        needles = world.needles[obj.key]
        for surface in matrix.SURFACES:
            for problem in matrix.check_cell(role, obj, needles, surface, responses[surface.key]):
                failures.append(f"{role.label} × {obj.label} × {surface.key}: {problem}")
        for problem in matrix.check_controls(role, obj, needles, responses):
            failures.append(f"{role.label} × {obj.label} × positive control: {problem}")
    for problem in matrix.check_public_controls(responses):
        failures.append(f"{role.label} × public search positive control: {problem}")
    requests = sum(len(r) for r in responses.values())
    summary = f"{len(failures)} failing cells ({requests} requests in {elapsed:.1f}s, {cpu:.1f}s CPU)"
    if os.environ.get("MATRIX_REPORT"):  # the failing cells, one a line, for a work plan
        with open(os.environ["MATRIX_REPORT"], "a", encoding="utf-8") as report:
            report.write(f"# {role.key}: {summary}\n" + "".join(f"{line}\n" for line in failures))
    assert failures == [], summary + ":\n" + "\n".join(failures)
