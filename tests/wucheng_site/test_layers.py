"""The layers of the code base hold (docs/conventions.md, "Layers"): read from the source, so a new import
that breaks them fails here rather than in review.

    wucheng_site (ground floor: SitePage, public forms, uploads, parameters, storage, headers)
      ← accounts (users, staff roles)
        ← disclosures ← stories, awards, policies, oversight, search (the content domains)
          ← home (the site's assembly: home page, skeleton, navigation, chrome template tags)
            ← the composition root (wucheng_site/urls.py, wucheng_site/api.py, settings)
    demo: development and tests only; nothing imports it.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
APPS = [
    "wucheng_site",
    "accounts",
    "disclosures",
    "stories",
    "awards",
    "policies",
    "oversight",
    "search",
    "home",
]
# The only modules that wire every app together.
COMPOSITION_ROOT = {"wucheng_site/urls.py", "wucheng_site/api.py"}
# What each app may import besides itself (the order above).
ALLOWED = {
    "wucheng_site": set(),
    "accounts": {"wucheng_site"},
    "disclosures": {"wucheng_site", "accounts"},
    "stories": {"wucheng_site", "accounts", "disclosures", "awards"},
    "awards": {"wucheng_site", "accounts", "disclosures", "oversight"},
    "policies": {"wucheng_site", "accounts", "disclosures", "awards", "oversight", "stories"},
    "oversight": {"wucheng_site", "accounts", "disclosures"},
    "search": {"wucheng_site", "accounts", "disclosures", "stories", "awards", "policies", "oversight"},
    "home": set(APPS) - {"home"},
}


def _sources(app):
    for path in sorted((REPO / app).rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        if "/migrations/" in relative or "/settings/" in relative or relative in COMPOSITION_ROOT:
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"), relative)


def _imports(tree):
    """(line, top-level package, module, names) of every absolute and relative import, in functions too."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0], alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            top = module.split(".")[0] if node.level == 0 else "."
            yield node.lineno, top, module, tuple(a.name for a in node.names)


def _graph():
    edges = defaultdict(set)
    where = {}
    for app in APPS:
        for relative, tree in _sources(app):
            for line, top, _module, _names in _imports(tree):
                if top in APPS + ["demo"] and top != app:
                    edges[app].add(top)
                    where.setdefault((app, top), f"{relative}:{line}")
    return edges, where


def test_apps_import_only_the_layers_below_them():
    edges, where = _graph()
    wrong = [
        f"{app} imports {other} ({where[app, other]})"
        for app in APPS
        for other in sorted(edges[app])
        if other not in ALLOWED[app]
    ]
    assert not wrong, wrong


def test_no_cycles_between_apps():
    edges, where = _graph()

    def reach(start):
        seen, todo = set(), [start]
        while todo:
            for nxt in edges[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    cycles = [
        f"{app} ⇄ {other} ({where[app, other]})"
        for app in APPS
        for other in edges[app]
        if app in reach(other)
    ]
    assert not cycles, cycles


def test_no_product_code_imports_the_demo():
    edges, where = _graph()
    assert not [f"{app}: {where[app, 'demo']}" for app in APPS if "demo" in edges[app]]


@pytest.mark.parametrize("app", APPS)
def test_models_never_import_views(app):
    """Page models render their routes through presenters and form flows, never through a views module."""
    found = []
    for relative, tree in _sources(app):
        if "/models" not in f"/{relative}":
            continue
        for line, _top, module, names in _imports(tree):
            if module.split(".")[-1] == "views" or "views" in names:
                found.append(f"{relative}:{line}")
    assert not found, found


def test_the_layer_check_sees_a_forbidden_import():
    """The check itself: an import of a domain app in the ground floor is found."""
    tree = ast.parse("def f():\n    from disclosures.models import OrganisationPage\n")
    assert [(top, module) for _line, top, module, _n in _imports(tree)] == [
        ("disclosures", "disclosures.models")
    ]
