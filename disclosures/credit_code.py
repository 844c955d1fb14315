"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters from the code set ``0-9`` and ``A-Y`` without I, O, S, V, Z: registration authority
(1), organisation type (1), administrative division (6), organisation code (9), check character (1).
The check character makes ``sum(value(c_i) * 3**i mod 31) + value(check)`` a multiple of 31.

Pure functions only; the model field, the importer and the admin form all call ``validate``.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CODE_SET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def normalise(code: Any) -> str:
    """Upper-case, without spaces (people copy codes with spaces and in lower case)."""
    return "".join(str(code).split()).upper()


def check_character(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(CODE_SET.index(ch) * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    return CODE_SET[(31 - total % 31) % 31]


def problem(code: Any) -> str | None:
    """Why ``code`` is not a valid credit code, or None if it is."""
    code = normalise(code)
    if len(code) != LENGTH:
        return _("A unified social credit code has 18 characters; this one has %(count)d.") % {
            "count": len(code)
        }
    bad = sorted({ch for ch in code if ch not in CODE_SET})
    if bad:
        return _("The characters %(chars)s cannot appear in a unified social credit code.") % {
            "chars": "、".join(bad)
        }
    expected = check_character(code[:17])
    if code[17] != expected:
        return _(
            "The check character (the 18th) should be %(expected)s, not %(actual)s: "
            "the code has probably been mistyped."
        ) % {"expected": expected, "actual": code[17]}
    return None


def is_valid(code: Any) -> bool:
    return problem(code) is None


def validate(code: Any) -> None:
    """Django validator: raises ValidationError with the reason."""
    reason = problem(code)
    if reason:
        raise ValidationError(reason, code="invalid_credit_code")
