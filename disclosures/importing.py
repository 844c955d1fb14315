"""Bulk import of disclosures from JSON Lines (format: ../shared/samples/README.md).

Each line is one disclosure with its organisation. Lines are validated one by one; a bad line is
reported with its number and reason and skipped, and nothing else is lost (each line is imported in
its own savepoint). Organisations are identified by credit code, disclosures by organisation and
title, attachments by content hash — so importing the same file again changes nothing.

Imported pages are published with a revision attributed to the import account, so the admin history
says where they came from. The management command only parses arguments and prints.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Locale

from wucheng_site.uploads import validate_upload

from . import credit_code
from .accounts import organisation_collection
from .figures import FIGURE_FIELDS
from .models import (
    DISCLOSURE_TYPES,
    KIND_CHOICES,
    DisclosureAttachment,
    DisclosureIndexPage,
    DisclosurePage,
    OrganisationPage,
)
from .signals import summaries_suspended
from .standing import refresh_summary

IMPORT_USERNAME = "disclosure-import"
# The import format allows figures on annual and financial reports only.
FIGURE_TYPES = {"annual_report", "financial_report"}
KINDS = {code for code, _label in KIND_CHOICES}
MAX_ATTACHMENT_SIZE = 20 * 1024 * 1024


class LineError(Exception):
    """A problem with one line, in words an importing clerk understands."""


@dataclass
class ImportReport:
    lines: int = 0
    organisations_created: int = 0
    organisations_updated: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line number, message)

    @property
    def imported(self):
        return self.created + self.updated + self.unchanged


@dataclass
class Attachment:
    path: Path
    title: str
    sha1: str


@dataclass
class Line:
    number: int
    organisation: dict
    type: str
    title: str
    year: int
    published_on: datetime.date | None
    body: str
    figures: dict
    attachments: list


def _date(value, what):
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise LineError(f"{what} “{value}” is not a date (YYYY-MM-DD)") from error


def _require_text(data, key, what):
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LineError(f"{what} ({key}) is missing")
    return value.strip()


def parse_line(number, text, base_dir):
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
    if disclosure_type not in DISCLOSURE_TYPES:
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

    figures = _figures(data.get("figures") or {}, disclosure_type)
    attachments = _attachments(data.get("attachments") or [], base_dir)
    return Line(
        number=number,
        organisation=organisation,
        type=disclosure_type,
        title=title,
        year=year,
        published_on=_date(data.get("published_on"), "published_on"),
        body=body,
        figures=figures,
        attachments=attachments,
    )


def _figures(raw, disclosure_type):
    if not isinstance(raw, dict):
        raise LineError("figures must be an object")
    unknown = sorted(set(raw) - set(FIGURE_FIELDS))
    if unknown:
        raise LineError(f"unknown figures: {', '.join(unknown)}")
    figures = {}
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


def _attachments(raw, base_dir):
    if not isinstance(raw, list):
        raise LineError("attachments must be a list")
    found = []
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
            handle.size = path.stat().st_size
            try:
                validate_upload(handle, {"pdf"}, MAX_ATTACHMENT_SIZE)
            except ValidationError as error:
                raise LineError(f"attachment {item['file']}: {' '.join(error.messages)}") from error
        title = (item.get("title") or path.stem).strip()
        found.append(Attachment(path=path, title=title, sha1=hashlib.sha1(path.read_bytes()).hexdigest()))
    return found


def body_html(text):
    """Plain text with blank-line paragraphs → rich text HTML."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join("<p>" + "<br/>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs)


