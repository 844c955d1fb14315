"""WCAG 2.1 A/AA checks with axe-core on every page type, at phone and desktop width, in standard and in
elderly-friendly mode, and on the admin dashboard of every staff role (tests/browser/page_types.py).

Each public page type in standard mode and each dashboard also leaves a whole-page screenshot of what
was checked in artefacts/screenshots/ (tests/browser/screenshots.py), which CI lists at the end.

axe-core is pinned in tools/a11y/package-lock.json and installed by tools/a11y/install.sh (which
``make test-unit`` and ``make test-browser`` run).
"""

from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser import screenshots
from tests.browser.page_types import (
    ADMIN_ROLES,
    DASHBOARD,
    MODES,
    MORE_PAGES,
    NOT_FOUND,
    PAGE_TYPES,
    WIDTHS,
    path_of,
    signed_in_client,
)

AXE_JS = Path(__file__).resolve().parents[2] / "tools" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# (page name, page, width, mode); the test's id names all four.
PUBLIC_CASES = [
    pytest.param(name, page, width, mode, id=f"{name}-{width}-{mode_name}")
    for pages, widths in ((PAGE_TYPES, WIDTHS), (MORE_PAGES, ("desktop",)))
    for name, page in pages.items()
    for width in widths
    for mode_name, mode in MODES.items()
]

# Violations, as plain data for the assertion message (prepended to the scripts below).
SUMMARISE = """
const summarise = violations => violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
  nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
}));
"""

RUN_AXE = """
const [tags, done] = arguments;
axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then(results => done({
    violations: summarise(results.violations),
    onGradients: results.incomplete.filter(r => r.id === "color-contrast").flatMap(r => r.nodes)
      .filter(n => n.any.some(check => check.data && check.data.messageKey === "bgGradient")).length,
  }))
  .catch(error => done({error: String(error)}));
"""

# axe cannot rate text on a gradient (the home page's hero) and leaves it "incomplete". Where every
# colour channel runs the same way along the gradient, as in the hero's light tint → white, the
# background is nowhere darker or lighter than at its ends: so check the contrast once with every
# gradient replaced by its first colour and once by its last one.
CONTRAST_ON_GRADIENT_ENDS = """
const [end, done] = arguments;
const changed = [];
for (const element of document.querySelectorAll("*")) {
  const colors = getComputedStyle(element).backgroundImage.match(/rgba?\\([^)]*\\)/g);
  if (!colors) continue;
  changed.push([element, element.getAttribute("style")]);
  element.style.background = end === "first" ? colors[0] : colors[colors.length - 1];
}
const restore = () => changed.forEach(([element, style]) =>
  style === null ? element.removeAttribute("style") : element.setAttribute("style", style));
axe.run(document, {runOnly: {type: "rule", values: ["color-contrast"]}, resultTypes: ["violations"]})
  .then(results => { restore(); done({violations: summarise(results.violations).map(v =>
    ({...v, help: `${v.help} (background gradients shown as their ${end} colour)`}))}); })
  .catch(error => { restore(); done({error: String(error)}); });
"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run tools/a11y/install.sh (or `make test-browser`).")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(browser, axe_source):
    browser.js(axe_source)
    result = browser.driver.execute_async_script(SUMMARISE + RUN_AXE, WCAG_TAGS)
    assert "error" not in result, result.get("error")
    violations = result["violations"]
    if result["onGradients"]:
        for end in ("first", "last"):
            on_gradient = browser.driver.execute_async_script(SUMMARISE + CONTRAST_ON_GRADIENT_ENDS, end)
            assert "error" not in on_gradient, on_gradient.get("error")
            violations += on_gradient["violations"]
    return violations


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}")
            lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
    return "\n".join(lines)


@contextmanager
def emulated(browser, width):
    """The browser shows pages as ``width`` ("desktop" or "phone") would, until the block ends."""
    screenshots.emulate(browser.driver, width)
    try:
        yield browser
    finally:
        screenshots.stop_emulating(browser.driver)


def photograph(browser, page, width, mode="standard"):
    screenshots.save_full_page(
        browser.driver, screenshots.ARTEFACTS / screenshots.artefact_name(page, width, mode), width
    )


@pytest.mark.browser
@pytest.mark.parametrize(("name", "page", "width", "mode"), PUBLIC_CASES)
def test_public_page_has_no_wcag_21_aa_violations(browser, world, axe_source, name, page, width, mode):
    path = path_of(page, world)
    browser.set_display_mode_cookie(mode)
    with emulated(browser, width):
        browser.visit(path)
        status = browser.js("return performance.getEntriesByType('navigation')[0].responseStatus")
        assert status == (404 if path in NOT_FOUND else 200)
        expected_class = "mode-large" if mode == "large" else "mode-standard"
        assert browser.js("return document.documentElement.className") == expected_class
        if name in PAGE_TYPES and mode == "standard":
            photograph(browser, name, width)

        violations = axe_violations(browser, axe_source)

    assert not violations, (
        f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {path} at {width} width in "
        f"{mode} mode:\n" + describe(violations)
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_admin_dashboard_has_no_wcag_21_aa_violations(browser, world, axe_source, role, width):
    """The dashboard each role lands on after signing in (the admin has no elderly-friendly mode)."""
    browser.take_session(signed_in_client(role, world))
    try:
        with emulated(browser, width):
            browser.visit(DASHBOARD)
            assert browser.path() == DASHBOARD, f"{role} is not signed in to the admin: at {browser.path()}"
            photograph(browser, f"admin dashboard {role}", width)

            violations = axe_violations(browser, axe_source)
    finally:
        # Off the admin before the test's transaction is rolled back (its pages keep polling).
        browser.driver.get("about:blank")

    assert not violations, (
        f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on the dashboard of a {role} at "
        f"{width} width:\n" + describe(violations)
    )
