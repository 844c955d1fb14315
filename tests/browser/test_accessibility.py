"""WCAG 2.1 A/AA checks with axe-core on the public pages, in standard and in elderly-friendly mode.

axe-core is pinned in tools/a11y/package-lock.json and installed by tools/a11y/install.sh (which
``make test-unit`` and ``make test-browser`` run).
"""

from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "tools" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# What to visit: a path, or where to find it in the browser world (tests/browser/world.py).
PAGES = {
    "home page": "/",
    "English home page": "/en/",
    "about page": "/about/",
    "English accessibility statement": "/en/accessibility/",
    "disclosures": "/disclosures/",
    "stories": "/stories/",
    "story page with a gallery": lambda world: world.gallery_story.url,
    "English story page with a quote and an image": lambda world: world.english_quote_story.url,
    "campaign page with figures": lambda world: world.campaign.url,
    "award edition": lambda world: world.open_edition.url,
    "award nomination form": lambda world: world.open_edition.url + "nominate/",
    "award winner": lambda world: world.winner.url,
    "award shortlist notice": lambda world: world.notice.url,
    "all award winners": lambda world: world.english_awards.url + "winners/",
    "search results": "/search/?q=慈善",
    "policies": "/policies/",
    "policy document": lambda world: world.plan.url,
    "policy progress": lambda world: world.plan.url + "progress/",
    "policy comment form": lambda world: world.plan.url + "comment/",
    "oversight page": "/oversight/",
    "oversight report form": "/oversight/report/",
    "oversight report status": "/oversight/report/status/",
    "oversight inspection round": lambda world: world.inspection_round.url,
    "English oversight inspection round": lambda world: world.english_inspection_round.url,
    "oversight on a listed organisation's profile": lambda world: world.mutual_aid.url,
    "page not found": "/this-page-does-not-exist/",
}
NOT_FOUND = {"/this-page-does-not-exist/"}
MODES = {"standard mode": "standard", "elderly-friendly mode": "large"}

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


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_public_page_has_no_wcag_21_aa_violations(browser, world, axe_source, path, mode):
    path = path if isinstance(path, str) else path(world)
    browser.set_display_mode_cookie(mode)
    browser.visit(path)
    status = browser.js("return performance.getEntriesByType('navigation')[0].responseStatus")
    assert status == (404 if path in NOT_FOUND else 200)
    expected_class = "mode-large" if mode == "large" else "mode-standard"
    assert browser.js("return document.documentElement.className") == expected_class

    violations = axe_violations(browser, axe_source)

    assert not violations, (
        f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {path} in {mode} mode:\n"
        + describe(violations)
    )