class Importer:
    def __init__(self, dry_run=False, user=None):
        self.dry_run = dry_run
        self.user = user or (None if dry_run else import_user())
        self.locale = Locale.get_default()
        self.index = DisclosureIndexPage.objects.filter(locale=self.locale).order_by("path").first()
        if self.index is None:
            raise LineError(
                "there is no 信息公开 (DisclosureIndexPage) in the default language to import into"
            )
        self.organisations = {}
        self.touched = set()
        self.report = ImportReport()

    def run(self, path, progress=None):
        path = Path(path)
        base_dir = path.parent
        with path.open("rb") as handle:
            raw_lines = handle.read().splitlines()
        total = len(raw_lines)
        with summaries_suspended():
            for number, raw in enumerate(raw_lines, start=1):
                self.report.lines = number
                try:
                    # utf-8-sig on the first line: Windows editors start UTF-8 files with a byte-order
                    # mark, which json.loads refuses.
                    text = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
                except UnicodeDecodeError:
                    self.report.errors.append((number, "not UTF-8 text"))
                    # No ``continue``: the progress bar must still advance (and reach the end).
                    text = ""
                if text:
                    self._one(number, text, base_dir)
                if progress:
                    progress(number, total)
        if not self.dry_run:
            for organisation in OrganisationPage.objects.filter(pk__in=self.touched):
                refresh_summary(organisation)
        return self.report

    def _one(self, number, text, base_dir):
        self._cached_by_line = []
        try:
            line = parse_line(number, text, base_dir)
            with transaction.atomic():
                self._import(line)
                if self.dry_run:
                    transaction.set_rollback(True)
        except LineError as error:
            self._failed(number, str(error))
        except ValidationError as error:
            self._failed(number, "; ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - one broken line must not stop the import
            self._failed(number, f"could not be imported ({type(error).__name__}: {error})")

    def _failed(self, number, message):
        self.report.errors.append((number, message))
        # The line's savepoint was rolled back: forget the organisations this line created or changed
        # (those of earlier lines stay, so the "described differently" check keeps working).
        for code in getattr(self, "_cached_by_line", []):
            self.organisations.pop(code, None)

    def _import(self, line):
        organisation = self._organisation(line.organisation)
        existing = (
            DisclosurePage.objects.child_of(organisation).filter(title=line.title).first()
            if organisation.pk
            else None
        )
        values = {
            "disclosure_type": line.type,
            "year": line.year,
            "published_on": line.published_on,
            "body": body_html(line.body),
            **{name: line.figures.get(name) for name in FIGURE_FIELDS},
        }
        if existing is None:
            if not self.dry_run:
                page = DisclosurePage(title=line.title, slug=self._slug(organisation, line), **values)
                organisation.add_child(instance=page)
                self._attach(page, organisation, line.attachments)
                self._publish(page)
            self.report.created += 1
        elif self._differs(existing, values, line.attachments):
            if not self.dry_run:
                for key, value in values.items():
                    setattr(existing, key, value)
                self._attach(existing, organisation, line.attachments)
                self._publish(existing)
            self.report.updated += 1
        else:
            self.report.unchanged += 1
        if organisation.pk:
            self.touched.add(organisation.pk)

    def _organisation(self, data):
        code = data["credit_code"]
        organisation = self.organisations.get(code)
        if organisation is None:
            organisation = OrganisationPage.objects.filter(credit_code=code, locale=self.locale).first()
        if organisation is None:
            if not data["kind"]:
                raise LineError(f"organisation {data['name']} is new, so its kind is required")
            organisation = OrganisationPage(
                title=data["name"],
                slug=slugify(code.lower()),
                credit_code=code,
                kind=data["kind"],
                registered_on=data["registered_on"],
                public_fundraising=bool(data["public_fundraising"]),
            )
            if not self.dry_run:
                self.index.add_child(instance=organisation)
                self._publish(organisation)
                organisation_collection(organisation)
            self.report.organisations_created += 1
        else:
            changes = {
                "title": data["name"],
                "kind": data["kind"] or organisation.kind,
                "registered_on": data["registered_on"] or organisation.registered_on,
                "public_fundraising": organisation.public_fundraising
                if data["public_fundraising"] is None
                else data["public_fundraising"],
            }
            if any(getattr(organisation, key) != value for key, value in changes.items()):
                if code in self.organisations:
                    raise LineError(
                        f"organisation {code} is described differently on an earlier line of this file"
                    )
                for key, value in changes.items():
                    setattr(organisation, key, value)
                if not self.dry_run:
                    self._publish(organisation)
                    # Renames the organisation's collection too (it is found by credit code, but
                    # staff choose documents by its name).
                    organisation_collection(organisation)
                self.report.organisations_updated += 1
        if code not in self.organisations:
            self._cached_by_line.append(code)
        self.organisations[code] = organisation
        return organisation

    def _slug(self, organisation, line):
        base = slugify(f"{line.year}-{line.type}") or "disclosure"
        taken = set(
            DisclosurePage.objects.child_of(organisation)
            .filter(slug__startswith=base)
            .values_list("slug", flat=True)
        )
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        return slug

    def _differs(self, page, values, attachments):
        for key, value in values.items():
            current = getattr(page, key)
            if isinstance(value, Decimal) or isinstance(current, Decimal):
                if (current is None) != (value is None) or (value is not None and Decimal(current) != value):
                    return True
            elif (current or None) != (value or None):
                return True
        # get_file_hash(), not file_hash: documents saved before the importer stored the hash have
        # an empty one; this computes and stores it once, so they are recognised instead of copied.
        current = [
            (a.display_title, a.document.get_file_hash()) for a in page.attachments.select_related("document")
        ]
        return current != [(a.title, a.sha1) for a in attachments]

    def _attach(self, page, organisation, attachments):
        if not attachments:
            page.attachments = []
            return
        Document = get_document_model()
        collection = organisation_collection(organisation)
        items = []
        for attachment in attachments:
            document = Document.objects.filter(collection=collection, file_hash=attachment.sha1).first()
            if document is None:
                with attachment.path.open("rb") as handle:
                    # Wagtail sets file_hash/file_size only in its upload views, not in save():
                    # store them here, or the lookup above never matches and every re-import
                    # copied the file again and "updated" the page.
                    document = Document(
                        title=attachment.title,
                        collection=collection,
                        uploaded_by_user=self.user,
                        file=File(handle, name=attachment.path.name),
                        file_hash=attachment.sha1,
                        file_size=attachment.path.stat().st_size,
                    )
                    document.save()
            items.append(DisclosureAttachment(document=document, title=attachment.title))
        page.attachments = items

    def _publish(self, page):
        revision = page.save_revision(user=self.user, log_action=True)
        revision.publish(user=self.user, skip_permission_checks=True)


def import_user():
    """The account imported revisions are attributed to (it cannot log in)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=IMPORT_USERNAME, defaults={"first_name": "导入", "last_name": "批量", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def import_file(path, dry_run=False, progress=None):
    return Importer(dry_run=dry_run).run(path, progress=progress)
