"""tools/screenshots.py signs in to the demo admin with codes it computes itself (no Django there):
they must be the codes django-otp accepts for the demo accounts."""

import importlib.util
from pathlib import Path

from django_otp.oath import TOTP

from demo import home as demo

_spec = importlib.util.spec_from_file_location(
    "screenshots_tool", Path(__file__).resolve().parents[1] / "tools" / "screenshots.py"
)
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)


def test_totp_matches_rfc_6238():
    # RFC 6238, appendix B: SHA-1, the ASCII secret "12345678901234567890", T = 59 s → 94287082.
    assert tool.totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", at=59) == "287082"


def test_totp_is_the_code_django_otp_accepts_for_the_demo_accounts():
    assert tool.DEMO_TOTP_SECRET == demo.DEMO_TOTP_SECRET
    for at in (0, 1_700_000_000, 1_800_000_029):
        expected = TOTP(bytes.fromhex(demo.demo_totp_key()), step=30, t0=0, digits=6)
        expected.time = at
        assert tool.totp(tool.DEMO_TOTP_SECRET, at=at) == f"{expected.token():06d}"
