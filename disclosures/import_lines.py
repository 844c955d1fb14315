"""One line of a disclosure import file (format: ../shared/samples/README.md), parsed and validated.

Pure: no database. ``parse_line`` turns a JSON line into a ``Line`` or raises ``LineError`` with a reason
an importing clerk understands; attachment files are read (checked by content and size) but not stored.
The writes are ``importing.Importer``'s.
"""

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from wucheng_site.uploads import validate_upload

from . import credit_code
from .compliance import DisclosureType
from .figures import FIGURE_FIELDS
from .models import OrganisationKind

# The import format allows figures on annual and financial reports only.
FIGURE_TYPES = {DisclosureType.ANNUAL_REPORT, DisclosureType.FINANCIAL_REPORT}
KINDS = set(OrganisationKind.values)
MAX_ATTACHMENT_SIZE = 20 * 1024 * 1024


class LineError(Exception):
    """A problem with one line, in words an importing clerk understands."""


@dataclass
class ImportReport:
    lines: int = 0
    blank_lines: int = 0
    organisations_created: int = 0
    organisations_updated: int = 0
    organisations_renamed: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dates_confirmed: int = 0
    corrections_linked: int = 0
    corrections_unlinked: int = 0
    errors: list[tuple[int, str]] = field(
        default_factory=list
    )  # (line number, message): the line was refused
    warnings: list[tuple[int, str]] = field(
        default_factory=list
    )  # (line number, message): imported, but look at it

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def accounted_for(self) -> bool:
        """Every non-blank line was created, updated, unchanged or refused: nothing fell through."""
        return self.imported + len(self.errors) == self.lines - self.blank_lines


@dataclass
class Attachment:
    path: Path
    title: str
    sha1: str


@dataclass
class Line:
    number: int
    organisation: dict[str, Any]
    type: str
    title: str
    year: int
    declared_on: datetime.date | None
    body: str
    figures: dict[str, Decimal]
    attachments: list[Attachment]
    corrects: str | None = None


def _date(value: Any, what: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise LineError(f"{what} “{value}” is not a date (YYYY-MM-DD)") from error


def _require_text(data: dict[str, Any], key: str, what: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LineError(f"{what} ({key}) is missing")
    return value.strip()


def parse_line(number: int, text: str | bytes, base_dir: Path) -> Line:
    """Validate one line; returns a ``Line`` or raises ``LineError``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LineError(f"not valid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(data, dict):
        raise LineError("a line must be a JSON object")

    org = data.get("organization")
    if not isinstance(org, dict):
        raise LineError("organization is missing")
    name = _require_text(org, "name", "organisation name")
    code = credit_code.normalise(_require_text(org, "credit_code", "credit code"))
    problem = credit_code.problem(code)
    if problem:
        raise LineError(f"credit code {code}: {problem}")
    kind = org.get("kind")
    if kind is not None and kind not in KINDS:
        raise LineError(f"organisation kind “{kind}” is not one of {', '.join(sorted(KINDS))}")
    public_fundraising = org.get("public_fundraising")
    if public_fundraising is not None and not isinstance(public_fundraising, bool):
        raise LineError("public_fundraising must be true or false")
    organisation = {
        "name": name,
        "credit_code": code,
        "kind": kind,
        "registered_on": _date(org.get("registered_on"), "registered_on"),
        "public_fundraising": public_fundraising,
    }

    disclosure_type = data.get("type")
    if disclosure_type not in DisclosureType.values:
        raise LineError(f"unknown disclosure type “{disclosure_type}”")
    title = _require_text(data, "title", "title")
    if len(title) > 255:
        raise LineError("title is longer than 255 characters")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
        raise LineError(f"year “{year}” is not a year")
    body = data.get("body") or ""
    if not isinstance(body, str):
        raise LineError("body must be text")
    declared_on = _date(data.get("published_on"), "published_on")
    if declared_on and declared_on > timezone.localdate():
        raise LineError(_("published_on %(date)s is in the future") % {"date": declared_on.isoformat()})
    corrects = data.get("corrects")
    if corrects is not None:
        if disclosure_type != DisclosureType.CORRECTION:
            raise LineError(
                _("“corrects” is only allowed on lines of type “correction” (this line is “%(type)s”)")
                % {"type": disclosure_type}
            )
        if not isinstance(corrects, str):
            raise LineError(_("“corrects” must be the title of the disclosure corrected"))
        corrects = corrects.strip()[:255] or None

    figures = _figures(data.get("figures") or {}, disclosure_type)
    attachments = _attachments(data.get("attachments") or [], base_dir)
    return Line(
        number=number,
        organisation=organisation,
        type=disclosure_type,
        title=title,
        year=year,
        declared_on=declared_on,
        body=body,
        figures=figures,
        attachments=attachments,
        corrects=corrects,
    )


def _figures(raw: Any, disclosure_type: str) -> dict[str, Decimal]:
    if not isinstance(raw, dict):
        raise LineError("figures must be an object")
    unknown = sorted(set(raw) - set(FIGURE_FIELDS))
    if unknown:
        raise LineError(f"unknown figures: {', '.join(unknown)}")
    figures: dict[str, Decimal] = {}
    for key, value in raw.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise LineError(f"figure {key} is not a number")
        try:
            amount = Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation as error:
            raise LineError(f"figure {key} “{value}” is not a number") from error
        if not amount.is_finite() or abs(amount) >= Decimal("1e14"):
            raise LineError(f"figure {key} is out of range")
        figures[key] = amount
    if figures and disclosure_type not in FIGURE_TYPES:
        raise LineError("figures are only accepted on annual and financial reports")
    return figures


def _attachments(raw: Any, base_dir: Path) -> list[Attachment]:
    if not isinstance(raw, list):
        raise LineError("attachments must be a list")
    found: list[Attachment] = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            raise LineError("each attachment needs a file")
        relative = Path(item["file"])
        path = (base_dir / relative).resolve()
        if relative.is_absolute() or base_dir.resolve() not in path.parents:
            raise LineError(f"attachment {item['file']} must be a path inside the import folder")
        if not path.is_file():
            raise LineError(f"attachment file {item['file']} not found")
        with path.open("rb") as handle:
            # validate_upload reads ``size`` as on an uploaded file.
            handle.size = path.stat().st_size  # type: ignore[attr-defined]
            try:
                validate_upload(handle, {"pdf"}, MAX_ATTACHMENT_SIZE)
            except ValidationError as error:
                raise LineError(f"attachment {item['file']}: {' '.join(error.messages)}") from error
        title = (item.get("title") or path.stem).strip()
        found.append(Attachment(path=path, title=title, sha1=hashlib.sha1(path.read_bytes()).hexdigest()))
    return found


def raw_lines(path: Path) -> Iterator[bytes]:
    """The file's lines as ``bytes.splitlines`` cuts the whole file (\\n, \\r\\n or \\r), read a line
    at a time: a province's file need not fit in memory."""
    with path.open("rb") as handle:
        for chunk in handle:
            yield from chunk.splitlines()


def body_html(text: str) -> str:
    """Plain text with blank-line paragraphs → rich text HTML."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join("<p>" + "<br/>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs)
