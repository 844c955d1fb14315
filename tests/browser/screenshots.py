"""Whole-page screenshots at desktop and phone width, for the browser tests' artefacts
(tests/browser/test_page_types.py) and for tools/screenshots.py (before/after pictures of a running
site). No Django here: the tool imports it outside any project settings.
"""

import base64
from pathlib import Path

# Chromium's window in the browser tests (tests/browser/conftest.py) and a common phone
# (test_responsive.py emulates the same one).
WIDTHS = {
    "desktop": {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    "phone": {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True},
}
# Chromium cannot draw a picture taller than 16,384 pixels; the long pages (a profile's compliance
# record) are cut there, which still shows everything above it.
MAX_HEIGHT = 16_384


def emulate(driver, width):
    """Show the following pages as ``width`` ("desktop" or "phone") would."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", WIDTHS[width])


def stop_emulating(driver):
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def save_full_page(driver, path, width):
    """Save the whole current document, not just the window, as a PNG at ``path``; the emulated
    ``width`` is kept afterwards."""
    metrics = WIDTHS[width]
    content = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    height = min(int(content["height"]) + 1, MAX_HEIGHT // metrics["deviceScaleFactor"])
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": metrics["width"], "height": height, "scale": 1},
        },
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


# Where the browser tests leave their screenshots (git-ignored; .ci/run lists it at the end).
ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts" / "screenshots"


def artefact_name(page, width, mode="standard"):
    """``organisation-profile-with-chart-phone.png``; ``…-phone-large.png`` in elderly-friendly mode."""
    slug = "-".join(page.lower().replace("'", "").split())
    return f"{slug}-{width}{'' if mode == 'standard' else '-' + mode}.png"
